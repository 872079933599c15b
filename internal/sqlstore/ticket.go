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

// Member services (服务工单). Who sees what:
//   - holders of ticket.handle see and work on every ticket;
//   - a member portal login files for its own member and sees only its own
//     member's tickets, never the internal notes;
//   - the public files 信访 (and inquiries, complaints) with a name and a phone.
// Every change is audited; replies are append-only (a trigger refuses edits).

const ticketColumns = `t.id, t.kind, t.status, t.channel, t.member_id, COALESCE(m.name, ''), t.requester_name, t.requester_phone,
	t.subject, t.body, t.parties, t.dispute_fen, t.department_id, COALESCE(d.name, ''), t.assignee_id, COALESCE(u.name, ''),
	t.created_by, t.created_at, t.first_due_at, t.due_at, t.first_answered_at, t.resolved_at, t.outcome, t.escalated,
	t.rating, t.rating_comment, COALESCE((SELECT lc.id FROM legal_cases lc WHERE lc.ticket_id = t.id), 0),
	COALESCE((SELECT tc.announcement_id FROM typical_cases tc WHERE tc.ticket_id = t.id), 0)`

const ticketFrom = ` FROM tickets t LEFT JOIN members m ON m.id = t.member_id
	LEFT JOIN departments d ON d.id = t.department_id LEFT JOIN users u ON u.id = t.assignee_id`

func scanTicket(sc interface{ Scan(...any) error }) (*chamber.Ticket, error) {
	var t chamber.Ticket
	var created, firstDue, due int64
	var answered, resolved sql.NullInt64
	if err := sc.Scan(&t.ID, &t.Kind, &t.Status, &t.Channel, &t.MemberID, &t.MemberName, &t.RequesterName, &t.RequesterPhone,
		&t.Subject, &t.Body, &t.Parties, &t.DisputeFen, &t.DepartmentID, &t.Department, &t.AssigneeID, &t.Assignee,
		&t.CreatedBy, &created, &firstDue, &due, &answered, &resolved, &t.Outcome, &t.Escalated,
		&t.Rating, &t.RatingComment, &t.LegalCaseID, &t.TypicalCaseAnnID); err != nil {
		return nil, err
	}
	t.CreatedAt, t.FirstDueAt, t.DueAt = fromMicros(created), fromMicros(firstDue), fromMicros(due)
	t.FirstAnsweredAt, t.ResolvedAt = nullMicros(answered), nullMicros(resolved)
	return &t, nil
}

// defaultTicketRoutes: the department (by code) and service levels in
// working days of each kind, from the departments' duties in the
// requirements: 秘书处/办公室 咨询、投诉、信访; 法律维权部 维权、政策法律咨询;
// 经济合作部 融资协调.
var defaultTicketRoutes = map[chamber.TicketKind]struct {
	dept               string
	first, resolveDays int
}{
	chamber.TicketInquiry:   {"office", 1, 5},
	chamber.TicketComplaint: {"office", 1, 10},
	chamber.TicketLegalAid:  {"legal_rights", 2, 20},
	chamber.TicketPolicy:    {"legal_rights", 1, 5},
	chamber.TicketFinancing: {"economic_cooperation", 2, 15},
	chamber.TicketPetition:  {"office", 3, 30},
	chamber.TicketRights:    {"legal_rights", 2, 20},
}

// ticketRoute is the rule of a kind: the stored one, or the default.
func ticketRoute(ctx context.Context, q querier, kind chamber.TicketKind) (chamber.TicketRoute, error) {
	r := chamber.TicketRoute{Kind: kind}
	err := q.QueryRowContext(ctx, `SELECT r.department_id, d.name, r.handler_user_id, r.first_days, r.resolve_days
		FROM ticket_routes r JOIN departments d ON d.id = r.department_id WHERE r.kind = $1`, kind).
		Scan(&r.DepartmentID, &r.Department, &r.HandlerID, &r.FirstDays, &r.ResolveDays)
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return r, err
	}
	def := defaultTicketRoutes[kind]
	r.FirstDays, r.ResolveDays = def.first, def.resolveDays
	err = q.QueryRowContext(ctx, `SELECT id, name FROM departments WHERE code = $1`, def.dept).Scan(&r.DepartmentID, &r.Department)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil // the department was removed: the ticket waits unrouted
	}
	return r, err
}

// calendar reads the holiday calendar around the instant t.
func calendar(ctx context.Context, q querier, t time.Time) (chamber.Calendar, error) {
	from, to := t.AddDate(0, 0, -7).Format("2006-01-02"), t.AddDate(1, 0, 0).Format("2006-01-02")
	rows, err := q.QueryContext(ctx, `SELECT date, workday FROM holidays WHERE date >= $1 AND date <= $2`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := chamber.Calendar{}
	for rows.Next() {
		var d string
		var w bool
		if err := rows.Scan(&d, &w); err != nil {
			return nil, err
		}
		c[d] = w
	}
	return c, rows.Err()
}

func (db *DB) location(ctx context.Context) *time.Location {
	st, err := db.Settings(ctx)
	if err != nil {
		return (&chamber.Settings{TimeZone: chamber.DefaultTimeZone}).Location()
	}
	return st.Location()
}

// publicTicketKinds are what the public may file without a login.
var publicTicketKinds = []chamber.TicketKind{chamber.TicketPetition, chamber.TicketInquiry, chamber.TicketComplaint}

// CreateTicket files a request: staff (ticket.handle) for any member or
// for a caller without one, a portal login for its own member, the public
// (no login) a 信访, inquiry or complaint with name and phone.
func (db *DB) CreateTicket(ctx context.Context, n chamber.NewTicket) (*chamber.Ticket, error) {
	actor := chamber.ActorFrom(ctx)
	n.Normalize()
	switch {
	case actor.Can(chamber.PermTicketHandle):
		if n.Channel == "" {
			n.Channel = "phone"
		}
	case actor != nil && actor.MemberID != 0:
		n.MemberID, n.MemberNo, n.Channel = actor.MemberID, "", "portal"
	case actor == nil || actor.UserID == 0:
		n.MemberID, n.MemberNo, n.Channel = 0, "", "public"
		public := false
		for _, k := range publicTicketKinds {
			public = public || k == n.Kind
		}
		if !public && chamber.ValidTicketKind(n.Kind) {
			return nil, fieldErr("kind", "ticket.err.public_kind")
		}
	default:
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermTicketHandle))
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	loc := db.location(ctx)
	var id chamber.ID
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if n.MemberNo != "" {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE member_no = $1`, n.MemberNo).Scan(&n.MemberID); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr("member_no", "err.member_not_found")
				}
				return err
			}
		}
		if n.MemberID != 0 {
			var name string
			if err := tx.QueryRowContext(ctx, `SELECT name FROM members WHERE id = $1`, n.MemberID).Scan(&name); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr("member_id", "err.member_not_found")
				}
				return err
			}
		}
		route, err := ticketRoute(ctx, tx, n.Kind)
		if err != nil {
			return err
		}
		cal, err := calendar(ctx, tx, tx.now.In(loc))
		if err != nil {
			return err
		}
		firstDue := cal.AddWorkingDays(tx.now, route.FirstDays, loc)
		due := cal.AddWorkingDays(tx.now, route.ResolveDays, loc)
		var by chamber.ID
		if actor != nil {
			by = actor.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO tickets(kind, status, channel, member_id, requester_name, requester_phone,
			subject, body, parties, dispute_fen, department_id, assignee_id, created_by, created_at, first_due_at, due_at)
			VALUES ($1, 'open', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			n.Kind, n.Channel, n.MemberID, n.RequesterName, n.RequesterPhone, n.Subject, n.Body, n.Parties, n.DisputeFen,
			route.DepartmentID, route.HandlerID, by, micros(tx.now), micros(firstDue), micros(due)).Scan(&id); err != nil {
			return err
		}
		if route.HandlerID != 0 {
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("ticket:%d:assigned:%d", id, route.HandlerID),
				Title: "新服务工单：" + n.Subject, Body: ticketLink(id), Users: []chamber.ID{route.HandlerID}}); err != nil {
				return err
			}
		}
		return tx.Audit("ticket.create", "ticket", id, nil, n)
	})
	if err != nil {
		return nil, err
	}
	return db.ticket(ctx, id)
}

func ticketLink(id chamber.ID) string { return "/tickets/" + strconv.FormatInt(id, 10) }

func (db *DB) ticket(ctx context.Context, id chamber.ID) (*chamber.Ticket, error) {
	t, err := scanTicket(db.read.QueryRowContext(ctx, `SELECT `+ticketColumns+ticketFrom+` WHERE t.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "ticket.err.not_found")
	}
	t.Escalated = t.Escalated || t.Overdue(db.Now())
	return t, nil
}

// mayReadTicket: handlers read every ticket, a member its own member's.
func mayReadTicket(a *chamber.Actor, t *chamber.Ticket) bool {
	if a.Can(chamber.PermTicketHandle) {
		return true
	}
	return a != nil && a.MemberID != 0 && a.MemberID == t.MemberID
}

// FindTicket returns a ticket with its replies and referrals; a member
// sees neither the internal notes nor the referrals. Others get 404.
func (db *DB) FindTicket(ctx context.Context, id chamber.ID) (*chamber.Ticket, error) {
	actor := chamber.ActorFrom(ctx)
	t, err := db.ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	if !mayReadTicket(actor, t) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "ticket.err.not_found")
	}
	if t.Replies, err = db.ticketReplies(ctx, id, actor.Can(chamber.PermTicketHandle)); err != nil {
		return nil, err
	}
	if actor.Can(chamber.PermTicketHandle) {
		if t.Referrals, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.TicketReferral, error) {
			var r chamber.TicketReferral
			var at int64
			err := sc.Scan(&r.ID, &r.ContactID, &r.Contact, &r.Note, &r.By, &at)
			r.CreatedAt = fromMicros(at)
			return &r, err
		}, `SELECT f.id, f.contact_id, c.name, f.note, COALESCE(u.name, ''), f.created_at FROM ticket_referrals f
			JOIN contacts c ON c.id = f.contact_id LEFT JOIN users u ON u.id = f.by_user WHERE f.ticket_id = $1 ORDER BY f.id`, id); err != nil {
			return nil, err
		}
	} else {
		t.Assignee, t.TypicalCaseAnnID = "", 0 // a member sees the department, not the person
	}
	return t, nil
}

func (db *DB) ticketReplies(ctx context.Context, id chamber.ID, internal bool) ([]*chamber.TicketReply, error) {
	q := `SELECT r.id, r.ticket_id, r.author_id, COALESCE(u.name, ''), r.from_member, r.internal, r.body, r.created_at
		FROM ticket_replies r LEFT JOIN users u ON u.id = r.author_id WHERE r.ticket_id = $1`
	if !internal {
		q += ` AND r.internal = FALSE`
	}
	out, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.TicketReply, error) {
		var r chamber.TicketReply
		var at int64
		err := sc.Scan(&r.ID, &r.TicketID, &r.AuthorID, &r.Author, &r.FromMember, &r.Internal, &r.Body, &at)
		r.CreatedAt = fromMicros(at)
		return &r, err
	}, q+` ORDER BY r.id`, id)
	if out == nil && err == nil {
		out = []*chamber.TicketReply{}
	}
	return out, err
}

// TicketReplies lists a ticket's replies as FindTicket shows them.
func (db *DB) TicketReplies(ctx context.Context, id chamber.ID) ([]*chamber.TicketReply, error) {
	t, err := db.FindTicket(ctx, id)
	if err != nil {
		return nil, err
	}
	return t.Replies, nil
}

// ListTickets lists tickets newest first: every ticket for handlers, the
// caller's own member's for a portal login.
func (db *DB) ListTickets(ctx context.Context, f chamber.TicketFilter, p chamber.Page) ([]*chamber.Ticket, string, error) {
	actor := chamber.ActorFrom(ctx)
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch {
	case actor.Can(chamber.PermTicketHandle):
		if f.MemberID != 0 {
			where = append(where, "t.member_id = "+arg(f.MemberID))
		}
		if f.Mine {
			where = append(where, "t.assignee_id = "+arg(actor.UserID))
		}
	case actor != nil && actor.MemberID != 0:
		where = append(where, "t.member_id = "+arg(actor.MemberID))
	case actor != nil:
		return []*chamber.Ticket{}, "", nil // a login with no tickets of its own
	default:
		return nil, "", chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if f.Status != "" {
		if !containsStr(chamber.TicketStatuses, f.Status) {
			return nil, "", fieldErr("status", "err.invalid_value")
		}
		where = append(where, "t.status = "+arg(f.Status))
	}
	if f.Kind != "" {
		if !chamber.ValidTicketKind(chamber.TicketKind(f.Kind)) {
			return nil, "", fieldErr("kind", "err.invalid_value")
		}
		where = append(where, "t.kind = "+arg(f.Kind))
	}
	if f.Overdue {
		where = append(where, "t.status <> 'resolved' AND t.due_at < "+arg(micros(db.Now())))
	}
	p = p.Normalize()
	if p.Cursor != "" {
		before, err := idCursor(p.Cursor)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "t.id < "+arg(before))
	}
	q := `SELECT ` + ticketColumns + ticketFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY t.id DESC LIMIT ` + arg(p.Limit+1)
	items, err := queryAll(ctx, db.read, scanTicket, q, args...)
	if err != nil {
		return nil, "", err
	}
	items, next := idPage(items, p.Limit, func(x *chamber.Ticket) chamber.ID { return x.ID })
	now := db.Now()
	for _, t := range items {
		t.Escalated = t.Escalated || t.Overdue(now)
		if !actor.Can(chamber.PermTicketHandle) {
			t.Assignee, t.TypicalCaseAnnID = "", 0
		}
	}
	if items == nil {
		items = []*chamber.Ticket{}
	}
	return items, next, nil
}

// changeTicket runs fn on a ticket the caller may work on (ticket.handle),
// inside one transaction, and audits the change.
func (db *DB) changeTicket(ctx context.Context, id chamber.ID, action string, fn func(tx *Tx, t *chamber.Ticket) (any, error)) (*chamber.Ticket, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermTicketHandle); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		t, err := scanTicket(tx.QueryRowContext(ctx, `SELECT `+ticketColumns+ticketFrom+` WHERE t.id = $1`, id))
		if err != nil {
			return notFound(err, "ticket.err.not_found")
		}
		detail, err := fn(tx, t)
		if err != nil {
			return err
		}
		return tx.Audit(action, "ticket", id, nil, detail)
	})
	if err != nil {
		return nil, err
	}
	return db.FindTicket(ctx, id)
}

var errTicketResolved = &chamber.Error{Code: chamber.ECONFLICT, Reason: "ticket_resolved", Key: "ticket.err.resolved"}

// AssignTicket gives the ticket to a handler, who is told in the inbox.
func (db *DB) AssignTicket(ctx context.Context, id, userID chamber.ID) (*chamber.Ticket, error) {
	return db.changeTicket(ctx, id, "ticket.assign", func(tx *Tx, t *chamber.Ticket) (any, error) {
		if t.Status == chamber.TicketResolved {
			return nil, errTicketResolved
		}
		var disabled bool
		if err := tx.QueryRowContext(ctx, `SELECT disabled FROM users WHERE id = $1`, userID).Scan(&disabled); err != nil || disabled {
			if err == nil || errors.Is(err, sql.ErrNoRows) {
				return nil, fieldErr("user_id", "err.user_not_found")
			}
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET assignee_id = $1, status = 'in_progress' WHERE id = $2`, userID, id); err != nil {
			return nil, err
		}
		if userID != tx.actor.UserID {
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("ticket:%d:assigned:%d", id, userID),
				Title: "服务工单已分派给您：" + t.Subject, Body: ticketLink(id), Users: []chamber.ID{userID}}); err != nil {
				return nil, err
			}
		}
		return map[string]any{"user_id": userID, "before": t.AssigneeID}, nil
	})
}

// ReplyTicket adds a reply. Staff answer the member or write an internal
// note; the member (portal) adds a follow-up, never internal.
func (db *DB) ReplyTicket(ctx context.Context, id chamber.ID, body string, internal bool) (*chamber.TicketReply, error) {
	actor := chamber.ActorFrom(ctx)
	body = strings.TrimSpace(body)
	var f chamber.Fields
	if body == "" {
		f.Add("body", "err.required")
	} else if len([]rune(body)) > 5000 {
		f.Add("body", "err.too_long", 5000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	t, err := db.ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	staff := actor.Can(chamber.PermTicketHandle)
	if !mayReadTicket(actor, t) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "ticket.err.not_found")
	}
	if !staff && internal {
		return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermTicketHandle))
	}
	var r chamber.TicketReply
	err = db.Write(ctx, actor, func(tx *Tx) error {
		r = chamber.TicketReply{TicketID: id, AuthorID: actor.UserID, FromMember: !staff, Internal: internal, Body: body, CreatedAt: tx.now}
		if err := tx.QueryRowContext(ctx, `INSERT INTO ticket_replies(ticket_id, author_id, from_member, internal, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, id, actor.UserID, !staff, internal, body, micros(tx.now)).Scan(&r.ID); err != nil {
			return err
		}
		switch {
		case staff && !internal:
			if _, err := tx.ExecContext(ctx, `UPDATE tickets SET first_answered_at = COALESCE(first_answered_at, $1),
				status = CASE WHEN status = 'open' THEN 'in_progress' ELSE status END WHERE id = $2`, micros(tx.now), id); err != nil {
				return err
			}
			if t.MemberID != 0 {
				if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("ticket:%d:reply:%d", id, r.ID),
					Title: "您的服务申请有了答复：" + t.Subject, Body: "/portal/tickets/" + strconv.FormatInt(id, 10), Members: []chamber.ID{t.MemberID}}); err != nil {
					return err
				}
			}
		case !staff && t.AssigneeID != 0:
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("ticket:%d:reply:%d", id, r.ID),
				Title: "会员补充了服务申请：" + t.Subject, Body: ticketLink(id), Users: []chamber.ID{t.AssigneeID}}); err != nil {
				return err
			}
		}
		return tx.Audit("ticket.reply", "ticket", id, nil, map[string]any{"reply_id": r.ID, "internal": internal})
	})
	if err != nil {
		return nil, err
	}
	if u, err := db.FindUser(chamber.WithActor(ctx, chamber.SystemActor), actor.UserID); err == nil {
		r.Author = u.Name
	}
	return &r, nil
}

// ReferTicket hands the matter to an outside contact (a law firm, a bank,
// a government office), recorded on the ticket.
func (db *DB) ReferTicket(ctx context.Context, id, contactID chamber.ID, note string) (*chamber.Ticket, error) {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 2000 {
		return nil, fieldErr("note", "err.too_long", 2000)
	}
	return db.changeTicket(ctx, id, "ticket.refer", func(tx *Tx, t *chamber.Ticket) (any, error) {
		if t.Status == chamber.TicketResolved {
			return nil, errTicketResolved
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM contacts WHERE id = $1`, contactID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, fieldErr("contact_id", "contact.err.not_found")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_referrals(ticket_id, contact_id, note, by_user, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, contactID, note, tx.actor.UserID, micros(tx.now)); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'in_progress' WHERE id = $1 AND status = 'open'`, id); err != nil {
			return nil, err
		}
		return map[string]any{"contact_id": contactID, "note": note}, nil
	})
}

// ResolveTicket closes the matter with its outcome; the member is told and may rate it.
func (db *DB) ResolveTicket(ctx context.Context, id chamber.ID, outcome string) (*chamber.Ticket, error) {
	outcome = strings.TrimSpace(outcome)
	var f chamber.Fields
	if outcome == "" {
		f.Add("outcome", "err.required")
	} else if len([]rune(outcome)) > 2000 {
		f.Add("outcome", "err.too_long", 2000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return db.changeTicket(ctx, id, "ticket.resolve", func(tx *Tx, t *chamber.Ticket) (any, error) {
		if t.Status == chamber.TicketResolved {
			return nil, errTicketResolved
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'resolved', outcome = $1, resolved_at = $2 WHERE id = $3`,
			outcome, micros(tx.now), id); err != nil {
			return nil, err
		}
		if t.MemberID != 0 {
			if _, err := tx.Notify(chamber.Notification{Key: fmt.Sprintf("ticket:%d:resolved:%d", id, micros(tx.now)),
				Title: "您的服务申请已办结：" + t.Subject, Body: outcome + "\n\n/portal/tickets/" + strconv.FormatInt(id, 10), Members: []chamber.ID{t.MemberID}}); err != nil {
				return nil, err
			}
		}
		return map[string]any{"outcome": outcome}, nil
	})
}

// ReopenTicket opens a resolved ticket again; its rating is cleared so
// the member may rate the new resolution.
func (db *DB) ReopenTicket(ctx context.Context, id chamber.ID) (*chamber.Ticket, error) {
	return db.changeTicket(ctx, id, "ticket.reopen", func(tx *Tx, t *chamber.Ticket) (any, error) {
		if t.Status != chamber.TicketResolved {
			return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "ticket_not_resolved", Key: "ticket.err.not_resolved"}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = 'in_progress', resolved_at = NULL, rating = 0, rating_comment = ''
			WHERE id = $1`, id); err != nil {
			return nil, err
		}
		return map[string]any{"outcome": t.Outcome, "rating": t.Rating}, nil
	})
}

// RateTicket records the member's satisfaction: once, only when resolved.
func (db *DB) RateTicket(ctx context.Context, id chamber.ID, rating int, comment string) (*chamber.Ticket, error) {
	actor := chamber.ActorFrom(ctx)
	comment = strings.TrimSpace(comment)
	var f chamber.Fields
	if rating < 1 || rating > 5 {
		f.Add("rating", "ticket.err.rating")
	}
	if len([]rune(comment)) > 1000 {
		f.Add("comment", "err.too_long", 1000)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	t, err := db.ticket(ctx, id)
	if err != nil {
		return nil, err
	}
	if actor == nil || actor.MemberID == 0 || actor.MemberID != t.MemberID {
		if mayReadTicket(actor, t) {
			return nil, chamber.Errorf(chamber.EFORBIDDEN, "ticket.err.rate_member_only")
		}
		return nil, chamber.Errorf(chamber.ENOTFOUND, "ticket.err.not_found")
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tickets SET rating = $1, rating_comment = $2
			WHERE id = $3 AND status = 'resolved' AND rating = 0`, rating, comment, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_ratable", Key: "ticket.err.not_ratable"}
		}
		return tx.Audit("ticket.rate", "ticket", id, nil, map[string]any{"rating": rating, "comment": comment})
	})
	if err != nil {
		return nil, err
	}
	return db.FindTicket(ctx, id)
}
