package sqlstore

// Balances and the 明细账: what the books hold over a range of dates.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Balances sums every account's lines over [from, to] (from "" is the
// beginning of the books), with the balance before from.
func (db *DB) Balances(ctx context.Context, from, to string) ([]chamber.AccountBalance, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	// Opening-balance lines count in the opening (年初数) however they are dated.
	rows, err := db.read.QueryContext(ctx, `SELECT account,
		COALESCE(SUM(CASE WHEN date < $1 OR opening THEN debit_fen - credit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN date >= $1 AND NOT opening THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN date >= $1 AND NOT opening THEN credit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN date >= $1 AND moves_cash AND NOT opening THEN credit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN date >= $1 AND moves_cash AND NOT opening THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN date >= $1 AND moves_cash AND staff AND NOT opening THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN date >= $1 AND closing THEN debit_fen ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN date >= $1 AND closing THEN credit_fen ELSE 0 END), 0)
		FROM voucher_lines WHERE date <= $2 GROUP BY account ORDER BY account`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chamber.AccountBalance
	for rows.Next() {
		var b chamber.AccountBalance
		if err := rows.Scan(&b.Code, &b.OpeningFen, &b.DebitFen, &b.CreditFen, &b.CashInFen, &b.CashOutFen, &b.StaffOutFen, &b.CarriedDebitFen, &b.CarriedCreditFen); err != nil {
			return nil, err
		}
		b.ClosingFen = b.OpeningFen + b.DebitFen - b.CreditFen
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, chamber.CheckBalances(out) // no statement built from them can overflow
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
	like := code + "%"
	// Opening: everything before from and the opening balances, plus, on a
	// later page, the lines of this range already shown.
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM voucher_lines
		WHERE account LIKE $1 AND date <= $3 AND (date < $2 OR opening
			OR date < $4 OR (date = $4 AND (voucher_id < $5 OR (voucher_id = $5 AND line_no <= $6))))`,
		like, from, to, afterDate, afterID, afterLine).Scan(&led.OpeningFen); err != nil {
		return nil, "", err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT l.voucher_id, l.line_no, v.number, l.date, v.summary, l.memo, l.debit_fen, l.credit_fen
		FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
		WHERE l.account LIKE $1 AND l.date >= $2 AND l.date <= $3 AND NOT l.opening
			AND (l.date > $4 OR (l.date = $4 AND (l.voucher_id > $5 OR (l.voucher_id = $5 AND l.line_no > $6))))
		ORDER BY l.date, l.voucher_id, l.line_no LIMIT $7`, like, from, to, afterDate, afterID, afterLine, p.Limit+1)
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
