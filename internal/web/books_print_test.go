package web_test

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// booksEnv is claimEnv with a year of books: opening balances, dues,
// wages, a fixed asset, a loan, a restricted donation.
func booksEnv(t *testing.T) *env {
	t.Helper()
	e := claimEnv(t)
	l := func(a string, d, c int64) chamber.NewVoucherLine {
		return chamber.NewVoucherLine{Account: a, DebitFen: d, CreditFen: c, Memo: "测试"}
	}
	if _, err := e.db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01",
		Lines: []chamber.NewVoucherLine{l("100201", 50000000, 0), l("1001", 500000, 0), l("1501", 3000000, 0), l("3101", 0, 53500000)}}); err != nil {
		t.Fatal(err)
	}
	var vs []chamber.NewVoucher
	for m := 1; m <= 6; m++ {
		d := "2026-0" + strconv.Itoa(m) + "-"
		vs = append(vs,
			chamber.NewVoucher{Date: d + "05", Summary: "收取会费", Lines: []chamber.NewVoucherLine{l("100201", 1200000, 0), l("420101", 0, 1200000)}},
			chamber.NewVoucher{Date: d + "10", Summary: "发放工资", Lines: []chamber.NewVoucherLine{l("520101", 2600000, 0), l("100201", 0, 2600000)}})
	}
	vs = append(vs,
		chamber.NewVoucher{Date: "2026-03-12", Summary: "购置电脑", Lines: []chamber.NewVoucherLine{l("1501", 1200000, 0), l("100201", 0, 1200000)}},
		chamber.NewVoucher{Date: "2026-03-15", Summary: "银行借款", Lines: []chamber.NewVoucherLine{l("100201", 10000000, 0), l("2101", 0, 10000000)}},
		chamber.NewVoucher{Date: "2026-03-20", Summary: "定向捐赠", Lines: []chamber.NewVoucherLine{l("100201", 5000000, 0), l("410102", 0, 5000000)}})
	if _, err := e.db.PostVouchers(sysCtx, vs); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestStatementForms: the three statements in their standard forms tie
// out with each other and the trial balance.
func TestStatementForms(t *testing.T) {
	e := booksEnv(t)
	var bs chamber.BalanceSheet
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/balance-sheet?date=2026-06-30", nil), 200, &bs)
	line := func(rows []chamber.FormRow, n int) []int64 {
		for _, r := range rows {
			if r.Line == n {
				return r.Amounts
			}
		}
		t.Fatalf("no line %d", n)
		return nil
	}
	if bs.Form == nil || !bs.Balanced {
		t.Fatalf("balance sheet: %+v", bs)
	}
	assets, total := line(bs.Form.Left, 60), line(bs.Form.Right, 120)
	if assets[0] != 53500000 || assets[0] != total[0] || assets[1] != total[1] || assets[1] != bs.TotalAssetsFen {
		t.Errorf("01表 资产总计 %v, 负债和净资产总计 %v", assets, total)
	}
	if cash := line(bs.Form.Left, 1); cash[0] != 50500000 {
		t.Errorf("货币资金 年初数 %d", cash[0])
	}
	if fixed := line(bs.Form.Left, 40); fixed[1] != 4200000 {
		t.Errorf("固定资产合计 %d", fixed[1])
	}
	var act chamber.Activities
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/activities?period=2026-03", nil), 200, &act)
	if act.From != "2026-03-01" || act.To != "2026-03-31" || act.Form == nil {
		t.Fatalf("activities: %+v", act)
	}
	if dues := line(act.Form.Rows, 2); dues[2] != 1200000 || dues[5] != 3600000 {
		t.Errorf("会费收入 本月 %d 本年累计 %d", dues[2], dues[5])
	}
	if don := line(act.Form.Rows, 1); don[1] != 5000000 || don[2] != 5000000 {
		t.Errorf("捐赠收入 限定性 %v", don)
	}
	// 净资产变动额 for the half year = 期末 net assets − 年初.
	var half chamber.Activities
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/activities?from=2026-01-01&to=2026-06-30", nil), 200, &half)
	na := line(bs.Form.Right, 110)
	if change := line(half.Form.Rows, 45); change[2] != na[1]-na[0] {
		t.Errorf("净资产变动额 %d ≠ %d − %d", change[2], na[1], na[0])
	}
	var cf chamber.CashFlow
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/cash-flow?period=2026-Q1", nil), 200, &cf)
	if cf.From != "2026-01-01" || cf.To != "2026-03-31" || !cf.TiesOut || cf.OpeningCashFen != 50500000 {
		t.Fatalf("cash flow: %+v", cf)
	}
	var q1 chamber.BalanceSheet
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/balance-sheet?period=2026-Q1", nil), 200, &q1)
	if c := line(q1.Form.Left, 1); c[1]-c[0] != cf.NetIncreaseFen {
		t.Errorf("cash flow net %d ≠ 货币资金 %d − %d", cf.NetIncreaseFen, c[1], c[0])
	}
	var tb chamber.TrialBalance
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/trial-balance?from=2026-01-01&to=2026-06-30", nil), 200, &tb)
	var assetsTB int64
	for _, r := range tb.Rows {
		if r.Level == 0 && r.Code[0] == '1' {
			assetsTB += r.ClosingFen
		}
	}
	if !tb.Balanced || assetsTB != bs.TotalAssetsFen {
		t.Errorf("trial balance assets %d vs 资产总计 %d", assetsTB, bs.TotalAssetsFen)
	}
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/cash-flow?period=2026-Q5", nil), 422, nil)
}

// TestStatementXLSX: the workbooks hold numbers as numbers and dates as dates.
func TestStatementXLSX(t *testing.T) {
	e := booksEnv(t)
	c := e.browser("zh-CN")
	e.login(c, "director")
	open := func(path string) *excelize.File {
		body := e.get(c, path)
		f, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	find := func(f *excelize.File, text string) (int, []string) {
		rows, _ := f.GetRows("Sheet1")
		for i, r := range rows {
			for _, c := range r {
				if c == text {
					return i + 1, r
				}
			}
		}
		t.Fatalf("no row %q", text)
		return 0, nil
	}
	f := open("/finance/reports/balance-sheet?date=2026-06-30&format=xlsx")
	n, _ := find(f, "资产总计")
	raw, _ := f.GetCellValue("Sheet1", "D"+strconv.Itoa(n), excelize.Options{RawCellValue: true})
	if v, err := strconv.ParseFloat(raw, 64); err != nil || v <= 0 {
		t.Errorf("资产总计 期末数 %q is not a number", raw)
	}
	if tp, _ := f.GetCellType("Sheet1", "D"+strconv.Itoa(n)); tp != excelize.CellTypeUnset && tp != excelize.CellTypeNumber {
		t.Errorf("amount cell type %v", tp)
	}
	if lineNo, _ := f.GetCellValue("Sheet1", "B"+strconv.Itoa(n)); lineNo != "60" {
		t.Errorf("行次 %q", lineNo)
	}
	if _, r := find(f, "会民非01表"); len(r) == 0 {
		t.Error("no form number")
	}
	find(f, "单位负责人：")
	f = open("/finance/reports/ledger?account=100201&from=2026-01-01&to=2026-06-30&format=xlsx")
	n, _ = find(f, "收取会费")
	ref := "A" + strconv.Itoa(n)
	raw, _ = f.GetCellValue("Sheet1", ref, excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue("Sheet1", ref)
	if _, err := strconv.ParseFloat(raw, 64); err != nil || shown != "2026-01-05" {
		t.Errorf("ledger date raw %q shown %q: not a date cell", raw, shown)
	}
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// TestStatementsPrintOnePage: each statement and the voucher print is one
// A4 page; screenshots (phone and desktop) go to CHAMBER_SCREENSHOTS.
func TestStatementsPrintOnePage(t *testing.T) {
	e := booksEnv(t)
	ctx := newBrowser(t, 1024, 900)
	step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next="+url.QueryEscape("/finance")),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "director"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`button[type=submit].primary`), chromedp.WaitVisible(`.voucher-form`))
	vs, _, err := e.db.ListVouchers(sysCtx, chamber.VoucherFilter{}, chamber.Page{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("CHAMBER_SCREENSHOTS")
	for name, path := range map[string]string{
		"balance-sheet": "/finance/reports/balance-sheet?date=2026-06-30",
		"activities":    "/finance/reports/activities?period=2026-03",
		"cash-flow":     "/finance/reports/cash-flow?period=2026",
		"voucher":       "/finance/vouchers/" + strconv.FormatInt(vs[0].ID, 10) + "/print",
	} {
		step(t, ctx, chromedp.Navigate(e.srv.URL+path), chromedp.WaitVisible(`.a4`))
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
			t.Errorf("%s prints on %d pages", name, n)
		}
		if dir != "" {
			os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644)
			if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
			}
		}
		if bytes.Contains(pdf, []byte("finance.")) {
			t.Errorf("%s: untranslated key", name)
		}
	}
}
