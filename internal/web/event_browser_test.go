package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestBrowserEventPhone: on a phone a member registers from the portal and
// gets the QR and code; staff check the code in on the event page (what
// the phone camera app types into the field when it scans the QR); the
// member rates the event; the stats and the budget vs actual are right.
func TestBrowserEventPhone(t *testing.T) {
	e := newEnv(t)
	if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越贸易有限公司", ContactName: "陈总", Phone: "13812345678"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(4 * time.Hour).UTC().Format(time.RFC3339)
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "seminar", "title": "数字经济研讨会", "starts_at": start,
		"ends_at": end, "capacity": 50, "budget_fen": 500000}), 201)
	id := strconv.Itoa(int(ev["id"].(float64)))
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/publish", nil), 200)
	evJSON(t, e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": e.db.Today(sysCtx), "summary": "会场租金",
		"lines": []map[string]any{{"account": "510102", "debit_fen": 180000, "memo": "会场", "event_id": ev["id"]},
			{"account": "100201", "credit_fen": 180000, "memo": "付款"}}}), 201)

	login := func(ctx chromeCtx, username, next, wait string) {
		t.Helper()
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next="+next),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, username),
			chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`),
			chromedp.WaitVisible(wait))
	}
	phone := newBrowser(t, 390, 844)
	login(phone, "member", "/portal/events", `form[action="/portal/events/`+id+`/register"] button`)
	step(t, phone, chromedp.Click(`form[action="/portal/events/`+id+`/register"] button`),
		chromedp.WaitVisible(`.qr svg`), chromedp.WaitVisible(`code[data-code]`))
	code := strings.TrimSpace(textOf(t, phone, `code[data-code]`))
	if len(code) != 10 {
		t.Fatalf("code %q", code)
	}

	desk := newBrowser(t, 390, 844)
	login(desk, "admin", "/events/"+id, `form[action="/events/`+id+`/check-ins"]`)
	step(t, desk, chromedp.SetValue(`form[action="/events/`+id+`/check-ins"] input[name=code]`, code),
		chromedp.Submit(`form[action="/events/`+id+`/check-ins"]`),
		chromedp.WaitVisible(`p.flash`))

	step(t, phone, chromedp.Navigate(e.srv.URL+"/portal/events"),
		chromedp.WaitVisible(`form[action="/portal/events/`+id+`/feedback"]`),
		chromedp.SetValue(`form[action="/portal/events/`+id+`/feedback"] select[name=rating]`, "4"),
		chromedp.SetValue(`form[action="/portal/events/`+id+`/feedback"] input[name=comment]`, "内容充实，很有收获"),
		chromedp.Submit(`form[action="/portal/events/`+id+`/feedback"]`),
		chromedp.WaitVisible(`p.flash`))

	st := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/stats", nil), 200)
	if st["confirmed"].(float64) != 1 || st["checked_in"].(float64) != 1 || st["feedback"].(float64) != 1 || st["rating_avg"].(float64) != 4 ||
		st["budget_fen"].(float64) != 500000 || st["actual_fen"].(float64) != 180000 {
		t.Fatalf("stats %v", st)
	}
	step(t, desk, chromedp.Navigate(e.srv.URL+"/events/"+id), chromedp.WaitVisible(`[data-budget]`))
	if got := textOf(t, desk, `[data-actual-fen]`); !strings.Contains(got, "¥1,800.00") {
		t.Fatalf("actual on the event page: %q", got)
	}
}
