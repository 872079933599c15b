package chamber

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// BankStatement is a bank statement (银行对账单) imported for one bank
// account of the books, its lines in the bank's order.
type BankStatement struct {
	ID         ID                  `json:"id"`
	Account    string              `json:"account"` // 100201 …
	FileName   string              `json:"file_name"`
	From       string              `json:"from"`
	To         string              `json:"to"`
	OpeningFen int64               `json:"opening_fen"` // the bank's balance before the first line
	ClosingFen int64               `json:"closing_fen"` // the bank's balance after the last line
	Lines      []BankStatementLine `json:"lines,omitempty"`
	Matched    int                 `json:"matched"`
	Total      int                 `json:"total"`
	CreatedAt  time.Time           `json:"created_at"`
	CreatedBy  ID                  `json:"created_by"`
}

// BankStatementLine is one line of a bank statement: money the bank
// received for the chamber (InFen) or paid out (OutFen), and the book line
// (voucher, line) it is matched to.
type BankStatementLine struct {
	ID         ID     `json:"id"`
	LineNo     int    `json:"line_no"`
	Date       string `json:"date"`
	Summary    string `json:"summary"`
	InFen      int64  `json:"in_fen"`
	OutFen     int64  `json:"out_fen"`
	BalanceFen int64  `json:"balance_fen"`
	VoucherID  ID     `json:"voucher_id,omitempty"`
	VoucherNo  string `json:"voucher_number,omitempty"`
	BookLineNo int    `json:"book_line_no,omitempty"`
	Match      string `json:"match,omitempty"` // auto or manual
}

// NewBankStatement is a statement read from a file.
type NewBankStatement struct {
	Account  string
	FileName string
	Lines    []BankStatementLine
}

// BookLine is a line of the bank account in the books (银行存款日记账)
// within a statement's dates: debit is money the chamber received.
type BookLine struct {
	VoucherID ID     `json:"voucher_id"`
	LineNo    int    `json:"line_no"`
	Number    string `json:"number"`
	Date      string `json:"date"`
	Summary   string `json:"summary"`
	DebitFen  int64  `json:"debit_fen"`
	CreditFen int64  `json:"credit_fen"`
	// StatementLineID is the bank line it is matched to, 0 when outstanding.
	StatementLineID ID `json:"statement_line_id,omitempty"`
}

// Reconciliation is the 余额调节表 of a statement: both sides adjusted for
// the items one side has and the other not yet.
//
//	bank + 企业已收银行未收 − 企业已付银行未付 = book + 银行已收企业未收 − 银行已付企业未付
type Reconciliation struct {
	StatementID     ID                  `json:"statement_id"`
	Account         string              `json:"account"`
	Date            string              `json:"date"`
	BankFen         int64               `json:"bank_balance_fen"`
	BookFen         int64               `json:"book_balance_fen"`
	BookInFen       int64               `json:"book_in_bank_not_fen"`  // 企业已收银行未收
	BookOutFen      int64               `json:"book_out_bank_not_fen"` // 企业已付银行未付
	BankInFen       int64               `json:"bank_in_book_not_fen"`  // 银行已收企业未收
	BankOutFen      int64               `json:"bank_out_book_not_fen"` // 银行已付企业未付
	AdjustedBankFen int64               `json:"adjusted_bank_fen"`
	AdjustedBookFen int64               `json:"adjusted_book_fen"`
	Balanced        bool                `json:"balanced"`
	BookItems       []BookLine          `json:"book_items"` // outstanding book lines
	BankItems       []BankStatementLine `json:"bank_items"` // outstanding bank lines
}

// Finish adds up both sides.
func (r *Reconciliation) Finish() {
	r.BookInFen, r.BookOutFen, r.BankInFen, r.BankOutFen = 0, 0, 0, 0
	for _, b := range r.BookItems {
		r.BookInFen += b.DebitFen
		r.BookOutFen += b.CreditFen
	}
	for _, b := range r.BankItems {
		r.BankInFen += b.InFen
		r.BankOutFen += b.OutFen
	}
	r.AdjustedBankFen = r.BankFen + r.BookInFen - r.BookOutFen
	r.AdjustedBookFen = r.BookFen + r.BankInFen - r.BankOutFen
	r.Balanced = r.AdjustedBankFen == r.AdjustedBookFen
}

// BankMatchDays is how far apart the bank's and the books' dates of one
// payment may be for the automatic match.
const BankMatchDays = 3

// BankMatch matches a statement line to a book line by hand.
type BankMatch struct {
	LineID    ID  `json:"line_id"`
	VoucherID ID  `json:"voucher_id"`
	LineNo    int `json:"line_no"`
}

// BankService is the bank reconciliation (银行对账).
type BankService interface {
	ImportBankStatement(ctx context.Context, in NewBankStatement) (*BankStatement, error)
	ListBankStatements(ctx context.Context) ([]*BankStatement, error)
	FindBankStatement(ctx context.Context, id ID) (*BankStatement, error)
	// AutoMatchBank matches open lines by amount and date (±BankMatchDays); it answers how many it matched.
	AutoMatchBank(ctx context.Context, id ID) (int, error)
	MatchBankLine(ctx context.Context, statementID ID, m BankMatch) (*BankStatementLine, error)
	UnmatchBankLine(ctx context.Context, statementID, lineID ID) (*BankStatementLine, error)
	// BankBookLines are the books' lines of the statement's account within its dates.
	BankBookLines(ctx context.Context, id ID) ([]BookLine, error)
	Reconcile(ctx context.Context, id ID) (*Reconciliation, error)
}

// BankRows reads a statement's rows (a header row, then one row a line)
// into lines, with every bad cell as a row error (row numbers as in the
// file, the header being row 1). Columns by header: 日期/交易日期/date;
// 摘要/用途/summary; either 收入/贷方/存入/in and 支出/借方/支取/out (the
// bank's 借方 is money paid out) or 金额/发生额/amount (signed, positive
// received); 余额/balance. Each balance must follow from the one before.
func BankRows(records [][]string) ([]BankStatementLine, []ImportRowError) {
	var bad []ImportRowError
	if len(records) == 0 {
		return nil, []ImportRowError{{Row: 0, Field: "file", Key: "bank.err.empty"}}
	}
	col := map[string]int{}
	names := map[string]string{
		"日期": "date", "交易日期": "date", "记账日期": "date", "date": "date",
		"摘要": "summary", "用途": "summary", "说明": "summary", "summary": "summary", "memo": "summary",
		"收入": "in", "贷方": "in", "贷方发生额": "in", "存入": "in", "收入金额": "in", "in": "in", "credit": "in", "deposit": "in",
		"支出": "out", "借方": "out", "借方发生额": "out", "支取": "out", "支出金额": "out", "out": "out", "debit": "out", "withdrawal": "out",
		"金额": "amount", "发生额": "amount", "交易金额": "amount", "amount": "amount",
		"余额": "balance", "账户余额": "balance", "balance": "balance",
	}
	for i, h := range records[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if k, ok := names[h]; ok {
			if _, dup := col[k]; !dup {
				col[k] = i
			}
		}
	}
	_, hasIn := col["in"]
	_, hasOut := col["out"]
	_, hasAmt := col["amount"]
	for _, need := range []string{"date", "balance"} {
		if _, ok := col[need]; !ok {
			bad = append(bad, ImportRowError{Row: 1, Field: need, Key: "bank.err.no_column"})
		}
	}
	if !hasAmt && !(hasIn && hasOut) {
		bad = append(bad, ImportRowError{Row: 1, Field: "amount", Key: "bank.err.no_amount"})
	}
	if len(bad) > 0 {
		return nil, bad
	}
	cell := func(rec []string, k string) string {
		i, ok := col[k]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var out []BankStatementLine
	var prev int64
	for i, rec := range records[1:] {
		row := i + 2
		empty := true
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		l := BankStatementLine{LineNo: len(out) + 1, Summary: cell(rec, "summary")}
		ok := true
		if d, good := ParseSheetDate(cell(rec, "date")); good {
			l.Date = d
		} else {
			bad = append(bad, ImportRowError{Row: row, Field: "date", Key: "bank.err.date"})
			ok = false
		}
		if utf8.RuneCountInString(l.Summary) > 200 {
			bad = append(bad, ImportRowError{Row: row, Field: "summary", Key: "err.too_long", Args: []any{200}})
		}
		money := func(k string) (int64, bool) {
			s := cell(rec, k)
			if s == "" {
				return 0, true
			}
			neg := strings.HasPrefix(s, "-")
			v, good := ParseYuan(strings.TrimPrefix(s, "-"))
			if !good || v > MaxAmountFen {
				bad = append(bad, ImportRowError{Row: row, Field: k, Key: "bank.err.amount"})
				return 0, false
			}
			if neg {
				v = -v
			}
			return v, true
		}
		if hasIn && hasOut && (cell(rec, "in") != "" || cell(rec, "out") != "" || !hasAmt) {
			in, g1 := money("in")
			outv, g2 := money("out")
			switch {
			case !g1 || !g2:
				ok = false
			case in < 0 || outv < 0:
				bad = append(bad, ImportRowError{Row: row, Field: "amount", Key: "bank.err.negative"})
				ok = false
			case (in > 0) == (outv > 0):
				bad = append(bad, ImportRowError{Row: row, Field: "amount", Key: "bank.err.one_side"})
				ok = false
			}
			l.InFen, l.OutFen = in, outv
		} else {
			amt, good := money("amount")
			switch {
			case !good:
				ok = false
			case amt == 0:
				bad = append(bad, ImportRowError{Row: row, Field: "amount", Key: "bank.err.one_side"})
				ok = false
			case amt > 0:
				l.InFen = amt
			default:
				l.OutFen = -amt
			}
		}
		if cell(rec, "balance") == "" {
			bad = append(bad, ImportRowError{Row: row, Field: "balance", Key: "err.required"})
			ok = false
		} else if b, good := money("balance"); good {
			l.BalanceFen = b
			if ok && len(out) > 0 && prev+l.InFen-l.OutFen != b {
				bad = append(bad, ImportRowError{Row: row, Field: "balance", Key: "bank.err.balance", Args: []any{FormatYuan(prev + l.InFen - l.OutFen)}})
			}
		} else {
			ok = false
		}
		prev = l.BalanceFen
		out = append(out, l)
	}
	if len(out) == 0 && len(bad) == 0 {
		bad = append(bad, ImportRowError{Row: 0, Field: "file", Key: "bank.err.empty"})
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return out, nil
}

// ParseSheetDate reads a date as a spreadsheet gives it: 2026-03-05,
// 2026/3/5, 20260305, 2026.03.05 or 2026年3月5日.
func ParseSheetDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 8 && digits(s) {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	s = strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "").Replace(s)
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i] // a time after the date
	}
	t, err := time.Parse("2006-1-2", s)
	if err != nil {
		return "", false
	}
	d := t.Format("2006-01-02")
	return d, ValidDate(d)
}
