package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/chamber-org/chamber"
)

// TicketRoutes lists the routing rule of every kind (stored or default).
func (db *DB) TicketRoutes(ctx context.Context) ([]chamber.TicketRoute, error) {
	// Ticket handlers read the rules; settings.write changes them.
	if err := chamber.ActorFrom(ctx).RequireAny(chamber.PermTicketHandle, chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	out := make([]chamber.TicketRoute, 0, len(chamber.TicketKinds))
	for _, k := range chamber.TicketKinds {
		r, err := ticketRoute(ctx, db.read, k)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// SetTicketRoute replaces the rule of one kind (settings.write). New
// tickets follow it; filed ones keep their deadlines.
func (db *DB) SetTicketRoute(ctx context.Context, r chamber.TicketRoute) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM departments WHERE id = $1`, r.DepartmentID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("department_id", "err.department_not_found")
		}
		if r.HandlerID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND disabled = FALSE`, r.HandlerID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fieldErr("handler_user_id", "err.user_not_found")
			}
		}
		before, err := ticketRoute(ctx, tx, r.Kind)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_routes(kind, department_id, handler_user_id, first_days, resolve_days)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind) DO UPDATE SET department_id = excluded.department_id,
			handler_user_id = excluded.handler_user_id, first_days = excluded.first_days, resolve_days = excluded.resolve_days`,
			r.Kind, r.DepartmentID, r.HandlerID, r.FirstDays, r.ResolveDays); err != nil {
			return err
		}
		return tx.Audit("ticket.route", "ticket_route", 0, before, r)
	})
}

// Holidays lists the calendar's exceptions of a year.
func (db *DB) Holidays(ctx context.Context, year int) ([]chamber.Holiday, error) {
	// Ticket handlers read the rules; settings.write changes them.
	if err := chamber.ActorFrom(ctx).RequireAny(chamber.PermTicketHandle, chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.Holiday, error) {
		var h chamber.Holiday
		err := sc.Scan(&h.Date, &h.Name, &h.Workday)
		return h, err
	}, `SELECT date, name, workday FROM holidays WHERE date >= $1 AND date <= $2 ORDER BY date`,
		strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31")
	if out == nil && err == nil {
		out = []chamber.Holiday{}
	}
	return out, err
}

// SetHolidays replaces a year's calendar exceptions (settings.write).
func (db *DB) SetHolidays(ctx context.Context, year int, days []chamber.Holiday) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return err
	}
	if year < 1900 || year > 2100 {
		return fieldErr("year", "err.invalid_value")
	}
	if days == nil {
		return fieldErr("days", "err.required")
	}
	if len(days) > 366 {
		return fieldErr("days", "err.too_many", 366)
	}
	prefix := strconv.Itoa(year) + "-"
	seen := map[string]bool{}
	for _, d := range days {
		if _, ok := chamber.ParseDate(d.Date); !ok || d.Date[:5] != prefix {
			return fieldErr("days.date", "err.date")
		}
		if seen[d.Date] {
			return fieldErr("days.date", "ticket.err.holiday_twice", d.Date)
		}
		seen[d.Date] = true
		if len([]rune(d.Name)) > 40 {
			return fieldErr("days.name", "err.too_long", 40)
		}
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM holidays WHERE date >= $1 AND date <= $2`, prefix+"01-01", prefix+"12-31"); err != nil {
			return err
		}
		for _, d := range days {
			if _, err := tx.ExecContext(ctx, `INSERT INTO holidays(date, name, workday) VALUES ($1, $2, $3)`, d.Date, d.Name, d.Workday); err != nil {
				return err
			}
		}
		return tx.Audit("ticket.holidays", "holidays", int64(year), nil, days)
	})
}

// China2026Holidays are the official holidays and 调休 working days of 2026
// as the State Council's notice sets them; a new database starts with them
// and the calendar is editable (/tickets/settings).
var China2026Holidays = func() []chamber.Holiday {
	var out []chamber.Holiday
	add := func(name string, from, to int, month int) {
		for d := from; d <= to; d++ {
			out = append(out, chamber.Holiday{Date: fmt.Sprintf("2026-%02d-%02d", month, d), Name: name})
		}
	}
	work := func(name, date string) { out = append(out, chamber.Holiday{Date: date, Name: name, Workday: true}) }
	add("元旦", 1, 3, 1)
	work("元旦调休上班", "2026-01-04")
	work("春节调休上班", "2026-02-14")
	add("春节", 15, 23, 2)
	work("春节调休上班", "2026-02-28")
	add("清明节", 4, 6, 4)
	add("劳动节", 1, 5, 5)
	work("劳动节调休上班", "2026-05-09")
	add("端午节", 19, 21, 6)
	work("国庆节调休上班", "2026-09-20")
	add("中秋节", 25, 27, 9)
	add("国庆节", 1, 7, 10)
	work("国庆节调休上班", "2026-10-10")
	return out
}()

// seedHolidays enters the 2026 calendar once.
func (tx *Tx) seedHolidays() error {
	if _, done, err := tx.setting("seed.holidays"); err != nil || done {
		return err
	}
	for _, d := range China2026Holidays {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO holidays(date, name, workday) VALUES ($1, $2, $3) ON CONFLICT (date) DO NOTHING`,
			d.Date, d.Name, d.Workday); err != nil {
			return err
		}
	}
	return tx.setSetting("seed.holidays", "1")
}

// EscalateTickets is the background job. A ticket without an answer past
// its first-answer deadline is put before its handler (or, unassigned, its
// department); one past its resolution deadline is marked escalated and put
// before the department's director and the handler. Each happens once.
func (db *DB) EscalateTickets(ctx context.Context) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		actor = chamber.SystemActor
		ctx = chamber.WithActor(ctx, actor)
	}
	if !actor.System {
		return 0, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", "system")
	}
	now := micros(db.Now())
	today := db.today(ctx)
	count := 0
	err := db.Write(ctx, actor, func(tx *Tx) error {
		late, err := queryAll(ctx, tx, scanTicket, `SELECT `+ticketColumns+ticketFrom+` WHERE t.status <> 'resolved'
			AND ((t.first_answered_at IS NULL AND t.first_warned = FALSE AND t.first_due_at < $1) OR (t.escalated = FALSE AND t.due_at < $1))
			ORDER BY t.id LIMIT 500`, now)
		if err != nil {
			return err
		}
		for _, t := range late {
			director, err := departmentHeads(ctx, tx, t.DepartmentID, today)
			if err != nil {
				return err
			}
			handlers := director
			if t.AssigneeID != 0 {
				handlers = []chamber.ID{t.AssigneeID}
			}
			if t.FirstAnsweredAt == nil && t.FirstDueAt.Before(db.Now()) {
				if _, err := tx.ExecContext(ctx, `UPDATE tickets SET first_warned = TRUE WHERE id = $1`, t.ID); err != nil {
					return err
				}
				if len(handlers) > 0 {
					if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("ticket:%d:first_late", t.ID),
						Title: "服务工单待首次答复（已超时）：" + t.Subject, Body: ticketLink(t.ID), Users: handlers}); err != nil {
						return err
					}
				}
			}
			if !t.Escalated && t.DueAt.Before(db.Now()) {
				if _, err := tx.ExecContext(ctx, `UPDATE tickets SET escalated = TRUE WHERE id = $1`, t.ID); err != nil {
					return err
				}
				to := append(append([]chamber.ID{}, director...), handlers...)
				if len(to) > 0 {
					if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("ticket:%d:escalated", t.ID),
						Title: "服务工单逾期未办结：" + t.Subject, Body: ticketLink(t.ID), Users: uniqueIDs(to)}); err != nil {
						return err
					}
				}
				if err := tx.Audit("ticket.escalate", "ticket", t.ID, nil, map[string]any{"due_at": t.DueAt}); err != nil {
					return err
				}
				count++
			}
		}
		return nil
	})
	return count, err
}

// departmentHeads are the logins holding the department's top position on
// the day (its director, or the acting director).
func departmentHeads(ctx context.Context, q querier, deptID chamber.ID, date string) ([]chamber.ID, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.user_id, pos.rank FROM posts p JOIN positions pos ON pos.id = p.position_id
		WHERE pos.department_id = $1 AND p.user_id IS NOT NULL AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
		ORDER BY pos.rank, p.acting DESC, p.id`, deptID, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chamber.ID
	top := -1
	for rows.Next() {
		var id chamber.ID
		var rank int
		if err := rows.Scan(&id, &rank); err != nil {
			return nil, err
		}
		if top == -1 {
			top = rank
		}
		if rank == top {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

func uniqueIDs(ids []chamber.ID) []chamber.ID {
	seen := map[chamber.ID]bool{}
	var out []chamber.ID
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
