package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDocumentPath: in Chromium, the author drafts a decision with
// its 主送 and 抄送 on a desktop, the 秘书长 and the 会长 sign it off on
// their phones, the author issues it, and a reader of the distribution
// opens it on a phone (a read receipt) and prints the 红头; its screenshot
// goes to CHAMBER_SCREENSHOTS (or the test's temp folder).
func TestBrowserDocumentPath(t *testing.T) {
	e, ids := docEnv(t)
	login := func(w, h int, username string) chromeCtx {
		ctx := newBrowser(t, w, h)
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login"), chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, username), chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`), chromedp.WaitReady(`nav.side`)) // the signed-in layout (hidden behind a toggle on a phone)
		return ctx
	}
	author := login(1280, 900, "author")
	step(t, author, chromedp.Navigate(e.srv.URL+"/documents"), chromedp.WaitVisible(`form[action="/documents"] select[name=doc_type]`),
		chromedp.SetValue(`form[action="/documents"] select[name=doc_type]`, "decision"),
		chromedp.SendKeys(`form[action="/documents"] input[name=title]`, "关于表彰2026年度优秀会员企业的决定"),
		chromedp.SendKeys(`form[action="/documents"] input[name=main_to]`, "各会员单位"),
		chromedp.SendKeys(`form[action="/documents"] input[name=copy_to]`, "滨江市民政局、滨江市工商业联合会"),
		chromedp.SendKeys(`form[action="/documents"] input[name=distribution]`, itoa(ids["reader"])),
		chromedp.SendKeys(`form[action="/documents"] textarea[name=body]`, "经会长办公会议研究，决定表彰下列会员企业：\n\n| 企业 | 称号 |\n|---|---|\n| 瓯江电气有限公司 | 优秀会员企业 |\n\n希望受表彰企业再接再厉。"),
		chromedp.Click(`form[action="/documents"] button[type=submit]`),
		chromedp.WaitVisible(`form[action$="/submit"] button`))
	loc, err := chromedp.Run(author, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	step(t, author, chromedp.Click(`form[action$="/submit"] button`), chromedp.WaitVisible(`[data-status=reviewing]`))
	docPath := loc[strings.Index(loc, "/documents/"):]
	for i, signer := range []string{"sg", "pres"} {
		phone := login(390, 844, signer)
		// The 会长's page already shows the 秘书长's approved step: wait for
		// this signer's own step, or the author looks before it lands.
		step(t, phone, chromedp.Navigate(e.srv.URL+docPath), chromedp.WaitVisible(`form[action$="/approve"] input[name=comment]`),
			chromedp.SendKeys(`form[action$="/approve"] input[name=comment]`, "同意"),
			chromedp.Click(`form[action$="/approve"] button.primary`), chromedp.WaitVisible(`[data-step="`+strconv.Itoa(i+1)+`"][data-decision=approved]`))
	}
	// Each tab has its own deadline: the author comes back in a new one.
	author = login(1280, 900, "author")
	step(t, author, chromedp.Navigate(e.srv.URL+docPath), chromedp.WaitVisible(`form[action$="/issue"] button`),
		chromedp.Click(`form[action$="/issue"] button`), chromedp.WaitVisible(`[data-doc-no]`))
	docNo := textOf(t, author, `[data-doc-no]`)
	reader := login(390, 844, "reader")
	step(t, reader, chromedp.Navigate(e.srv.URL+docPath), chromedp.WaitVisible(`[data-doc-no]`))
	step(t, author, chromedp.Navigate(e.srv.URL+docPath), chromedp.WaitVisible(`#receipts [data-read="1"]`))
	print := login(900, 1270, "reader")
	if lang, _ := chromedp.Run(print, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "zh-CN" {
		step(t, print, chromedp.Click(`form.lang button`), chromedp.WaitVisible(`html[lang="zh-CN"]`))
	}
	step(t, print, chromedp.Navigate(e.srv.URL+docPath+"/print"), chromedp.WaitVisible(`.redhead [data-copy-to]`))
	if got := textOf(t, print, `.redhead-no`); !strings.Contains(got, docNo) {
		t.Fatalf("print number %q, want %q", got, docNo)
	}
	if got := textOf(t, print, `.redhead-main`); got != "各会员单位：" {
		t.Fatalf("主送 %q", got)
	}
	dir := os.Getenv("CHAMBER_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	png, err := chromedp.Run(print, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "document-redhead.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
