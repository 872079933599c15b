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

const limitsSetting = "finance.reimbursement_limits"

// CreateReimbursement files a claim for the caller and routes it: the
// direct superior, then up to the positions the limits name.
func (db *DB) CreateReimbursement(ctx context.Context, in chamber.NewReimbursement) (*chamber.Reimbursement, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	in.Summary, in.Receipts = strings.TrimSpace(in.Summary), strings.TrimSpace(in.Receipts)
	for i := range in.Lines {
		in.Lines[i].Memo = strings.TrimSpace(in.Lines[i].Memo)
		in.Lines[i].Account = strings.TrimSpace(in.Lines[i].Account)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c, err := db.prepareClaim(ctx, actor, in)
	if err != nil {
		return nil, err
	}
	err = db.Write(ctx, actor, func(tx *Tx) error { return tx.insertClaim(c) })
	if err != nil {
		return nil, err
	}
	r := c.r
	r.Budget, err = db.budgetCheck(ctx, db.read, r)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// claimDraft is a claim routed and ready to insert.
type claimDraft struct {
	r     *chamber.Reimbursement
	in    chamber.NewReimbursement
	steps []chamber.Approver
}

// prepareClaim routes a validated claim of the actor as the org chart
// stands today (outside the write transaction: it reads the chart).
func (db *DB) prepareClaim(ctx context.Context, actor *chamber.Actor, in chamber.NewReimbursement) (*claimDraft, error) {
	today := db.Today(ctx)
	total := in.Total()
	steps, err := db.approvalRoute(ctx, actor.UserID, today, total, "reimb")
	if err != nil {
		return nil, err
	}
	deptID, dept, err := db.claimantDepartment(ctx, actor.UserID, today)
	if err != nil {
		return nil, err
	}
	r := &chamber.Reimbursement{ClaimantID: actor.UserID, Claimant: actor.Name, DepartmentID: deptID, Department: dept,
		Date: today, Summary: in.Summary, Receipts: in.Receipts, TotalFen: total, Status: chamber.ClaimPending}
	if r.Claimant == "" {
		r.Claimant = actor.Username
	}
	return &claimDraft{r: r, in: in, steps: steps}, nil
}

// insertClaim writes a prepared claim with its lines and steps and audits
// it, inside the caller's transaction (a claim, a trip's fuel).
func (tx *Tx) insertClaim(c *claimDraft) error {
	ctx, r, in, steps, today := tx.ctx, c.r, c.in, c.steps, c.r.Date
	accounts, err := tx.chart()
	if err != nil {
		return err
	}
	var f chamber.Fields
	for i, l := range in.Lines {
		if a := accounts[l.Account]; a == nil || a.Kind != chamber.AccountExpense {
			f.Add(fmt.Sprintf("lines[%d].account", i), "ledger.err.unknown_account", l.Account)
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	seq, err := tx.nextNumber("reimbursement-" + today[:4])
	if err != nil {
		return err
	}
	r.Number = chamber.ReimbursementNumber(today[:4], seq)
	r.CreatedAt = tx.now
	if err := tx.QueryRowContext(ctx, `INSERT INTO reimbursements(number, claimant_id, claimant, department_id, department, date,
		summary, receipts, total_fen, status, current_step, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11) RETURNING id`,
		r.Number, r.ClaimantID, r.Claimant, r.DepartmentID, r.Department, r.Date, r.Summary, r.Receipts, r.TotalFen,
		r.Status, micros(tx.now)).Scan(&r.ID); err != nil {
		return err
	}
	for i, l := range in.Lines {
		rl := chamber.ReimbursementLine{LineNo: i + 1, Date: l.Date, Account: l.Account, AccountName: accounts[l.Account].Name,
			AmountFen: l.AmountFen, Memo: l.Memo}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reimbursement_lines(reimbursement_id, line_no, date, account, amount_fen, memo)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, rl.LineNo, rl.Date, rl.Account, rl.AmountFen, rl.Memo); err != nil {
			return err
		}
		r.Lines = append(r.Lines, rl)
	}
	for i, a := range steps {
		st := chamber.ReimbursementStep{Seq: i, PositionCode: a.PositionCode, PositionName: a.PositionName,
			ApproverID: a.UserID, Approver: a.Name, Acting: a.Acting}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reimbursement_steps(reimbursement_id, seq, position_id, position_code,
			position_name, approver_id, approver, acting) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			r.ID, i, a.PositionID, a.PositionCode, a.PositionName, a.UserID, a.Name, a.Acting); err != nil {
			return err
		}
		r.Steps = append(r.Steps, st)
	}
	return tx.Audit("reimbursement.create", "reimbursement", r.ID, nil, r)
}

// budgetCheck compares a claim with its department's budget lines for the
// claim's year: spending on expense accounts booked to the department, plus
// the claim while it is not yet booked.
func (db *DB) budgetCheck(ctx context.Context, q rowQuerier, r *chamber.Reimbursement) (*chamber.BudgetCheck, error) {
	year, _ := strconv.Atoi(r.Date[:4])
	var budget, spent int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount_fen), 0) FROM budgets WHERE year = $1 AND department_id = $2`,
		year, r.DepartmentID).Scan(&budget); err != nil {
		return nil, err
	}
	from, to := r.Date[:4]+"-01-01", r.Date[:4]+"-12-31"
	qs := `SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM voucher_lines WHERE account LIKE '5%' AND date >= $1 AND date <= $2 AND NOT closing`
	args := []any{from, to}
	if r.DepartmentID != 0 {
		qs += ` AND department_id = $3`
		args = append(args, r.DepartmentID)
	}
	if err := q.QueryRowContext(ctx, qs, args...).Scan(&spent); err != nil {
		return nil, err
	}
	claim := int64(0)
	if r.Status == chamber.ClaimPending {
		claim = r.TotalFen
	}
	c := chamber.NewBudgetCheck(year, budget, spent, claim)
	c.Department = r.Department
	return c, nil
}

const claimColumns = `r.id, r.number, r.claimant_id, r.claimant, r.department_id, r.department, r.date, r.summary, r.receipts,
	r.total_fen, r.status, r.current_step, COALESCE(r.voucher_id, 0), COALESCE(r.pay_voucher_id, 0), r.paid_at, r.created_at`

func scanClaim(sc interface{ Scan(...any) error }, extra ...any) (*chamber.Reimbursement, error) {
	var r chamber.Reimbursement
	var paid sql.NullInt64
	var at int64
	dst := append([]any{&r.ID, &r.Number, &r.ClaimantID, &r.Claimant, &r.DepartmentID, &r.Department, &r.Date, &r.Summary, &r.Receipts,
		&r.TotalFen, &r.Status, &r.CurrentStep, &r.VoucherID, &r.PayVoucherID, &paid, &at}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return nil, err
	}
	r.PaidAt, r.CreatedAt = nullMicros(paid), fromMicros(at)
	return &r, nil
}

// loadClaim reads a claim with its lines and steps through q (the reader or a tx).
func (db *DB) loadClaim(ctx context.Context, q rowQuerier, id chamber.ID) (*chamber.Reimbursement, error) {
	r, err := scanClaim(q.QueryRowContext(ctx, `SELECT `+claimColumns+` FROM reimbursements r WHERE r.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "reimb.err.not_found")
	}
	rows, err := q.QueryContext(ctx, `SELECT l.line_no, l.date, l.account, a.name, l.amount_fen, l.memo FROM reimbursement_lines l
		JOIN accounts a ON a.code = l.account WHERE l.reimbursement_id = $1 ORDER BY l.line_no`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var l chamber.ReimbursementLine
		if err := rows.Scan(&l.LineNo, &l.Date, &l.Account, &l.AccountName, &l.AmountFen, &l.Memo); err != nil {
			rows.Close()
			return nil, err
		}
		r.Lines = append(r.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT seq, position_code, position_name, approver_id, approver, acting, decision, comment, decided_at
		FROM reimbursement_steps WHERE reimbursement_id = $1 ORDER BY seq`, id)
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
		r.Steps = append(r.Steps, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if a := r.CurrentApprover(); a != 0 {
		r.WaitingFor = r.Steps[r.CurrentStep].Approver
	}
	return r, nil
}

// mayReadClaim: the claimant, anyone on its approval route, finance.read.
func mayReadClaim(a *chamber.Actor, r *chamber.Reimbursement) bool {
	if a.Can(chamber.PermFinanceRead) || a.UserID == r.ClaimantID {
		return true
	}
	for _, s := range r.Steps {
		if s.ApproverID == a.UserID {
			return true
		}
	}
	return false
}

// FindReimbursement returns a claim to those who may see it, with the budget check.
func (db *DB) FindReimbursement(ctx context.Context, id chamber.ID) (*chamber.Reimbursement, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	r, err := db.loadClaim(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadClaim(actor, r) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "reimb.err.not_found")
	}
	if r.Budget, err = db.budgetCheck(ctx, db.read, r); err != nil {
		return nil, err
	}
	return r, nil
}

// ListReimbursements lists claims newest first; the cursor is the last id.
func (db *DB) ListReimbursements(ctx context.Context, f chamber.ClaimFilter, p chamber.Page) ([]*chamber.Reimbursement, string, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, "", chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" && !containsStr(chamber.ClaimStatuses, f.Status) {
		return nil, "", fieldErr("status", "err.invalid_value")
	}
	q := `SELECT ` + claimColumns + `, COALESCE(s.approver, '') FROM reimbursements r
		LEFT JOIN reimbursement_steps s ON s.reimbursement_id = r.id AND s.seq = r.current_step AND r.status = 'pending'
		WHERE r.id < $1`
	args := []any{before}
	switch f.View {
	case "", "mine":
		args = append(args, actor.UserID)
		q += fmt.Sprintf(" AND r.claimant_id = $%d", len(args))
	case "waiting":
		args = append(args, actor.UserID)
		q += fmt.Sprintf(" AND r.status = 'pending' AND s.approver_id = $%d", len(args))
	case "all":
		if err := actor.Require(chamber.PermFinanceRead); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", fieldErr("view", "err.invalid_value")
	}
	if f.Status != "" {
		args = append(args, f.Status)
		q += fmt.Sprintf(" AND r.status = $%d", len(args))
	}
	args = append(args, p.Limit+1)
	q += fmt.Sprintf(" ORDER BY r.id DESC LIMIT $%d", len(args))
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*chamber.Reimbursement
	for rows.Next() {
		var waiting string
		r, err := scanClaim(rows, &waiting)
		if err != nil {
			return nil, "", err
		}
		r.WaitingFor = waiting
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(x *chamber.Reimbursement) chamber.ID { return x.ID })
	return out, next, nil
}

// WaitingCount is how many claims wait for the caller's decision.
func (db *DB) WaitingCount(ctx context.Context) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 {
		return 0, nil
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM reimbursement_steps s JOIN reimbursements r
		ON r.id = s.reimbursement_id AND r.current_step = s.seq WHERE s.approver_id = $1 AND r.status = 'pending'`, actor.UserID).Scan(&n)
	return n, err
}

// decide loads a pending claim inside tx and checks the caller is its
// current approver (and not its claimant).
func (db *DB) decide(tx *Tx, id chamber.ID) (*chamber.Reimbursement, error) {
	r, err := db.loadClaim(tx.ctx, tx, id)
	if err != nil {
		return nil, err
	}
	a := tx.actor
	if !mayReadClaim(a, r) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "reimb.err.not_found")
	}
	if r.Status != chamber.ClaimPending {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_pending", Key: "reimb.err.not_pending"}
	}
	if a.UserID == r.ClaimantID {
		return nil, &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "own_claim", Key: "reimb.err.own_claim"}
	}
	if r.CurrentApprover() != a.UserID {
		return nil, &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "not_your_turn", Key: "reimb.err.not_your_turn",
			Args: []any{r.Steps[r.CurrentStep].Approver}}
	}
	return r, nil
}

func (tx *Tx) recordDecision(r *chamber.Reimbursement, decision, comment string) error {
	return tx.recordStep(claimRoute, r.ID, r.Steps, r.CurrentStep, decision, comment)
}

// ApproveReimbursement records the current approver's yes; the last yes
// posts Dr expense (booked to the claimant's department) / Cr 应付报销款.
func (db *DB) ApproveReimbursement(ctx context.Context, id chamber.ID, d chamber.ClaimDecision) (*chamber.Reimbursement, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	var err error
	if d.Comment, err = decisionComment(d.Comment, false); err != nil {
		return nil, err
	}
	today := db.Today(ctx)
	var out *chamber.Reimbursement
	err = db.Write(ctx, actor, func(tx *Tx) error {
		r, err := db.decide(tx, id)
		if err != nil {
			return err
		}
		before := *r
		if err := tx.recordDecision(r, "approved", d.Comment); err != nil {
			return err
		}
		if r.CurrentStep+1 < len(r.Steps) {
			r.CurrentStep++
			r.WaitingFor = r.Steps[r.CurrentStep].Approver
		} else {
			nv := chamber.NewVoucher{Date: today, Kind: chamber.VoucherReimbursement, Summary: "报销 " + r.Number + " " + r.Claimant + " " + r.Summary}
			if len([]rune(nv.Summary)) > 200 {
				nv.Summary = string([]rune(nv.Summary)[:200])
			}
			for _, l := range r.Lines {
				nv.Lines = append(nv.Lines, chamber.NewVoucherLine{Account: l.Account, DebitFen: l.AmountFen, Memo: l.Memo, DepartmentID: r.DepartmentID})
			}
			nv.Lines = append(nv.Lines, chamber.NewVoucherLine{Account: chamber.ReimbursementPayable, CreditFen: r.TotalFen,
				Memo: r.Number + " " + r.Claimant, DepartmentID: r.DepartmentID})
			v, err := tx.postVoucher(nv, nil)
			if err != nil {
				return err
			}
			if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
				return err
			}
			r.Status, r.VoucherID, r.WaitingFor = chamber.ClaimApproved, v.ID, ""
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reimbursements SET status = $1, current_step = $2, voucher_id = $3, updated_at = $4 WHERE id = $5`,
			r.Status, r.CurrentStep, nullID(r.VoucherID), micros(tx.now), r.ID); err != nil {
			return err
		}
		out = r
		return tx.Audit("reimbursement.approve", "reimbursement", r.ID, map[string]any{"status": before.Status, "step": before.CurrentStep},
			map[string]any{"status": r.Status, "step": r.CurrentStep, "comment": d.Comment})
	})
	if err != nil {
		return nil, err
	}
	out.Budget, err = db.budgetCheck(ctx, db.read, out)
	return out, err
}

// RejectReimbursement records the current approver's no, with the reason.
func (db *DB) RejectReimbursement(ctx context.Context, id chamber.ID, d chamber.ClaimDecision) (*chamber.Reimbursement, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	var err error
	if d.Comment, err = decisionComment(d.Comment, true); err != nil {
		return nil, err
	}
	var out *chamber.Reimbursement
	err = db.Write(ctx, actor, func(tx *Tx) error {
		r, err := db.decide(tx, id)
		if err != nil {
			return err
		}
		if err := tx.recordDecision(r, "rejected", d.Comment); err != nil {
			return err
		}
		r.Status, r.WaitingFor = chamber.ClaimRejected, ""
		if _, err := tx.ExecContext(ctx, `UPDATE reimbursements SET status = $1, updated_at = $2 WHERE id = $3`,
			r.Status, micros(tx.now), r.ID); err != nil {
			return err
		}
		out = r
		return tx.Audit("reimbursement.reject", "reimbursement", r.ID, map[string]any{"status": chamber.ClaimPending},
			map[string]any{"status": r.Status, "step": r.CurrentStep, "comment": d.Comment})
	})
	if err != nil {
		return nil, err
	}
	out.Budget, err = db.budgetCheck(ctx, db.read, out)
	return out, err
}

// PayReimbursement pays an approved claim (finance.post): Dr 应付报销款 / Cr cash.
func (db *DB) PayReimbursement(ctx context.Context, id chamber.ID, p chamber.ClaimPayment) (*chamber.Reimbursement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	if p.Date == "" {
		p.Date = db.Today(ctx)
	}
	if p.CashAccount == "" {
		p.CashAccount = "100201"
	}
	var f chamber.Fields
	if !chamber.ValidDate(p.Date) {
		f.Add("date", "ledger.err.date")
	}
	if !containsStr(chamber.CashCodes, topCode(p.CashAccount)) {
		f.Add("cash_account", "donation.err.cash_account")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Reimbursement
	err := db.Write(ctx, actor, func(tx *Tx) error {
		r, err := db.loadClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Status != chamber.ClaimApproved {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_payable", Key: "reimb.err.not_payable"}
		}
		v, err := tx.postVoucher(chamber.NewVoucher{Date: p.Date, Kind: chamber.VoucherReimbursement,
			Summary: "支付报销款 " + r.Number + " " + r.Claimant,
			Lines: []chamber.NewVoucherLine{
				{Account: chamber.ReimbursementPayable, DebitFen: r.TotalFen, Memo: r.Number, DepartmentID: r.DepartmentID},
				{Account: p.CashAccount, CreditFen: r.TotalFen, Memo: r.Number},
			}}, nil)
		if err != nil {
			var e *chamber.Error
			if errors.As(err, &e) {
				for i := range e.Fields {
					if strings.HasSuffix(e.Fields[i].Field, "account") {
						e.Fields[i].Field = "cash_account"
					}
				}
			}
			return err
		}
		if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
			return err
		}
		now := tx.now
		r.Status, r.PayVoucherID, r.PaidAt = chamber.ClaimPaid, v.ID, &now
		if _, err := tx.ExecContext(ctx, `UPDATE reimbursements SET status = $1, pay_voucher_id = $2, paid_at = $3, updated_at = $3 WHERE id = $4`,
			r.Status, v.ID, micros(now), r.ID); err != nil {
			return err
		}
		out = r
		return tx.Audit("reimbursement.pay", "reimbursement", r.ID, map[string]any{"status": chamber.ClaimApproved},
			map[string]any{"status": r.Status, "voucher_id": v.ID, "cash_account": p.CashAccount})
	})
	if err != nil {
		return nil, err
	}
	out.Budget, err = db.budgetCheck(ctx, db.read, out)
	return out, err
}

func topCode(code string) string {
	if len(code) > 4 {
		return code[:4]
	}
	return code
}
