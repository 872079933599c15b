package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/chamber-org/chamber"
)

// Introductions (对接) between the members of two matching offers. A
// portal login asks for its own member's offers and sees the
// introductions it asked for, and those made to it once staff logged
// them; relations.write asks for any member and logs; relations.read
// reads all; anyone else sees none.

const introColumns = `i.id, i.offer_id, COALESCE(o.title, ''), i.member_id, COALESCE(m.name, ''), i.match_offer_id, COALESCE(mo.title, ''),
	i.other_member_id, COALESCE(om.name, ''), i.note, i.status, i.requested_by, COALESCE(i.introduced_on, ''), i.introduced_by,
	COALESCE(u.name, ''), i.people, i.outcome, i.created_at, i.logged_at`

const introFrom = ` FROM introductions i LEFT JOIN offers o ON o.id = i.offer_id LEFT JOIN offers mo ON mo.id = i.match_offer_id
	LEFT JOIN members m ON m.id = i.member_id LEFT JOIN members om ON om.id = i.other_member_id LEFT JOIN users u ON u.id = i.introduced_by`

func scanIntro(sc interface{ Scan(...any) error }) (*chamber.Introduction, error) {
	var x chamber.Introduction
	var at int64
	var logged sql.NullInt64
	if err := sc.Scan(&x.ID, &x.OfferID, &x.OfferTitle, &x.MemberID, &x.Member, &x.MatchOfferID, &x.MatchTitle, &x.OtherMemberID, &x.OtherMember,
		&x.Note, &x.Status, &x.RequestedBy, &x.IntroducedOn, &x.IntroducedBy, &x.Introducer, &x.People, &x.Outcome, &at, &logged); err != nil {
		return nil, err
	}
	x.CreatedAt, x.LoggedAt = fromMicros(at), nullMicros(logged)
	return &x, nil
}

// introSeen is the condition on i that limits a portal login to its own.
func introSeen(a *chamber.Actor, arg func(any) string) string {
	m := arg(a.MemberID)
	return "(i.member_id = " + m + " OR (i.other_member_id = " + m + " AND i.status = 'introduced'))"
}

// RequestIntroduction asks for an introduction from the offer to a
// matching offer of another member: both approved, of the two kinds.
// The same pair asked for again, either way round, is a conflict.
func (db *DB) RequestIntroduction(ctx context.Context, offerID chamber.ID, in chamber.NewIntroduction) (*chamber.Introduction, error) {
	actor := chamber.ActorFrom(ctx)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	o, err := db.FindOffer(ctx, offerID) // a portal login: its own only
	if err != nil {
		return nil, err
	}
	if actor.MemberID != o.MemberID || actor.Can(chamber.PermRelationsRead) {
		if err := actor.Require(chamber.PermRelationsWrite); err != nil {
			return nil, err
		}
	}
	if o.Status != chamber.OfferApproved {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "offer_pending", Key: "intro.err.pending"}
	}
	var id chamber.ID
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var kind, status string
		var other chamber.ID
		err := tx.QueryRowContext(ctx, `SELECT kind, status, member_id FROM offers WHERE id = $1`, in.MatchOfferID).Scan(&kind, &status, &other)
		if err == sql.ErrNoRows || (err == nil && (kind == o.Kind || status != chamber.OfferApproved || other == o.MemberID)) {
			return fieldErr("match_offer_id", "intro.err.no_match")
		} else if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM introductions WHERE (offer_id = $1 AND match_offer_id = $2)
			OR (offer_id = $2 AND match_offer_id = $1)`, o.ID, in.MatchOfferID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_requested", Key: "intro.err.twice"}
		}
		now := micros(tx.now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO introductions(offer_id, match_offer_id, member_id, other_member_id, note, status,
			requested_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7, $7) RETURNING id`,
			o.ID, in.MatchOfferID, o.MemberID, other, in.Note, actor.UserID, now).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("introduction.request", "introduction", id, nil, map[string]any{"offer_id": o.ID, "match_offer_id": in.MatchOfferID, "note": in.Note})
	})
	if err != nil {
		return nil, err
	}
	return db.FindIntroduction(ctx, id)
}

// LogIntroduction records that staff made the introduction (409 once
// logged); both members find it in their inboxes.
func (db *DB) LogIntroduction(ctx context.Context, id chamber.ID, in chamber.IntroductionLog) (*chamber.Introduction, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermRelationsWrite); err != nil {
		return nil, err
	}
	if err := in.Validate(db.today(ctx)); err != nil {
		return nil, err
	}
	x, err := db.FindIntroduction(ctx, id)
	if err != nil {
		return nil, err
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE introductions SET status = 'introduced', introduced_on = $1, introduced_by = $2, people = $3,
			outcome = $4, logged_at = $5, updated_at = $5 WHERE id = $6 AND status = 'requested'`,
			in.IntroducedOn, actor.UserID, in.People, in.Outcome, micros(tx.now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_logged", Key: "intro.err.logged"}
		}
		text := func(lang string) (string, string) {
			return tx.T(lang, "intro.notice.title", x.Member, x.OtherMember),
				tx.T(lang, "intro.notice.body", x.OfferTitle, x.MatchTitle, in.IntroducedOn, in.People, in.Outcome)
		}
		title, body := text(langZH)
		if _, err := tx.Notify(chamber.Notification{Key: "introduction:" + strconv.FormatInt(id, 10), Title: title, Body: body,
			Members: []chamber.ID{x.MemberID, x.OtherMemberID}, Mail: text}); err != nil {
			return err
		}
		return tx.Audit("introduction.log", "introduction", id, map[string]any{"status": chamber.IntroRequested},
			map[string]any{"status": chamber.IntroIntroduced, "log": in})
	})
	if err != nil {
		return nil, err
	}
	return db.FindIntroduction(ctx, id)
}

// FindIntroduction returns an introduction the caller may see.
func (db *DB) FindIntroduction(ctx context.Context, id chamber.ID) (*chamber.Introduction, error) {
	list, _, err := db.listIntroductions(ctx, chamber.IntroductionFilter{}, id, chamber.Page{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "intro.err.not_found")
	}
	return list[0], nil
}

// ListIntroductions lists introductions newest first.
func (db *DB) ListIntroductions(ctx context.Context, f chamber.IntroductionFilter, p chamber.Page) ([]*chamber.Introduction, string, error) {
	return db.listIntroductions(ctx, f, 0, p)
}

func (db *DB) listIntroductions(ctx context.Context, f chamber.IntroductionFilter, id chamber.ID, p chamber.Page) ([]*chamber.Introduction, string, error) {
	actor := chamber.ActorFrom(ctx)
	own, err := offerReader(actor)
	if err != nil {
		return nil, "", err
	}
	where, args := "1 = 1", []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if own {
		where += " AND " + introSeen(actor, arg)
	}
	if id != 0 {
		where += " AND i.id = " + arg(id)
	}
	switch f.Status {
	case "":
	case chamber.IntroRequested, chamber.IntroIntroduced:
		where += " AND i.status = " + arg(f.Status)
	default:
		return nil, "", fieldErr("status", "err.invalid_value")
	}
	if f.OfferID != 0 {
		o := arg(f.OfferID)
		where += " AND (i.offer_id = " + o + " OR i.match_offer_id = " + o + ")"
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	where += " AND i.id < " + arg(before)
	items, err := queryAll(ctx, db.read, scanIntro, `SELECT `+introColumns+introFrom+` WHERE `+where+` ORDER BY i.id DESC LIMIT `+arg(p.Limit+1), args...)
	if err != nil {
		return nil, "", err
	}
	if items == nil {
		items = []*chamber.Introduction{}
	}
	items, next := idPage(items, p.Limit, func(x *chamber.Introduction) chamber.ID { return x.ID })
	return items, next, nil
}

// matching: for relations.write (not a portal login), members' offers
// waiting for approval and introductions asked for, oldest first.
func (t *todoQuery) matching() error {
	if !t.a.Can(chamber.PermRelationsWrite) {
		return nil
	}
	if err := t.add(chamber.TodoOffer, linkTo("/offers/"),
		`SELECT o.id, o.title || ' · ' || COALESCE(m.name, ''), CAST(NULL AS TEXT) FROM offers o LEFT JOIN members m ON m.id = o.member_id
		WHERE o.status = 'pending' ORDER BY o.id`+lim(0)); err != nil {
		return err
	}
	return t.add(chamber.TodoIntroduction, func(chamber.ID) string { return "/introductions?status=requested" },
		`SELECT i.id, COALESCE(m.name, '') || ' → ' || COALESCE(om.name, ''), CAST(NULL AS TEXT) FROM introductions i
		LEFT JOIN members m ON m.id = i.member_id LEFT JOIN members om ON om.id = i.other_member_id
		WHERE i.status = 'requested' ORDER BY i.id`+lim(0))
}
