package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// The legal consultation calendar (法律咨询接待): advisers' office hours,
// weekly or on a date, split into slots that members book in the portal.
// Anyone logged in sees the slots and whether each is taken; who took one
// only the handlers (legal.handle) and the member itself see. A slot holds
// one booking: the partial unique index on (office hours, date, start)
// decides between concurrent bookings, so exactly one wins.

const officeHoursColumns = `o.id, o.adviser_id, COALESCE(k.name, ''), o.adviser_person, o.weekday, o.date, o.start_time, o.end_time,
	o.slot_minutes, o.place, o.valid_from, o.valid_to, o.created_at`

const officeHoursFrom = ` FROM legal_office_hours o LEFT JOIN contacts k ON k.id = o.adviser_id`

func scanOfficeHours(sc interface{ Scan(...any) error }) (*chamber.OfficeHours, error) {
	var o chamber.OfficeHours
	var at int64
	err := sc.Scan(&o.ID, &o.AdviserID, &o.Adviser, &o.AdviserPerson, &o.Weekday, &o.Date, &o.Start, &o.End,
		&o.SlotMinutes, &o.Place, &o.From, &o.To, &at)
	o.CreatedAt = fromMicros(at)
	return &o, err
}

// AddOfficeHours adds an adviser's hours (legal.handle).
func (db *DB) AddOfficeHours(ctx context.Context, o chamber.OfficeHours) (*chamber.OfficeHours, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermLegalHandle); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.Date != "" {
		o.From, o.To = "", ""
		if o.Date < db.today(ctx) {
			return nil, fieldErr("date", "legal.err.past")
		}
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := checkAdviser(ctx, tx, o.AdviserID); err != nil {
			return err
		}
		// One adviser is in one place at a time: hours that would overlap
		// the adviser's current ones are refused, naming them.
		current, err := queryAll(ctx, tx, scanOfficeHours, `SELECT `+officeHoursColumns+officeHoursFrom+`
			WHERE o.adviser_id = $1 AND o.adviser_person = $2
			AND ((o.date <> '' AND o.date >= $3) OR (o.date = '' AND (o.valid_to = '' OR o.valid_to >= $3)))`,
			o.AdviserID, o.AdviserPerson, db.today(ctx))
		if err != nil {
			return err
		}
		for _, c := range current {
			if o.Overlaps(c) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "hours_overlap", Key: "legal.err.hours_overlap", Args: []any{c.Start, c.End}}
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO legal_office_hours(adviser_id, adviser_person, weekday, date, start_time, end_time,
			slot_minutes, place, valid_from, valid_to, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			o.AdviserID, o.AdviserPerson, o.Weekday, o.Date, o.Start, o.End, o.SlotMinutes, o.Place, o.From, o.To,
			actor.UserID, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		o.ID = id
		return tx.Audit("legal.office_hours", "legal_office_hours", id, nil, o)
	})
	if err != nil {
		return nil, err
	}
	return scanOfficeHours(db.read.QueryRowContext(ctx, `SELECT `+officeHoursColumns+officeHoursFrom+` WHERE o.id = $1`, id))
}

// EndOfficeHours stops weekly hours after today (dated ones end on their
// day); bookings already made stay.
func (db *DB) EndOfficeHours(ctx context.Context, id chamber.ID) (*chamber.OfficeHours, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermLegalHandle); err != nil {
		return nil, err
	}
	today := db.today(ctx)
	err := db.Write(ctx, actor, func(tx *Tx) error {
		o, err := scanOfficeHours(tx.QueryRowContext(ctx, `SELECT `+officeHoursColumns+officeHoursFrom+` WHERE o.id = $1`, id))
		if err != nil {
			return notFound(err, "err.not_found")
		}
		if o.Date != "" || (o.To != "" && o.To <= today) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_ended", Key: "legal.err.hours_ended"}
		}
		end := today
		if end < o.From {
			end = o.From
		}
		if _, err := tx.ExecContext(ctx, `UPDATE legal_office_hours SET valid_to = $1 WHERE id = $2`, end, id); err != nil {
			return err
		}
		return tx.Audit("legal.office_hours_end", "legal_office_hours", id, map[string]string{"to": o.To}, map[string]string{"to": end})
	})
	if err != nil {
		return nil, err
	}
	return scanOfficeHours(db.read.QueryRowContext(ctx, `SELECT `+officeHoursColumns+officeHoursFrom+` WHERE o.id = $1`, id))
}

// ListOfficeHours lists the hours still running (any login).
func (db *DB) ListOfficeHours(ctx context.Context) ([]*chamber.OfficeHours, error) {
	if chamber.ActorFrom(ctx) == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	today := db.today(ctx)
	out, err := queryAll(ctx, db.read, scanOfficeHours, `SELECT `+officeHoursColumns+officeHoursFrom+`
		WHERE (o.date <> '' AND o.date >= $1) OR (o.date = '' AND (o.valid_to = '' OR o.valid_to >= $1)) ORDER BY o.weekday, o.date, o.start_time, o.id LIMIT 500`, today)
	if out == nil && err == nil {
		out = []*chamber.OfficeHours{}
	}
	return out, err
}

// maxSlotDays is the longest span ConsultationSlots lists.
const maxSlotDays = 62

// ConsultationSlots lists the slots of the days from–to (both included; at
// most 62 days): weekly hours skip the calendar's days off, slots already
// begun are left out.
func (db *DB) ConsultationSlots(ctx context.Context, from, to string) ([]*chamber.ConsultationSlot, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	fd, ok1 := chamber.ParseDate(from)
	td, ok2 := chamber.ParseDate(to)
	var f chamber.Fields
	if !ok1 {
		f.Add("from", "err.date")
	}
	if !ok2 || (ok1 && td.Before(fd)) {
		f.Add("to", "err.date")
	} else if ok1 && td.Sub(fd) > maxSlotDays*24*time.Hour {
		f.Add("to", "legal.err.span", maxSlotDays)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	loc := db.location(ctx)
	hours, err := queryAll(ctx, db.read, scanOfficeHours, `SELECT `+officeHoursColumns+officeHoursFrom+`
		WHERE (o.date <> '' AND o.date >= $1 AND o.date <= $2) OR (o.date = '' AND o.valid_from <= $2 AND (o.valid_to = '' OR o.valid_to >= $1))
		ORDER BY o.id`, from, to)
	if err != nil {
		return nil, err
	}
	type key struct {
		hours      chamber.ID
		date, time string
	}
	booked := map[key]*chamber.Consultation{}
	taken, err := queryAll(ctx, db.read, scanConsultation, `SELECT `+consultationColumns+consultationFrom+`
		WHERE b.status = 'booked' AND b.date >= $1 AND b.date <= $2`, from, to)
	if err != nil {
		return nil, err
	}
	for _, b := range taken {
		booked[key{b.OfficeHoursID, b.Date, b.Start}] = b
	}
	cal, err := calendar(ctx, db.read, time.Date(fd.Year(), fd.Month(), fd.Day(), 0, 0, 0, 0, loc))
	if err != nil {
		return nil, err
	}
	now := db.Now()
	staff := actor.Can(chamber.PermLegalHandle)
	out := []*chamber.ConsultationSlot{}
	for d := fd; !d.After(td); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		local := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		for _, o := range hours {
			if !o.Runs(day, d.Weekday()) || (o.Date == "" && !cal.Working(local)) {
				continue
			}
			start, _ := chamber.ClockMinutes(o.Start)
			end, _ := chamber.ClockMinutes(o.End)
			for m := start; m+o.SlotMinutes <= end; m += o.SlotMinutes {
				at := local.Add(time.Duration(m) * time.Minute)
				if !at.After(now) {
					continue
				}
				s := &chamber.ConsultationSlot{OfficeHoursID: o.ID, Date: day, Start: clock(m), End: clock(m + o.SlotMinutes), StartsAt: at,
					Adviser: o.Adviser, AdviserPerson: o.AdviserPerson, Place: o.Place}
				if b := booked[key{o.ID, day, s.Start}]; b != nil {
					s.Booked = true
					s.Mine = actor.MemberID != 0 && b.MemberID == actor.MemberID
					if staff || s.Mine {
						s.BookingID = b.ID
					}
				}
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// noRowsAs turns sql.ErrNoRows into nf and passes other errors on.
func noRowsAs(err, nf error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nf
	}
	return err
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

const consultationColumns = `b.id, b.office_hours_id, b.date, b.start_time, b.end_time, b.starts_at, b.member_id, COALESCE(m.name, ''),
	b.topic, b.status, COALESCE(k.name, ''), o.adviser_person, o.place, b.booked_by, b.created_at, b.cancelled_at`

const consultationFrom = ` FROM legal_consultations b JOIN legal_office_hours o ON o.id = b.office_hours_id
	LEFT JOIN contacts k ON k.id = o.adviser_id LEFT JOIN members m ON m.id = b.member_id`

func scanConsultation(sc interface{ Scan(...any) error }) (*chamber.Consultation, error) {
	var b chamber.Consultation
	var starts, created int64
	var cancelled sql.NullInt64
	err := sc.Scan(&b.ID, &b.OfficeHoursID, &b.Date, &b.Start, &b.End, &starts, &b.MemberID, &b.MemberName,
		&b.Topic, &b.Status, &b.Adviser, &b.AdviserPerson, &b.Place, &b.BookedBy, &created, &cancelled)
	b.StartsAt, b.CreatedAt, b.CancelledAt = fromMicros(starts), fromMicros(created), nullMicros(cancelled)
	return &b, err
}

var errSlotTaken = &chamber.Error{Code: chamber.ECONFLICT, Reason: "slot_taken", Key: "legal.err.slot_taken"}

// BookConsultation books a slot: a portal login for its own member, a
// handler (legal.handle) for any member. A taken slot is 409.
func (db *DB) BookConsultation(ctx context.Context, n chamber.NewConsultation) (*chamber.Consultation, error) {
	actor := chamber.ActorFrom(ctx)
	switch {
	case actor.Can(chamber.PermLegalHandle):
	case actor != nil && actor.MemberID != 0:
		n.MemberID = actor.MemberID
	case actor == nil:
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	default:
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermLegalHandle))
	}
	n.Topic = chamber.NormalizeBody(n.Topic)
	var f chamber.Fields
	if n.MemberID <= 0 {
		f.Add("member_id", "err.required")
	}
	if n.OfficeHoursID <= 0 {
		f.Add("office_hours_id", "err.required")
	}
	if !chamber.ValidDate(n.Date) {
		f.Add("date", "err.date")
	}
	if _, ok := chamber.ClockMinutes(n.Start); !ok {
		f.Add("start", "legal.err.clock")
	}
	if n.Topic == "" {
		f.Add("topic", "err.required")
	} else if len([]rune(n.Topic)) > 1000 {
		f.Add("topic", "err.too_long", 1000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	loc := db.location(ctx)
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		o, err := scanOfficeHours(tx.QueryRowContext(ctx, `SELECT `+officeHoursColumns+officeHoursFrom+` WHERE o.id = $1`, n.OfficeHoursID))
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("office_hours_id", "legal.err.no_slot")
			}
			return err
		}
		d, _ := chamber.ParseDate(n.Date)
		local := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		cal, err := calendar(ctx, tx, local)
		if err != nil {
			return err
		}
		start, _ := chamber.ClockMinutes(o.Start)
		end, _ := chamber.ClockMinutes(o.End)
		m, _ := chamber.ClockMinutes(n.Start)
		if !o.Runs(n.Date, d.Weekday()) || (o.Date == "" && !cal.Working(local)) || m < start || m+o.SlotMinutes > end || (m-start)%o.SlotMinutes != 0 {
			return fieldErr("start", "legal.err.no_slot")
		}
		at := local.Add(time.Duration(m) * time.Minute)
		if !at.After(tx.now) {
			return fieldErr("start", "legal.err.past")
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1`, n.MemberID).Scan(&name); err != nil {
			return noRowsAs(err, fieldErr("member_id", "err.member_not_found"))
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO legal_consultations(office_hours_id, date, start_time, end_time, starts_at, member_id, topic,
			status, booked_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'booked', $8, $9) RETURNING id`,
			o.ID, n.Date, n.Start, clock(m+o.SlotMinutes), micros(at), n.MemberID, n.Topic, actor.UserID, micros(tx.now)).Scan(&id)
		if isUniqueViolation(err) {
			return errSlotTaken
		}
		if err != nil {
			return err
		}
		return tx.Audit("legal.book", "legal_consultation", id, nil, map[string]any{"office_hours_id": o.ID, "date": n.Date, "start": n.Start, "member_id": n.MemberID})
	})
	if err != nil {
		return nil, err
	}
	return scanConsultation(db.read.QueryRowContext(ctx, `SELECT `+consultationColumns+consultationFrom+` WHERE b.id = $1`, id))
}

// CancelConsultation cancels a booking not yet begun: its member or a
// handler; the slot is free again.
func (db *DB) CancelConsultation(ctx context.Context, id chamber.ID) (*chamber.Consultation, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	notFoundErr := chamber.Errorf(chamber.ENOTFOUND, "legal.err.booking_not_found")
	err := db.Write(ctx, actor, func(tx *Tx) error {
		b, err := scanConsultation(tx.QueryRowContext(ctx, `SELECT `+consultationColumns+consultationFrom+` WHERE b.id = $1`, id))
		if err != nil {
			return noRowsAs(err, notFoundErr)
		}
		if !actor.Can(chamber.PermLegalHandle) && (actor.MemberID == 0 || actor.MemberID != b.MemberID) {
			return notFoundErr
		}
		if b.Status != "booked" || !b.StartsAt.After(tx.now) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_cancellable", Key: "legal.err.not_cancellable"}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE legal_consultations SET status = 'cancelled', cancelled_at = $1 WHERE id = $2`, micros(tx.now), id); err != nil {
			return err
		}
		return tx.Audit("legal.cancel_booking", "legal_consultation", id, nil, map[string]any{"member_id": b.MemberID})
	})
	if err != nil {
		return nil, err
	}
	return scanConsultation(db.read.QueryRowContext(ctx, `SELECT `+consultationColumns+consultationFrom+` WHERE b.id = $1`, id))
}

// ListConsultations lists bookings by time: every booking for handlers,
// its own member's for a portal login, none for anyone else. upcoming
// keeps those not yet begun and not cancelled.
func (db *DB) ListConsultations(ctx context.Context, upcoming bool) ([]*chamber.Consultation, error) {
	actor := chamber.ActorFrom(ctx)
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch {
	case actor.Can(chamber.PermLegalHandle):
	case actor != nil && actor.MemberID != 0:
		where = append(where, "b.member_id = "+arg(actor.MemberID))
	case actor != nil:
		return []*chamber.Consultation{}, nil
	default:
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	order := ` ORDER BY b.starts_at DESC, b.id DESC`
	if upcoming {
		where = append(where, "b.status = 'booked' AND b.starts_at > "+arg(micros(db.Now())))
		order = ` ORDER BY b.starts_at, b.id`
	}
	q := `SELECT ` + consultationColumns + consultationFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	out, err := queryAll(ctx, db.read, scanConsultation, q+order+` LIMIT 200`, args...)
	if out == nil && err == nil {
		out = []*chamber.Consultation{}
	}
	return out, err
}
