package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Purchase requests (物品采购): filed against a budget line, approved along
// the org chart with the claims' amount limits (approvalRoute), received
// into the asset register and office supplies stock (asset.go).

// purchaseBudget is a budget line's room: its amount less what is posted
// against its account (department, project, year) by other vouchers and
// what the line's purchases (not rejected) have committed.
func (db *DB) purchaseBudget(ctx context.Context, q rowQuerier, budgetID chamber.ID) (*chamber.PurchaseBudget, error) {
	var b chamber.PurchaseBudget
	var deptID chamber.ID
	err := q.QueryRowContext(ctx, `SELECT id, year, account, department_id, department, project, amount_fen FROM budgets WHERE id = $1`,
		budgetID).Scan(&b.BudgetID, &b.Year, &b.Account, &deptID, &b.Department, &b.Project, &b.AmountFen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fieldErr("budget_id", "purchase.err.no_budget")
	} else if err != nil {
		return nil, err
	}
	y := strconv.Itoa(b.Year)
	// Received purchases count in full as committed, so their own
	// vouchers are left out of what is spent.
	qs := `SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM voucher_lines l WHERE account LIKE $1 AND date >= $2 AND date <= $3 AND NOT l.closing
		AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.voucher_id = l.voucher_id)`
	args := []any{b.Account + "%", y + "-01-01", y + "-12-31"}
	if deptID != 0 {
		args = append(args, deptID)
		qs += fmt.Sprintf(" AND l.department_id = $%d", len(args))
	}
	if b.Project != "" {
		args = append(args, b.Project)
		qs += fmt.Sprintf(" AND l.project = $%d", len(args))
	}
	if err := q.QueryRowContext(ctx, qs, args...).Scan(&b.SpentFen); err != nil {
		return nil, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(total_fen), 0) FROM purchases WHERE budget_id = $1 AND status <> 'rejected'`,
		budgetID).Scan(&b.CommittedFen); err != nil {
		return nil, err
	}
	b.AvailableFen = b.AmountFen - b.SpentFen - b.CommittedFen
	return &b, nil
}

// PurchaseBudgets lists the year's budget lines with their room (org.read:
// whoever files a purchase picks one).
func (db *DB) PurchaseBudgets(ctx context.Context, year int) ([]*chamber.PurchaseBudget, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	ids, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.ID, error) {
		var id chamber.ID
		return id, sc.Scan(&id)
	}, `SELECT id FROM budgets WHERE year = $1 ORDER BY department_id, project, account LIMIT 200`, year)
	if err != nil {
		return nil, err
	}
	out := make([]*chamber.PurchaseBudget, 0, len(ids))
	for _, id := range ids {
		b, err := db.purchaseBudget(ctx, db.read, id)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// CreatePurchase files a purchase request for the caller. The budget line
// must have room for it (422 otherwise); requests on one line are checked
// one at a time (SQLite's one writer, an advisory lock on PostgreSQL).
func (db *DB) CreatePurchase(ctx context.Context, in chamber.NewPurchase) (*chamber.Purchase, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	today := db.Today(ctx)
	total := in.Total()
	steps, err := db.approvalRoute(ctx, actor.UserID, today, total, "purchase")
	if err != nil {
		return nil, err
	}
	deptID, dept, err := db.claimantDepartment(ctx, actor.UserID, today)
	if err != nil {
		return nil, err
	}
	p := &chamber.Purchase{Title: in.Title, RequesterID: actor.UserID, Requester: actor.Name, DepartmentID: deptID, Department: dept,
		BudgetID: in.BudgetID, TotalFen: total, Status: chamber.PurchasePending}
	if p.Requester == "" {
		p.Requester = actor.Username
	}
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if db.Dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(35, CAST($1 AS INTEGER))`, in.BudgetID); err != nil {
				return err
			}
		}
		b, err := db.purchaseBudget(ctx, tx, in.BudgetID)
		if err != nil {
			return err
		}
		if b.Year != atoi(today[:4]) {
			return fieldErr("budget_id", "purchase.err.budget_year", b.Year)
		}
		if total > b.AvailableFen {
			return &chamber.Error{Code: chamber.EINVALID, Reason: "over_budget", Key: "purchase.err.over_budget",
				Fields: []chamber.FieldError{{Field: "budget_id", Key: "purchase.err.over_budget_field", Args: []any{chamber.FormatYuan(b.AvailableFen)}}}}
		}
		seq, err := tx.nextNumber("purchase-" + today[:4])
		if err != nil {
			return err
		}
		p.Number, p.CreatedAt = chamber.PurchaseNumber(today[:4], seq), tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO purchases(number, title, requester_id, requester, department_id, department,
			budget_id, total_fen, status, current_step, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $10) RETURNING id`,
			p.Number, p.Title, p.RequesterID, p.Requester, p.DepartmentID, p.Department, p.BudgetID, p.TotalFen, p.Status,
			micros(tx.now)).Scan(&p.ID); err != nil {
			return err
		}
		for i, it := range in.Items {
			it.LineNo = i + 1
			if _, err := tx.ExecContext(ctx, `INSERT INTO purchase_items(purchase_id, line_no, name, unit, qty, unit_price_fen, asset)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ID, it.LineNo, it.Name, it.Unit, it.Qty, it.UnitPriceFen, it.Asset); err != nil {
				return err
			}
			p.Items = append(p.Items, it)
		}
		for i, a := range steps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO purchase_steps(purchase_id, seq, position_id, position_code, position_name,
				approver_id, approver, acting) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				p.ID, i, a.PositionID, a.PositionCode, a.PositionName, a.UserID, a.Name, a.Acting); err != nil {
				return err
			}
			p.Steps = append(p.Steps, chamber.ReimbursementStep{Seq: i, PositionCode: a.PositionCode, PositionName: a.PositionName,
				ApproverID: a.UserID, Approver: a.Name, Acting: a.Acting})
		}
		p.WaitingFor = p.Steps[0].Approver
		b.CommittedFen += total
		b.AvailableFen -= total
		p.Budget = b
		return tx.Audit("purchase.create", "purchase", p.ID, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

const purchaseColumns = `id, number, title, requester_id, requester, department_id, department, budget_id, total_fen, status,
	current_step, COALESCE(voucher_id, 0), COALESCE(received_on, ''), created_at`

func scanPurchase(sc interface{ Scan(...any) error }) (*chamber.Purchase, error) {
	var p chamber.Purchase
	var at int64
	if err := sc.Scan(&p.ID, &p.Number, &p.Title, &p.RequesterID, &p.Requester, &p.DepartmentID, &p.Department, &p.BudgetID,
		&p.TotalFen, &p.Status, &p.CurrentStep, &p.VoucherID, &p.ReceivedOn, &at); err != nil {
		return nil, err
	}
	p.CreatedAt = fromMicros(at)
	return &p, nil
}

// loadPurchase reads a request with its items and steps through q.
func (db *DB) loadPurchase(ctx context.Context, q rowQuerier, id chamber.ID) (*chamber.Purchase, error) {
	p, err := scanPurchase(q.QueryRowContext(ctx, `SELECT `+purchaseColumns+` FROM purchases WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "purchase.err.not_found")
	}
	rows, err := q.QueryContext(ctx, `SELECT line_no, name, unit, qty, unit_price_fen, asset FROM purchase_items
		WHERE purchase_id = $1 ORDER BY line_no`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var it chamber.PurchaseItem
		if err := rows.Scan(&it.LineNo, &it.Name, &it.Unit, &it.Qty, &it.UnitPriceFen, &it.Asset); err != nil {
			rows.Close()
			return nil, err
		}
		p.Items = append(p.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT seq, position_code, position_name, approver_id, approver, acting, decision, comment, decided_at
		FROM purchase_steps WHERE purchase_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s chamber.ReimbursementStep
		var at sql.NullInt64
		if err := rows.Scan(&s.Seq, &s.PositionCode, &s.PositionName, &s.ApproverID, &s.Approver, &s.Acting, &s.Decision, &s.Comment, &at); err != nil {
			return nil, err
		}
		s.DecidedAt = nullMicros(at)
		p.Steps = append(p.Steps, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if p.CurrentApprover() != 0 {
		p.WaitingFor = p.Steps[p.CurrentStep].Approver
	}
	return p, nil
}

// mayReadPurchase: the requester, anyone on its route, staff.manage, finance.read.
func mayReadPurchase(a *chamber.Actor, p *chamber.Purchase) bool {
	if a.Can(chamber.PermStaffManage) || a.Can(chamber.PermFinanceRead) || a.UserID == p.RequesterID {
		return true
	}
	for _, s := range p.Steps {
		if s.ApproverID == a.UserID {
			return true
		}
	}
	return false
}

// FindPurchase returns a request, with its budget line's room, to those who may see it.
func (db *DB) FindPurchase(ctx context.Context, id chamber.ID) (*chamber.Purchase, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	p, err := db.loadPurchase(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadPurchase(actor, p) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "purchase.err.not_found")
	}
	if p.Budget, err = db.purchaseBudget(ctx, db.read, p.BudgetID); err != nil {
		return nil, err
	}
	return p, nil
}

// ListPurchases lists requests newest first: the caller's own, those
// waiting for the caller's decision, or all (staff.manage or finance.read).
func (db *DB) ListPurchases(ctx context.Context, f chamber.PurchaseFilter) ([]*chamber.Purchase, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if f.Status != "" && !containsStr(chamber.PurchaseStatuses, f.Status) {
		return nil, fieldErr("status", "err.invalid_value")
	}
	q := `SELECT ` + purchaseColumns + ` FROM purchases p WHERE ($1 = '' OR status = $1)`
	args := []any{f.Status}
	switch f.View {
	case "", "mine":
		args = append(args, actor.UserID)
		q += ` AND requester_id = $2`
	case "waiting":
		args = append(args, actor.UserID)
		q += ` AND status = 'pending' AND EXISTS (SELECT 1 FROM purchase_steps s WHERE s.purchase_id = p.id AND s.seq = p.current_step AND s.approver_id = $2)`
	case "all":
		if !actor.Can(chamber.PermStaffManage) && !actor.Can(chamber.PermFinanceRead) {
			return nil, chamber.Errorf(chamber.EFORBIDDEN, "err.forbidden", string(chamber.PermStaffManage))
		}
	default:
		return nil, fieldErr("view", "err.invalid_value")
	}
	q = strings.ReplaceAll(q, "SELECT id,", "SELECT p.id,") + ` ORDER BY id DESC LIMIT 500`
	out, err := queryAll(ctx, db.read, scanPurchase, q, args...)
	if err != nil {
		return nil, err
	}
	ids := make([]chamber.ID, len(out))
	for i, p := range out {
		ids[i] = p.ID
	}
	waiting, err := waitingFor(ctx, db.read, purchaseRoute, ids)
	for _, p := range out {
		p.WaitingFor = waiting[p.ID]
	}
	return out, err
}

// DecidePurchase records the current approver's yes or no; the last yes
// approves the request (403 for anyone else, 409 when not pending).
func (db *DB) DecidePurchase(ctx context.Context, id chamber.ID, approve bool, comment string) (*chamber.Purchase, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	comment, err := decisionComment(comment, false)
	if err != nil {
		return nil, err
	}
	var out *chamber.Purchase
	err = db.Write(ctx, actor, func(tx *Tx) error {
		p, err := db.loadPurchase(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayReadPurchase(actor, p) {
			return chamber.Errorf(chamber.ENOTFOUND, "purchase.err.not_found")
		}
		if p.Status != chamber.PurchasePending {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_pending", Key: "purchase.err.not_pending"}
		}
		if p.CurrentApprover() != actor.UserID || actor.UserID == p.RequesterID {
			return &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_your_turn", Key: "reimb.err.not_your_turn",
				Args: []any{p.Steps[p.CurrentStep].Approver}}
		}
		before := map[string]any{"status": p.Status, "step": p.CurrentStep}
		decision, action := "rejected", "reject"
		if approve {
			decision, action = "approved", "approve"
		}
		if err := tx.recordStep(purchaseRoute, p.ID, p.Steps, p.CurrentStep, decision, comment); err != nil {
			return err
		}
		now := tx.now
		switch {
		case !approve:
			p.Status = chamber.PurchaseRejected
		case p.CurrentStep+1 < len(p.Steps):
			p.CurrentStep++
		default:
			p.Status = chamber.PurchaseApproved
		}
		p.WaitingFor = ""
		if p.CurrentApprover() != 0 {
			p.WaitingFor = p.Steps[p.CurrentStep].Approver
		}
		if _, err := tx.ExecContext(ctx, `UPDATE purchases SET status = $1, current_step = $2, updated_at = $3 WHERE id = $4`,
			p.Status, p.CurrentStep, micros(now), p.ID); err != nil {
			return err
		}
		out = p
		return tx.Audit("purchase."+action, "purchase", p.ID, before,
			map[string]any{"status": p.Status, "step": p.CurrentStep, "comment": comment})
	})
	if err != nil {
		return nil, err
	}
	out.Budget, err = db.purchaseBudget(ctx, db.read, out.BudgetID)
	return out, err
}
