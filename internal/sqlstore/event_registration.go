package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/chamber-org/chamber"
)

const registrationColumns = `r.id, r.event_id, e.title, e.starts_at, r.member_id, COALESCE(m.name, ''), r.user_id, r.attendee_name, r.phone, r.organisation, r.channel,
	r.status, CASE WHEN r.status = 'waitlisted' THEN (SELECT COUNT(*) FROM event_registrations w
		WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.wait_seq <= r.wait_seq) END,
	r.code, r.created_at, r.checked_in_at, r.rating, r.paid_fen, r.fee_voucher_id`

const registrationFrom = ` FROM event_registrations r JOIN events e ON e.id = r.event_id LEFT JOIN members m ON m.id = r.member_id`

func scanRegistration(sc interface{ Scan(...any) error }) (*chamber.Registration, error) {
	var r chamber.Registration
	var starts, created int64
	var pos sql.NullInt64
	var checked sql.NullInt64
	if err := sc.Scan(&r.ID, &r.EventID, &r.EventTitle, &starts, &r.MemberID, &r.MemberName, &r.UserID, &r.AttendeeName, &r.Phone, &r.Organisation, &r.Channel,
		&r.Status, &pos, &r.Code, &created, &checked, &r.Rating, &r.PaidFen, &r.FeeVoucherID); err != nil {
		return nil, err
	}
	st := fromMicros(starts)
	r.EventStartsAt, r.CreatedAt, r.CheckedInAt = &st, fromMicros(created), nullMicros(checked)
	if pos.Valid {
		p := int(pos.Int64)
		r.WaitlistPosition = &p
	}
	return &r, nil
}

func (db *DB) registration(ctx context.Context, q querier, id chamber.ID) (*chamber.Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx, `SELECT `+registrationColumns+registrationFrom+` WHERE r.id = $1`, id))
	return r, notFound(err, "event.err.registration_not_found")
}

// lockedEvent is what the registration path reads of an event after
// taking its row lock.
type lockedEvent struct {
	status, audience, title, kind string
	capacity, confirmed, waitSeq  int
	endsAt                        int64
	registerBy                    sql.NullInt64
}

// lockEvent takes the event row's lock (an UPDATE that changes nothing)
// and reads it: concurrent registrations and cancellations of one event
// run one after another from here.
func (tx *Tx) lockEvent(id chamber.ID) (*lockedEvent, error) {
	var e lockedEvent
	err := tx.QueryRowContext(tx.ctx, `UPDATE events SET wait_seq = wait_seq WHERE id = $1
		RETURNING status, audience, title, kind, capacity, confirmed, wait_seq, ends_at, register_by`, id).
		Scan(&e.status, &e.audience, &e.title, &e.kind, &e.capacity, &e.confirmed, &e.waitSeq, &e.endsAt, &e.registerBy)
	if err != nil {
		return nil, notFound(err, "event.err.not_found")
	}
	return &e, nil
}

// Register asks for a place: staff (event.manage) for anyone, a portal
// login for its own member, the public for a public event. Past the
// capacity the registration goes on the waitlist.
func (db *DB) Register(ctx context.Context, eventID chamber.ID, n chamber.NewRegistration) (*chamber.Registration, error) {
	actor := chamber.ActorFrom(ctx)
	channel := "staff"
	switch {
	case actor.Can(chamber.PermEventManage):
	case actor != nil && actor.MemberID != 0:
		n.MemberID, channel = actor.MemberID, "portal"
	case actor == nil || actor.UserID == 0:
		n.MemberID, channel = 0, "public"
	default:
		// A staff login registers itself for a training event (培训): its
		// attendance feeds its training history (matched by phone).
		n.MemberID, channel = 0, "self"
	}
	n.Normalize()
	// A staff login registering itself (or, with event.manage, giving no one
	// else's name and phone) is taken from the staff register.
	if (channel == "self" || channel == "staff" && n.MemberID == 0 && n.AttendeeName == "" && n.Phone == "") &&
		(n.AttendeeName == "" || n.Phone == "") && actor != nil && actor.UserID != 0 {
		var name, phone string
		if err := db.read.QueryRowContext(ctx, `SELECT name, phone FROM staff WHERE user_id = $1`, actor.UserID).Scan(&name, &phone); err == nil {
			if n.AttendeeName == "" {
				n.AttendeeName = name
			}
			if n.Phone == "" {
				n.Phone = chamber.NormalizePhone(phone)
			}
		}
	}
	if n.MemberID > 0 && (n.AttendeeName == "" || n.Phone == "") {
		var contact, phone string
		if err := db.read.QueryRowContext(ctx, `SELECT contact_name, phone FROM members WHERE id = $1`, n.MemberID).Scan(&contact, &phone); err == nil {
			if n.AttendeeName == "" {
				n.AttendeeName = contact
			}
			if n.Phone == "" {
				n.Phone = chamber.NormalizePhone(phone)
			}
		}
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var userID chamber.ID
	if actor != nil {
		userID = actor.UserID
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		e, err := tx.lockEvent(eventID)
		if err != nil {
			return err
		}
		if e.status == chamber.EventDraft && channel != "staff" {
			return chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
		}
		if channel == "public" && e.audience != chamber.EventPublic {
			return chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
		}
		if channel == "self" && e.kind != string(chamber.EventTraining) {
			return chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermEventManage))
		}
		if channel == "portal" && chamber.EventAudience(e.audience).BodyID() != 0 {
			return chamber.Errorf(chamber.EFORBIDDEN, "event.err.audience")
		}
		now := micros(tx.now)
		if e.status != chamber.EventOpen || now > e.endsAt || (e.registerBy.Valid && now > e.registerBy.Int64) {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.closed")
		}
		if n.MemberID != 0 {
			var one int
			if err := tx.QueryRowContext(tx.ctx, `SELECT 1 FROM members WHERE id = $1`, n.MemberID).Scan(&one); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr("member_id", "err.member_not_found")
				}
				return err
			}
		}
		var dup int
		if err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND phone = $2 AND status <> 'cancelled'`,
			eventID, n.Phone).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.duplicate")
		}
		status, seq := chamber.RegConfirmed, any(nil)
		if e.capacity > 0 && e.confirmed >= e.capacity {
			status, seq = chamber.RegWaitlisted, e.waitSeq+1
			_, err = tx.ExecContext(tx.ctx, `UPDATE events SET waitlisted = waitlisted + 1, wait_seq = wait_seq + 1 WHERE id = $1`, eventID)
		} else {
			_, err = tx.ExecContext(tx.ctx, `UPDATE events SET confirmed = confirmed + 1 WHERE id = $1`, eventID)
		}
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(tx.ctx, `INSERT INTO event_registrations(event_id, member_id, user_id, attendee_name, phone, channel,
			status, wait_seq, code, created_at, organisation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			eventID, n.MemberID, userID, n.AttendeeName, n.Phone, channel, status, seq, registrationCode(), now, n.Organisation).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("event.register", "event_registration", id, nil, map[string]any{"event_id": eventID, "member_id": n.MemberID,
			"attendee_name": n.AttendeeName, "organisation": n.Organisation, "channel": channel, "status": status})
	})
	if err != nil {
		return nil, err
	}
	return db.registration(ctx, db.read, id)
}

// mayTouchRegistration: staff, or the portal login of the registered member.
func mayTouchRegistration(a *chamber.Actor, r *chamber.Registration) bool {
	return a.Can(chamber.PermEventManage) || (a != nil && a.MemberID != 0 && a.MemberID == r.MemberID) ||
		(a != nil && a.UserID != 0 && r.Channel == "self" && r.UserID == a.UserID)
}

// FindRegistration reads one registration (staff or its own member).
func (db *DB) FindRegistration(ctx context.Context, id chamber.ID) (*chamber.Registration, error) {
	r, err := db.registration(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayTouchRegistration(chamber.ActorFrom(ctx), r) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "event.err.registration_not_found")
	}
	return r, nil
}

// CancelRegistration gives a place back: the first on the waitlist takes
// it and is told in its inbox.
func (db *DB) CancelRegistration(ctx context.Context, id chamber.ID) (*chamber.Registration, error) {
	actor := chamber.ActorFrom(ctx)
	r, err := db.FindRegistration(ctx, id)
	if err != nil {
		return nil, err
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		e, err := tx.lockEvent(r.EventID)
		if err != nil {
			return err
		}
		var status string
		if err := tx.QueryRowContext(tx.ctx, `SELECT status FROM event_registrations WHERE id = $1`, id).Scan(&status); err != nil {
			return err
		}
		if status == chamber.RegCancelled {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.already_cancelled")
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE event_registrations SET status = 'cancelled', cancelled_at = $2 WHERE id = $1`, id, micros(tx.now)); err != nil {
			return err
		}
		if status == chamber.RegWaitlisted {
			_, err = tx.ExecContext(tx.ctx, `UPDATE events SET waitlisted = waitlisted - 1 WHERE id = $1`, r.EventID)
			if err != nil {
				return err
			}
			return tx.Audit("event.cancel_registration", "event_registration", id, map[string]string{"status": status}, map[string]string{"status": chamber.RegCancelled})
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE events SET confirmed = confirmed - 1 WHERE id = $1`, r.EventID); err != nil {
			return err
		}
		if err := tx.Audit("event.cancel_registration", "event_registration", id, map[string]string{"status": status}, map[string]string{"status": chamber.RegCancelled}); err != nil {
			return err
		}
		if e.capacity > 0 && e.confirmed-1 < e.capacity {
			return tx.promote(r.EventID, e.title)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.registration(ctx, db.read, id)
}

// promote confirms the first on the waitlist, if any; the caller holds
// the event's lock.
func (tx *Tx) promote(eventID chamber.ID, title string) error {
	var next, member chamber.ID
	err := tx.QueryRowContext(tx.ctx, `SELECT id, member_id FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted'
		ORDER BY wait_seq LIMIT 1`, eventID).Scan(&next, &member)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE event_registrations SET status = 'confirmed' WHERE id = $1`, next); err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE events SET confirmed = confirmed + 1, waitlisted = waitlisted - 1 WHERE id = $1`, eventID); err != nil {
		return err
	}
	if member != 0 {
		if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("event:%d:promoted:%d", eventID, next),
			Title: "活动报名已确认：" + title, Body: "您已由候补转为正式报名。" + eventLink(eventID), Members: []chamber.ID{member}}); err != nil {
			return err
		}
	}
	return tx.Audit("event.promote", "event_registration", next, map[string]string{"status": chamber.RegWaitlisted}, map[string]string{"status": chamber.RegConfirmed})
}

// CheckInEvent checks the holder of a registration code in (签到).
func (db *DB) CheckInEvent(ctx context.Context, eventID chamber.ID, code string) (*chamber.Registration, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	code = normalizeCode(code)
	if code == "" {
		return nil, fieldErr("code", "err.required")
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var status string
		var checked sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, status, checked_in_at FROM event_registrations WHERE event_id = $1 AND code = $2`,
			eventID, code).Scan(&id, &status, &checked)
		if err != nil {
			return notFound(err, "event.err.code_not_found")
		}
		if status != chamber.RegConfirmed {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.not_confirmed")
		}
		res, err := tx.ExecContext(ctx, `UPDATE event_registrations SET checked_in_at = $2, checked_in_by = $3 WHERE id = $1 AND checked_in_at IS NULL`,
			id, micros(tx.now), actor.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.checked_in")
		}
		return tx.Audit("event.check_in", "event_registration", id, nil, map[string]any{"event_id": eventID})
	})
	if err != nil {
		return nil, err
	}
	return db.registration(ctx, db.read, id)
}

func normalizeCode(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			out = append(out, c)
		}
	}
	if len(out) > 32 {
		return ""
	}
	return string(out)
}

// Feedback records a checked-in attendee's rating, once. The code is the
// attendee's proof: no login is needed.
func (db *DB) Feedback(ctx context.Context, eventID chamber.ID, f chamber.EventFeedback) error {
	if err := f.Validate(); err != nil {
		return err
	}
	code := normalizeCode(f.Code)
	return db.Write(ctx, chamber.ActorFrom(ctx), func(tx *Tx) error {
		var id chamber.ID
		var rating int
		var checked sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, rating, checked_in_at FROM event_registrations WHERE event_id = $1 AND code = $2`,
			eventID, code).Scan(&id, &rating, &checked)
		if err != nil {
			return notFound(err, "event.err.code_not_found")
		}
		if !checked.Valid {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.not_checked_in")
		}
		res, err := tx.ExecContext(ctx, `UPDATE event_registrations SET rating = $2, comment = $3 WHERE id = $1 AND rating = 0`, id, f.Rating, f.Comment)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.rated")
		}
		return tx.Audit("event.feedback", "event_registration", id, nil, map[string]any{"rating": f.Rating, "comment": f.Comment})
	})
}

// EventStats counts an event's registrations and sums its money: the
// lines of vouchers tagged with the event (event_id on the line).
func (db *DB) EventStats(ctx context.Context, id chamber.ID) (*chamber.EventStats, error) {
	e, err := db.FindEvent(ctx, id)
	if err != nil {
		return nil, err
	}
	s := chamber.EventStats{Capacity: e.Capacity, BudgetFen: e.BudgetFen}
	var avg sql.NullFloat64
	if err := db.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN rating > 0 THEN 1 ELSE 0 END), 0),
		AVG(CASE WHEN rating > 0 THEN rating * 1.0 END)
		FROM event_registrations WHERE event_id = $1`, id).
		Scan(&s.Confirmed, &s.Waitlisted, &s.Cancelled, &s.CheckedIn, &s.Feedback, &avg); err != nil {
		return nil, err
	}
	if avg.Valid {
		v := float64(int(avg.Float64*100+0.5)) / 100
		s.RatingAvg = &v
	}
	if err := db.eventMoney(ctx, &s, id); err != nil {
		return nil, err
	}
	return &s, nil
}

// ListRegistrations lists an event's registrations (staff), or a portal
// login's own (eventID 0).
func (db *DB) ListRegistrations(ctx context.Context, eventID chamber.ID) ([]*chamber.Registration, error) {
	a := chamber.ActorFrom(ctx)
	if eventID == 0 {
		if a != nil && a.MemberID == 0 && a.UserID != 0 { // a staff login's own (training) registrations
			return queryAll(ctx, db.read, scanRegistration, `SELECT `+registrationColumns+registrationFrom+
				` WHERE r.channel = 'self' AND r.user_id = $1 ORDER BY e.starts_at DESC, r.id`, a.UserID)
		}
		if a == nil || a.MemberID == 0 {
			return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermPortal))
		}
		return queryAll(ctx, db.read, scanRegistration, `SELECT `+registrationColumns+registrationFrom+
			` WHERE r.member_id = $1 ORDER BY e.starts_at DESC, r.id`, a.MemberID)
	}
	if err := a.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanRegistration, `SELECT `+registrationColumns+registrationFrom+
		` WHERE r.event_id = $1 ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, r.wait_seq, r.id`, eventID)
}

// RegistrationByCode finds a registration of a public event by its code:
// the public registrant's page after registering. Other events' codes are
// not found here (their registrants have the portal).
func (db *DB) RegistrationByCode(ctx context.Context, eventID chamber.ID, code string) (*chamber.Registration, error) {
	code = normalizeCode(code)
	if code == "" {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "event.err.code_not_found")
	}
	r, err := scanRegistration(db.read.QueryRowContext(ctx, `SELECT `+registrationColumns+registrationFrom+
		` WHERE r.event_id = $1 AND r.code = $2 AND e.audience = 'public' AND e.status <> 'draft'`, eventID, code))
	return r, notFound(err, "event.err.code_not_found")
}
