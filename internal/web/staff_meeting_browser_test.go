package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

// TestBrowserWeeklyMeetingPrefilled: on a phone, the director opens the
// staff meetings page; this week's meeting's agenda starts with last
// week's open item (owner, due date) and not the done one, and the director
// checks in to the open meeting from the page.
func TestBrowserWeeklyMeetingPrefilled(t *testing.T) {
	e := claimEnv(t)
	ctx := newBrowser(t, 390, 844)
	starts := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	var ids struct {
		ID chamber.ID `json:"id"`
	}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/me", nil), 200, &ids)
	var w1, w2 chamber.Meeting
	decodeInto(t, e.do("sg", "POST", "/api/v1/meetings", map[string]any{"staff_kind": "weekly", "title": "第45周例会", "starts_at": starts}), 201, &w1)
	base := "/api/v1/meetings/" + strconv.FormatInt(w1.ID, 10)
	decodeInto(t, e.do("sg", "POST", base+"/action-items", map[string]any{"title": "落实年会场地", "owner_user_id": ids.ID, "due_on": "2030-01-10"}), 201, nil)
	var done chamber.ActionItem
	decodeInto(t, e.do("sg", "POST", base+"/action-items", map[string]any{"title": "报送季度报表", "owner_user_id": ids.ID, "due_on": "2030-01-08"}), 201, &done)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/action-items/"+strconv.FormatInt(done.ID, 10)+"/done", map[string]any{"note": "已报送"}), 200, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/meetings", map[string]any{"staff_kind": "weekly", "title": "第46周例会", "starts_at": starts}), 201, &w2)
	decodeInto(t, e.do("sg", "POST", "/api/v1/meetings/"+strconv.FormatInt(w2.ID, 10)+"/open", nil), 200, nil)

	step(t, ctx, chromedp.Navigate(e.srv.URL+"/login?next=/staff-meetings"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "director"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`button[type=submit].primary`))
	sel := "#m" + strconv.FormatInt(w2.ID, 10)
	agenda := textOf(t, ctx, sel+" ol.agenda")
	if !strings.Contains(agenda, "落实年会场地") || !strings.Contains(agenda, "2030-01-10") || strings.Contains(agenda, "报送季度报表") {
		t.Fatalf("this week's agenda: %q", agenda)
	}
	// The roll line is on the page before the tap: wait for the check-in's
	// flash, so the reading below is of the page after it.
	step(t, ctx, chromedp.Click(sel+` form[action$="/check-in"] button`), chromedp.WaitVisible(`.flash`))
	got := ""
	for try := 0; try < 30 && !strings.Contains(got, "1/3"); try++ {
		time.Sleep(100 * time.Millisecond)
		got = textOf(t, ctx, sel+" p.muted")
	}
	if !strings.Contains(got, "1/3") {
		t.Fatalf("after check-in: %q", got)
	}
}
