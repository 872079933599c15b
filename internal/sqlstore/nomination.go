package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

// The register of nominations (代表人士政治安排推荐, 职称评定推荐). The basis
// is compiled from the records when the nomination is proposed and kept
// with it, so what the deciding body saw stays as it was.

// nominationBasis compiles what the records say of a member on a day.
func (tx *Tx) nominationBasis(memberID chamber.ID, date string) (chamber.NominationBasis, error) {
	var b chamber.NominationBasis
	ctx := tx.ctx
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(joined_on, '') FROM members WHERE id = $1`, memberID).Scan(&b.JoinedOn); err != nil {
		return b, notFound(err, "err.member_not_found")
	}
	posts, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (string, error) {
		var body, pos sql.NullString
		err := sc.Scan(&body, &pos)
		return strings.TrimSpace(body.String + " " + pos.String), err
	}, `SELECT b.name, pos.name FROM posts p LEFT JOIN positions pos ON pos.id = p.position_id
		LEFT JOIN bodies b ON b.id = COALESCE(p.body_id, pos.body_id)
		WHERE p.member_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2) ORDER BY p.id`, memberID, date)
	if err != nil {
		return b, err
	}
	b.Posts = append([]string{}, posts...)
	for _, q := range []struct {
		dst *int64
		sql string
	}{
		{&b.MeetingsSat, `SELECT COUNT(*) FROM represented WHERE member_id = $1`},
		{&b.EventsAttended, `SELECT COUNT(*) FROM event_registrations WHERE member_id = $1 AND checked_in_at IS NOT NULL`},
		{&b.DonationsFen, `SELECT COALESCE(SUM(amount_fen), 0) FROM donations WHERE member_id = $1`},
		{&b.DuesPaidYears, `SELECT COUNT(*) FROM dues_invoices WHERE member_id = $1 AND paid_fen + adjusted_fen >= amount_fen AND amount_fen > 0`},
	} {
		if err := tx.QueryRowContext(ctx, q.sql, memberID).Scan(q.dst); err != nil {
			return b, err
		}
	}
	return b, nil
}

// ProposeNomination registers a nomination with its basis (member.write).
func (db *DB) ProposeNomination(ctx context.Context, n chamber.Nomination) (*chamber.Nomination, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	n.Person, n.Reason = strings.TrimSpace(n.Person), strings.TrimSpace(n.Reason)
	var f chamber.Fields
	if !containsStr(chamber.NominationKinds, n.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	if n.Person == "" {
		f.Add("person", "err.required")
	} else if utf8.RuneCountInString(n.Person) > 100 {
		f.Add("person", "err.too_long", 100)
	}
	if n.Reason == "" {
		f.Add("reason", "err.required")
	} else if utf8.RuneCountInString(n.Reason) > 2000 {
		f.Add("reason", "err.too_long", 2000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	out := n
	out.Status = "proposed"
	err := db.Write(ctx, actor, func(tx *Tx) error {
		basis, err := tx.nominationBasis(n.MemberID, db.today(ctx))
		if err != nil {
			return err
		}
		out.Basis = basis
		raw, err := json.Marshal(basis)
		if err != nil {
			return err
		}
		out.CreatedAt = tx.Now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO nominations(member_id, person, kind, reason, basis, status, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7) RETURNING id`, n.MemberID, out.Person, n.Kind, out.Reason, string(raw),
			actor.UserID, micros(out.CreatedAt)).Scan(&out.ID); err != nil {
			return err
		}
		return tx.Audit("nomination.propose", "member", n.MemberID, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DecideNomination records the decision of the body that decided
// (member.write); a decision is final (409 once decided).
func (db *DB) DecideNomination(ctx context.Context, id chamber.ID, status string, bodyID chamber.ID, decidedOn, note string) (*chamber.Nomination, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if status != "approved" && status != "rejected" {
		f.Add("status", "err.invalid_value")
	}
	if !chamber.ValidDate(decidedOn) {
		f.Add("decided_on", "err.date")
	}
	if bodyID <= 0 {
		f.Add("body_id", "err.required")
	}
	if utf8.RuneCountInString(note) > 2000 {
		f.Add("decision_note", "err.too_long", 2000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Nomination
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies WHERE id = $1`, bodyID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("body_id", "err.invalid_value")
		}
		before, err := scanNomination(tx.QueryRowContext(ctx, nominationSelect+` WHERE n.id = $1`, id))
		if err != nil {
			return notFound(err, "err.not_found")
		}
		if before.Status != "proposed" {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "decided", Key: "err.nomination_decided"}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE nominations SET status = $1, body_id = $2, decided_on = $3, decision_note = $4 WHERE id = $5`,
			status, bodyID, decidedOn, strings.TrimSpace(note), id); err != nil {
			return err
		}
		if out, err = scanNomination(tx.QueryRowContext(ctx, nominationSelect+` WHERE n.id = $1`, id)); err != nil {
			return err
		}
		return tx.Audit("nomination.decide", "member", out.MemberID, before, out)
	})
	return out, err
}

const nominationSelect = `SELECT n.id, n.member_id, m.name, n.person, n.kind, n.reason, n.basis, n.status, COALESCE(n.body_id, 0),
	COALESCE(b.name, ''), COALESCE(n.decided_on, ''), n.decision_note, n.created_at
	FROM nominations n LEFT JOIN members m ON m.id = n.member_id LEFT JOIN bodies b ON b.id = n.body_id`

func scanNomination(sc interface{ Scan(...any) error }) (*chamber.Nomination, error) {
	var n chamber.Nomination
	var basis string
	var created int64
	var member sql.NullString
	if err := sc.Scan(&n.ID, &n.MemberID, &member, &n.Person, &n.Kind, &n.Reason, &basis, &n.Status, &n.BodyID, &n.Body,
		&n.DecidedOn, &n.DecisionNote, &created); err != nil {
		return nil, err
	}
	n.Member, n.CreatedAt = member.String, fromMicros(created)
	if err := json.Unmarshal([]byte(basis), &n.Basis); err != nil {
		return nil, errors.Join(errors.New("nomination basis"), err)
	}
	return &n, nil
}

// ListNominations lists the register, newest first (member.read).
func (db *DB) ListNominations(ctx context.Context, p chamber.Page) ([]*chamber.Nomination, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	out, err := queryAll(ctx, db.read, scanNomination, nominationSelect+` WHERE n.id < $1 ORDER BY n.id DESC LIMIT $2`, before, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(n *chamber.Nomination) chamber.ID { return n.ID })
	return out, next, nil
}
