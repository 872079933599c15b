package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// Activities (活动). Holders of event.manage plan, publish (approve) and run
// events; members register from the portal, the public on a public event's
// page. Registration, cancellation and promotion from the waitlist all
// first update the event's row, so concurrent ones queue on its lock (a
// row lock on PostgreSQL, the one writer on SQLite): never more confirmed
// than the capacity, and exactly one promoted per freed place.

const eventColumns = `e.id, e.kind, e.status, e.title, e.description, e.starts_at, e.ends_at, e.location, e.capacity, e.fee_fen,
	e.budget_fen, e.audience, e.department_id, COALESCE(d.name, ''), e.register_by, e.summary, e.created_by, e.approved_by,
	e.created_at, e.published_at, e.confirmed, e.waitlisted,
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.checked_in_at IS NOT NULL)`

const eventFrom = ` FROM events e LEFT JOIN departments d ON d.id = e.department_id`

func scanEvent(sc interface{ Scan(...any) error }) (*chamber.Event, error) {
	var e chamber.Event
	var starts, ends, created int64
	var regBy, published sql.NullInt64
	if err := sc.Scan(&e.ID, &e.Kind, &e.Status, &e.Title, &e.Description, &starts, &ends, &e.Location, &e.Capacity, &e.FeeFen,
		&e.BudgetFen, &e.Audience, &e.DepartmentID, &e.Department, &regBy, &e.Summary, &e.CreatedBy, &e.ApprovedBy,
		&created, &published, &e.Confirmed, &e.Waitlisted, &e.CheckedIn); err != nil {
		return nil, err
	}
	e.StartsAt, e.EndsAt, e.CreatedAt = fromMicros(starts), fromMicros(ends), fromMicros(created)
	e.RegisterBy, e.PublishedAt = nullMicros(regBy), nullMicros(published)
	return &e, nil
}

// CreateEvent plans an event as a draft.
func (db *DB) CreateEvent(ctx context.Context, n chamber.NewEvent) (*chamber.Event, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	n.Normalize()
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.checkEventRefs(n); err != nil {
			return err
		}
		var regBy any
		if n.RegisterBy != nil {
			regBy = micros(*n.RegisterBy)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO events(kind, status, title, description, starts_at, ends_at, location, capacity,
			fee_fen, budget_fen, audience, department_id, register_by, created_by, created_at)
			VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			n.Kind, n.Title, n.Description, micros(n.StartsAt), micros(n.EndsAt), n.Location, n.Capacity, n.FeeFen, n.BudgetFen,
			string(n.Audience), n.DepartmentID, regBy, actor.UserID, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		return tx.Audit("event.create", "event", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.event(ctx, db.read, id)
}

func (tx *Tx) checkEventRefs(n chamber.NewEvent) error {
	var one int
	if n.DepartmentID != 0 {
		if err := tx.QueryRowContext(tx.ctx, `SELECT 1 FROM departments WHERE id = $1`, n.DepartmentID).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("department_id", "err.invalid_value")
			}
			return err
		}
	}
	if b := n.Audience.BodyID(); b != 0 {
		if err := tx.QueryRowContext(tx.ctx, `SELECT 1 FROM bodies WHERE id = $1`, b).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("audience", "err.invalid_value")
			}
			return err
		}
	}
	return nil
}

func (db *DB) event(ctx context.Context, q querier, id chamber.ID) (*chamber.Event, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+eventFrom+` WHERE e.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "event.err.not_found")
	}
	ids, err := queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var v chamber.ID
		return v, sc.Scan(&v)
	}, `SELECT item_id FROM work_plan_links WHERE kind = 'event' AND target_id = $1 ORDER BY item_id`, id)
	if err != nil {
		return nil, err
	}
	e.WorkPlanItems = ids
	return e, nil
}

// mayReadEvent: staff see every event, others only published ones of an
// audience they belong to (the public: public events).
func mayReadEvent(a *chamber.Actor, e *chamber.Event) bool {
	if a.Can(chamber.PermEventManage) {
		return true
	}
	if e.Status == chamber.EventDraft {
		return false
	}
	return e.Audience == chamber.EventPublic || (a != nil && a.UserID != 0)
}

// FindEvent reads one event.
func (db *DB) FindEvent(ctx context.Context, id chamber.ID) (*chamber.Event, error) {
	e, err := db.event(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadEvent(chamber.ActorFrom(ctx), e) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
	}
	return e, nil
}

// ListEvents lists events by start, soonest first for upcoming ones, else newest first.
func (db *DB) ListEvents(ctx context.Context, f chamber.EventFilter, p chamber.Page) ([]*chamber.Event, string, error) {
	a := chamber.ActorFrom(ctx)
	p = p.Normalize()
	where, args := []string{"1=1"}, []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !a.Can(chamber.PermEventManage) {
		where = append(where, "e.status <> 'draft'")
		if a == nil || a.UserID == 0 {
			where = append(where, "e.audience = 'public'")
		}
	}
	if f.Status != "" {
		where = append(where, "e.status = "+arg(f.Status))
	}
	if f.Kind != "" {
		where = append(where, "e.kind = "+arg(f.Kind))
	}
	order := "e.starts_at DESC, e.id DESC"
	if f.Upcoming {
		where = append(where, "e.ends_at >= "+arg(micros(db.Now())))
		order = "e.starts_at, e.id"
	}
	if f.Year != 0 {
		loc := db.location(ctx)
		from := micros(timeInYear(f.Year, loc))
		to := micros(timeInYear(f.Year+1, loc))
		where = append(where, "e.starts_at >= "+arg(from), "e.starts_at < "+arg(to))
	}
	off := 0
	if p.Cursor != "" {
		v, err := strconv.Atoi(p.Cursor)
		if err != nil || v < 0 {
			return nil, "", fieldErr("cursor", "err.invalid_value")
		}
		off = v
	}
	list, err := queryAll(ctx, db.read, scanEvent, `SELECT `+eventColumns+eventFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+order+` LIMIT `+strconv.Itoa(p.Limit+1)+` OFFSET `+strconv.Itoa(off), args...)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > p.Limit {
		list, next = list[:p.Limit], strconv.Itoa(off+p.Limit)
	}
	return list, next, nil
}

// PublishEvent approves a draft and opens registration (审批、发布).
func (db *DB) PublishEvent(ctx context.Context, id chamber.ID) (*chamber.Event, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM events WHERE id = $1`, id).Scan(&status); err != nil {
			return notFound(err, "event.err.not_found")
		}
		if status != chamber.EventDraft {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.not_draft")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET status = 'open', approved_by = $2, published_at = $3 WHERE id = $1`,
			id, actor.UserID, micros(tx.now)); err != nil {
			return err
		}
		return tx.Audit("event.publish", "event", id, map[string]string{"status": status}, map[string]string{"status": chamber.EventOpen})
	})
	if err != nil {
		return nil, err
	}
	return db.event(ctx, db.read, id)
}

// SetEventStatus closes registration, cancels an event or marks it done
// with its summary (总结评估).
func (db *DB) SetEventStatus(ctx context.Context, id chamber.ID, status, summary string) (*chamber.Event, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermEventManage); err != nil {
		return nil, err
	}
	summary = strings.TrimSpace(summary)
	if status != chamber.EventClosed && status != chamber.EventDone && status != chamber.EventCancelled {
		return nil, fieldErr("status", "err.invalid_value")
	}
	if status == chamber.EventDone && summary == "" {
		return nil, fieldErr("summary", "err.required")
	}
	if len([]rune(summary)) > 10000 {
		return nil, fieldErr("summary", "err.too_long", 10000)
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var old, title string
		if err := tx.QueryRowContext(ctx, `SELECT status, title FROM events WHERE id = $1`, id).Scan(&old, &title); err != nil {
			return notFound(err, "event.err.not_found")
		}
		if old == chamber.EventCancelled || old == chamber.EventDone || old == chamber.EventDraft && status != chamber.EventCancelled {
			return chamber.Errorf(chamber.ECONFLICT, "event.err.status")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET status = $2, summary = CASE WHEN $3 = '' THEN summary ELSE $3 END WHERE id = $1`,
			id, status, summary); err != nil {
			return err
		}
		if status == chamber.EventCancelled {
			members, err := queryAll(ctx, tx, scanID, `SELECT DISTINCT member_id FROM event_registrations
				WHERE event_id = $1 AND status <> 'cancelled' AND member_id <> 0`, id)
			if err != nil {
				return err
			}
			if len(members) > 0 {
				if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("event:%d:cancelled", id),
					Title: "活动取消：" + title, Body: eventLink(id), Members: members}); err != nil {
					return err
				}
			}
		}
		return tx.Audit("event.status", "event", id, map[string]string{"status": old}, map[string]string{"status": status, "summary": summary})
	})
	if err != nil {
		return nil, err
	}
	return db.event(ctx, db.read, id)
}

func scanID(sc interface{ Scan(...any) error }) (chamber.ID, error) {
	var v chamber.ID
	return v, sc.Scan(&v)
}

// timeInYear is 1 January of year, midnight in loc.
func timeInYear(year int, loc *time.Location) time.Time {
	return time.Date(year, 1, 1, 0, 0, 0, 0, loc)
}

func eventLink(id chamber.ID) string { return "/events/" + strconv.FormatInt(id, 10) }

// registrationCode is a fresh registration code: 10 characters of an
// alphabet without look-alikes, also the QR's text.
func registrationCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
