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
	ctx, cancel3 := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// TestBrowserLogin logs in through the real login page in headless Chromium
// on a phone-sized screen and checks the home page.
func TestBrowserLogin(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t, 390, 844)
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/"),
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
