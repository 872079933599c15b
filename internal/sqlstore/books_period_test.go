package sqlstore_test

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/chamber-org/chamber"
	"pgregory.net/rapid"
)

// TestGeneralLedger: the 总账 of a year per top-level account, each month
// 本月 and 本年累计, the opening balances in the 年初余额.
func TestGeneralLedger(t *testing.T) {
	db := openDB(t)
	if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01",
		Lines: []chamber.NewVoucherLine{dr("100201", 100000), dr("1001", 5000), cr("3101", 105000)}}); err != nil {
		t.Fatal(err)
	}
	mustPost(t, db, "2025-12-20", dr("100202", 7000), cr("420101", 7000)) // the year before: in the 年初余额
	mustPost(t, db, "2026-01-05", dr("100201", 30000), cr("420101", 30000))
	mustPost(t, db, "2026-03-10", dr("520102", 12000), cr("100201", 12000))
	mustPost(t, db, "2026-03-11", dr("1001", 2000), cr("100201", 2000))
	gl, err := db.GeneralLedger(sysCtx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if !gl.Balanced || gl.DebitFen != 44000 {
		t.Fatalf("totals %d/%d %+v", gl.DebitFen, gl.CreditFen, gl.Accounts)
	}
	var bank *chamber.GeneralLedgerAccount
	for i := range gl.Accounts {
		if gl.Accounts[i].Code == "1002" {
			bank = &gl.Accounts[i]
		}
	}
	if bank == nil || bank.Name != "银行存款" || bank.OpeningFen != 107000 || len(bank.Months) != 3 {
		t.Fatalf("1002: %+v", bank)
	}
	want := []chamber.GeneralLedgerMonth{
		{Period: "2026-01", OpeningFen: 107000, DebitFen: 30000, BalanceFen: 137000, Direction: "debit", YearDebitFen: 30000},
		{Period: "2026-02", OpeningFen: 137000, BalanceFen: 137000, Direction: "debit", YearDebitFen: 30000},
		{Period: "2026-03", OpeningFen: 137000, CreditFen: 14000, BalanceFen: 123000, Direction: "debit", YearDebitFen: 30000, YearCreditFen: 14000},
	}
	for i, w := range want {
		if bank.Months[i] != w {
			t.Errorf("month %d: %+v, want %+v", i+1, bank.Months[i], w)
		}
	}
	for _, a := range gl.Accounts {
		if a.Code == "4201" && (a.OpeningFen != -7000 || a.Months[2].BalanceFen != -37000 || a.Months[2].Direction != "credit") {
			t.Errorf("4201: %+v", a)
		}
	}
	if _, err := db.GeneralLedger(sysCtx, 3000); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Errorf("year 3000: %v", err)
	}
}

// TestCloseYear: the 期末结转 carries income and expenses into net assets
// (restricted income to 限定性净资产), in the hash chain, once; the next
// year's 年初数 are the closed year's closing; December closes after it.
func TestCloseYear(t *testing.T) {
	db := openDB(t)
	if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2025-01-01",
		Lines: []chamber.NewVoucherLine{dr("100201", 500000), cr("3101", 500000)}}); err != nil {
		t.Fatal(err)
	}
	mustPost(t, db, "2025-02-01", dr("100201", 120000), cr("420101", 120000)) // dues
	mustPost(t, db, "2025-03-01", dr("100201", 80000), cr("410102", 80000))   // restricted donation
	mustPost(t, db, "2025-04-01", dr("520101", 90000), cr("100201", 90000))   // wages
	mustPost(t, db, "2025-05-01", dr("510103", 30000), cr("100201", 30000))   // grant paid
	// Close every month but December: December waits for the 期末结转.
	for m := 1; m <= 11; m++ {
		if _, err := db.ClosePeriod(sysCtx, fmt.Sprintf("2025-%02d", m)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ClosePeriod(sysCtx, "2025-12"); errReason(err) != "year_end_open" {
		t.Fatalf("December before 期末结转: %v", err)
	}
	yc, err := db.CloseYear(sysCtx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.FindVoucher(sysCtx, yc.VoucherID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != chamber.VoucherClosing || v.Date != "2025-12-31" || v.Number != "记-2025-12-0001" {
		t.Errorf("closing voucher %+v", v)
	}
	got := map[string][2]int64{}
	for _, l := range v.Lines {
		got[l.Account] = [2]int64{l.DebitFen, l.CreditFen}
	}
	want := map[string][2]int64{"420101": {120000, 0}, "410102": {80000, 0}, "520101": {0, 90000}, "510103": {0, 30000},
		"3101": {0, 0}, "3102": {0, 80000}}
	// 3101: 120000 − 90000 − 30000 = 0, so no line.
	delete(want, "3101")
	if len(got) != len(want) {
		t.Errorf("lines %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %v, want %v", k, got[k], w)
		}
	}
	if _, err := db.CloseYear(sysCtx, 2025); chamber.ErrorCode(err) != chamber.ECONFLICT || errReason(err) != "year_closed" {
		t.Errorf("second closing: %v", err)
	}
	// The year is closed for income and expenses: a late bill dated in it is refused.
	if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2025-12-31", Lines: []chamber.NewVoucherLine{dr("520102", 100), cr("100201", 100)}}); errReason(err) != "year_closed" {
		t.Errorf("a voucher on an expense after the closing: %v", err)
	}
	if _, err := db.ReverseVoucher(sysCtx, v.ID); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Errorf("reversing the closing voucher: %v", err)
	}
	if res, err := db.VerifyLedger(sysCtx); err != nil || !res.OK {
		t.Errorf("chain: %+v %v", res, err)
	}
	if _, err := db.ClosePeriod(sysCtx, "2025-12"); err != nil {
		t.Fatalf("December after 期末结转: %v", err)
	}
	accts, _ := db.ListAccounts(sysCtx)
	bal, err := db.Balances(sysCtx, "2025-01-01", "2025-12-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bal {
		if k := chamber.KindOfCode(b.Code); (k == chamber.AccountIncome || k == chamber.AccountExpense) && b.ClosingFen != 0 {
			t.Errorf("%s not at zero: %d", b.Code, b.ClosingFen)
		}
	}
	// The year's 业务活动表 still shows the year's income and expenses.
	a := chamber.BuildActivities("2025-01-01", "2025-12-31", accts, bal)
	if a.TotalIncome.AmountFen != 200000 || a.TotalExpenses.AmountFen != 120000 || a.TotalIncome.RestrictedFen != 80000 || !a.TiesOut {
		t.Errorf("activities after closing: income %+v expenses %+v ties %v", a.TotalIncome, a.TotalExpenses, a.TiesOut)
	}
	closing := chamber.BuildBalanceSheet("2025-12-31", accts, bal)
	next, err := db.Balances(sysCtx, "2026-01-01", "2026-01-31")
	if err != nil {
		t.Fatal(err)
	}
	open := make([]chamber.AccountBalance, len(next))
	for i, b := range next {
		open[i] = chamber.AccountBalance{Code: b.Code, OpeningFen: b.OpeningFen, ClosingFen: b.OpeningFen}
	}
	opening := chamber.BuildBalanceSheet("2026-01-01", accts, open)
	form := chamber.BuildBalanceSheetForm(opening, chamber.BuildBalanceSheet("2026-01-31", accts, next), "2026-01-01")
	for i, r := range form.Right {
		if r.Heading {
			continue
		}
		if c := chamber.BuildBalanceSheetForm(closing, closing, "2025-01-01").Right[i]; r.Amounts[0] != c.Amounts[1] {
			t.Errorf("%s 年初数 %d ≠ last year's 期末数 %d", r.Name, r.Amounts[0], c.Amounts[1])
		}
	}
	if closing.NetAssets[0].AmountFen != 500000 || closing.NetAssets[1].AmountFen != 80000 {
		t.Errorf("net assets %+v", closing.NetAssets)
	}
	ys, err := db.YearClosings(sysCtx)
	if err != nil || len(ys) != 1 || ys[0].Number != v.Number {
		t.Errorf("closings %+v %v", ys, err)
	}
	if _, err := db.CloseYear(sysCtx, 2100); errReason(err) != "year_not_over" {
		t.Errorf("2100: %v", err)
	}
	if _, err := db.CloseYear(sysCtx, 2024); errReason(err) != "period_closed" && errReason(err) != "nothing_to_close" {
		t.Errorf("2024: %v", err)
	}
}

// TestCloseYearProperty: for random voucher sets, after the 期末结转 every
// income and expense account is at zero and 资产 = 负债 + 净资产.
func TestCloseYearProperty(t *testing.T) {
	codes := []string{"1001", "100201", "112101", "1501", "2101", "2204", "3101", "410101", "410102", "420101", "430102", "510102", "520101", "520102", "5301"}
	cases, max := 0, 60
	if os.Getenv("CHAMBER_TEST_POSTGRES_URL") != "" {
		max = 15
	}
	rapid.Check(t, func(rt *rapid.T) {
		if cases++; cases > max {
			return
		}
		db := openDB(t)
		if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2025-01-01",
			Lines: []chamber.NewVoucherLine{dr("100201", 1000000), cr("3101", 1000000)}}); err != nil {
			rt.Fatalf("opening: %v", err)
		}
		n := rapid.IntRange(1, 15).Draw(rt, "vouchers")
		for i := 0; i < n; i++ {
			date := fmt.Sprintf("2025-%02d-%02d", rapid.IntRange(1, 12).Draw(rt, "month"), rapid.IntRange(1, 28).Draw(rt, "day"))
			amt := rapid.Int64Range(1, 500000).Draw(rt, "amount")
			a, b := rapid.SampledFrom(codes).Draw(rt, "debit"), rapid.SampledFrom(codes).Draw(rt, "credit")
			if a == b {
				continue
			}
			if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: date, Lines: []chamber.NewVoucherLine{dr(a, amt), cr(b, amt)}}); err != nil {
				rt.Fatalf("post: %v", err)
			}
		}
		accts, _ := db.ListAccounts(sysCtx)
		before, err := db.Balances(sysCtx, "2025-01-01", "2025-12-31")
		if err != nil {
			rt.Fatalf("%v", err)
		}
		bsBefore := chamber.BuildBalanceSheet("2025-12-31", accts, before)
		if _, err := db.CloseYear(sysCtx, 2025); err != nil && errReason(err) != "nothing_to_close" {
			rt.Fatalf("close: %v", err)
		}
		after, err := db.Balances(sysCtx, "2025-01-01", "2025-12-31")
		if err != nil {
			rt.Fatalf("%v", err)
		}
		for _, b := range after {
			if k := chamber.KindOfCode(b.Code); (k == chamber.AccountIncome || k == chamber.AccountExpense) && b.ClosingFen != 0 {
				rt.Fatalf("%s at %d after closing", b.Code, b.ClosingFen)
			}
		}
		bs := chamber.BuildBalanceSheet("2025-12-31", accts, after)
		if !bs.Balanced || bs.TotalAssetsFen != bs.TotalLiabilitiesFen+bs.TotalNetAssetsFen {
			rt.Fatalf("assets %d ≠ liabilities %d + net assets %d", bs.TotalAssetsFen, bs.TotalLiabilitiesFen, bs.TotalNetAssetsFen)
		}
		for i := range bs.NetAssets {
			if bs.NetAssets[i].AmountFen != bsBefore.NetAssets[i].AmountFen {
				rt.Fatalf("%s moved from %d to %d", bs.NetAssets[i].Key, bsBefore.NetAssets[i].AmountFen, bs.NetAssets[i].AmountFen)
			}
		}
		if a := chamber.BuildActivities("2025-01-01", "2025-12-31", accts, after); !a.TiesOut {
			rt.Fatalf("activities do not tie out after closing")
		}
		if tb := chamber.BuildTrialBalance("2025-01-01", "2025-12-31", accts, after); !tb.Balanced {
			rt.Fatalf("trial balance %+v", tb)
		}
	})
}

func errReason(err error) string {
	var e *chamber.Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}
