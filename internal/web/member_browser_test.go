package web_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAdmission applies through the public join form on a phone,
// then, as staff, passes the first review, records the council decision
// and opens the printable certificate with its QR code.
func TestBrowserAdmission(t *testing.T) {
	e := newEnv(t)
	ctx := newBrowser(t, 390, 844)
	shot := func(name string) {
		if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(dir+"/"+name+".png", png, 0o644)
			}
		}
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/join"),
		chromedp.WaitVisible(`input[name=name]`),
		chromedp.SendKeys(`input[name=name]`, "杭州建国科技有限公司"),
		chromedp.SendKeys(`input[name=credit_code]`, credit(42)),
		chromedp.SendKeys(`input[name=industry]`, "软件"),
		chromedp.SendKeys(`input[name=contact_name]`, "张建国"),
		chromedp.SendKeys(`input[name=phone]`, "13812345678"),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot("join-phone")
	if err := chromedp.Do(ctx, chromedp.Click(`button.primary`), chromedp.WaitVisible(`[data-app-status]`)); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.AttributeValue(`[data-app-status]`, "data-app-status"))
	if err != nil || status.Value != "submitted" {
		t.Fatalf("after applying: %q %v", status.Value, err)
	}
	shot("join-status")
	statusURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	// Staff: log in, open the application, pass the review, admit.
	err = chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/login"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`button[type=submit].primary`),
		chromedp.WaitVisible(`.stats`),
		chromedp.Navigate(e.srv.URL+"/applications"),
		chromedp.Click(`td a`),
		chromedp.WaitVisible(`[data-action=review_pass]`),
		chromedp.Click(`[data-action=review_pass]`),
		chromedp.WaitVisible(`[data-action=approve]`),
		chromedp.SendKeys(`input[name=resolution]`, "第三届理事会第五次会议决议"),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot("application-approve")
	err = chromedp.Do(ctx,
		chromedp.Click(`[data-action=approve]`),
		chromedp.WaitVisible(`[data-status=active]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot("member-page")
	memberURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(strings.TrimSuffix(memberURL, "?done=admitted")+"/certificate"), chromedp.WaitVisible(`.cert-qr svg`)); err != nil {
		t.Fatal(err)
	}
	no, err := chromedp.Run(ctx, chromedp.Text(`[data-member-no]`))
	if err != nil || len(strings.TrimSpace(no)) < 5 {
		t.Fatalf("certificate member no %q %v", no, err)
	}
	shot("certificate")
	// The applicant sees the admission through the link.
	if err := chromedp.Do(ctx, chromedp.Navigate(statusURL), chromedp.WaitVisible(`[data-app-status=approved]`)); err != nil {
		t.Fatal(err)
	}
}
