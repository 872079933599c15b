package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// adoptingBodies are the bodies whose resolution adopts a budget or final
// accounts: the council (制定财务预算), the standing council between its
// sittings, and the general assembly (审议财务报告).
var adoptingBodies = []string{chamber.BodyCouncil, chamber.BodyStandingCouncil, chamber.BodyGeneralAssembly}

// kindNeededKeys name, in the user's words, the motion kind a link needs.
var kindNeededKeys = map[string]string{chamber.KindBudget: "resolution.err.kind_budget", chamber.KindWorkReport: "resolution.err.kind_work_report"}

// bodyNeededKeys name the body a link needs when only one body will do.
var bodyNeededKeys = map[string]string{chamber.BodyGeneralAssembly: "resolution.err.body_assembly"}

// passedResolution checks that motionID is a closed, passed motion of one
// of kinds (any kind when none is given) put to one of bodies (any when
// none): what a record "adopted by resolution" may link to. A failed, open
// or unknown motion is a field error on field.
func (tx *Tx) passedResolution(motionID chamber.ID, field string, kinds, bodies []string) error {
	var kind, status, body string
	var passed sql.NullBool
	err := tx.QueryRowContext(tx.ctx, `SELECT m.kind, m.status, m.passed, b.kind FROM motions m
		JOIN meetings mt ON mt.id = m.meeting_id JOIN bodies b ON b.id = mt.body_id WHERE m.id = $1`, motionID).
		Scan(&kind, &status, &passed, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return fieldErr(field, "resolution.err.unknown_motion")
	}
	if err != nil {
		return err
	}
	if status != chamber.MotionClosed || !passed.Valid || !passed.Bool {
		return fieldErr(field, "resolution.err.not_passed")
	}
	if len(kinds) > 0 && !containsStr(kinds, kind) {
		if key, ok := kindNeededKeys[kinds[0]]; ok {
			return fieldErr(field, key)
		}
		return fieldErr(field, "resolution.err.kind")
	}
	if len(bodies) > 0 && !containsStr(bodies, body) {
		if key, ok := bodyNeededKeys[bodies[0]]; ok && len(bodies) == 1 {
			return fieldErr(field, key)
		}
		return fieldErr(field, "resolution.err.body")
	}
	return nil
}

// AdoptBudget records the passed budget motion that adopted a year's
// budget or final accounts (finance.post). A year's budget needs at least
// one line; its final accounts need every month of the year closed. Each
// is adopted once (409 already_adopted).
func (db *DB) AdoptBudget(ctx context.Context, kind string, in chamber.NewBudgetAdoption) (*chamber.BudgetAdoption, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	if kind != chamber.AdoptBudget && kind != chamber.AdoptFinalAccounts {
		return nil, fieldErr("kind", "err.invalid_value")
	}
	var f chamber.Fields
	if in.Year < 2000 || in.Year > 2100 {
		f.Add("year", "err.invalid_value")
	}
	if in.MotionID <= 0 {
		f.Add("motion_id", "err.required")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.passedResolution(in.MotionID, "motion_id", []string{chamber.KindBudget}, adoptingBodies); err != nil {
			return err
		}
		switch kind {
		case chamber.AdoptBudget:
			var n int
			if err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM budgets WHERE year = $1`, in.Year).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "no_budget", Key: "budget.err.no_lines", Args: []any{in.Year}}
			}
		case chamber.AdoptFinalAccounts:
			closed, err := yearClosed(tx.ctx, tx, in.Year)
			if err != nil {
				return err
			}
			if !closed {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "year_open", Key: "budget.err.year_open", Args: []any{in.Year}}
			}
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO budget_adoptions(year, kind, motion_id, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT DO NOTHING`, in.Year, kind, in.MotionID, micros(tx.now), actor.UserID); err != nil {
			return err
		}
		var motion chamber.ID
		if err := tx.QueryRowContext(tx.ctx, `SELECT motion_id FROM budget_adoptions WHERE year = $1 AND kind = $2`, in.Year, kind).Scan(&motion); err != nil {
			return err
		}
		if motion != in.MotionID {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_adopted", Key: "budget.err.already_adopted", Args: []any{in.Year}}
		}
		return tx.Audit("budget.adopt", "budget_year", int64(in.Year), nil, map[string]any{"year": in.Year, "kind": kind, "motion_id": in.MotionID})
	})
	if err != nil {
		return nil, err
	}
	a, err := db.budgetAdoption(ctx, db.read, in.Year, kind)
	if err == nil && a == nil {
		err = errors.New("budget adoption not found after insert")
	}
	return a, err
}

// budgetAdoption reads a year's adoption of kind, nil when there is none.
func (db *DB) budgetAdoption(ctx context.Context, q querier, year int, kind string) (*chamber.BudgetAdoption, error) {
	a := chamber.BudgetAdoption{Year: year, Kind: kind}
	var closed sql.NullInt64
	var at int64
	err := q.QueryRowContext(ctx, `SELECT a.motion_id, m.title, m.meeting_id, mt.title, m.closed_at, a.recorded_at, a.recorded_by
		FROM budget_adoptions a JOIN motions m ON m.id = a.motion_id JOIN meetings mt ON mt.id = m.meeting_id
		WHERE a.year = $1 AND a.kind = $2`, year, kind).
		Scan(&a.MotionID, &a.MotionTitle, &a.MeetingID, &a.MeetingTitle, &closed, &at, &a.RecordedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.RecordedAt = fromMicros(at)
	if closed.Valid {
		a.AdoptedOn = fromMicros(closed.Int64).In(db.location(ctx)).Format("2006-01-02")
	}
	return &a, nil
}

// yearClosed reports whether all twelve months of year are closed (结账).
func yearClosed(ctx context.Context, q querier, year int) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_periods WHERE period >= $1 AND period <= $2 AND closed_at IS NOT NULL`,
		strconv.Itoa(year)+"-01", strconv.Itoa(year)+"-12").Scan(&n)
	return n == 12, err
}

// spendGroup is a year's expense posted on one account for one department
// and project (期末结转 and opening-balance lines left out).
type spendGroup struct {
	account      string
	departmentID chamber.ID
	project      string
	fen          int64
}

func (db *DB) yearSpend(ctx context.Context, year int) ([]spendGroup, error) {
	// The lines of the year's months, the opening balances and the 期末结转
	// left out, as their triggers keep them (0070_dashboard_counts).
	from, to := strconv.Itoa(year)+"-01", strconv.Itoa(year)+"-12"
	rows, err := db.read.QueryContext(ctx, `SELECT account, department_id, project, COALESCE(SUM(debit_fen - credit_fen), 0) FROM ledger_spend_totals
		WHERE period >= $1 AND period <= $2 GROUP BY account, department_id, project`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []spendGroup
	for rows.Next() {
		var g spendGroup
		if err := rows.Scan(&g.account, &g.departmentID, &g.project, &g.fen); err != nil {
			return nil, err
		}
		if chamber.KindOfCode(g.account) == chamber.AccountExpense {
			out = append(out, g)
		}
	}
	return out, rows.Err()
}

// covers reports whether a budget line counts a spend group: its account
// or a sub-account, and its department and project when the line names one.
func covers(b *chamber.Budget, g spendGroup) bool {
	return strings.HasPrefix(g.account, b.Account) && (b.DepartmentID == 0 || b.DepartmentID == g.departmentID) &&
		(b.Project == "" || b.Project == g.project)
}

// FinalAccounts is the year's 决算 (finance.read): the budget lines with
// their execution, expense outside every line, and income and expenses as
// the year's 业务活动表 has them, with the adoptions of both.
func (db *DB) FinalAccounts(ctx context.Context, year int) (*chamber.FinalAccounts, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, fieldErr("year", "err.invalid_value")
	}
	lines, err := db.BudgetReport(ctx, year)
	if err != nil {
		return nil, err
	}
	spend, err := db.yearSpend(ctx, year)
	if err != nil {
		return nil, err
	}
	accts, err := db.ListAccounts(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]*chamber.Account{}
	for _, a := range accts {
		names[a.Code] = a
	}
	fa := &chamber.FinalAccounts{Year: year, Lines: lines, Unbudgeted: []chamber.FinalAccountsLine{}}
	outside := map[string]int64{}
	for _, g := range spend {
		in := false
		for _, b := range lines {
			if covers(b, g) {
				in = true
				break
			}
		}
		if !in {
			outside[g.account] += g.fen
		}
	}
	for code, fen := range outside {
		if fen == 0 {
			continue
		}
		l := chamber.FinalAccountsLine{Account: code, AmountFen: fen}
		if a := names[code]; a != nil {
			l.Name, l.NameEN = a.Name, a.NameEN
		}
		fa.Unbudgeted = append(fa.Unbudgeted, l)
		fa.UnbudgetedFen += fen
	}
	sort.Slice(fa.Unbudgeted, func(i, j int) bool { return fa.Unbudgeted[i].Account < fa.Unbudgeted[j].Account })
	for _, b := range lines {
		fa.BudgetFen += b.AmountFen
		fa.BudgetedFen += b.ActualFen
	}
	from, to := strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31"
	bal, err := db.Balances(ctx, from, to)
	if err != nil {
		return nil, err
	}
	act := chamber.BuildActivities(from, to, accts, bal)
	fa.Income, fa.IncomeFen, fa.ExpensesFen = act.Income, act.TotalIncome.AmountFen, act.TotalExpenses.AmountFen
	fa.SurplusFen = fa.IncomeFen - fa.ExpensesFen
	if fa.YearClosed, err = yearClosed(ctx, db.read, year); err != nil {
		return nil, err
	}
	if fa.Budget, err = db.budgetAdoption(ctx, db.read, year, chamber.AdoptBudget); err != nil {
		return nil, err
	}
	if fa.Adoption, err = db.budgetAdoption(ctx, db.read, year, chamber.AdoptFinalAccounts); err != nil {
		return nil, err
	}
	return fa, nil
}
