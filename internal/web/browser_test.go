package web_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds a Chromium to drive; browser tests skip only where none
// is installed (CI installs it, and CHAMBER_TEST_REQUIRE_BROWSER=1 makes a
// missing browser fail).
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CHAMBER_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found but CHAMBER_TEST_REQUIRE_BROWSER=1")
	}
	t.Skip("no Chromium on this machine")
	return ""
}

// newBrowser starts headless Chromium with a phone-sized or desktop window.
func newBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(width, height),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 120*time.Second) // a loaded CI machine is slow
	t.Cleanup(cancel3)
	return ctx
}

// chromeCtx is a browser tab's context.
type chromeCtx = context.Context

// step runs browser actions or fails the test.
func step(t *testing.T, ctx chromeCtx, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// textOf reads an element's text, trying again briefly while a page that a
// redirect is still loading drops the query.
func textOf(t *testing.T, ctx chromeCtx, sel string) string {
	t.Helper()
	var err error
	for try := 0; try < 20; try++ {
		var s string
		if s, err = chromedp.Run(ctx, chromedp.Text(sel)); err == nil {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: %v", sel, err)
	return ""
}

// js runs a snippet of JavaScript in the page.
func js(t *testing.T, ctx chromeCtx, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(function(){"+expr+"; return true})()")); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserLogin logs in through the real login page in headless Chromium
// on a phone-sized screen and checks the home page.
func TestBrowserLogin(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t, 390, 844)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/"),
		chromedp.WaitVisible(`.public-hero a[href="/login"]`),
		chromedp.Click(`.public-hero a[href="/login"]`),
		chromedp.WaitVisible(`input[name=username]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	attr, err := chromedp.Run(ctx, chromedp.AttributeValue(`html`, "lang"))
	if err != nil {
		t.Fatal(err)
	}
	lang := attr.Value
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`input[name=username]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`button[type=submit].primary`),
		chromedp.WaitVisible(`.stats`),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(`h1`))
	if err != nil {
		t.Fatal(err)
	}
	users, err := chromedp.Run(ctx, chromedp.Text(`[data-count=users]`))
	if err != nil {
		t.Fatal(err)
	}
	// The language button switches every page to the other language.
	if err := chromedp.Do(ctx, chromedp.Click(`form.lang button`)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		time.Sleep(100 * time.Millisecond)
		if attr, err = chromedp.Run(ctx, chromedp.AttributeValue(`html`, "lang")); err == nil && attr.Value != lang {
			break
		}
	}
	if attr.Value == lang || (attr.Value != "zh-CN" && attr.Value != "en") {
		t.Errorf("language switch: %q → %q", lang, attr.Value)
	}
	if !strings.Contains(heading, "管理员") || strings.TrimSpace(users) != "3" {
		t.Fatalf("home: heading %q, users %q", heading, users)
	}
	if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(dir+"/home-phone.png", png, 0o644)
		}
	}
}

// TestBrowserOrgMainPath: in the real pages, add a department and a
// position under 秘书长, appoint a login, and see them on the chart.
func TestBrowserOrgMainPath(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t, 1280, 900)
	js := func(expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(function(){"+expr+"; return true})()")); err != nil {
			t.Fatal(err)
		}
	}
	step := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	openForms := `document.querySelectorAll("details.card").forEach(d => d.open = true)`
	step(chromedp.Navigate(e.srv.URL+"/login?next=/org"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`button[type=submit].primary`),
		chromedp.WaitVisible(`.org-tree`))
	js(openForms)
	step(chromedp.SendKeys(`form[action="/org/departments"] input[name=name]`, "国际交流部"),
		chromedp.Submit(`form[action="/org/departments"]`),
		chromedp.WaitVisible(`.duties, .flash`),
		chromedp.Navigate(e.srv.URL+"/org"),
		chromedp.WaitVisible(`.org-tree`))
	js(openForms)
	step(chromedp.SendKeys(`form[action="/org/positions"] input[name=name]`, "国际交流部总监"))
	// Pick the new department and 秘书长 by their visible labels.
	js(`const f = document.querySelector('form[action="/org/positions"]');
		for (const o of f.department_id.options) if (o.text === "国际交流部") f.department_id.value = o.value;
		for (const o of f.reports_to.options) if (o.text === "秘书长") f.reports_to.value = o.value;
		f.rank.value = "2"`)
	step(chromedp.Submit(`form[action="/org/positions"]`), chromedp.WaitVisible(`form[action="/org/posts"]`))
	js(`const s = document.querySelector('form[action="/org/posts"] select[name=user_id]');
		for (const o of s.options) if (o.text.indexOf("(staff)") >= 0) s.value = o.value`)
	// The position's page already shows the flash of its creation: wait for
	// the new post's row (its end form), not for a flash, or the holders are
	// read before the appointment lands.
	step(chromedp.Submit(`form[action="/org/posts"]`), chromedp.WaitVisible(`form[action^="/org/posts/"][action$="/end"]`), chromedp.WaitVisible(`.flash`))
	holders := textOf(t, ctx, `table`)
	if !strings.Contains(holders, "工作人员") {
		t.Fatalf("holder not listed: %q", holders)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/api/v1/org/chart.svg"), chromedp.WaitReady(`svg`)); err != nil {
		t.Fatal(err)
	}
	svg, err := chromedp.Run(ctx, chromedp.OuterHTML(`svg`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg, "国际交流部总监") || !strings.Contains(svg, "工作人员") {
		t.Fatal("the chart lacks the new position and its holder")
	}
	if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
		step(chromedp.Navigate(e.srv.URL+"/org/chart"), chromedp.WaitVisible(`img.chart`))
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(dir+"/org-chart.png", png, 0o644)
		}
	}
}
