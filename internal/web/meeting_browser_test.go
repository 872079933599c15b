package web_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestBrowserCouncilMeeting: convene a council meeting, check members in,
// open a motion, vote from two member portals, close, see the result and
// the minutes draft — in real Chromium, the members on phone-sized screens.
func TestBrowserCouncilMeeting(t *testing.T) {
	e := newEnv(t)
	council, err := e.db.FindBodyByCode(sysCtx, "council")
	if err != nil {
		t.Fatal(err)
	}
	// Three council seats held by member units; two of them have portal logins.
	names := []string{"杭州丝绸有限公司", "宁波港航集团", "温州鞋业股份"}
	var members []*chamber.Member
	for i, n := range names {
		m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: n})
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, m)
		if _, err := e.db.Appoint(sysCtx, chamber.Post{BodyID: council.ID, MemberID: m.ID, StartsOn: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if _, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: fmt.Sprintf("rep%d", i), Name: n + "代表", Password: testPassword, MemberID: m.ID}); err != nil {
				t.Fatal(err)
			}
		}
	}
	staff := newBrowser(t, 1280, 900)
	login := func(ctx chromeCtx, username, next string) {
		t.Helper()
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next="+next),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, username),
			chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`),
			chromedp.WaitVisible(`a.who`))
	}
	login(staff, "admin", "/meetings")
	start := time.Now().AddDate(0, 0, 8).Format("2006-01-02T15:04")
	js(t, staff, `document.querySelectorAll("details.card").forEach(d => d.open = true);
		const f = document.querySelector('form[action="/meetings"]');
		for (const o of f.body.options) if (o.text === "理事会") f.body.value = o.value;
		f.title.value = "第三届理事会第五次会议";
		f.starts_at.value = "`+start+`";
		f.location.value = "商会大楼三楼会议室";
		f.agenda.value = "审议年度工作计划"`)
	step(t, staff, chromedp.Submit(`form[action="/meetings"]`), chromedp.WaitVisible(`.quorum`))
	meetingURL, err := chromedp.Run(staff, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	step(t, staff, chromedp.Click(`form[action$="/open"] button`), chromedp.WaitVisible(`#check-in`))
	// Staff check the third member in by name.
	step(t, staff, chromedp.SendKeys(`#check-in input[name=member]`, fmt.Sprintf("%s #%d", names[2], members[2].ID)),
		chromedp.Submit(`#check-in form`), chromedp.WaitVisible(`code.secret`))

	// Two representatives check themselves in from their phones.
	var phones []chromeCtx
	for i := 0; i < 2; i++ {
		p := newBrowser(t, 390, 844)
		login(p, fmt.Sprintf("rep%d", i), strings.TrimPrefix(meetingURL, e.srv.URL))
		step(t, p, chromedp.Click(`form[action$="/self-check-in"] button`), chromedp.WaitVisible(`.vote`))
		phones = append(phones, p)
	}
	// Quorum: 3 of 3. Staff put and open a motion.
	step(t, staff, chromedp.Navigate(meetingURL), chromedp.WaitVisible(`#motions`))
	js(t, staff, `document.querySelector('#motions details').open = true`)
	step(t, staff, chromedp.SendKeys(`form[action$="/motions"] input[name=title]`, "关于2027年度工作计划的议案"),
		chromedp.Submit(`form[action$="/motions"]`), chromedp.WaitVisible(`form[action^="/motions/"][action$="/open"]`),
		chromedp.Click(`form[action^="/motions/"][action$="/open"] button`), chromedp.WaitVisible(`form[action^="/motions/"][action$="/close"]`))
	// Both representatives vote yes on their phones. The ballot page moves on
	// by itself when the motion opens (it polls /vote/state and reloads); a
	// reload from here would race that one and abort.
	for i, p := range phones {
		step(t, p, chromedp.WaitVisible(`form.ballot`), chromedp.Click(`form.ballot button[value=yes]`),
			chromedp.WaitReady(`input[name=confirm]`), chromedp.Click(`.ballot form button.primary`), chromedp.WaitVisible(`.flash`))
		if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" && i == 0 {
			if png, err := chromedp.Run(p, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(dir+"/vote-phone.png", png, 0o644)
			}
		}
	}
	// Staff close the vote: 2 of 3 present is 2/3以上 for the council.
	step(t, staff, chromedp.Navigate(meetingURL), chromedp.WaitVisible(`form[action^="/motions/"][action$="/close"]`),
		chromedp.Click(`form[action^="/motions/"][action$="/close"] button`), chromedp.WaitVisible(`.outcome`))
	outcome := textOf(t, staff, `.outcome`)
	if !strings.Contains(outcome, "通过") && !strings.Contains(outcome, "Passed") {
		t.Fatalf("outcome %q", outcome)
	}
	if strings.Contains(outcome, "未通过") || strings.Contains(outcome, "Not passed") {
		t.Fatalf("outcome %q", outcome)
	}
	if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(staff, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(dir+"/meeting.png", png, 0o644)
		}
	}
	step(t, staff, chromedp.Navigate(meetingURL+"/minutes"), chromedp.WaitVisible(`pre.minutes`))
	minutes := textOf(t, staff, `pre.minutes`)
	for _, want := range []string{"第三届理事会第五次会议", "关于2027年度工作计划的议案", "审议年度工作计划"} {
		if !strings.Contains(minutes, want) {
			t.Errorf("minutes lack %q:\n%s", want, minutes)
		}
	}
}
