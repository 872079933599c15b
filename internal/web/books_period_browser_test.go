package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestPeriodEndPrint: the 总账 and the 余额调节表 on screen and on A4 (the
// 余额调节表 on one page); screenshots go to CHAMBER_SCREENSHOTS.
func TestPeriodEndPrint(t *testing.T) {
	e := booksEnv(t)
	rows := [][]string{{"日期", "摘要", "收入", "支出", "余额"},
		{"2026-03-06", "会费", "12000", "", "484000"}, {"2026-03-11", "代发工资", "", "26000", "458000"},
		{"2026-03-16", "贷款发放", "100000", "", "558000"}, {"2026-03-21", "利息", "88.50", "", "558088.50"},
		{"2026-03-25", "电脑", "", "12000", "546088.50"}}
	var st chamber.BankStatement
	decodeInto(t, e.uploadStatement("clerk", "基本户2026-03.xlsx", bankXLSX(t, rows)), 201, &st)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/bank-statements/"+strconv.FormatInt(st.ID, 10)+"/auto-match", nil), 200, nil)
	var rc chamber.Reconciliation
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/bank-statements/"+strconv.FormatInt(st.ID, 10)+"/reconciliation", nil), 200, &rc)
	if !rc.Balanced || rc.AdjustedBookFen != 58408850 {
		t.Fatalf("reconciliation %+v", rc)
	}
	dir := os.Getenv("CHAMBER_SCREENSHOTS")
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1024, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.w, size.h)
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next=%2Ffinance"),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, "director"),
			chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`), chromedp.WaitVisible(`.voucher-form`))
		if attr, err := chromedp.Run(ctx, chromedp.AttributeValue(`html`, "lang")); err == nil && attr.Value != "zh-CN" {
			step(t, ctx, chromedp.Click(`form.lang button`))
			for i := 0; i < 50; i++ {
				time.Sleep(100 * time.Millisecond)
				if attr, err := chromedp.Run(ctx, chromedp.AttributeValue(`html`, "lang")); err == nil && attr.Value == "zh-CN" {
					break
				}
			}
		}
		for name, path := range map[string]string{
			"general-ledger": "/finance/reports/general-ledger?year=2026",
			"reconciliation": "/finance/bank/" + strconv.FormatInt(st.ID, 10),
			"year-end":       "/finance/year-end?year=2026",
			"bank":           "/finance/bank",
		} {
			wait := `.a4`
			if name == "year-end" || name == "bank" {
				wait = `h1`
			}
			step(t, ctx, chromedp.Navigate(e.srv.URL+path), chromedp.WaitVisible(wait))
			pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(pdfPage.FindAll(pdf, -1)); name == "reconciliation" && n != 1 {
				t.Errorf("%s prints on %d pages", name, n)
			}
			if dir != "" {
				os.WriteFile(filepath.Join(dir, name+"-"+size.name+".pdf"), pdf, 0o644)
				if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
					os.WriteFile(filepath.Join(dir, name+"-"+size.name+".png"), png, 0o644)
				}
				if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
					os.WriteFile(filepath.Join(dir, name+"-"+size.name+"-top.png"), png, 0o644)
				}
			}
		}
	}
}
