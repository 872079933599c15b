package web_test

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chamber-org/chamber/internal/demo"
)

// TestBrowserRelations opens the relations pages of the demo in Chromium
// (zh-CN) on a desktop and a phone: nothing wider than the screen, the
// funnel drawn; the outbound delegation's letter prints on two A4 pages,
// Chinese then English, with no catalog key left. Screenshots go to
// CHAMBER_SCREENSHOTS.
func TestBrowserRelations(t *testing.T) {
	e := demoEnv(t)
	dir := os.Getenv("CHAMBER_SCREENSHOTS")
	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1280, 900}, {"phone", 390, 844}} {
		ctx := newBrowser(t, size.w, size.h)
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next="+url.QueryEscape("/agreements")),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, "jingji"),
			chromedp.SendKeys(`input[name=password]`, demo.Password),
			chromedp.Click(`button[type=submit].primary`), chromedp.WaitVisible(`tr[data-agreement]`))
		for _, pg := range []struct{ name, path, sel string }{
			{"agreements", "/agreements", "tr[data-agreement]"},
			{"leads", "/leads", "tr[data-lead]"},
			{"lead-funnel", "/leads/funnel", "figure.chart svg"},
			{"delegations", "/delegations", "tr[data-delegation]"},
			{"delegation", "/delegations/1", "#costs"},
			{"delegation-letter", "/delegations/1/letter", `article[data-letter="en"]`},
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
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(pdfPage.FindAll(pdf, -1)); n != 2 {
			t.Errorf("the letter prints on %d pages, want 2 (zh, en)", n)
		}
		if bytes.Contains(pdf, []byte("delegation.")) {
			t.Error("untranslated key in the letter")
		}
		if dir != "" {
			os.WriteFile(filepath.Join(dir, "delegation-letter.pdf"), pdf, 0o644)
		}
	}
}
