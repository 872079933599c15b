package sqlstore

import (
	"context"
	"strconv"

	"github.com/chamber-org/chamber"
)

// deptFigure is one figure of a department's dashboard: a constant query
// returning one number, the arguments it takes (by name: "from", "to" the
// year's dates, "year", "now" in microseconds, "from_us", "to_us" the
// year's instants), and the list it counts ({y} is the year).
type deptFigure struct {
	key   string
	q     string
	args  []string
	money bool
	href  string
}

// deptFigures are the figures of each standard department, from its duties.
var deptFigures = map[string][]deptFigure{
	"finance": {
		{key: "claims_waiting", q: `SELECT COUNT(*) FROM reimbursements WHERE status = 'pending'`, href: "/reimbursements"},
		{key: "claims_to_pay", q: `SELECT COUNT(*) FROM reimbursements WHERE status = 'approved'`, href: "/reimbursements"},
		{key: "budget_fen", money: true, href: "/finance/budgets?year={y}"},
		{key: "budget_actual_fen", money: true, href: "/finance/budgets?year={y}"},
		{key: "budget_alerts", href: "/finance/budgets?year={y}"},
		{key: "dues_outstanding_fen", q: `SELECT COALESCE(SUM(amount_fen - adjusted_fen - paid_fen), 0) FROM dues_invoices WHERE year = $1`, args: []string{"year"}, money: true, href: "/finance/dues"},
	},
	"office": {
		{key: "docs_reviewing", q: `SELECT COUNT(*) FROM documents WHERE direction = 'outgoing' AND status = 'reviewing'`, href: "/documents?direction=outgoing"},
		{key: "docs_incoming_open", q: `SELECT COUNT(*) FROM documents WHERE direction = 'incoming' AND status <> 'done'`, href: "/documents?direction=incoming"},
		{key: "docs_issued", q: `SELECT COUNT(*) FROM documents WHERE direction = 'outgoing' AND issued_at >= $1 AND issued_at < $2`, args: []string{"from_us", "to_us"}, href: "/documents?direction=outgoing"},
		{key: "tickets_open", q: `SELECT COUNT(*) FROM tickets WHERE status <> 'resolved'`, href: "/tickets"},
		{key: "tickets_overdue", q: `SELECT COUNT(*) FROM tickets WHERE status <> 'resolved' AND due_at < $1`, args: []string{"now"}, href: "/tickets?overdue=true"},
	},
	"member_development": {
		{key: "members", q: `SELECT COALESCE(SUM(n), 0) FROM member_counts WHERE status IN ('active', 'suspended')`, href: "/members"},
		{key: "members_joined", q: `SELECT COUNT(*) FROM members WHERE joined_on >= $1 AND joined_on <= $2`, args: []string{"from", "to"}, href: "/members"},
		{key: "applications_pending", q: `SELECT COUNT(*) FROM member_applications WHERE status IN ('submitted', 'info_requested', 'reviewed')`, href: "/applications"},
		{key: "tickets_open", q: `SELECT COUNT(*) FROM tickets WHERE status <> 'resolved'`, href: "/tickets"},
	},
	"legal_rights": {
		{key: "legal_open", q: `SELECT COUNT(*) FROM legal_cases WHERE status IN ('open', 'in_progress')`, href: "/legal"},
		{key: "legal_tickets_open", q: `SELECT COUNT(*) FROM tickets WHERE kind = 'legal_aid' AND status <> 'resolved'`, href: "/tickets?kind=legal_aid"},
	},
	"publicity": {
		{key: "ann_drafts", q: `SELECT COUNT(*) FROM announcements WHERE status = 'draft'`, href: "/announcements"},
		{key: "ann_approved", q: `SELECT COUNT(*) FROM announcements WHERE status = 'approved'`, href: "/announcements"},
		{key: "events_held", q: `SELECT COUNT(*) FROM events WHERE starts_at >= $1 AND starts_at < $2 AND status NOT IN ('draft', 'cancelled')`, args: []string{"from_us", "to_us"}, href: "/events?year={y}"},
	},
	"economic_cooperation": {
		{key: "leads_open", q: `SELECT COUNT(*) FROM leads WHERE stage NOT IN ('landed', 'lost')`, href: "/leads"},
		{key: "agreements", q: `SELECT COUNT(*) FROM agreements`, href: "/agreements"},
		{key: "delegations", q: `SELECT COUNT(*) FROM delegations`, href: "/delegations"},
	},
	"logistics": {
		{key: "purchases_pending", q: `SELECT COUNT(*) FROM purchases WHERE status = 'pending'`, href: "/purchases"},
		{key: "purchases_approved", q: `SELECT COUNT(*) FROM purchases WHERE status = 'approved'`, href: "/purchases"},
		{key: "assets", q: `SELECT COUNT(*) FROM assets`, href: "/assets"},
	},
	"human_resources": {
		{key: "staff", q: `SELECT COUNT(*) FROM staff`, href: "/staff"},
		{key: "leave_pending", q: `SELECT COUNT(*) FROM leave_requests WHERE status = 'pending'`, href: "/leave"},
		{key: "openings_open", q: `SELECT COUNT(*) FROM openings WHERE status IN ('pending', 'open')`, href: "/recruitment"},
	},
}

// DeptDashboards compiles the dashboards of the departments the login
// directs (its posts today, acting ones included); the 秘书长 and the
// administrator see them all.
func (db *DB) DeptDashboards(ctx context.Context, year int) ([]chamber.DeptDashboard, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	codes, all, err := db.DirectedDepartments(ctx)
	if err != nil {
		return nil, err
	}
	directs := map[string]bool{}
	for _, c := range codes {
		directs[c] = true
	}
	type dept struct{ code, name string }
	depts, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (dept, error) {
		var d dept
		var sort int
		return d, sc.Scan(&d.code, &d.name, &sort)
	}, `SELECT d.code, d.name, d.sort FROM departments d WHERE d.code IS NOT NULL ORDER BY d.sort, d.code`)
	if err != nil {
		return nil, err
	}
	kept := depts[:0]
	for _, d := range depts {
		if all || directs[d.code] {
			kept = append(kept, d)
		}
	}
	depts = kept
	loc := db.location(ctx)
	y := strconv.Itoa(year)
	vals := map[string]any{"from": y + "-01-01", "to": y + "-12-31", "year": year, "now": micros(db.Now()),
		"from_us": micros(timeInYear(year, loc)), "to_us": micros(timeInYear(year+1, loc))}
	out := []chamber.DeptDashboard{}
	for _, d := range depts {
		figs, ok := deptFigures[d.code]
		if !ok {
			continue
		}
		dd := chamber.DeptDashboard{Code: d.code, Name: d.name, Year: year}
		var budget *[3]int64
		for _, f := range figs {
			fig := chamber.DeptFigure{Key: f.key, Money: f.money, Href: replaceYear(f.href, y)}
			if f.q == "" { // the budget's execution, as the budget report has it
				if budget == nil {
					b, err := db.budgetTotals(ctx, year)
					if err != nil {
						return nil, err
					}
					budget = &b
				}
				fig.Value = map[string]int64{"budget_fen": budget[0], "budget_actual_fen": budget[1], "budget_alerts": budget[2]}[f.key]
			} else {
				a := make([]any, len(f.args))
				for i, n := range f.args {
					a[i] = vals[n]
				}
				if err := db.read.QueryRowContext(ctx, f.q, a...).Scan(&fig.Value); err != nil {
					return nil, err
				}
			}
			dd.Figures = append(dd.Figures, fig)
		}
		out = append(out, dd)
	}
	return out, nil
}

func replaceYear(href, y string) string {
	for i := 0; i+3 <= len(href); i++ {
		if href[i:i+3] == "{y}" {
			return href[:i] + y + href[i+3:]
		}
	}
	return href
}

// DirectedDepartments are the codes of the departments whose director
// post the login holds today (acting included); all is true for the
// 秘书长, the administrator and the system, who see every department.
func (db *DB) DirectedDepartments(ctx context.Context) (codes []string, all bool, err error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgRead); err != nil {
		return nil, false, err
	}
	if actor.Admin || actor.System {
		return nil, true, nil
	}
	today := db.Today(ctx)
	const held = `p.user_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on = '' OR p.ends_on >= $2)`
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts p JOIN positions ps ON ps.id = p.position_id
		WHERE ps.code = $3 AND `+held, actor.UserID, today, chamber.PosSecretaryGeneral).Scan(&n); err != nil {
		return nil, false, err
	}
	if n > 0 {
		return nil, true, nil
	}
	codes, err = queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (string, error) {
		var c string
		return c, sc.Scan(&c)
	}, `SELECT DISTINCT d.code FROM departments d JOIN positions ps ON ps.department_id = d.id JOIN posts p ON p.position_id = ps.id
		WHERE ps.code = d.code || '_director' AND `+held+` ORDER BY d.code`, actor.UserID, today)
	return codes, false, err
}

// budgetTotals is the year's budget, what was spent on it and the lines at
// 80 % or more.
func (db *DB) budgetTotals(ctx context.Context, year int) ([3]int64, error) {
	var t [3]int64
	lines, err := db.BudgetReport(chamber.WithActor(ctx, chamber.SystemActor), year)
	if err != nil {
		return t, err
	}
	for _, b := range lines {
		t[0] += b.AmountFen
		t[1] += b.ActualFen
		if b.Alert != "" {
			t[2]++
		}
	}
	return t, nil
}
