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

// TestBrowserVoteOnTwoPhones: a member checks in on one phone and votes on
// another without staff help, confirming the choice; the open ballot page
// moves to the next motion by itself; a mistyped credential is typed again.
func TestBrowserVoteOnTwoPhones(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(3)
	if _, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "rep", Name: "代表", Password: testPassword, MemberID: members[0]}); err != nil {
		t.Fatal(err)
	}
	m, err := e.db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "第三届第二次会员大会", StartsAt: time.Now().AddDate(0, 0, 20)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.OpenMeeting(sysCtx, m.ID); err != nil {
		t.Fatal(err)
	}
	desk, err := e.db.CheckIn(sysCtx, m.ID, members[1], []chamber.ID{members[2]})
	if err != nil {
		t.Fatal(err)
	}
	login := func(ctx chromeCtx, next string) {
		t.Helper()
		step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next="+next), chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, "rep"), chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`), chromedp.WaitVisible(`a.who`))
	}
	shot := func(ctx chromeCtx, name string) {
		if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(dir+"/"+name+".png", png, 0o644)
			}
		}
	}
	meetingPath := fmt.Sprintf("/meetings/%d", m.ID)
	phoneA := newBrowser(t, 390, 844)
	login(phoneA, meetingPath)
	step(t, phoneA, chromedp.Click(`form[action$="/self-check-in"] button`), chromedp.WaitVisible(`.vote`))

	mo1, err := e.db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "审议年度工作报告", Kind: chamber.KindWorkReport})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.OpenMotion(sysCtx, mo1.ID); err != nil {
		t.Fatal(err)
	}
	// The second phone: the portal says "go to the vote", the member votes there.
	phoneB := newBrowser(t, 390, 844)
	login(phoneB, meetingPath)
	if txt := textOf(t, phoneB, `form[action$="/self-check-in"] button`); !strings.Contains(txt, "进入表决") && txt != "Go to the vote" {
		t.Fatalf("second phone offers %q", txt)
	}
	shot(phoneB, "vote-portal-checked-in")
	step(t, phoneB, chromedp.Click(`form[action$="/self-check-in"] button`), chromedp.WaitVisible(`form.ballot`))
	shot(phoneB, "vote-ballot-phone")
	step(t, phoneB, chromedp.Click(`form.ballot button[value=yes]`), chromedp.WaitVisible(`.chosen`))
	shot(phoneB, "vote-confirm-phone")
	step(t, phoneB, chromedp.Click(`.ballot form button.primary`), chromedp.WaitVisible(`.flash`), chromedp.WaitVisible(`ul.voted`))

	// The chair closes the motion and opens the next: the page follows.
	if _, err := e.db.CloseMotion(sysCtx, mo1.ID); err != nil {
		t.Fatal(err)
	}
	mo2, err := e.db.CreateMotion(sysCtx, m.ID, chamber.NewMotion{Title: "审议年度财务报告", Kind: "ordinary"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.OpenMotion(sysCtx, mo2.ID); err != nil {
		t.Fatal(err)
	}
	step(t, phoneB, chromedp.WaitReady(`form.ballot input[name=motion_id][value="`+fmt.Sprint(mo2.ID)+`"]`))
	shot(phoneB, "vote-next-motion")
	if h := textOf(t, phoneB, `form.ballot h2`); h != "审议年度财务报告" {
		t.Fatalf("next motion: %q", h)
	}

	// A mistyped credential on a shared tablet: the field comes back.
	tablet := newBrowser(t, 820, 1180)
	wrong := desk.Credential[:len(desk.Credential)-2] + "xx"
	step(t, tablet, chromedp.Navigate(fmt.Sprintf("%s/vote?m=%d", e.srv.URL, m.ID)), chromedp.WaitVisible(`input[name=c]`),
		chromedp.SendKeys(`input[name=c]`, wrong), chromedp.Submit(`input[name=c]`),
		chromedp.WaitVisible(`[role=alert]`))
	shot(tablet, "vote-mistyped")
	if kept, err := chromedp.Run(tablet, chromedp.Evaluate[string](`document.querySelector("input[name=c]").value`)); err != nil || kept != wrong {
		t.Fatalf("the mistyped credential is not kept to correct: %q %v", kept, err)
	}
	step(t, tablet, chromedp.SetValue(`input[name=c]`, desk.Credential), chromedp.Submit(`input[name=c]`), chromedp.WaitVisible(`form.ballot`))
}
