package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/chamber-org/chamber"
)

// VerifyLedger recomputes the ledger's hash chain and checks that every
// voucher balances (finance.read; the CLI runs it as the system).
func (db *DB) VerifyLedger(ctx context.Context) (*chamber.LedgerVerifyResult, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return db.verifyLedger(ctx)
}

func (db *DB) verifyLedger(ctx context.Context) (*chamber.LedgerVerifyResult, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var headSeq, maxID int64
	var headHash string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash, (SELECT COALESCE(MAX(id), 0) FROM vouchers) FROM chain_heads WHERE name = 'ledger'`).
		Scan(&headSeq, &headHash, &maxID); err != nil {
		return nil, err
	}
	res := &chamber.LedgerVerifyResult{OK: true}
	fail := func(id int64, problem string) (*chamber.LedgerVerifyResult, error) {
		res.OK = false
		res.FirstBad = &id
		res.Problem = problem
		return res, nil
	}
	// One stream: each voucher's columns repeat on each of its lines. A
	// voucher without lines still appears (LEFT JOIN) and fails the balance check.
	rows, err := tx.QueryContext(ctx, `SELECT v.id, v.number, v.date, v.summary, v.kind, COALESCE(v.reverses_id, 0), v.total_fen,
		v.created_at, v.created_by, v.prev_hash, v.hash,
		COALESCE(l.line_no, 0), COALESCE(l.account, ''), COALESCE(l.debit_fen, 0), COALESCE(l.credit_fen, 0), COALESCE(l.memo, ''),
		COALESCE(l.department_id, 0), COALESCE(l.project, ''), COALESCE(l.member_id, 0), COALESCE(l.date, ''), COALESCE(l.staff, FALSE), COALESCE(l.event_id, 0)
		FROM vouchers v LEFT JOIN voucher_lines l ON l.voucher_id = v.id
		WHERE v.id <= $1 ORDER BY v.id, l.line_no`, headSeq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	walk := newChainWalk("voucher")
	var cur *chamber.Voucher
	var lineDates []string
	check := func(v *chamber.Voucher) (int64, string) {
		if bad, p := walk.next(v.ID, " ("+v.Number+")", v.PrevHash, v.Hash, v.ComputeHash()); p != "" {
			return bad, p
		}
		if ok, why := v.Balanced(); !ok {
			return v.ID, fmt.Sprintf("voucher %d (%s) does not balance: %s", v.ID, v.Number, why)
		}
		for _, d := range lineDates {
			if d != v.Date {
				return v.ID, fmt.Sprintf("voucher %d (%s) has a line dated %s", v.ID, v.Number, d)
			}
		}
		return 0, ""
	}
	var (
		id, reverses, total, at, by        int64
		number, date, summary, kind        string
		prevHash, hash                     string
		lineNo, debit, credit, dept, membr int64
		account, memo, project, lineDate   string
		staff                              bool
		event                              int64
	)
	for rows.Next() {
		if err := rows.Scan(&id, &number, &date, &summary, &kind, &reverses, &total, &at, &by, &prevHash, &hash,
			&lineNo, &account, &debit, &credit, &memo, &dept, &project, &membr, &lineDate, &staff, &event); err != nil {
			return nil, err
		}
		if cur == nil || cur.ID != id {
			if cur != nil {
				if bad, p := check(cur); p != "" {
					return fail(bad, p)
				}
				res.Vouchers++
			}
			cur = &chamber.Voucher{ID: id, Number: number, Date: date, Summary: summary, Kind: kind, ReversesID: reverses,
				TotalFen: total, CreatedAt: fromMicros(at), CreatedBy: by, PrevHash: prevHash, Hash: hash}
			lineDates = lineDates[:0]
		}
		if lineNo != 0 {
			cur.Lines = append(cur.Lines, chamber.VoucherLine{LineNo: int(lineNo), Account: account, DebitFen: debit, CreditFen: credit,
				Memo: memo, DepartmentID: dept, Project: project, MemberID: membr, Staff: staff, EventID: event})
			lineDates = append(lineDates, lineDate)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if cur != nil {
		if bad, p := check(cur); p != "" {
			return fail(bad, p)
		}
		res.Vouchers++
	}
	if bad, p := walk.end(headSeq, headHash, maxID); p != "" {
		return fail(bad, p)
	}
	// Lines whose voucher is gone (only possible by editing the file).
	var orphan int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(voucher_id), 0) FROM voucher_lines WHERE voucher_id NOT IN (SELECT id FROM vouchers)`).Scan(&orphan); err != nil {
		return nil, err
	}
	if orphan != 0 {
		return fail(orphan, fmt.Sprintf("lines of voucher %d exist without the voucher", orphan))
	}
	for _, check := range []func(context.Context, *sql.Tx) (string, error){checkMonthTotals,
		func(ctx context.Context, tx *sql.Tx) (string, error) { return checkLedgerCounts(ctx, tx) }} {
		if p, err := check(ctx, tx); err != nil || p != "" {
			res.OK, res.Problem = p == "", p
			return res, err
		}
	}
	return res, nil
}

// checkMonthTotals recomputes the month totals the statements read from
// the lines and names the first that differs ("" when all agree).
func checkMonthTotals(ctx context.Context, tx *sql.Tx) (string, error) {
	read := func(q string) (map[string][2]int64, error) {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[string][2]int64{}
		for rows.Next() {
			var account, period string
			var opening, cash, staff, closing bool
			var dr, cr int64
			if err := rows.Scan(&account, &period, &opening, &cash, &staff, &closing, &dr, &cr); err != nil {
				return nil, err
			}
			if dr != 0 || cr != 0 {
				out[fmt.Sprintf("%s %s %t %t %t %t", account, period, opening, cash, staff, closing)] = [2]int64{dr, cr}
			}
		}
		return out, rows.Err()
	}
	lines, err := read(`SELECT account, substr(date, 1, 7), opening, moves_cash, staff, closing, SUM(debit_fen), SUM(credit_fen)
		FROM voucher_lines GROUP BY account, substr(date, 1, 7), opening, moves_cash, staff, closing`)
	if err != nil {
		return "", err
	}
	totals, err := read(`SELECT account, period, opening, moves_cash, staff, closing, debit_fen, credit_fen FROM ledger_month_totals`)
	if err != nil {
		return "", err
	}
	first, n := diffKeys(lines, totals)
	if n == 0 {
		return "", nil
	}
	f := strings.Fields(first)
	return fmt.Sprintf("the month totals of account %s in %s differ from its lines (%d differences)", f[0], f[1], n), nil
}
