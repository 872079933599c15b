package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestOrgChartPrint: the demo chamber's org chart prints on A4 landscape in
// its level-by-level layout, no text smaller than 8 pt, on one or two sheets;
// with CHAMBER_SCREENSHOTS set it keeps the PDF and a print-media picture.
// It also keeps zh-CN pictures of the public home and 资格审查 (phone, desktop).
func TestOrgChartPrint(t *testing.T) {
	e := newDemoEnv(t)
	dir := os.Getenv("CHAMBER_SCREENSHOTS")
	save := func(ctx chromeCtx, name string) {
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
	// 297 × 210 mm at 96 px per inch.
	ctx := newBrowser(t, 1123, 794)
	zh := func(c chromeCtx) {
		step(t, c, chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(`.public-hero`))
		if n, _ := chromedp.Run(c, chromedp.Evaluate[int](`document.querySelectorAll('form.lang button[value="zh-CN"]').length`)); n > 0 {
			step(t, c, chromedp.Click(`form.lang button[value="zh-CN"]`), chromedp.WaitVisible(`html[lang="zh-CN"]`))
		}
	}
	zh(ctx)
	step(t, ctx,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, "chamber-demo"),
		chromedp.Click(`button[type=submit].primary`),
		chromedp.WaitVisible(`a.who`),
		chromedp.Navigate(e.srv.URL+"/org/chart"),
		chromedp.WaitReady(`.chart-print`),
	)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	boxes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.chart-print .chart-box').length`))
	if err != nil || boxes < 5 {
		t.Fatalf("%d boxes in the print layout: %v", boxes, err)
	}
	// The smallest text in px (8 pt = 10.67 px) and whether the drawing hides.
	minPx, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`Math.min(...[...document.querySelectorAll('.chart-print *')].filter(el => el.textContent.trim()).map(el => parseFloat(getComputedStyle(el).fontSize)))`))
	if err != nil {
		t.Fatal(err)
	}
	if minPx < 10.6 {
		t.Errorf("smallest print text %.1f px (< 8 pt)", minPx)
	}
	if shown, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector('img.chart')).display !== 'none'`)); shown {
		t.Error("the drawing prints as well")
	}
	save(ctx, "org-chart-print.png")
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n < 1 || n > 2 {
		t.Errorf("org chart prints on %d pages", n)
	}
	if dir != "" {
		os.WriteFile(filepath.Join(dir, "org-chart.pdf"), pdf, 0o644)
	}
	if dir == "" {
		return
	}
	for _, size := range []struct {
		name string
		w, h int
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		c := newBrowser(t, size.w, size.h)
		zh(c)
		save(c, "public-home-"+size.name+".png")
		step(t, c,
			chromedp.Navigate(e.srv.URL+"/login"),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, "admin"),
			chromedp.SendKeys(`input[name=password]`, "chamber-demo"),
			chromedp.Click(`button[type=submit].primary`),
			chromedp.WaitVisible(`a.who`),
			chromedp.Navigate(e.srv.URL+"/members/reviews"),
			chromedp.WaitVisible(`#bulk-review`),
		)
		js(t, c, `document.querySelectorAll('input[name=member_id]').forEach((b, i) => { if (i < 3) { b.click() } })`)
		save(c, "reviews-"+size.name+".png")
		if png, err := chromedp.Run(c, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(filepath.Join(dir, "reviews-"+size.name+"-top.png"), png, 0o644)
		}
	}
}
