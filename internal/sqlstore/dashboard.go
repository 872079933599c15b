package sqlstore

import (
	"context"
	"fmt"

	"github.com/chamber-org/chamber"
)

// Dashboard is the annual report of the year plus the figures a dashboard
// adds: the members' month by month, dues collection, open and overdue
// requests, budget execution and the vouchers posted. Aggregates only.
func (db *DB) Dashboard(ctx context.Context, year int) (*chamber.Dashboard, error) {
	rep, err := db.AnnualReport(ctx, year)
	if err != nil {
		return nil, err
	}
	d := &chamber.Dashboard{Year: year, Today: db.Today(ctx), Report: rep}
	if err := db.memberTrend(ctx, d); err != nil {
		return nil, err
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN amount_fen - adjusted_fen - paid_fen = 0 AND amount_fen - adjusted_fen > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(amount_fen - adjusted_fen), 0), COALESCE(SUM(paid_fen), 0)
		FROM dues_invoices WHERE year = $1`, year).Scan(&d.DuesInvoices, &d.DuesPaid, &d.DuesInvoicedFen, &d.DuesPaidFen); err != nil {
		return nil, err
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0)
		FROM tickets WHERE status <> 'resolved'`, micros(db.Now())).Scan(&d.TicketsOpen, &d.TicketsOverdue); err != nil {
		return nil, err
	}
	budgets, err := db.BudgetReport(chamber.WithActor(ctx, chamber.SystemActor), year)
	if err != nil {
		return nil, err
	}
	for _, b := range budgets {
		d.BudgetFen += b.AmountFen
		d.BudgetActualFen += b.ActualFen
		if b.Alert != "" {
			d.BudgetAlerts++
		}
	}
	// The vouchers dated in the year's months, as their trigger counts them.
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(vouchers), 0), COALESCE(SUM(reversals), 0)
		FROM voucher_month_counts WHERE month >= $1 AND month <= $2`, rep.From[:7], rep.To[:7]).Scan(&d.Vouchers, &d.Reversals); err != nil {
		return nil, err
	}
	return d, nil
}

// memberTrend counts members (active or suspended today) by the month
// they joined: those before the year make the opening, each month adds.
// The counts come from member_counts (a joined_on is a date or empty, so
// its month orders as the date does).
func (db *DB) memberTrend(ctx context.Context, d *chamber.Dashboard) error {
	from := fmt.Sprintf("%04d-01", d.Year)
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(n), 0) FROM member_counts
		WHERE joined_month < $1 AND status IN ('active', 'suspended')`, from).Scan(&total); err != nil {
		return err
	}
	joined := map[string]int{}
	rows, err := db.read.QueryContext(ctx, `SELECT joined_month, COALESCE(SUM(n), 0) FROM member_counts
		WHERE joined_month >= $1 AND joined_month <= $2 AND status IN ('active', 'suspended') GROUP BY joined_month`,
		from, fmt.Sprintf("%04d-12", d.Year))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		var n int
		if err := rows.Scan(&m, &n); err != nil {
			return err
		}
		joined[m] = n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	last := 12
	if d.Today[:4] == from[:4] {
		fmt.Sscanf(d.Today[5:7], "%d", &last)
	}
	for m := 1; m <= last; m++ {
		key := fmt.Sprintf("%04d-%02d", d.Year, m)
		total += joined[key]
		d.MemberTrend = append(d.MemberTrend, chamber.MonthCount{Month: key, Joined: joined[key], Total: total})
	}
	return nil
}
