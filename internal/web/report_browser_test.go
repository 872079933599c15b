package web_test

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/chamber-org/chamber/internal/demo"
)

// TestBrowserDashboardAndReport opens the dashboards and the annual report
// in Chromium on a desktop and a phone (zh-CN), prints the report on A4,
// and checks that nothing overflows the phone's width; screenshots go to
// CHAMBER_SCREENSHOTS.
func TestBrowserDashboardAndReport(t *testing.T) {
	e := demoEnv(t)
	dir := os.Getenv("CHAMBER_SCREENSHOTS")
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.w, size.h)
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next="+url.QueryEscape("/dashboard")),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, "mishuzhang"),
			chromedp.SendKeys(`input[name=password]`, demo.Password),
			chromedp.Click(`button[type=submit].primary`), chromedp.WaitVisible(`.dashboard svg`))
		if lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil {
			t.Fatal(err)
		} else if lang != "zh-CN" { // the screenshots are of the Chinese pages
			step(t, ctx, chromedp.Click(`form.lang button`), chromedp.WaitVisible(`html[lang="zh-CN"]`))
		}
		for _, pg := range []struct{ name, path, sel string }{
			{"dashboard", "/dashboard", ".dashboard svg"},
			{"dashboard-supervisory", "/dashboard/supervisory", ".dashboard .tiles"},
			{"annual-report", "/reports/annual", ".annual"},
			{"annual-report-edit", "/reports/annual/edit", "#narrative-form"},
			{"authority-report", "/reports/authority", ".authority"},
			{"authority-fill", "/reports/authority/fill", "#authority-form"},
			{"statistics", "/reports/statistics?measure=members&breakdown=tier", "#stat-table"},
			{"statistics-month", "/reports/statistics?measure=tickets&breakdown=month", "#stat-table"},
			{"dashboard-department", "/dashboard/department", "#dept-finance"},
		} {
			step(t, ctx, chromedp.Navigate(e.srv.URL+pg.path), chromedp.WaitVisible(pg.sel))
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
			if err != nil {
				t.Fatal(err)
			}
			if wide {
				t.Errorf("%s %s: wider than the screen", size.name, pg.name)
			}
			if dir != "" {
				if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
					os.WriteFile(filepath.Join(dir, pg.name+"-"+size.name+".png"), png, 0o644)
				}
			}
		}
		if size.name != "desktop" {
			continue
		}
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/reports/annual"), chromedp.WaitVisible(".annual"))
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(pdfPage.FindAll(pdf, -1)); n < 1 || n > 4 {
			t.Errorf("the annual report prints on %d pages", n)
		}
		if bytes.Contains(pdf, []byte("report.")) {
			t.Error("untranslated key in the print")
		}
		if dir != "" {
			os.WriteFile(filepath.Join(dir, "annual-report.pdf"), pdf, 0o644)
			// The print as it looks on paper: print media at A4 width.
			step(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			}), chromedp.EmulateViewport(794, 1123))
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(filepath.Join(dir, "annual-report-print.png"), png, 0o644)
			}
			step(t, ctx, chromedp.Navigate(e.srv.URL+"/reports/authority"), chromedp.WaitVisible(".authority"))
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(filepath.Join(dir, "authority-report-print.png"), png, 0o644)
			}
		}
	}
}
