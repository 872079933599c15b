package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// The bank reconciliation (银行对账). A statement's lines are matched to
// the books' lines of its account; what stays unmatched at the
// statement's last date are the 未达账项 of the 余额调节表. Reconciliation
// starts in the month of the account's first statement: the books' lines
// before it are not matched, and the bank's balance before it should
// equal the books'.

const bankStatementColumns = `s.id, s.account, s.file_name, s.from_date, s.to_date, s.opening_fen, s.closing_fen, s.created_at, s.created_by,
	(SELECT COUNT(*) FROM bank_statement_lines l WHERE l.statement_id = s.id),
	(SELECT COUNT(*) FROM bank_statement_lines l WHERE l.statement_id = s.id AND l.voucher_id IS NOT NULL)`

func scanBankStatement(sc interface{ Scan(...any) error }) (*chamber.BankStatement, error) {
	var s chamber.BankStatement
	var at int64
	if err := sc.Scan(&s.ID, &s.Account, &s.FileName, &s.From, &s.To, &s.OpeningFen, &s.ClosingFen, &at, &s.CreatedBy, &s.Total, &s.Matched); err != nil {
		return nil, err
	}
	s.CreatedAt = fromMicros(at)
	return &s, nil
}

const bankLineColumns = `l.id, l.line_no, l.date, l.summary, l.in_fen, l.out_fen, l.balance_fen, COALESCE(l.voucher_id, 0), COALESCE(v.number, ''),
	COALESCE(l.book_line_no, 0), l.match_kind`

func scanBankLine(sc interface{ Scan(...any) error }) (chamber.BankStatementLine, error) {
	var l chamber.BankStatementLine
	err := sc.Scan(&l.ID, &l.LineNo, &l.Date, &l.Summary, &l.InFen, &l.OutFen, &l.BalanceFen, &l.VoucherID, &l.VoucherNo, &l.BookLineNo, &l.Match)
	return l, err
}

func bankErr(reason, key string) error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: reason, Key: key}
}

// ImportBankStatement stores a statement read from a file (finance.post):
// all its lines or nothing, covering the months of its lines. The account is a bank account of the books
// (1002…); a statement whose dates overlap one already imported for the
// account is a conflict (statement_overlap).
func (db *DB) ImportBankStatement(ctx context.Context, in chamber.NewBankStatement) (*chamber.BankStatement, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	if len(in.Lines) == 0 {
		var f chamber.Fields
		f.Add("file", "bank.err.empty")
		return nil, f.Err()
	}
	st := &chamber.BankStatement{Account: in.Account, FileName: in.FileName, From: in.Lines[0].Date, To: in.Lines[0].Date,
		Total: len(in.Lines)}
	for _, l := range in.Lines {
		st.From, st.To = min(st.From, l.Date), max(st.To, l.Date)
	}
	// A statement covers whole months: from the first of its first line's
	// month to the end of its last line's.
	if from, _, ok := chamber.PeriodRange(chamber.PeriodOf(st.From)); ok {
		st.From = from
	}
	if _, to, ok := chamber.PeriodRange(chamber.PeriodOf(st.To)); ok {
		st.To = to
	}
	first, last := in.Lines[0], in.Lines[len(in.Lines)-1]
	st.OpeningFen, st.ClosingFen = first.BalanceFen-first.InFen+first.OutFen, last.BalanceFen
	if actor != nil {
		st.CreatedBy = actor.UserID
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE code = $1`, in.Account))
		if err != nil || !a.Cash || a.Top() != "1002" {
			var f chamber.Fields
			f.Add("account", "bank.err.account", in.Account)
			return f.Err()
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bank_statements WHERE account = $1 AND from_date <= $2 AND to_date >= $3`,
			in.Account, st.To, st.From).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "statement_overlap", Key: "bank.err.overlap", Args: []any{st.From, st.To}}
		}
		st.CreatedAt = tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO bank_statements(account, file_name, from_date, to_date, opening_fen, closing_fen, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, st.Account, st.FileName, st.From, st.To, st.OpeningFen, st.ClosingFen,
			micros(tx.now), st.CreatedBy).Scan(&st.ID); err != nil {
			return err
		}
		if st.Lines, err = tx.insertBankLines(st.ID, in.Lines); err != nil {
			return err
		}
		return tx.Audit("bank.import", "bank_statement", st.ID, nil,
			map[string]any{"account": st.Account, "file": st.FileName, "from": st.From, "to": st.To, "lines": len(st.Lines), "closing_fen": st.ClosingFen})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// ListBankStatements lists the statements, newest first (finance.read).
func (db *DB) ListBankStatements(ctx context.Context) ([]*chamber.BankStatement, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanBankStatement, `SELECT `+bankStatementColumns+` FROM bank_statements s ORDER BY s.to_date DESC, s.id DESC LIMIT 500`)
}

// FindBankStatement returns a statement with its lines and their matches (finance.read).
func (db *DB) FindBankStatement(ctx context.Context, id chamber.ID) (*chamber.BankStatement, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return findBankStatement(ctx, db.read, id)
}

func findBankStatement(ctx context.Context, q querier, id chamber.ID) (*chamber.BankStatement, error) {
	st, err := scanBankStatement(q.QueryRowContext(ctx, `SELECT `+bankStatementColumns+` FROM bank_statements s WHERE s.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "bank.err.not_found")
	}
	if st.Lines, err = queryAll(ctx, q, scanBankLine, `SELECT `+bankLineColumns+` FROM bank_statement_lines l
		LEFT JOIN vouchers v ON v.id = l.voucher_id WHERE l.statement_id = $1 ORDER BY l.line_no`, id); err != nil {
		return nil, err
	}
	return st, nil
}

// reconStart is the first day of the month of the account's first
// statement: where reconciliation starts.
func reconStart(ctx context.Context, q rowQuerier, account string) (string, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MIN(from_date), '') FROM bank_statements WHERE account = $1`, account).Scan(&s)
	if len(s) == 10 {
		s = s[:8] + "01"
	}
	return s, err
}

// bookLines are the books' lines of account (and sub-accounts) dated in
// [from, to], opening balances left out, with the bank line each is
// matched to and that line's date.
func bookLines(ctx context.Context, q rowQuerier, account, from, to string) ([]chamber.BookLine, map[chamber.ID]string, error) {
	tree, err := accountTree(ctx, q, account)
	if err != nil {
		return nil, nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT b.voucher_id, b.line_no, v.number, b.date, v.summary, b.memo, b.debit_fen, b.credit_fen,
			COALESCE(m.id, 0), COALESCE(m.date, '')
		FROM voucher_lines b JOIN vouchers v ON v.id = b.voucher_id
		LEFT JOIN bank_statement_lines m ON m.voucher_id = b.voucher_id AND m.book_line_no = b.line_no
		WHERE b.account IN `+inList(2, len(tree))+` AND b.date >= $1 AND b.date <= $2 AND NOT b.opening
		ORDER BY b.date, b.voucher_id, b.line_no`, append([]any{from, to}, tree...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []chamber.BookLine
	dates := map[chamber.ID]string{}
	for rows.Next() {
		var b chamber.BookLine
		var memo, mdate string
		if err := rows.Scan(&b.VoucherID, &b.LineNo, &b.Number, &b.Date, &b.Summary, &memo, &b.DebitFen, &b.CreditFen, &b.StatementLineID, &mdate); err != nil {
			return nil, nil, err
		}
		if memo != "" && memo != b.Summary {
			b.Summary += " · " + memo
		}
		if b.StatementLineID != 0 {
			dates[b.StatementLineID] = mdate
		}
		out = append(out, b)
	}
	return out, dates, rows.Err()
}

// BankBookLines are the books' lines of the statement's account from the
// start of reconciliation to 3 days past the statement (finance.read).
func (db *DB) BankBookLines(ctx context.Context, id chamber.ID) ([]chamber.BookLine, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	st, err := findBankStatement(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	start, err := reconStart(ctx, db.read, st.Account)
	if err != nil {
		return nil, err
	}
	lines, _, err := bookLines(ctx, db.read, st.Account, max(start, addDays(st.From, -31)), addDays(st.To, chamber.BankMatchDays))
	return lines, err
}

func addDays(date string, n int) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

func daysApart(a, b string) int {
	ta, e1 := time.Parse("2006-01-02", a)
	tb, e2 := time.Parse("2006-01-02", b)
	if e1 != nil || e2 != nil {
		return 1 << 20
	}
	d := int(ta.Sub(tb).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

// AutoMatchBank matches each open line of the statement to an open book
// line of the same side and amount dated at most BankMatchDays apart, the
// nearest date first (finance.post). It answers how many it matched.
func (db *DB) AutoMatchBank(ctx context.Context, id chamber.ID) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return 0, err
	}
	matched := 0
	err := db.Write(ctx, actor, func(tx *Tx) error {
		st, err := findBankStatement(ctx, tx, id)
		if err != nil {
			return err
		}
		start, err := reconStart(ctx, tx, st.Account)
		if err != nil {
			return err
		}
		books, _, err := bookLines(ctx, tx, st.Account, max(start, addDays(st.From, -chamber.BankMatchDays)), addDays(st.To, chamber.BankMatchDays))
		if err != nil {
			return err
		}
		used := make([]bool, len(books))
		var pairs []map[string]any
		for _, l := range st.Lines {
			if l.VoucherID != 0 {
				continue
			}
			best := -1
			for i, b := range books {
				if used[i] || b.StatementLineID != 0 || b.DebitFen != l.InFen || b.CreditFen != l.OutFen {
					continue
				}
				d := daysApart(b.Date, l.Date)
				if d > chamber.BankMatchDays {
					continue
				}
				if best < 0 || d < daysApart(books[best].Date, l.Date) {
					best = i
				}
			}
			if best < 0 {
				continue
			}
			used[best] = true
			b := books[best]
			if _, err := tx.ExecContext(ctx, `UPDATE bank_statement_lines SET voucher_id = $1, book_line_no = $2, match_kind = 'auto' WHERE id = $3`,
				b.VoucherID, b.LineNo, l.ID); err != nil {
				return err
			}
			matched++
			pairs = append(pairs, map[string]any{"line_id": l.ID, "voucher_id": b.VoucherID, "line_no": b.LineNo})
		}
		if matched == 0 {
			return nil
		}
		return tx.Audit("bank.auto_match", "bank_statement", id, nil, map[string]any{"matched": pairs})
	})
	return matched, err
}

// MatchBankLine matches a statement line to a book line by hand
// (finance.post): the same side and amount, a book line of the account
// from the start of reconciliation, neither matched already.
func (db *DB) MatchBankLine(ctx context.Context, statementID chamber.ID, m chamber.BankMatch) (*chamber.BankStatementLine, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	var out *chamber.BankStatementLine
	err := db.Write(ctx, actor, func(tx *Tx) error {
		st, l, err := statementLine(ctx, tx, statementID, m.LineID)
		if err != nil {
			return err
		}
		if l.VoucherID != 0 {
			return bankErr("already_matched", "bank.err.already_matched")
		}
		start, err := reconStart(ctx, tx, st.Account)
		if err != nil {
			return err
		}
		var debit, credit int64
		var date string
		var taken int
		err = tx.QueryRowContext(ctx, `SELECT b.debit_fen, b.credit_fen, b.date,
				(SELECT COUNT(*) FROM bank_statement_lines x WHERE x.voucher_id = b.voucher_id AND x.book_line_no = b.line_no)
			FROM voucher_lines b WHERE b.voucher_id = $1 AND b.line_no = $2 AND (b.account = $3 OR b.account LIKE $4) AND NOT b.opening`,
			m.VoucherID, m.LineNo, st.Account, st.Account+"%").Scan(&debit, &credit, &date, &taken)
		var f chamber.Fields
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("voucher_id", "bank.err.no_book_line", st.Account)
			return f.Err()
		case err != nil:
			return err
		case taken > 0:
			return bankErr("already_matched", "bank.err.book_matched")
		case date < start:
			f.Add("voucher_id", "bank.err.before_start", start)
			return f.Err()
		case debit != l.InFen || credit != l.OutFen:
			f.Add("voucher_id", "bank.err.amount_differs")
			return f.Err()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bank_statement_lines SET voucher_id = $1, book_line_no = $2, match_kind = 'manual' WHERE id = $3`,
			m.VoucherID, m.LineNo, l.ID); err != nil {
			if isUniqueViolation(err) {
				return bankErr("already_matched", "bank.err.book_matched")
			}
			return err
		}
		before := *l
		l.VoucherID, l.BookLineNo, l.Match = m.VoucherID, m.LineNo, "manual"
		out = l
		return tx.Audit("bank.match", "bank_statement_line", l.ID, before, l)
	})
	return out, err
}

// UnmatchBankLine undoes a line's match (finance.post).
func (db *DB) UnmatchBankLine(ctx context.Context, statementID, lineID chamber.ID) (*chamber.BankStatementLine, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	var out *chamber.BankStatementLine
	err := db.Write(ctx, actor, func(tx *Tx) error {
		_, l, err := statementLine(ctx, tx, statementID, lineID)
		if err != nil {
			return err
		}
		if l.VoucherID == 0 {
			return bankErr("not_matched", "bank.err.not_matched")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bank_statement_lines SET voucher_id = NULL, book_line_no = NULL, match_kind = '' WHERE id = $1`, l.ID); err != nil {
			return err
		}
		before := *l
		l.VoucherID, l.VoucherNo, l.BookLineNo, l.Match = 0, "", 0, ""
		out = l
		return tx.Audit("bank.unmatch", "bank_statement_line", l.ID, before, l)
	})
	return out, err
}

func statementLine(ctx context.Context, tx *Tx, statementID, lineID chamber.ID) (*chamber.BankStatement, *chamber.BankStatementLine, error) {
	st, err := findBankStatement(ctx, tx, statementID)
	if err != nil {
		return nil, nil, err
	}
	for i := range st.Lines {
		if st.Lines[i].ID == lineID {
			return st, &st.Lines[i], nil
		}
	}
	return nil, nil, chamber.Errorf(chamber.ENOTFOUND, "bank.err.line_not_found")
}

// Reconcile is the 余额调节表 at the statement's last date (finance.read):
// the bank's balance and the books', each adjusted by what the other side
// has and it has not yet (what is unmatched, or matched to a line dated
// after the statement).
func (db *DB) Reconcile(ctx context.Context, id chamber.ID) (*chamber.Reconciliation, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	st, err := findBankStatement(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	start, err := reconStart(ctx, db.read, st.Account)
	if err != nil {
		return nil, err
	}
	rc := &chamber.Reconciliation{StatementID: st.ID, Account: st.Account, Date: st.To, BankFen: st.ClosingFen}
	tree, err := accountTree(ctx, db.read, st.Account)
	if err != nil {
		return nil, err
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(debit_fen - credit_fen), 0) FROM voucher_lines
		WHERE account IN `+inList(1, len(tree))+` AND date <= $1`, append([]any{st.To}, tree...)...).Scan(&rc.BookFen); err != nil {
		return nil, err
	}
	books, matchDates, err := bookLines(ctx, db.read, st.Account, start, st.To)
	if err != nil {
		return nil, err
	}
	for _, b := range books {
		if b.StatementLineID == 0 || matchDates[b.StatementLineID] > st.To {
			b.StatementLineID = 0
			rc.BookItems = append(rc.BookItems, b)
		}
	}
	// The bank's open lines: this statement's and earlier ones' of the account.
	bank, err := queryAll(ctx, db.read, scanBankLine, `SELECT `+bankLineColumns+` FROM bank_statement_lines l
		JOIN bank_statements s ON s.id = l.statement_id
		LEFT JOIN vouchers v ON v.id = l.voucher_id
		LEFT JOIN voucher_lines b ON b.voucher_id = l.voucher_id AND b.line_no = l.book_line_no
		WHERE s.account = $1 AND l.date <= $2 AND (l.voucher_id IS NULL OR b.date > $2)
		ORDER BY l.date, l.id`, st.Account, st.To)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(bank, func(i, j int) bool { return bank[i].Date < bank[j].Date })
	rc.BankItems = bank
	rc.Finish()
	return rc, nil
}

// bankLineChunk lines go into one multi-row INSERT (7 parameters each,
// well under either database's limit).
const bankLineChunk = 500

// insertBankLines writes a statement's lines in multi-row INSERTs, numbered
// from 1 in file order, and returns them with their ids.
func (tx *Tx) insertBankLines(statementID chamber.ID, lines []chamber.BankStatementLine) ([]chamber.BankStatementLine, error) {
	out := make([]chamber.BankStatementLine, 0, len(lines))
	for start := 0; start < len(lines); start += bankLineChunk {
		chunk := lines[start:min(start+bankLineChunk, len(lines))]
		var q strings.Builder
		q.WriteString(`INSERT INTO bank_statement_lines(statement_id, line_no, date, summary, in_fen, out_fen, balance_fen) VALUES `)
		args := make([]any, 0, 7*len(chunk))
		for i, l := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(tx.placeholders(len(args), 7))
			args = append(args, statementID, start+i+1, l.Date, l.Summary, l.InFen, l.OutFen, l.BalanceFen)
		}
		q.WriteString(` RETURNING id, line_no`)
		rows, err := tx.QueryContext(tx.ctx, q.String(), args...)
		if err != nil {
			return nil, err
		}
		ids := make(map[int]chamber.ID, len(chunk))
		for rows.Next() {
			var id chamber.ID
			var no int
			if err := rows.Scan(&id, &no); err != nil {
				rows.Close()
				return nil, err
			}
			ids[no] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for i, l := range chunk {
			l.LineNo = start + i + 1
			if l.ID = ids[l.LineNo]; l.ID == 0 {
				return nil, fmt.Errorf("bank lines: line %d not returned", l.LineNo)
			}
			out = append(out, l)
		}
	}
	return out, nil
}
