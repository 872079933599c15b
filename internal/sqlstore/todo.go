package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// MyTodo is what waits for one login (待办), gathered from each area by one
// bounded, indexed query per area (at most chamber.TodoLimit items each).
// The caller asks for itself; the system actor may ask for anyone. Who
// decides follows the areas' own rules: a claim's and a leave request's
// approver was fixed along the approval chain when it was filed (acting
// holders standing in), a document's signer is its first pending step,
// vouchers and applications go to the holders of the permission.
func (db *DB) MyTodo(ctx context.Context, userID chamber.ID) ([]chamber.TodoItem, error) {
	caller := chamber.ActorFrom(ctx)
	if caller == nil || (caller.UserID == 0 && !caller.System) {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	a := caller
	if caller.UserID != userID {
		if !caller.System {
			return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", "todo")
		}
		var err error
		if a, err = db.loadActor(ctx, userID); err != nil {
			return nil, err
		}
	}
	st, err := db.Settings(ctx)
	if err != nil || st == nil {
		st = &chamber.Settings{TimeZone: chamber.DefaultTimeZone}
	}
	t := todoQuery{db: db, ctx: ctx, a: a, loc: st.Location()}
	for _, area := range []func() error{t.claims, t.leave, t.documents, t.incoming, t.drafts,
		t.applications, t.tickets, t.minutes, t.actionItems, t.notices, t.acks, t.purchases,
		t.contracts, t.vehicles, t.openings, t.matching, t.projects} {
		if err := area(); err != nil {
			return nil, err
		}
	}
	return t.out, nil
}

type todoQuery struct {
	db  *DB
	ctx context.Context
	a   *chamber.Actor
	loc *time.Location
	out []chamber.TodoItem
}

// add runs one area's query; each row scans into id, title, an optional
// due value (micros or a YYYY-MM-DD date) and, when the query has a fourth
// column, the id its page is under (an action item's meeting); link builds
// the page from the id (or that one).
func (t *todoQuery) add(kind string, link func(id chamber.ID) string, q string, args ...any) error {
	rows, err := t.db.read.QueryContext(t.ctx, q, append(args, chamber.TodoLimit)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, ref chamber.ID
		var title string
		var due sql.NullString
		dest := []any{&id, &title, &due}
		if len(cols) > 3 {
			dest = append(dest, &ref)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if ref == 0 {
			ref = id
		}
		it := chamber.TodoItem{Kind: kind, ID: id, Title: strings.TrimSpace(title), Link: link(ref)}
		if due.Valid && due.String != "" {
			if d, ok := chamber.ParseDate(due.String); ok {
				at := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, t.loc)
				it.DueAt = &at
			} else if us, err := strconv.ParseInt(due.String, 10, 64); err == nil && us > 0 {
				at := fromMicros(us)
				it.DueAt = &at
			}
		}
		t.out = append(t.out, it)
	}
	return rows.Err()
}

func linkTo(prefix string) func(chamber.ID) string {
	return func(id chamber.ID) string { return prefix + strconv.FormatInt(id, 10) }
}

// n is the placeholder of the LIMIT after k arguments.
func lim(k int) string { return " LIMIT $" + strconv.Itoa(k+1) }

// claims: the current step of a pending claim names the caller
// (reimbursement_steps_approver; CROSS JOIN keeps SQLite's join order,
// PostgreSQL plans it as the inner join it is).
func (t *todoQuery) claims() error {
	return t.add(chamber.TodoReimbursement, linkTo("/reimbursements/"),
		`SELECT r.id, r.number || ' ' || r.summary || ' · ' || r.claimant, CAST(NULL AS TEXT) FROM reimbursement_steps s
		CROSS JOIN reimbursements r WHERE r.id = s.reimbursement_id AND r.current_step = s.seq
		AND s.approver_id = $1 AND r.status = 'pending' ORDER BY r.id`+lim(1), t.a.UserID)
}

// leave: pending requests whose approver is the caller (leave_requests_approver).
func (t *todoQuery) leave() error {
	return t.add(chamber.TodoLeave, func(chamber.ID) string { return "/leave" },
		`SELECT id, name || ' ' || from_on || ' – ' || to_on, from_on FROM leave_requests
		WHERE approver_user_id = $1 AND status = 'pending' ORDER BY from_on, id`+lim(1), t.a.UserID)
}

// documents: outgoing documents under review whose first pending step is
// the caller's (document_steps_user).
func (t *todoQuery) documents() error {
	return t.add(chamber.TodoDocument, linkTo("/documents/"),
		`SELECT d.id, d.title, CAST(NULL AS TEXT) FROM document_steps s JOIN documents d ON d.id = s.document_id
		WHERE s.user_id = $1 AND s.decision = 'pending' AND d.status = 'reviewing'
		AND NOT EXISTS (SELECT 1 FROM document_steps e WHERE e.document_id = s.document_id AND e.decision = 'pending'
			AND (e.round < s.round OR (e.round = s.round AND e.seq < s.seq)))
		ORDER BY d.id`+lim(1), t.a.UserID)
}

// incoming: incoming documents in routing whose readers the routing made
// the caller one of (document_readers_user).
func (t *todoQuery) incoming() error {
	return t.add(chamber.TodoIncoming, linkTo("/documents/"),
		`SELECT d.id, COALESCE(d.receipt_no, '') || ' ' || d.title, NULLIF(d.due_on, '') FROM document_readers r CROSS JOIN documents d
		WHERE d.id = r.document_id AND r.user_id = $1 AND d.direction = 'incoming' AND d.status = 'routing' ORDER BY d.id`+lim(1), t.a.UserID)
}

// drafts: 审核 for finance.review (not one's own), the 出纳's confirmation
// for finance.cashier, 记账 for finance.post (voucher_drafts_status).
func (t *todoQuery) drafts() error {
	link := linkTo("/finance/drafts/")
	a := t.a
	if a.Permissions[chamber.PermFinanceReview] {
		if err := t.add(chamber.TodoVoucherDraft, link, `SELECT id, date || ' ' || summary, CAST(NULL AS TEXT) FROM voucher_drafts
			WHERE status = 'draft' AND maker_id <> $1 ORDER BY id`+lim(1), a.UserID); err != nil {
			return err
		}
	}
	if a.Permissions[chamber.PermFinanceCashier] {
		if err := t.add(chamber.TodoVoucherDraft, link, `SELECT id, date || ' ' || summary, CAST(NULL AS TEXT) FROM voucher_drafts
			WHERE status = 'reviewed' AND moves_cash AND cashier_id = 0 AND maker_id <> $1 ORDER BY id`+lim(1), a.UserID); err != nil {
			return err
		}
	}
	if a.Permissions[chamber.PermFinancePost] {
		if err := t.add(chamber.TodoVoucherDraft, link, `SELECT id, date || ' ' || summary, CAST(NULL AS TEXT) FROM voucher_drafts
			WHERE status = 'reviewed' AND (NOT moves_cash OR cashier_id <> 0) ORDER BY id`+lim(0)); err != nil {
			return err
		}
	}
	return nil
}

// applications: submitted ones to review and reviewed ones to decide, for
// member.write (member_applications_status).
func (t *todoQuery) applications() error {
	if !t.a.Can(chamber.PermMemberWrite) {
		return nil
	}
	return t.add(chamber.TodoApplication, linkTo("/applications/"),
		`SELECT id, name, CAST(NULL AS TEXT) FROM member_applications WHERE status IN ('submitted', 'reviewed') ORDER BY id`+lim(0))
}

// tickets: open tickets assigned to the caller, soonest due first (tickets_assignee_status).
func (t *todoQuery) tickets() error {
	return t.add(chamber.TodoTicket, linkTo("/tickets/"),
		`SELECT id, subject, CAST(due_at AS TEXT) FROM tickets WHERE assignee_id = $1 AND status IN ('open', 'in_progress') ORDER BY due_at, id`+lim(1), t.a.UserID)
}

// minutes: the latest version of a meeting's minutes, still a draft, for a
// supervisor (audit.read) who did not write it (minutes_status).
func (t *todoQuery) minutes() error {
	if !t.a.Can(chamber.PermAuditRead) {
		return nil
	}
	return t.add(chamber.TodoMinutes, func(id chamber.ID) string { return "/meetings/" + strconv.FormatInt(id, 10) + "/minutes" },
		`SELECT m.meeting_id, mt.title, CAST(NULL AS TEXT) FROM minutes m JOIN meetings mt ON mt.id = m.meeting_id
		WHERE m.status = 'draft' AND m.created_by <> $1
		AND NOT EXISTS (SELECT 1 FROM minutes n WHERE n.meeting_id = m.meeting_id AND n.version > m.version)
		ORDER BY m.meeting_id`+lim(1), t.a.Username)
}

// actionItems: open action items the caller owns, linked to their
// meeting (action_items_owner).
func (t *todoQuery) actionItems() error {
	return t.add(chamber.TodoActionItem, linkTo("/meetings/"),
		`SELECT a.id, a.title || ' · ' || COALESCE(m.title, ''), a.due_on, a.meeting_id FROM action_items a LEFT JOIN meetings m ON m.id = a.meeting_id
		WHERE a.owner_id = $1 AND a.status = 'open' ORDER BY a.due_on, a.id`+lim(1), t.a.UserID)
}

// projects: active projects the caller owns, due on their next open
// milestone (projects_owner).
func (t *todoQuery) projects() error {
	return t.add(chamber.TodoProject, linkTo("/projects/"),
		`SELECT p.id, p.title, (SELECT MIN(s.due_on) FROM project_milestones s WHERE s.project_id = p.id AND s.done_on = '') FROM projects p
		WHERE p.owner_id = $1 AND p.status = 'active' ORDER BY p.id`+lim(1), t.a.UserID)
}

// acks: notices sent to the caller or its member that ask for a
// confirmation (回执) not given yet (announcement_deliveries_user, _member).
func (t *todoQuery) acks() error {
	return t.add(chamber.TodoAck, linkTo("/inbox/"),
		`SELECT a.id, a.title, CAST(NULL AS TEXT) FROM announcement_deliveries d JOIN announcements a ON a.id = d.announcement_id
		WHERE ((d.user_id = $1 AND $1 <> 0) OR (d.member_id = $2 AND $2 <> 0)) AND a.require_ack AND d.acked_at IS NULL
		ORDER BY d.id DESC`+lim(2), t.a.UserID, t.a.MemberID)
}

// notices: meetings still to come whose notice was never sent, for
// meeting.manage (meetings_starts; the notice's key is unique).
func (t *todoQuery) notices() error {
	if !t.a.Can(chamber.PermMeetingManage) {
		return nil
	}
	return t.add(chamber.TodoNotice, linkTo("/meetings/"),
		`SELECT m.id, m.title, CAST(m.starts_at AS TEXT) FROM meetings m
		WHERE m.starts_at >= $1 AND m.status <> 'closed'
		AND NOT EXISTS (SELECT 1 FROM announcements a WHERE a.notify_key = 'meeting:' || CAST(m.id AS TEXT) || ':notice')
		ORDER BY m.starts_at, m.id`+lim(1), micros(t.db.Now()))
}

// purchases: the current step of a pending purchase request names the
// caller (purchase_steps_approver).
func (t *todoQuery) purchases() error {
	return t.add(chamber.TodoPurchase, linkTo("/purchases/"),
		`SELECT p.id, p.number || ' ' || p.title || ' · ' || p.requester, CAST(NULL AS TEXT) FROM purchase_steps s
		CROSS JOIN purchases p WHERE p.id = s.purchase_id AND p.current_step = s.seq
		AND s.approver_id = $1 AND p.status = 'pending' ORDER BY p.id`+lim(1), t.a.UserID)
}

// contracts: staff contracts ending within chamber.ContractReminderDays
// (or ended and not renewed), for the 人力资源部's head (staff_contract_ends).
func (t *todoQuery) contracts() error {
	today := t.db.today(t.ctx)
	owners, err := hrOwners(t.ctx, t.db.read, today)
	if err != nil || !hasID(owners, t.a.UserID) {
		return err
	}
	d, _ := chamber.ParseDate(today)
	return t.add(chamber.TodoContract, linkTo("/staff#staff-"),
		`SELECT s.id, s.name || ' · ' || COALESCE(p.name, ''), s.contract_ends_on FROM staff s LEFT JOIN positions p ON p.id = s.position_id
		WHERE s.contract_ends_on <> '' AND s.contract_ends_on <= $1 ORDER BY s.contract_ends_on, s.id`+lim(1),
		d.AddDate(0, 0, chamber.ContractReminderDays).Format("2006-01-02"))
}

// vehicles: insurance and inspection ending within
// chamber.VehicleReminderDays (or lapsed), for the 行政后勤部.
func (t *todoQuery) vehicles() error {
	today := t.db.today(t.ctx)
	owners, err := logisticsOwners(t.ctx, t.db.read, today)
	if err != nil || !hasID(owners, t.a.UserID) {
		return err
	}
	d, _ := chamber.ParseDate(today)
	by := d.AddDate(0, 0, chamber.VehicleReminderDays).Format("2006-01-02")
	for _, k := range []struct{ kind, col string }{{chamber.TodoVehicleInsurance, "insurance_until"}, {chamber.TodoVehicleInspection, "inspection_until"}} {
		if err := t.add(k.kind, func(chamber.ID) string { return "/facilities" },
			`SELECT id, plate || ' ' || name, `+k.col+` FROM vehicles WHERE `+k.col+` <> '' AND `+k.col+` <= $1 ORDER BY `+k.col+`, id`+lim(1), by); err != nil {
			return err
		}
	}
	return nil
}

// openings: the current step of a pending opening names the caller
// (opening_steps_approver).
func (t *todoQuery) openings() error {
	return t.add(chamber.TodoOpening, linkTo("/recruitment/"),
		`SELECT o.id, o.title || ' · ' || o.requester, CAST(NULL AS TEXT) FROM opening_steps s
		CROSS JOIN openings o WHERE o.id = s.opening_id AND o.current_step = s.seq
		AND s.approver_id = $1 AND o.status = 'pending' ORDER BY o.id`+lim(1), t.a.UserID)
}
