package chamber

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// VoucherClosing is the kind of the year-end closing voucher (期末结转):
// every income and expense account's balance carried into net assets.
const VoucherClosing = "closing"

// GeneralLedger is the 总账 of a year: per top-level account, the 年初余额
// and for each month 本月借方, 本月贷方, 余额 and 本年累计.
type GeneralLedger struct {
	Year     int                    `json:"year"`
	From     string                 `json:"from"`
	To       string                 `json:"to"`
	Accounts []GeneralLedgerAccount `json:"accounts"`
	// Column totals: Σdebit = Σcredit of the year's movements.
	DebitFen  int64 `json:"debit_fen"`
	CreditFen int64 `json:"credit_fen"`
	Balanced  bool  `json:"balanced"`
}

// GeneralLedgerAccount is one top-level account of the 总账.
type GeneralLedgerAccount struct {
	Code       string               `json:"code"`
	Name       string               `json:"name"`
	NameEN     string               `json:"name_en"`
	OpeningFen int64                `json:"opening_fen"` // 年初余额, debit positive
	Direction  string               `json:"opening_direction"`
	Months     []GeneralLedgerMonth `json:"months"`
	DebitFen   int64                `json:"debit_fen"`  // 本年累计借方
	CreditFen  int64                `json:"credit_fen"` // 本年累计贷方
	ClosingFen int64                `json:"closing_fen"`
}

// GeneralLedgerMonth is one month's line of an account in the 总账.
type GeneralLedgerMonth struct {
	Period        string `json:"period"`
	OpeningFen    int64  `json:"opening_fen"` // 期初余额
	DebitFen      int64  `json:"debit_fen"`   // 本月借方
	CreditFen     int64  `json:"credit_fen"`  // 本月贷方
	BalanceFen    int64  `json:"balance_fen"` // 余额, debit positive
	Direction     string `json:"direction"`   // debit (借), credit (贷), flat (平)
	YearDebitFen  int64  `json:"year_debit_fen"`
	YearCreditFen int64  `json:"year_credit_fen"`
}

// LedgerMove is what the books hold for a top-level account in a month.
type LedgerMove struct {
	Code      string
	Period    string
	DebitFen  int64
	CreditFen int64
}

// BuildGeneralLedger lays out the 总账 of year from each top-level
// account's opening balance and its monthly movements. Every account with
// an opening balance or a movement is shown; each for every month from
// January to the last month of the year that holds a voucher.
func BuildGeneralLedger(year int, accounts []*Account, opening map[string]int64, moves []LedgerMove) *GeneralLedger {
	c := newChart(accounts)
	gl := &GeneralLedger{Year: year, From: fmt.Sprintf("%04d-01-01", year), To: fmt.Sprintf("%04d-12-31", year)}
	last := 0
	byCode := map[string]map[int]LedgerMove{}
	codes := map[string]bool{}
	for code, v := range opening {
		if v != 0 {
			codes[topOf(code)] = true
		}
	}
	for _, m := range moves {
		var mm int
		if _, err := fmt.Sscanf(m.Period, "%04d-%02d", new(int), &mm); err != nil || mm < 1 || mm > 12 {
			continue
		}
		top := topOf(m.Code)
		codes[top] = true
		if byCode[top] == nil {
			byCode[top] = map[int]LedgerMove{}
		}
		cur := byCode[top][mm]
		cur.DebitFen += m.DebitFen
		cur.CreditFen += m.CreditFen
		byCode[top][mm] = cur
		last = max(last, mm)
	}
	sorted := make([]string, 0, len(codes))
	for code := range codes {
		sorted = append(sorted, code)
	}
	sort.Strings(sorted)
	for _, code := range sorted {
		a := GeneralLedgerAccount{Code: code}
		if acc := c[code]; acc != nil {
			a.Name, a.NameEN = acc.Name, acc.NameEN
		}
		for k, v := range opening {
			if topOf(k) == code {
				a.OpeningFen += v
			}
		}
		a.Direction = Direction(a.OpeningFen)
		bal := a.OpeningFen
		for mm := 1; mm <= last; mm++ {
			mv := byCode[code][mm]
			m := GeneralLedgerMonth{Period: fmt.Sprintf("%04d-%02d", year, mm), OpeningFen: bal, DebitFen: mv.DebitFen, CreditFen: mv.CreditFen}
			bal += mv.DebitFen - mv.CreditFen
			a.DebitFen += mv.DebitFen
			a.CreditFen += mv.CreditFen
			m.BalanceFen, m.Direction = bal, Direction(bal)
			m.YearDebitFen, m.YearCreditFen = a.DebitFen, a.CreditFen
			a.Months = append(a.Months, m)
		}
		a.ClosingFen = bal
		gl.DebitFen += a.DebitFen
		gl.CreditFen += a.CreditFen
		gl.Accounts = append(gl.Accounts, a)
	}
	gl.Balanced = gl.DebitFen == gl.CreditFen
	return gl
}

// YearClosing is a year's 期末结转: the voucher that carried income and
// expenses into net assets.
type YearClosing struct {
	Year      int       `json:"year"`
	VoucherID ID        `json:"voucher_id"`
	Number    string    `json:"number"`
	ClosedAt  time.Time `json:"closed_at"`
	ClosedBy  ID        `json:"closed_by,omitempty"`
}

// ClosingVoucher builds the 期末结转 voucher dated date from the balances
// (debit positive) of the income and expense accounts: each is brought to
// zero against 3101 非限定性净资产, or 3102 限定性净资产 for a restricted
// account. ok is false when there is nothing to carry.
func ClosingVoucher(date string, accounts []*Account, balances map[string]int64) (NewVoucher, bool) {
	c := newChart(accounts)
	n := NewVoucher{Date: date, Summary: "期末结转 " + date[:4], Kind: VoucherClosing}
	codes := make([]string, 0, len(balances))
	for code := range balances {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	net := map[string]int64{} // net assets account → debit-positive amount
	for _, code := range codes {
		b := balances[code]
		k := KindOfCode(code)
		if b == 0 || (k != AccountIncome && k != AccountExpense) {
			continue
		}
		target := "3101"
		if c.restricted(code) {
			target = "3102"
		}
		l := NewVoucherLine{Account: code, Memo: "结转"}
		if b < 0 {
			l.DebitFen = -b
		} else {
			l.CreditFen = b
		}
		n.Lines = append(n.Lines, l)
		net[target] += b
	}
	for _, target := range []string{"3101", "3102"} {
		b, ok := net[target]
		if !ok || b == 0 {
			continue
		}
		l := NewVoucherLine{Account: target, Memo: "结转"}
		if b > 0 {
			l.DebitFen = b
		} else {
			l.CreditFen = -b
		}
		n.Lines = append(n.Lines, l)
	}
	return n, len(n.Lines) >= 2
}

// PeriodEndService is the books' period end: the 总账, the 期末结转 and
// the bank reconciliation (银行对账).
type PeriodEndService interface {
	GeneralLedger(ctx context.Context, year int) (*GeneralLedger, error)
	// CloseYear posts the year's 期末结转; a second time is a conflict.
	CloseYear(ctx context.Context, year int) (*YearClosing, error)
	YearClosings(ctx context.Context) ([]*YearClosing, error)
	BankService
}
