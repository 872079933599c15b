package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/members/liaison":          "member.read",
	"GET /api/v1/members/liaison-by-staff": "member.read",
})

// TestLiaisonByStaff: the contact log per staff member — who contacted
// whom, when — over the API and as a filter of the contact-log page.
func TestLiaisonByStaff(t *testing.T) {
	e := newEnv(t)
	ids := e.createMembers(3)
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	var pos chamber.ID
	for _, p := range ps {
		if p.Code == "member_development_staff" {
			pos = p.ID
		}
	}
	u, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "huiyuan", Name: "何专员", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: pos, UserID: u.ID, StartsOn: "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	secret, _, err := e.db.CreateToken(sysCtx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["huiyuan"] = secret
	day := func(n int) string { return time.Now().AddDate(0, 0, -n).Format("2006-01-02") }
	for _, c := range []struct {
		who    string
		member chamber.ID
		date   string
		text   string
	}{{"admin", ids[0], day(1), "管理员电话回访"}, {"huiyuan", ids[1], day(3), "走访一"}, {"huiyuan", ids[1], day(2), "走访二"}, {"huiyuan", ids[2], day(40), "座谈"}} {
		jsonOf[map[string]any](t, e, c.who, "POST", fmt.Sprintf("/api/v1/members/%d/liaison", c.member), map[string]any{"date": c.date, "kind": "visit", "summary": c.text}, 201)
	}
	type row struct {
		Summary, By, Member, Date string
		UserID                    chamber.ID `json:"user_id"`
	}
	log := jsonOf[struct {
		Items      []row
		NextCursor string `json:"next_cursor"`
	}](t, e, "admin", "GET", fmt.Sprintf("/api/v1/members/liaison?user_id=%d", u.ID), nil, 200)
	if len(log.Items) != 3 || log.Items[0].Summary != "走访二" || log.Items[2].Summary != "座谈" || log.Items[0].By != "何专员" || log.Items[0].Member == "" {
		t.Fatalf("one staff member's log: %+v", log.Items)
	}
	recent := jsonOf[struct{ Items []row }](t, e, "admin", "GET", fmt.Sprintf("/api/v1/members/liaison?user_id=%d&from=%s", u.ID, day(10)), nil, 200)
	if len(recent.Items) != 2 {
		t.Fatalf("since %s: %+v", day(10), recent.Items)
	}
	// Pages of one.
	var seen []string
	cursor := ""
	for i := 0; i < 5; i++ {
		pg := jsonOf[struct {
			Items      []row
			NextCursor string `json:"next_cursor"`
		}](t, e, "admin", "GET", "/api/v1/members/liaison?limit=1&cursor="+cursor, nil, 200)
		for _, r := range pg.Items {
			seen = append(seen, r.Summary)
		}
		if cursor = pg.NextCursor; cursor == "" {
			break
		}
	}
	if strings.Join(seen, ",") != "管理员电话回访,走访二,走访一,座谈" {
		t.Fatalf("paged: %v", seen)
	}
	staff := jsonOf[struct{ Items []chamber.LiaisonStaff }](t, e, "admin", "GET", "/api/v1/members/liaison-by-staff", nil, 200)
	if len(staff.Items) != 2 || staff.Items[0].UserID != u.ID || staff.Items[0].Contacts != 3 || staff.Items[0].Members != 2 || staff.Items[0].LastDate != day(2) {
		t.Fatalf("by staff: %+v", staff.Items)
	}
	jsonOf[map[string]any](t, e, "admin", "GET", "/api/v1/members/liaison?user_id=x", nil, 422)
	jsonOf[map[string]any](t, e, "admin", "GET", "/api/v1/members/liaison?from=2026-02-30", nil, 422)
	jsonOf[map[string]any](t, e, "member", "GET", "/api/v1/members/liaison", nil, 403)

	// The contact-log page filtered to the staff member.
	b := e.browser("")
	e.login(b, "admin")
	_, body := get(t, b, fmt.Sprintf("%s/members/unvisited?user_id=%d", e.srv.URL, u.ID))
	if !strings.Contains(body, "走访二") || !strings.Contains(body, "座谈") || strings.Contains(body, "管理员电话回访") || !strings.Contains(body, "何专员") {
		t.Fatalf("filtered page: %s", body)
	}
	if resp, _ := get(t, b, e.srv.URL+"/members/unvisited?to=2026-13-01"); resp.StatusCode != 422 {
		t.Fatalf("bad date: %d", resp.StatusCode)
	}
}
