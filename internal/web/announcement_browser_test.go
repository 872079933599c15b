package web_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestBrowserAnnouncementMainPath: in the real pages, the admin drafts a
// notice, the president approves it, the admin publishes it, a member's
// representative reads it from the inbox, and the receipt count moves.
func TestBrowserAnnouncementMainPath(t *testing.T) {
	e := approverEnv(t)
	createMembers(t, e, 5, chamber.StatusActive)
	ctx := newBrowser(t, 1280, 900)
	step := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	shot := func(name string) {
		if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(dir+"/"+name+".png", png, 0o644)
			}
		}
	}
	login := func(user, next string) {
		t.Helper()
		step(chromedp.Navigate(e.srv.URL+"/news"), chromedp.WaitReady(`body`))
		out, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){const f = document.querySelector('form[action="/logout"]'); if (f) f.submit(); return !!f})()`))
		if err != nil {
			t.Fatal(err)
		}
		if out { // wait for the logged-out login page: navigating away sooner can cancel the logout
			step(chromedp.WaitVisible(`input[name=username]`))
		}
		step(chromedp.Navigate(e.srv.URL+"/login?next="+next),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, user),
			chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`))
	}

	// Draft.
	login("admin", "/announcements")
	step(chromedp.WaitVisible(`form[action="/announcements"]`),
		chromedp.SendKeys(`form[action="/announcements"] input[name=title]`, "关于召开第三届会员大会的通知"),
		chromedp.SendKeys(`form[action="/announcements"] textarea[name=body]`, "各会员单位：\n\n定于12月20日召开会员大会，请准时参加。"),
		chromedp.Submit(`form[action="/announcements"]`),
		chromedp.WaitVisible(`[data-status=draft]`))
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	page := strings.SplitN(url, "?", 2)[0]
	shot("announcement-draft")

	// Approve as another user (the president).
	e.db.SetPassword(sysCtx, approverID(t, e), testPassword)
	login("approver", strings.TrimPrefix(page, e.srv.URL))
	step(chromedp.WaitVisible(`form[action$="/approve"]`),
		chromedp.Click(`form[action$="/approve"] button`),
		chromedp.WaitVisible(`[data-status=approved]`))

	// Publish as the author.
	login("admin", strings.TrimPrefix(page, e.srv.URL))
	step(chromedp.WaitVisible(`form[action$="/publish"]`),
		chromedp.Click(`form[action$="/publish"] button`),
		chromedp.WaitVisible(`[data-receipts]`))
	if got := text(`[data-receipts]`); !strings.Contains(got, "5") {
		t.Fatalf("receipts after publish: %q", got)
	}
	read0, _ := chromedp.Run(ctx, chromedp.AttributeValue(`[data-receipts]`, "data-read"))

	// Read as a member: the unread count in the header, then the notice.
	login("member", "/inbox")
	step(chromedp.WaitVisible(`.ann-list`))
	if got := text(`.inbox-link .count`); strings.TrimSpace(got) != "1" {
		t.Fatalf("unread in header: %q", got)
	}
	shot("inbox-phone")
	step(chromedp.Click(`.ann-list li.unread a`), chromedp.WaitVisible(`.ann-body`))
	if got := text(`.ann-body`); !strings.Contains(got, "请准时参加") {
		t.Fatalf("body: %q", got)
	}
	unread, _ := chromedp.Run(ctx, chromedp.AttributeValue(`.inbox-link`, "data-unread"))
	if unread.Value != "0" {
		t.Fatalf("unread after reading: %q", unread.Value)
	}

	// The receipt count moved.
	login("admin", strings.TrimPrefix(page, e.srv.URL))
	step(chromedp.WaitVisible(`[data-receipts]`))
	read1, _ := chromedp.Run(ctx, chromedp.AttributeValue(`[data-receipts]`, "data-read"))
	if read0.Value != "0" || read1.Value != "1" {
		t.Fatalf("read count %q → %q", read0.Value, read1.Value)
	}
	shot("announcement-receipts")
}

func approverID(t *testing.T, e *env) chamber.ID {
	var id chamber.ID
	if err := e.db.Reader().QueryRow(`SELECT id FROM users WHERE username = 'approver'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
