package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /staff-meetings":                  "login",
	"POST /staff-meetings":                 "meeting.manage",
	"POST /staff-meetings/{id}/check-in":   "login",
	"POST /staff-meetings/{id}/items":      "meeting.manage",
	"POST /staff-meetings/items/{id}/done": "login",
	"GET /api/v1/staff-meetings":           "login",
})

// TestStaffMeetingAPIAndPage: a weekly meeting convened by API has the
// secretariat's post holders as its roll, a clerk checks in by user_id;
// its open item starts the next one's agenda; the page lists both in
// Chinese and English and a staff member checks itself in from it.
func TestStaffMeetingAPIAndPage(t *testing.T) {
	e := claimEnv(t)
	starts := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	var m chamber.Meeting
	decodeInto(t, e.do("sg", "POST", "/api/v1/meetings", map[string]any{"staff_kind": "weekly", "title": "第45周例会", "starts_at": starts}), 201, &m)
	if m.StaffKind != "weekly" || m.Body != "secretariat" {
		t.Fatalf("meeting: %+v", m)
	}
	decodeInto(t, e.do("sg", "POST", "/api/v1/meetings", map[string]any{"staff_kind": "daily", "title": "x", "starts_at": starts}), 422, nil)
	id := "/api/v1/meetings/" + strconv.FormatInt(m.ID, 10)
	var q chamber.Quorum
	decodeInto(t, e.do("sg", "GET", id+"/quorum", nil), 200, &q)
	if q.Entitled != 3 { // clerk, director, 秘书长; the supervisor holds no post of the secretariat
		t.Fatalf("quorum: %+v", q)
	}
	decodeInto(t, e.do("sg", "POST", id+"/open", nil), 200, nil)
	var me struct {
		ID chamber.ID `json:"id"`
	}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/me", nil), 200, &me)
	decodeInto(t, e.do("sg", "POST", id+"/check-ins", map[string]any{"user_id": me.ID}), 201, nil)
	decodeInto(t, e.do("sg", "POST", id+"/action-items", map[string]any{"title": "落实年会场地", "owner_user_id": me.ID, "due_on": "2030-01-10"}), 201, nil)
	var m2 chamber.Meeting
	decodeInto(t, e.do("sg", "POST", "/api/v1/meetings", map[string]any{"staff_kind": "weekly", "title": "第46周例会", "starts_at": starts}), 201, &m2)
	var list struct{ Items []chamber.Meeting }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/staff-meetings?kind=weekly", nil), 200, &list)
	if len(list.Items) != 2 {
		t.Fatalf("list: %+v", list)
	}
	for lang, want := range map[string]string{"zh-CN": "每周例会", "en": "Weekly meeting"} {
		c := e.browser(lang)
		e.login(c, "director")
		resp, err := c.Get(e.srv.URL + "/staff-meetings")
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, "落实年会场地") || !strings.Contains(body, "第46周例会") {
			t.Fatalf("%s page: %d", lang, resp.StatusCode)
		}
	}
	c := e.browser("zh-CN")
	e.login(c, "director")
	resp, err := c.PostForm(e.srv.URL+"/staff-meetings/"+strconv.FormatInt(m.ID, 10)+"/check-in", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	if readBody(t, resp); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "checked_in") {
		t.Fatalf("self check-in: %d", resp.StatusCode)
	}
	decodeInto(t, e.do("sg", "GET", id+"/quorum", nil), 200, &q)
	if q.Present != 2 {
		t.Fatalf("present = %d, want 2", q.Present)
	}
}
