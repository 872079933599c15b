package sqlstore

// Balances and the 明细账: what the books hold over a range of dates.

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// Balances sums every account's lines over [from, to] (from "" is the
// beginning of the books), with the balance before from. Whole months come
// from the month totals (ledger_month_totals), a last, partial month from its
// lines; a range starting mid-month reads the lines.
func (db *DB) Balances(ctx context.Context, from, to string) ([]chamber.AccountBalance, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return db.accountBalances(ctx, from, to, true)
}

// balanceSums are Balances' columns over rows dated by col (date, or the
// totals' period) compared with $1. Opening-balance lines count in the
// opening (年初数) however they are dated.
func balanceSums(col string) string {
	return fmt.Sprintf(`account,
		COALESCE(SUM(CASE WHEN %[1]s < $1 OR opening THEN debit_fen - credit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN %[1]s >= $1 AND NOT opening THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN %[1]s >= $1 AND NOT opening THEN credit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN %[1]s >= $1 AND moves_cash AND NOT opening THEN credit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN %[1]s >= $1 AND moves_cash AND NOT opening THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN %[1]s >= $1 AND moves_cash AND staff AND NOT opening THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN %[1]s >= $1 AND closing THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN %[1]s >= $1 AND closing THEN credit_fen ELSE 0 END), 0)`, col)
}

// accountBalances is Balances; withTotals false reads every line (the tests
// compare both ways).
func (db *DB) accountBalances(ctx context.Context, from, to string, withTotals bool) ([]chamber.AccountBalance, error) {
	byCode := map[string]*chamber.AccountBalance{}
	add := func(q string, args ...any) error {
		rows, err := db.read.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b chamber.AccountBalance
			if err := rows.Scan(&b.Code, &b.OpeningFen, &b.DebitFen, &b.CreditFen, &b.CashInFen, &b.CashOutFen, &b.StaffOutFen, &b.CarriedDebitFen, &b.CarriedCreditFen); err != nil {
				return err
			}
			if have := byCode[b.Code]; have != nil {
				have.OpeningFen += b.OpeningFen
				have.DebitFen += b.DebitFen
				have.CreditFen += b.CreditFen
				have.CashInFen += b.CashInFen
				have.CashOutFen += b.CashOutFen
				have.StaffOutFen += b.StaffOutFen
				have.CarriedDebitFen += b.CarriedDebitFen
				have.CarriedCreditFen += b.CarriedCreditFen
			} else {
				byCode[b.Code] = &b
			}
		}
		return rows.Err()
	}
	full, ok := lastWholeMonth(to)
	if !withTotals || !ok || (from != "" && !(chamber.ValidDate(from) && strings.HasSuffix(from, "-01"))) {
		if err := add(`SELECT `+balanceSums("date")+` FROM voucher_lines WHERE date <= $2 GROUP BY account`, from, to); err != nil {
			return nil, err
		}
	} else {
		fromPeriod := ""
		if from != "" {
			fromPeriod = from[:7]
		}
		if err := add(`SELECT `+balanceSums("period")+` FROM ledger_month_totals WHERE period <= $2 GROUP BY account`, fromPeriod, full); err != nil {
			return nil, err
		}
		if full != to[:7] { // the days of to's month up to to
			if err := add(`SELECT `+balanceSums("date")+` FROM voucher_lines WHERE date >= $3 AND date <= $2 GROUP BY account`,
				from, to, to[:7]+"-01"); err != nil {
				return nil, err
			}
		}
	}
	out := make([]chamber.AccountBalance, 0, len(byCode))
	for _, b := range byCode {
		b.ClosingFen = b.OpeningFen + b.DebitFen - b.CreditFen
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, chamber.CheckBalances(out) // no statement built from them can overflow
}

// lastWholeMonth is the last month ("YYYY-MM") that ends on or before the
// date to: to's own month when to is its last day, else the one before.
func lastWholeMonth(to string) (string, bool) {
	t, err := time.Parse("2006-01-02", to)
	if err != nil {
		return "", false
	}
	if t.AddDate(0, 0, 1).Month() != t.Month() {
		return to[:7], true
	}
	return time.Date(t.Year(), t.Month(), 0, 0, 0, 0, 0, time.UTC).Format("2006-01"), true
}

// AccountLedger is the 明细账 of an account and its sub-accounts over
// [from, to] in date order (then voucher, then line); the cursor is
// "date.voucherID.lineNo" of the last line seen, and the running balance
// carries on through the cursor's page. Opening-balance lines are in the
// opening, as in the trial balance.
func (db *DB) AccountLedger(ctx context.Context, code, from, to string, p chamber.Page) (*chamber.AccountLedger, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	a, err := scanAccount(db.read.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE code = $1`, code))
	if err != nil {
		return nil, "", notFound(err, "ledger.err.unknown_account")
	}
	afterDate, afterID, afterLine := "", int64(0), int64(0)
	if p.Cursor != "" {
		parts := strings.Split(p.Cursor, ".")
		var e1, e2 error
		if len(parts) == 3 {
			afterDate = parts[0]
			afterID, e1 = strconv.ParseInt(parts[1], 10, 64)
			afterLine, e2 = strconv.ParseInt(parts[2], 10, 64)
		}
		if len(parts) != 3 || !chamber.ValidDate(afterDate) || e1 != nil || e2 != nil || afterID < 0 {
			return nil, "", chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
		}
	}
	led := &chamber.AccountLedger{Account: a, From: from, To: to}
	tree, err := accountTree(ctx, db.read, code)
	if err != nil {
		return nil, "", err
	}
	keys := []any{from, to, afterDate, afterID, afterLine}
	openArgs := append(append([]any{}, keys...), tree...)
	pageArgs := append(append(keys, p.Limit+1), tree...)
	// Opening: everything before from and the opening balances, plus, on a
	// later page, the lines of this range already shown.
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM voucher_lines
		WHERE account IN `+inList(5, len(tree))+` AND date <= $2 AND (date < $1 OR opening
			OR date < $3 OR (date = $3 AND (voucher_id < $4 OR (voucher_id = $4 AND line_no <= $5))))`,
		openArgs...).Scan(&led.OpeningFen); err != nil {
		return nil, "", err
	}
	// The page's lines first, then their vouchers: joining before the
	// LIMIT would look up the voucher of every line of the year.
	rows, err := db.read.QueryContext(ctx, `SELECT l.voucher_id, l.line_no, v.number, l.date, v.summary, l.memo, l.debit_fen, l.credit_fen
		FROM (SELECT voucher_id, line_no, date, memo, debit_fen, credit_fen FROM voucher_lines
			WHERE account IN `+inList(6, len(tree))+` AND date >= $1 AND date <= $2 AND NOT opening
				AND (date > $3 OR (date = $3 AND (voucher_id > $4 OR (voucher_id = $4 AND line_no > $5))))
			ORDER BY date, voucher_id, line_no LIMIT $6) l
		JOIN vouchers v ON v.id = l.voucher_id
		ORDER BY l.date, l.voucher_id, l.line_no`, pageArgs...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	bal := led.OpeningFen
	var lastLine []int64
	for rows.Next() {
		var e chamber.AccountLedgerLine
		var line int64
		if err := rows.Scan(&e.VoucherID, &line, &e.Number, &e.Date, &e.Summary, &e.Memo, &e.DebitFen, &e.CreditFen); err != nil {
			return nil, "", err
		}
		bal += e.DebitFen - e.CreditFen
		e.BalanceFen = bal
		led.Entries = append(led.Entries, e)
		lastLine = append(lastLine, line)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(led.Entries) > p.Limit {
		led.Entries = led.Entries[:p.Limit]
		last := led.Entries[p.Limit-1]
		next = fmt.Sprintf("%s.%d.%d", last.Date, last.VoucherID, lastLine[p.Limit-1])
	}
	led.Finish()
	return led, next, nil
}

// accountTree is code and its sub-accounts, from the chart: the IN list of
// a query over an account's lines. (A prefix LIKE would read every line:
// neither SQLite without case_sensitive_like nor PostgreSQL under its
// default collation serves one from the account index.)
func accountTree(ctx context.Context, q ledgerQuerier, code string) ([]any, error) {
	rows, err := q.QueryContext(ctx, `SELECT code FROM accounts`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []any{code}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		if c != code && strings.HasPrefix(c, code) {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// inList is "($k+1, …, $k+n)".
func inList(k, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", k+i)
	}
	b.WriteByte(')')
	return b.String()
}
