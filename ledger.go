package chamber

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// AccountKind is the class of a 会计科目 in the 民间非营利组织会计制度.
type AccountKind string

const (
	AccountAsset     AccountKind = "asset"      // 资产类 1xxx
	AccountLiability AccountKind = "liability"  // 负债类 2xxx
	AccountNetAssets AccountKind = "net_assets" // 净资产类 3xxx
	AccountIncome    AccountKind = "income"     // 收入类 4xxx
	AccountExpense   AccountKind = "expense"    // 费用类 5xxx
)

// Restriction of income and net assets: 非限定性 or 限定性.
const (
	Unrestricted = "unrestricted"
	Restricted   = "restricted"
)

// Account is one 会计科目: a top-level code of the standard chart (4 digits)
// or a sub-account (the parent's code plus 2 digits).
type Account struct {
	Code   string      `json:"code"`
	Name   string      `json:"name"`
	NameEN string      `json:"name_en"`
	Kind   AccountKind `json:"kind"`
	Parent string      `json:"parent,omitempty"`
	// Contra accounts (累计折旧, 坏账准备 …) carry the balance opposite to their kind.
	Contra bool `json:"contra,omitempty"`
	// Restriction is "restricted" for 限定性 income and net assets, else unrestricted.
	Restriction string `json:"restriction"`
	// Cash marks 现金, 银行存款 and 其他货币资金 (and their sub-accounts).
	Cash bool `json:"cash,omitempty"`
	// Staff marks wages accounts: cash paid against them is 支付给员工以及为员工支付的现金.
	Staff bool `json:"staff,omitempty"`
	// CashIn and CashOut are the 现金流量表 items that cash received or paid
	// against this account goes to; empty means the parent's (or 其他).
	CashIn  string `json:"cash_in,omitempty"`
	CashOut string `json:"cash_out,omitempty"`
}

// Top is the 4-digit code of the top-level account this one rolls up to.
func (a *Account) Top() string {
	if len(a.Code) > 4 {
		return a.Code[:4]
	}
	return a.Code
}

// KindOfCode is the class the first digit of a code names.
func KindOfCode(code string) AccountKind {
	if code == "" {
		return ""
	}
	switch code[0] {
	case '1':
		return AccountAsset
	case '2':
		return AccountLiability
	case '3':
		return AccountNetAssets
	case '4':
		return AccountIncome
	case '5':
		return AccountExpense
	}
	return ""
}

// NewAccount adds a sub-account under an existing account.
type NewAccount struct {
	Parent      string `json:"parent"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	NameEN      string `json:"name_en"`
	Restriction string `json:"restriction"`
}

// Validate checks the form; the store checks the parent exists.
func (n *NewAccount) Validate() error {
	var f Fields
	if !digits(n.Parent) || len(n.Parent) < 4 {
		f.Add("parent", "err.invalid_value")
	}
	if !digits(n.Code) || len(n.Code) != len(n.Parent)+2 || !strings.HasPrefix(n.Code, n.Parent) {
		f.Add("code", "ledger.err.sub_code")
	}
	if c := utf8.RuneCountInString(n.Name); c == 0 {
		f.Add("name", "err.required")
	} else if c > 60 {
		f.Add("name", "err.too_long", 60)
	}
	if utf8.RuneCountInString(n.NameEN) > 80 {
		f.Add("name_en", "err.too_long", 80)
	}
	if n.Restriction != "" && n.Restriction != Unrestricted && n.Restriction != Restricted {
		f.Add("restriction", "err.invalid_value")
	}
	return f.Err()
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Voucher kinds: who made the voucher.
const (
	VoucherManual        = "manual"
	VoucherReversal      = "reversal"
	VoucherReimbursement = "reimbursement"
	VoucherDonation      = "donation"
	VoucherRelease       = "release" // 限定性净资产转为非限定性净资产
	VoucherDues          = "dues"
	VoucherEventFee      = "event_fee" // 活动收费: a registration's fee
	VoucherOpening       = "opening"   // 期初余额: the books' opening balances, no cash flow
)

// VoucherLine is one 分录: exactly one of debit and credit is positive.
type VoucherLine struct {
	LineNo       int    `json:"line_no"`
	Account      string `json:"account"`
	AccountName  string `json:"account_name,omitempty"`
	DebitFen     int64  `json:"debit_fen"`
	CreditFen    int64  `json:"credit_fen"`
	Memo         string `json:"memo"`
	DepartmentID ID     `json:"department_id,omitempty"`
	Project      string `json:"project,omitempty"`
	MemberID     ID     `json:"member_id,omitempty"`
	// Staff: cash paid on this line was for staff (wages straight to an expense).
	Staff bool `json:"staff,omitempty"`
	// EventID tags the line with the event it is for (its costs, its fees):
	// the event's budget vs actual reads these lines.
	EventID ID `json:"event_id,omitempty"`
}

// Voucher is a posted 记账凭证. It never changes once posted: corrections are
// reversing vouchers. ID is its place in the ledger's hash chain.
type Voucher struct {
	ID         ID            `json:"id"`
	Number     string        `json:"number"` // 记-2026-03-0001
	Period     string        `json:"period"` // 2026-03
	Date       string        `json:"date"`
	Summary    string        `json:"summary"`
	Kind       string        `json:"kind"`
	ReversesID ID            `json:"reverses_id,omitempty"`
	ReversedBy ID            `json:"reversed_by,omitempty"` // read from the reversing voucher
	TotalFen   int64         `json:"total_fen"`
	Lines      []VoucherLine `json:"lines"`
	CreatedAt  time.Time     `json:"created_at"`
	CreatedBy  ID            `json:"created_by"`
	Creator    string        `json:"creator"`
	PrevHash   string        `json:"prev_hash"`
	Hash       string        `json:"hash"`
}

// ComputeHash is SHA-256 over a length-prefixed encoding of every field that
// was posted, the lines included, chained to the previous voucher's hash.
func (v *Voucher) ComputeHash() string {
	h := sha256.New()
	var buf []byte
	put := func(s string) {
		buf = strconv.AppendInt(buf[:0], int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
		h.Write(buf)
	}
	num := func(n int64) { put(strconv.FormatInt(n, 10)) }
	put(v.PrevHash)
	num(v.ID)
	put(v.Number)
	put(v.Date)
	put(v.Summary)
	put(v.Kind)
	num(v.ReversesID)
	num(v.CreatedAt.UTC().UnixMicro())
	num(v.CreatedBy)
	num(int64(len(v.Lines)))
	for i := range v.Lines {
		l := &v.Lines[i]
		num(int64(l.LineNo))
		put(l.Account)
		num(l.DebitFen)
		num(l.CreditFen)
		put(l.Memo)
		num(l.DepartmentID)
		put(l.Project)
		num(l.MemberID)
		if l.Staff { // only when set, so vouchers posted before the flag keep their hash
			put("staff")
		}
		if l.EventID != 0 { // likewise
			put("event")
			num(l.EventID)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Balanced reports whether the voucher's lines are well formed and balance,
// with the problem when they do not.
func (v *Voucher) Balanced() (bool, string) {
	if len(v.Lines) == 0 {
		return false, "no lines"
	}
	var d, c int64
	for _, l := range v.Lines {
		if l.DebitFen < 0 || l.CreditFen < 0 || (l.DebitFen > 0) == (l.CreditFen > 0) {
			return false, fmt.Sprintf("line %d must have exactly one positive side", l.LineNo)
		}
		d += l.DebitFen
		c += l.CreditFen
	}
	if d != c {
		return false, fmt.Sprintf("debits %d ≠ credits %d", d, c)
	}
	if d != v.TotalFen {
		return false, fmt.Sprintf("total %d ≠ lines %d", v.TotalFen, d)
	}
	return true, ""
}

// MaxVoucherLines and MaxAmountFen bound a voucher.
const (
	MaxVoucherLines = 200
)

// NewVoucherLine is one line of a voucher to post.
type NewVoucherLine struct {
	Account      string `json:"account"`
	DebitFen     int64  `json:"debit_fen"`
	CreditFen    int64  `json:"credit_fen"`
	Memo         string `json:"memo"`
	DepartmentID ID     `json:"department_id,omitempty"`
	Project      string `json:"project,omitempty"`
	MemberID     ID     `json:"member_id,omitempty"`
	Staff        bool   `json:"staff,omitempty"`
	EventID      ID     `json:"event_id,omitempty"`
}

// NewVoucher is a voucher to post.
type NewVoucher struct {
	Date    string           `json:"date"`
	Summary string           `json:"summary"`
	Lines   []NewVoucherLine `json:"lines"`
	// Attachments is 附单据 N 张, the supporting documents (kept on the draft).
	Attachments int `json:"attachments,omitempty"`
	// ConfirmOverdraft posts even though a cash or bank account goes below zero.
	ConfirmOverdraft bool `json:"confirm_overdraft,omitempty"`
	// Kind and ReversesID are set by the services that post for themselves.
	Kind       string `json:"-"`
	ReversesID ID     `json:"-"`
}

// Validate checks everything but whether the accounts exist: a date, at
// least two lines, each with exactly one positive side, and Σdebit = Σcredit.
func (n *NewVoucher) Validate() error {
	var f Fields
	if !ValidDate(n.Date) {
		f.Add("date", "ledger.err.date")
	}
	if utf8.RuneCountInString(n.Summary) > 200 {
		f.Add("summary", "err.too_long", 200)
	}
	switch {
	case len(n.Lines) == 0:
		f.Add("lines", "ledger.err.no_lines")
	case len(n.Lines) > MaxVoucherLines:
		f.Add("lines", "ledger.err.too_many_lines", MaxVoucherLines)
	}
	var d, c int64
	bad := false
	for i, l := range n.Lines {
		p := fmt.Sprintf("lines[%d].", i)
		if !digits(l.Account) || len(l.Account) < 4 || len(l.Account) > 12 {
			f.Add(p+"account", "ledger.err.unknown_account", l.Account)
		}
		switch {
		case l.DebitFen < 0:
			f.Add(p+"debit_fen", "ledger.err.negative")
			bad = true
		case l.CreditFen < 0:
			f.Add(p+"credit_fen", "ledger.err.negative")
			bad = true
		case l.DebitFen > MaxAmountFen || l.CreditFen > MaxAmountFen:
			f.Add(p+"debit_fen", "ledger.err.too_large")
			bad = true
		case (l.DebitFen > 0) == (l.CreditFen > 0):
			f.Add(p+"debit_fen", "ledger.err.one_side")
			bad = true
		}
		if utf8.RuneCountInString(l.Memo) > 200 {
			f.Add(p+"memo", "err.too_long", 200)
		}
		if utf8.RuneCountInString(l.Project) > 60 {
			f.Add(p+"project", "err.too_long", 60)
		}
		if l.EventID < 0 {
			f.Add(p+"event_id", "err.invalid_value")
		}
		if l.DepartmentID < 0 || l.MemberID < 0 {
			f.Add(p+"department_id", "err.invalid_value")
		}
		d += l.DebitFen
		c += l.CreditFen
	}
	if !bad && d > MaxAmountFen {
		f.Add("lines", "ledger.err.total_too_large", FormatYuan(MaxAmountFen))
	}
	if !bad && len(n.Lines) > 0 && d != c {
		f.Add("lines", "ledger.err.unbalanced", FormatYuan(d), FormatYuan(c))
	}
	if !bad && len(n.Lines) == 1 && !f.Has("lines") {
		f.Add("lines", "ledger.err.no_lines")
	}
	return f.Err()
}

// Total is Σdebit of the lines.
func (n *NewVoucher) Total() int64 {
	var t int64
	for _, l := range n.Lines {
		t += l.DebitFen
	}
	return t
}

// Period is the accounting month of a date: "2026-03".
func PeriodOf(date string) string {
	if len(date) < 7 {
		return ""
	}
	return date[:7]
}

// VoucherNumber formats the number of the seq'th voucher of a period.
func VoucherNumber(period string, seq int64) string {
	return fmt.Sprintf("记-%s-%04d", period, seq)
}

// ValidPeriod reports whether s is YYYY-MM.
func ValidPeriod(s string) bool {
	if len(s) != 7 {
		return false
	}
	t, err := time.Parse("2006-01", s)
	return err == nil && DateInRange(t)
}

// Reversal builds the reversing voucher of v, dated date: every line with
// its sides swapped.
func Reversal(v *Voucher, date string) NewVoucher {
	n := NewVoucher{Date: date, Kind: VoucherReversal, ReversesID: v.ID,
		Summary: "冲销 " + v.Number + " " + v.Summary}
	if utf8.RuneCountInString(n.Summary) > 200 {
		n.Summary = string([]rune(n.Summary)[:200])
	}
	for _, l := range v.Lines {
		n.Lines = append(n.Lines, NewVoucherLine{Account: l.Account, DebitFen: l.CreditFen, CreditFen: l.DebitFen,
			Memo: l.Memo, DepartmentID: l.DepartmentID, Project: l.Project, MemberID: l.MemberID, Staff: l.Staff, EventID: l.EventID})
	}
	return n
}

// FormatYuan writes fen as ¥1,234.56 (negative as -¥1,234.56).
func FormatYuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	yuan, cents := fen/100, fen%100
	s := strconv.FormatInt(yuan, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := fmt.Sprintf("¥%s.%02d", b.String(), cents)
	if neg {
		return "-" + out
	}
	return out
}

// ParseYuan reads an amount typed in yuan ("1234.5", "1,234.56", "¥12") into fen.
func ParseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(strings.NewReplacer(",", "", "¥", "", "￥", "", " ", "").Replace(s))
	if s == "" {
		return 0, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	if !digits(whole) || len(frac) > 2 || (frac != "" && !digits(frac)) || len(whole) > 13 {
		return 0, false
	}
	y, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	c, _ := strconv.ParseInt(frac, 10, 64)
	return y*100 + c, true
}

// Period is an accounting month; a closed period accepts no voucher.
type Period struct {
	Period   string     `json:"period"`
	Vouchers int64      `json:"vouchers"`
	ClosedAt *time.Time `json:"closed_at"`
	ClosedBy ID         `json:"closed_by,omitempty"`
}

// VoucherFilter selects vouchers.
type VoucherFilter struct {
	Period  string
	Account string
}

// LedgerVerifyResult is what `chamber verify` and GET /api/v1/finance/verify report.
type LedgerVerifyResult struct {
	OK       bool   `json:"ok"`
	Vouchers int64  `json:"vouchers"`
	FirstBad *ID    `json:"first_bad"`
	Problem  string `json:"problem,omitempty"`
}

// LedgerService is the books: the chart, vouchers, periods, statements.
type LedgerService interface {
	ListAccounts(ctx context.Context) ([]*Account, error)
	// ClaimAccounts lists the expense accounts a claim may name, to any staff login.
	ClaimAccounts(ctx context.Context) ([]*Account, error)
	CreateAccount(ctx context.Context, in NewAccount) (*Account, error)
	PostVoucher(ctx context.Context, in NewVoucher) (*Voucher, error)
	// PostVouchers posts a batch (an import) all or nothing.
	PostVouchers(ctx context.Context, in []NewVoucher) ([]ID, error)
	FindVoucher(ctx context.Context, id ID) (*Voucher, error)
	ListVouchers(ctx context.Context, f VoucherFilter, p Page) ([]*Voucher, string, error)
	// ReverseVoucher posts the reversing voucher, dated today.
	ReverseVoucher(ctx context.Context, id ID) (*Voucher, error)
	ListPeriods(ctx context.Context) ([]*Period, error)
	ClosePeriod(ctx context.Context, period string) (*Period, error)
	VerifyLedger(ctx context.Context) (*LedgerVerifyResult, error)
	Balances(ctx context.Context, from, to string) ([]AccountBalance, error)
	AccountLedger(ctx context.Context, code, from, to string, p Page) (*AccountLedger, string, error)
	Today(ctx context.Context) string
}
