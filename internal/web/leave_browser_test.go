package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestBrowserLeaveActingHolder: the 财务总监 asks for leave on her phone
// naming a colleague to act for her, the 秘书长 approves it on his, and a
// claim filed during the leave waits for the acting holder, not for her.
func TestBrowserLeaveActingHolder(t *testing.T) {
	e := claimEnv(t)
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	var staffPos chamber.ID
	for _, p := range ps {
		if p.Code == "finance_staff" {
			staffPos = p.ID
		}
	}
	deputy, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "deputy", Name: "孙出纳", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: staffPos, UserID: deputy.ID, StartsOn: "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	secret, _, err := e.db.CreateToken(sysCtx, deputy.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["deputy"] = secret
	zone, err := time.LoadLocation(chamber.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(zone)
	from, to := today.Format("2006-01-02"), today.AddDate(0, 0, 2).Format("2006-01-02")

	login := func(ctx chromeCtx, username string) {
		t.Helper()
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next=/leave"),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, username),
			chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`),
			chromedp.WaitVisible(`form[action="/leave"]`))
	}
	director := newBrowser(t, 390, 844)
	login(director, "director")
	step(t, director,
		chromedp.SetValue(`form[action="/leave"] select[name=kind]`, "personal"),
		chromedp.SetValue(`form[action="/leave"] input[name=from]`, from),
		chromedp.SetValue(`form[action="/leave"] input[name=to]`, to),
		chromedp.SetValue(`form[action="/leave"] input[name=reason]`, "家中有事"),
		chromedp.SetValue(`form[action="/leave"] select[name=acting_user_id]`, strconv.FormatInt(deputy.ID, 10)),
		chromedp.Submit(`form[action="/leave"]`),
		chromedp.WaitVisible(`p.flash`))

	sg := newBrowser(t, 390, 844)
	login(sg, "sg")
	step(t, sg, chromedp.WaitVisible(`form[action$="/approve"] button`),
		chromedp.Click(`form[action$="/approve"] button`),
		chromedp.WaitVisible(`p.flash`))
	var mine struct{ Items []chamber.LeaveRequest }
	decodeInto(t, e.do("director", "GET", "/api/v1/leave", nil), 200, &mine)
	if len(mine.Items) != 1 || mine.Items[0].Status != "approved" || mine.Items[0].From != from {
		t.Fatalf("the director's leave after the 秘书长's tap: %+v", mine.Items)
	}

	// During the leave the clerk's claim goes to the acting holder.
	var c chamber.Reimbursement
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/reimbursements", map[string]any{"summary": "办公用品",
		"lines": []map[string]any{{"date": from, "account": "520103", "amount_fen": 30000, "memo": "打印纸"}}}), 201, &c)
	if !e.todo("deputy").has(chamber.TodoReimbursement, c.ID) || e.todo("director").has(chamber.TodoReimbursement, c.ID) {
		t.Fatalf("claim during the leave: deputy %+v, director %+v", e.todo("deputy"), e.todo("director"))
	}
	page := textOf(t, sg, `main`)
	if strings.Contains(page, "leave.") {
		t.Errorf("a message key on the leave page: %q", page)
	}
}
