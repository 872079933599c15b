package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chamber-org/chamber/internal/demo"
)

// TestBrowserMatchingIntroduction on two phones of the demo chamber: the
// member posts a demand on the portal, the 经济合作部 approves it, the
// member sees the fitting supply with its reasons and asks for an
// introduction, staff log it and the member sees it made. Then a visitor
// reads the public site's pages and the 会刊 on a phone, none wider than
// the screen. Screenshots go to CHAMBER_SCREENSHOTS.
func TestBrowserMatchingIntroduction(t *testing.T) {
	e := demoEnv(t)
	dir := os.Getenv("CHAMBER_SCREENSHOTS")
	shot := func(ctx chromeCtx, name string) {
		if dir == "" {
			return
		}
		if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
		}
	}
	fits := func(ctx chromeCtx, name string) {
		t.Helper()
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if wide {
			t.Errorf("%s: wider than the phone", name)
		}
		shot(ctx, name)
	}
	login := func(ctx chromeCtx, user, next, sel string) {
		t.Helper()
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next="+url.QueryEscape(next)),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SetValue(`input[name=username]`, user), // not keystrokes: none is lost on a loaded machine
			chromedp.SetValue(`input[name=password]`, demo.Password),
			chromedp.Click(`button[type=submit].primary`), chromedp.WaitVisible(sel))
	}

	member := newBrowser(t, 390, 844)
	login(member, "qiye", "/offers", `form[action="/offers"] textarea[name=body]`)
	step(t, member,
		chromedp.SetValue(`form[action="/offers"] select[name=kind]`, "demand"),
		chromedp.SetValue(`form[action="/offers"] input[name=title]`, "求购环保头层牛皮鞋面材料"),
		chromedp.SetValue(`form[action="/offers"] textarea[name=body]`, "新开男鞋生产线，求购头层牛皮鞋面材料，环保鞣制，每月一万平方尺。"),
		chromedp.SetValue(`form[action="/offers"] input[name=industry]`, "鞋业"),
		chromedp.SetValue(`form[action="/offers"] input[name=region]`, "浙江温州"),
		chromedp.Click(`form[action="/offers"] button[type=submit]`),
		chromedp.WaitVisible(`#matches`))
	offerURL, err := chromedp.Run(member, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	step(t, member, chromedp.WaitVisible(`.badge.offer-pending`)) // waiting for approval
	fits(member, "offer-pending-phone")

	staff := newBrowser(t, 390, 844)
	login(staff, "jingji", strings.TrimPrefix(offerURL, e.srv.URL), `form[action$="/approve"] button`)
	// Staff see the matches of a pending offer too: wait for the approved
	// page, not for the matches, or the member may look before the approval.
	step(t, staff, chromedp.Click(`form[action$="/approve"] button`), chromedp.WaitVisible(`.badge.offer-approved`), chromedp.WaitVisible(`#matches li[data-match]`))

	step(t, member, chromedp.Navigate(offerURL), chromedp.WaitVisible(`#matches li[data-match] form.ask-intro`))
	first := textOf(t, member, `#matches li[data-match]`)
	for _, want := range []string{"供应头层牛皮鞋面材料", "鞋业", "浙江温州", "头层"} { // the reasons: industry, region, shared words
		if !strings.Contains(first, want) || !strings.Contains(first, "同一行业") && !strings.Contains(first, "Same industry") {
			t.Fatalf("the first match lacks %q: %s", want, first)
		}
	}
	fits(member, "offer-matches-phone")
	step(t, member, chromedp.SetValue(`#matches li[data-match] form.ask-intro input[name=note]`, "希望尽快看样"),
		chromedp.Click(`#matches li[data-match] form.ask-intro button`),
		chromedp.WaitVisible(`#introductions li[data-intro] .intro-requested`))

	step(t, staff, chromedp.Navigate(e.srv.URL+"/introductions?status=requested"), chromedp.WaitVisible(`form.log-intro textarea[name=outcome]`))
	if !strings.Contains(textOf(t, staff, `li[data-intro]`), "希望尽快看样") {
		t.Fatal("staff do not see the member's request first")
	}
	step(t, staff,
		chromedp.SetValue(`form.log-intro input[name=people]`, "双方总经理、经济合作部部长"),
		chromedp.SetValue(`form.log-intro textarea[name=outcome]`, "商会会议室面谈，寄送样品，拟签订试订单。"),
		chromedp.Click(`form.log-intro button[type=submit]`),
		chromedp.WaitVisible(`.flash`))
	fits(staff, "introductions-staff-phone")

	step(t, member, chromedp.Navigate(e.srv.URL+"/introductions"), chromedp.WaitVisible(`li[data-intro] .intro-introduced`))
	if got := textOf(t, member, `li[data-intro]`); !strings.Contains(got, "拟签订试订单") || !strings.Contains(got, "求购环保头层牛皮鞋面材料") {
		t.Fatalf("the member's introduction: %s", got)
	}
	fits(member, "introductions-member-phone")

	// A visitor on a phone: the public home's navigation, the pages, the 会刊.
	visitor := newBrowser(t, 390, 844)
	step(t, visitor, chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(`.site-nav a[href="/site/about"]`))
	fits(visitor, "public-home-phone")
	for _, pg := range []struct{ name, sel, zh, en string }{ // the browser's language picks the text
		{"about", `a[href="/site/about"]`, "本会简介", "Who we are"},
		{"charter", `a[href="/site/charter"]`, "第一条", "Article 1"},
		{"contact", `a[href="/site/contact"]`, "0577-88001234", "0577-88001234"},
		{"leadership", `a[href="/leadership"]`, "秘书长", "秘书长"}, // from the org chart: positions are named in Chinese
		{"journal", `a[href="/journal"]`, "总第48期", "总第48期"},
	} {
		step(t, visitor, chromedp.Click(`.site-nav `+pg.sel), chromedp.WaitVisible(`.site-nav `+pg.sel+`[aria-current="page"]`))
		if got := textOf(t, visitor, `main`); !strings.Contains(got, pg.zh) && !strings.Contains(got, pg.en) {
			t.Fatalf("%s lacks %q: %s", pg.name, pg.zh, got)
		}
		fits(visitor, "site-"+pg.name+"-phone")
	}
	step(t, visitor, chromedp.Click(`li[data-issue] a`), chromedp.WaitVisible(`article.journal-issue`))
	if got := textOf(t, visitor, `article.journal-issue`); !strings.Contains(got, "赴意大利米兰国际鞋展考察纪实") {
		t.Fatalf("the issue: %s", got)
	}
	fits(visitor, "journal-issue-phone")
}
