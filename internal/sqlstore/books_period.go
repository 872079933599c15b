package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/chamber-org/chamber"
)

func validYear(year int) error {
	if year < 1900 || year > 2100 {
		var f chamber.Fields
		f.Add("year", "err.invalid_value")
		return f.Err()
	}
	return nil
}

// GeneralLedger is the 总账 of a year (finance.read): per top-level
// account the 年初余额 and each month's movements. Opening-balance lines
// count in the 年初余额, as in the trial balance.
func (db *DB) GeneralLedger(ctx context.Context, year int) (*chamber.GeneralLedger, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	from, to := fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year)
	accts, err := loadAccounts(ctx, db.read)
	if err != nil {
		return nil, err
	}
	// One pass over the month totals: what is before the year (or an
	// opening balance) has no month and is the 年初余额; the rest is by
	// account and month.
	rows, err := db.read.QueryContext(ctx, `SELECT account, CASE WHEN period < $1 OR opening THEN '' ELSE period END,
		COALESCE(SUM(debit_fen), 0), COALESCE(SUM(credit_fen), 0)
		FROM ledger_month_totals WHERE period <= $2
		GROUP BY account, CASE WHEN period < $1 OR opening THEN '' ELSE period END`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	opening := map[string]int64{}
	var moves []chamber.LedgerMove
	for rows.Next() {
		var m chamber.LedgerMove
		if err := rows.Scan(&m.Code, &m.Period, &m.DebitFen, &m.CreditFen); err != nil {
			return nil, err
		}
		if m.Period == "" {
			opening[m.Code] += m.DebitFen - m.CreditFen
			continue
		}
		moves = append(moves, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return chamber.BuildGeneralLedger(year, accts, opening, moves), nil
}

// CloseYear posts the 期末结转 of year (finance.post): one voucher dated
// 12-31 that brings every income and expense account to zero against
// 非限定性净资产 (3101) or, for restricted accounts, 限定性净资产 (3102),
// through the ledger's hash chain. A year is closed once (409
// year_closed); a year with nothing to carry is 409 nothing_to_close;
// before its December it is 409 year_not_over; a closed December refuses
// it (period_closed).
func (db *DB) CloseYear(ctx context.Context, year int) (*chamber.YearClosing, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	if err := validYear(year); err != nil {
		return nil, err
	}
	date := fmt.Sprintf("%04d-12-31", year)
	if db.Today(ctx) < fmt.Sprintf("%04d-12-01", year) {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "year_not_over", Key: "ledger.err.year_not_over", Args: []any{year}}
	}
	var out *chamber.YearClosing
	err := db.Write(ctx, actor, func(tx *Tx) error {
		// The ledger head's lock: no voucher is posted while we add up.
		if _, err := tx.ExecContext(ctx, `UPDATE chain_heads SET seq = seq WHERE name = 'ledger'`); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM year_closings WHERE year = $1`, year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "year_closed", Key: "ledger.err.year_closed", Args: []any{year}}
		}
		bal, err := tx.incomeExpenseBalances(date)
		if err != nil {
			return err
		}
		accounts, err := tx.chart()
		if err != nil {
			return err
		}
		list := make([]*chamber.Account, 0, len(accounts))
		for _, a := range accounts {
			list = append(list, a)
		}
		nv, ok := chamber.ClosingVoucher(date, list, bal)
		if !ok {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "nothing_to_close", Key: "ledger.err.nothing_to_close", Args: []any{year}}
		}
		v, err := tx.postVoucher(nv, accounts)
		if err != nil {
			return err
		}
		out = &chamber.YearClosing{Year: year, VoucherID: v.ID, Number: v.Number, ClosedAt: tx.now}
		if actor != nil {
			out.ClosedBy = actor.UserID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO year_closings(year, voucher_id, closed_at, closed_by) VALUES ($1, $2, $3, $4)`,
			year, v.ID, micros(tx.now), out.ClosedBy); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "year_closed", Key: "ledger.err.year_closed", Args: []any{year}}
			}
			return err
		}
		return tx.Audit("year.close", "voucher", v.ID, nil, v)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// incomeExpenseBalances are the balances (debit positive) of every income
// and expense account at the end of date.
func (tx *Tx) incomeExpenseBalances(date string) (map[string]int64, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT account, COALESCE(SUM(debit_fen - credit_fen), 0) FROM voucher_lines
		WHERE date <= $1 AND (account LIKE '4%' OR account LIKE '5%') GROUP BY account`, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var code string
		var v int64
		if err := rows.Scan(&code, &v); err != nil {
			return nil, err
		}
		if v != 0 {
			out[code] = v
		}
	}
	return out, rows.Err()
}

// YearClosings lists the years closed, newest first (finance.read).
func (db *DB) YearClosings(ctx context.Context) ([]*chamber.YearClosing, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.YearClosing, error) {
		var y chamber.YearClosing
		var at int64
		if err := sc.Scan(&y.Year, &y.VoucherID, &y.Number, &at, &y.ClosedBy); err != nil {
			return nil, err
		}
		y.ClosedAt = fromMicros(at)
		return &y, nil
	}, `SELECT y.year, y.voucher_id, v.number, y.closed_at, y.closed_by FROM year_closings y
		JOIN vouchers v ON v.id = y.voucher_id ORDER BY y.year DESC`)
}

// guardYearEnd refuses to close December while the year's income and
// expense accounts still hold balances and the year is not closed:
// 期末结转 comes before 结账 of the last month.
func (tx *Tx) guardYearEnd(period string) error {
	if len(period) != 7 || period[5:] != "12" {
		return nil
	}
	var year int
	if _, err := fmt.Sscanf(period[:4], "%d", &year); err != nil {
		return nil
	}
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT 1 FROM year_closings WHERE year = $1`, year).Scan(&n)
	if err == nil {
		return nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	bal, err := tx.incomeExpenseBalances(period + "-31")
	if err != nil {
		return err
	}
	if len(bal) == 0 {
		return nil
	}
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "year_end_open", Key: "ledger.err.year_end_open", Args: []any{year}}
}

// guardClosedYear refuses, once a year is closed by its 期末结转, another
// voucher dated in it on an income or expense account: it would leave
// the account off zero after the closing (409 year_closed).
func (tx *Tx) guardClosedYear(in chamber.NewVoucher) error {
	if in.Kind == chamber.VoucherClosing || len(in.Date) < 4 {
		return nil
	}
	touches := false
	for _, l := range in.Lines {
		if k := chamber.KindOfCode(l.Account); k == chamber.AccountIncome || k == chamber.AccountExpense {
			touches = true
		}
	}
	if !touches {
		return nil
	}
	var year, n int
	if _, err := fmt.Sscanf(in.Date[:4], "%d", &year); err != nil {
		return nil
	}
	if err := tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM year_closings WHERE year = $1`, year).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &chamber.Error{Code: chamber.ECONFLICT, Reason: "year_closed", Key: "ledger.err.year_closed_voucher", Args: []any{year},
			Fields: []chamber.FieldError{{Field: "date", Key: "ledger.err.year_closed_voucher", Args: []any{year}}}}
	}
	return nil
}
