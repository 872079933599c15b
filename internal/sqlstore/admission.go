package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chamber-org/chamber"
)

const applicationColumns = `id, status, kind, name, tier, industry, region, credit_code, legal_rep, address, size, website, company,
	contact_name, phone, email, message, note, reject_reason, decided_on, resolution, motion_id, member_id, created_at, updated_at`

func scanApplication(sc interface{ Scan(...any) error }) (*chamber.Application, error) {
	var a chamber.Application
	var motion, member sql.NullInt64
	var created, updated int64
	if err := sc.Scan(&a.ID, &a.Status, &a.Kind, &a.Name, &a.Tier, &a.Industry, &a.Region, &a.CreditCode, &a.LegalRep, &a.Address,
		&a.Size, &a.Website, &a.Company, &a.ContactName, &a.Phone, &a.Email, &a.Message, &a.Note, &a.RejectReason, &a.DecidedOn,
		&a.Resolution, &motion, &member, &created, &updated); err != nil {
		return nil, err
	}
	a.MotionID, a.MemberID = motion.Int64, member.Int64
	a.CreatedAt, a.UpdatedAt = fromMicros(created), fromMicros(updated)
	return &a, nil
}

// publicActor writes what the public join form sends.
var publicActor = &chamber.Actor{Username: "public"}

// Apply files an application from the public join form. Anyone may.
func (db *DB) Apply(ctx context.Context, in chamber.ApplicationInput) (*chamber.Application, error) {
	in.MemberInput.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.Tier != "" {
		codes, err := tierCodes(ctx, db.read)
		if err != nil {
			return nil, err
		}
		var f chamber.Fields
		resolveTier(codes, &in.MemberInput, &f)
		if err := f.Err(); err != nil {
			return nil, err
		}
	}
	if in.CreditCode != "" {
		var n int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE credit_code = $1`, in.CreditCode).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, duplicateCreditCode()
		}
	}
	token, hash := newSecret("")
	var a *chamber.Application
	err := db.Write(ctx, publicActor, func(tx *Tx) error {
		now := micros(tx.Now())
		var err error
		a, err = scanApplication(tx.QueryRowContext(ctx, `INSERT INTO member_applications(status, kind, name, tier, industry, region,
			credit_code, legal_rep, address, size, website, company, contact_name, phone, email, message, token_hash, created_at, updated_at)
			VALUES ('submitted', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING `+applicationColumns,
			in.Kind, in.Name, in.Tier, in.Industry, in.Region, in.CreditCode, in.LegalRep, in.Address, in.Size, in.Website, in.Company,
			in.ContactName, in.Phone, in.Email, in.Message, hash, now))
		if err != nil {
			return err
		}
		return tx.Audit("application.create", "member_application", a.ID, nil, a)
	})
	if err != nil {
		return nil, err
	}
	a.Token = token
	return a, nil
}

// FindApplication returns an application to staff (member.read).
func (db *DB) FindApplication(ctx context.Context, id chamber.ID) (*chamber.Application, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, err
	}
	a, err := scanApplication(db.read.QueryRowContext(ctx, `SELECT `+applicationColumns+` FROM member_applications WHERE id = $1`, id))
	return a, notFound(err, "err.application_not_found")
}

// ApplicationByToken is the applicant's own view, by the secret link.
func (db *DB) ApplicationByToken(ctx context.Context, token string) (*chamber.Application, error) {
	if token == "" || len(token) > 100 {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.application_not_found")
	}
	a, err := scanApplication(db.read.QueryRowContext(ctx, `SELECT `+applicationColumns+` FROM member_applications WHERE token_hash = $1`, hashSecret(token)))
	return a, notFound(err, "err.application_not_found")
}

// ListApplications lists applications, newest first, optionally by status.
func (db *DB) ListApplications(ctx context.Context, status chamber.ApplicationStatus, p chamber.Page) ([]*chamber.Application, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+applicationColumns+` FROM member_applications
		WHERE id < $1 AND ($2 = '' OR status = $2) ORDER BY id DESC LIMIT $3`, before, string(status), p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*chamber.Application
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(x *chamber.Application) chamber.ID { return x.ID })
	return out, next, nil
}

// DecideApplication takes one step of the admission flow (member.write):
// the secretariat's first review, its request for more information, the
// council's decision (which admits the member) or a rejection.
func (db *DB) DecideApplication(ctx context.Context, id chamber.ID, d chamber.AppDecision) (*chamber.Application, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	var a *chamber.Application
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanApplication(tx.QueryRowContext(ctx, `SELECT `+applicationColumns+` FROM member_applications WHERE id = $1`, id))
		if err != nil {
			return notFound(err, "err.application_not_found")
		}
		to, ok := chamber.NextApplicationStatus(before.Status, d.Action)
		if !ok {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "wrong_state", Key: "err.application_state"}
		}
		after := *before
		after.Status = to
		switch d.Action {
		case "reject":
			after.RejectReason = d.Note
			after.DecidedOn, after.Resolution = d.DecidedOn, d.Resolution
		case "approve":
			after.DecidedOn, after.Resolution, after.MotionID = d.DecidedOn, d.Resolution, d.MotionID
			in := before.MemberInput
			in.JoinedOn = d.DecidedOn
			if err := checkMember(ctx, tx, &in); err != nil {
				return err
			}
			m, err := tx.admit(&in)
			if err != nil {
				return err
			}
			after.MemberID = m.ID
			// The welcome goes out through the announcements path, in the
			// chamber's language of record, once.
			st, err := db.Settings(ctx)
			if err != nil {
				return err
			}
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("application:%d:approved", id), Kind: chamber.KindNotice,
				Title: tx.T(langZH, "app.welcome_title", st.Name),
				Body:  tx.T(langZH, "app.welcome_body", m.Name, st.Name, m.MemberNo), Members: []chamber.ID{m.ID}}); err != nil {
				return err
			}
		default:
			after.Note = d.Note
		}
		after.UpdatedAt = tx.Now()
		var motion, member any
		if after.MotionID != 0 {
			motion = after.MotionID
		}
		if after.MemberID != 0 {
			member = after.MemberID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE member_applications SET status = $1, note = $2, reject_reason = $3, decided_on = $4,
			resolution = $5, motion_id = $6, member_id = $7, updated_at = $8 WHERE id = $9`,
			after.Status, after.Note, after.RejectReason, after.DecidedOn, after.Resolution, motion, member, micros(after.UpdatedAt), id); err != nil {
			return err
		}
		a = &after
		return tx.Audit("application."+d.Action, "member_application", id, before, &after)
	})
	return a, err
}

// ResubmitApplication is the applicant's answer to a request for more
// information, through the secret link.
func (db *DB) ResubmitApplication(ctx context.Context, token, message string) (*chamber.Application, error) {
	a, err := db.ApplicationByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	message = strings.TrimSpace(message)
	var f chamber.Fields
	if message == "" {
		f.Add("message", "err.required")
	} else if len([]rune(message)) > 2000 {
		f.Add("message", "err.too_long", 2000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if _, ok := chamber.NextApplicationStatus(a.Status, "resubmit"); !ok {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "wrong_state", Key: "err.application_state"}
	}
	err = db.Write(ctx, publicActor, func(tx *Tx) error {
		msg := a.Message + "\n\n" + message
		if _, err := tx.ExecContext(ctx, `UPDATE member_applications SET status = 'submitted', message = $1, updated_at = $2 WHERE id = $3 AND status = 'info_requested'`,
			msg, micros(tx.Now()), a.ID); err != nil {
			return err
		}
		a.Status, a.Message = chamber.AppSubmitted, msg
		return tx.Audit("application.resubmit", "member_application", a.ID, nil, map[string]string{"message": message})
	})
	return a, err
}

// splitPatch separates the key fields of a portal change (they need
// approval) from the rest.
func splitPatch(p chamber.MemberPatch) (plain, key chamber.MemberPatch, hasKey bool) {
	plain = p
	if p.Name != nil || p.CreditCode != nil || p.Kind != nil || p.LegalRep != nil {
		key = chamber.MemberPatch{Name: p.Name, CreditCode: p.CreditCode, Kind: p.Kind, LegalRep: p.LegalRep}
		hasKey = true
	}
	plain.Name, plain.CreditCode, plain.Kind, plain.LegalRep = nil, nil, nil, nil
	plain.Tier = nil // a member does not choose its own tier
	return plain, key, hasKey
}

// UpdateOwnMember is a portal login's edit of its own member.
func (db *DB) UpdateOwnMember(ctx context.Context, p chamber.MemberPatch) (*chamber.Member, *chamber.ChangeRequest, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermPortal); err != nil {
		return nil, nil, err
	}
	if actor.MemberID == 0 {
		return nil, nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	plain, key, hasKey := splitPatch(p)
	var m *chamber.Member
	var cr *chamber.ChangeRequest
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		if m, err = tx.updateMember(actor.MemberID, plain, "member.update_own"); err != nil {
			return err
		}
		if !hasKey {
			return nil
		}
		// Check the key fields now, so the member hears at once what is wrong.
		in := key.Apply(m.Input())
		if err := checkMember(ctx, tx, &in); err != nil {
			return err
		}
		body, _ := json.Marshal(key)
		cr = &chamber.ChangeRequest{MemberID: m.ID, Patch: key, Status: "pending", By: actorName(actor), CreatedAt: tx.Now()}
		if err := tx.QueryRowContext(ctx, `INSERT INTO member_change_requests(member_id, patch, status, by_user, by_name, created_at)
			VALUES ($1, $2, 'pending', $3, $4, $5) RETURNING id`, m.ID, string(body), actor.UserID, cr.By, micros(cr.CreatedAt)).Scan(&cr.ID); err != nil {
			return err
		}
		return tx.Audit("member.change_request", "member", m.ID, nil, key)
	})
	if err != nil {
		return nil, nil, err
	}
	return m, cr, nil
}

// ListChangeRequests lists a member's change requests, newest first.
func (db *DB) ListChangeRequests(ctx context.Context, memberID chamber.ID) ([]*chamber.ChangeRequest, error) {
	if !canSeeMember(chamber.ActorFrom(ctx), memberID) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.member_not_found")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, member_id, patch, status, by_name, note, created_at FROM member_change_requests
		WHERE member_id = $1 ORDER BY id DESC LIMIT 50`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chamber.ChangeRequest
	for rows.Next() {
		var c chamber.ChangeRequest
		var patch string
		var at int64
		if err := rows.Scan(&c.ID, &c.MemberID, &patch, &c.Status, &c.By, &c.Note, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(patch), &c.Patch); err != nil {
			return nil, fmt.Errorf("change request %d: %w", c.ID, err)
		}
		c.CreatedAt = fromMicros(at)
		out = append(out, &c)
	}
	return out, rows.Err()
}

// DecideChangeRequest approves (applies) or rejects a member's change of a
// key field (member.write).
func (db *DB) DecideChangeRequest(ctx context.Context, id chamber.ID, approve bool, note string) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return err
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		var memberID chamber.ID
		var patch, status string
		if err := tx.QueryRowContext(ctx, `SELECT member_id, patch, status FROM member_change_requests WHERE id = $1`, id).Scan(&memberID, &patch, &status); err != nil {
			return notFound(err, "err.not_found")
		}
		if status != "pending" {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "wrong_state", Key: "err.change_request_state"}
		}
		newStatus := "rejected"
		if approve {
			var p chamber.MemberPatch
			if err := json.Unmarshal([]byte(patch), &p); err != nil {
				return err
			}
			if _, err := tx.updateMember(memberID, p, "member.update"); err != nil {
				return err
			}
			newStatus = "approved"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE member_change_requests SET status = $1, note = $2, decided_at = $3 WHERE id = $4`,
			newStatus, strings.TrimSpace(note), micros(tx.Now()), id); err != nil {
			return err
		}
		return tx.Audit("member.change_request_"+newStatus, "member", memberID, nil, map[string]any{"request": id, "note": note})
	})
}

// ListReviews is the yearly qualification review list: every member in
// good standing or suspended, with the outcome recorded for that year.
func (db *DB) ListReviews(ctx context.Context, year int, p chamber.Page) ([]*chamber.Review, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermMemberRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	after, err := idCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT m.id, m.name, m.member_no, COALESCE(r.outcome, ''), COALESCE(r.note, ''), COALESCE(r.by_name, ''), COALESCE(r.at, 0)
		FROM members m LEFT JOIN member_reviews r ON r.member_id = m.id AND r.year = $1
		WHERE m.id > $2 AND m.status IN ('active', 'suspended') ORDER BY m.id LIMIT $3`, year, after, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*chamber.Review
	for rows.Next() {
		r := chamber.Review{Year: year}
		var at int64
		if err := rows.Scan(&r.MemberID, &r.Name, &r.MemberNo, &r.Outcome, &r.Note, &r.By, &at); err != nil {
			return nil, "", err
		}
		if at != 0 {
			r.At = fromMicros(at)
		}
		out = append(out, &r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(x *chamber.Review) chamber.ID { return x.MemberID })
	return out, next, nil
}

// RecordReview records one member's review outcome for a year (member.write).
func (db *DB) RecordReview(ctx context.Context, year int, memberID chamber.ID, outcome, note string) error {
	return db.RecordReviews(ctx, year, []chamber.ID{memberID}, outcome, note)
}

// RecordReviews records one outcome and note for each of memberIDs (at most
// MaxPageLimit, duplicates once) in one transaction, with one audit record
// per member as RecordReview (member.write). An unknown member fails all.
func (db *DB) RecordReviews(ctx context.Context, year int, memberIDs []chamber.ID, outcome, note string) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermMemberWrite); err != nil {
		return err
	}
	var f chamber.Fields
	valid := false
	for _, o := range chamber.ReviewOutcomes {
		valid = valid || o == outcome
	}
	if !valid {
		f.Add("outcome", "err.invalid_value")
	}
	if year < 2000 || year > 2200 {
		f.Add("year", "err.invalid_value")
	}
	if note = strings.TrimSpace(note); len([]rune(note)) > 500 {
		f.Add("note", "err.too_long", 500)
	}
	var ids []chamber.ID
	seen := map[chamber.ID]bool{}
	for _, id := range memberIDs {
		if id > 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		f.Add("member_id", "member.err.review_none_selected")
	} else if len(ids) > chamber.MaxPageLimit {
		f.Add("member_id", "member.err.review_too_many", chamber.MaxPageLimit)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		for _, memberID := range ids {
			if _, err := db.findMember(ctx, tx, memberID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO member_reviews(year, member_id, outcome, note, by_name, at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (year, member_id) DO UPDATE SET outcome = excluded.outcome, note = excluded.note, by_name = excluded.by_name, at = excluded.at`,
				year, memberID, outcome, note, actorName(actor), micros(tx.Now())); err != nil {
				return err
			}
			if err := tx.Audit("member.review", "member", memberID, nil, map[string]any{"year": year, "outcome": outcome, "note": note}); err != nil {
				return err
			}
		}
		return nil
	})
}
