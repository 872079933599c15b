package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

var _ = addRouteAccess(map[string]string{
	"POST /members/{id}/liaison":        "member.write",
	"GET /members/unvisited":            "member.read",
	"POST /api/v1/members/{id}/liaison": "member.write",
	"GET /api/v1/members/{id}/liaison":  "member.read",
	"GET /api/v1/members/unvisited":     "member.read",
})

// The member page records contacts; the list of members not contacted
// names the others; a bad date is a field error that keeps the text.
func TestLiaisonPages(t *testing.T) {
	e := newEnv(t)
	ids := e.createMembers(3)
	staff := e.browser("")
	e.login(staff, "admin")
	page := fmt.Sprintf("%s/members/%d", e.srv.URL, ids[1])
	recent := time.Now().AddDate(0, 0, -2).Format("2006-01-02")
	if resp, body := postForm(t, staff, page+"/liaison", url.Values{"date": {"2099-01-01"}, "kind": {"visit"}, "summary": {"走访了解经营情况"}}); resp.StatusCode != 422 ||
		!strings.Contains(body, "走访了解经营情况") || !strings.Contains(body, "不能晚于今天") {
		t.Fatalf("future date: %d", resp.StatusCode)
	}
	if resp, _ := postForm(t, staff, page+"/liaison", url.Values{"date": {recent}, "kind": {"visit"}, "summary": {"走访了解经营情况"}}); resp.StatusCode != 303 {
		t.Fatalf("record: %d", resp.StatusCode)
	}
	if _, body := get(t, staff, page); !strings.Contains(body, "走访了解经营情况") || !strings.Contains(body, "走访") {
		t.Fatal("the member page lacks the contact")
	}
	_, body := get(t, staff, e.srv.URL+"/members/unvisited?months=1")
	body, _, _ = strings.Cut(body, `id="log"`) // the unvisited table, not the contact log below it
	if !strings.Contains(body, "会员000") || !strings.Contains(body, "会员002") || strings.Contains(body, "会员001") {
		t.Fatal("the unvisited list")
	}
	if resp, _ := get(t, staff, e.srv.URL+"/members/unvisited?months=0"); resp.StatusCode != 422 {
		t.Fatalf("months=0: %d", resp.StatusCode)
	}
	list := jsonOf[struct{ Items []struct{ Summary string } }](t, e, "admin", "GET", fmt.Sprintf("/api/v1/members/%d/liaison", ids[1]), nil, 200)
	if len(list.Items) != 1 {
		t.Fatalf("API log: %+v", list)
	}
	jsonOf[map[string]any](t, e, "admin", "POST", fmt.Sprintf("/api/v1/members/%d/liaison", ids[0]), map[string]any{"date": recent, "kind": "call", "summary": "电话"}, 201)
	un := jsonOf[struct{ Items []struct{ Name string } }](t, e, "admin", "GET", "/api/v1/members/unvisited?months=1", nil, 200)
	if len(un.Items) != 1 || un.Items[0].Name != "会员002" {
		t.Fatalf("API unvisited: %+v", un.Items)
	}
}

var _ = addRouteAccess(map[string]string{
	"GET /nominations":                       "member.read",
	"POST /nominations":                      "member.write",
	"POST /nominations/{id}/decision":        "member.write",
	"POST /api/v1/nominations":               "member.write",
	"GET /api/v1/nominations":                "member.read",
	"POST /api/v1/nominations/{id}/decision": "member.write",
})

// The nominations page proposes by 会员编号 and records the decision once.
func TestNominationPages(t *testing.T) {
	e := newEnv(t)
	ids := e.createMembers(2)
	mb, err := e.db.FindMember(sysCtx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	staff := e.browser("")
	e.login(staff, "admin")
	if resp, body := postForm(t, staff, e.srv.URL+"/nominations", url.Values{"member_no": {"209999999"}, "person": {"张秀英"}, "kind": {"title"}, "reason": {"技术骨干"}}); resp.StatusCode != 422 || !strings.Contains(body, "209999999") {
		t.Fatalf("unknown member: %d", resp.StatusCode)
	}
	if resp, _ := postForm(t, staff, e.srv.URL+"/nominations", url.Values{"member_no": {mb.MemberNo}, "person": {"张秀英"}, "kind": {"title"}, "reason": {"技术骨干"}}); resp.StatusCode != 303 {
		t.Fatalf("propose: %d", resp.StatusCode)
	}
	list := jsonOf[struct{ Items []struct{ ID int64 } }](t, e, "admin", "GET", "/api/v1/nominations", nil, 200)
	if len(list.Items) != 1 {
		t.Fatalf("register: %+v", list)
	}
	body, err := e.db.FindBodyByCode(sysCtx, "council")
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("%s/nominations/%d/decision", e.srv.URL, list.Items[0].ID)
	if resp, _ := postForm(t, staff, path, url.Values{"status": {"approved"}, "body_id": {fmt.Sprint(body.ID)}, "decided_on": {"2026-11-30"}}); resp.StatusCode != 303 {
		t.Fatalf("decide: %d", resp.StatusCode)
	}
	if _, page := get(t, staff, e.srv.URL+"/nominations"); !strings.Contains(page, "张秀英") || !strings.Contains(page, "职称评定推荐") || !strings.Contains(page, "通过") {
		t.Fatal("the register page")
	}
	if resp := e.do("admin", "POST", fmt.Sprintf("/api/v1/nominations/%d/decision", list.Items[0].ID), map[string]any{"status": "rejected", "body_id": body.ID, "decided_on": "2026-12-01"}); resp.StatusCode != 409 {
		t.Fatalf("second decision: %d", resp.StatusCode)
	}
}

// A seat is given to a member by its 会员编号; an unknown number is a
// field error, not a post held by nobody.
func TestAppointByMemberNumber(t *testing.T) {
	e := newEnv(t)
	ids := e.createMembers(2)
	mb, err := e.db.FindMember(sysCtx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	council, err := e.db.FindBodyByCode(sysCtx, "council")
	if err != nil {
		t.Fatal(err)
	}
	staff := e.browser("")
	e.login(staff, "admin")
	form := url.Values{"body_id": {fmt.Sprint(council.ID)}, "member_no": {"209999999"}, "starts_on": {"2026-01-01"}}
	if resp, body := postForm(t, staff, e.srv.URL+"/org/posts", form); resp.StatusCode != 422 || !strings.Contains(body, "209999999") {
		t.Fatalf("unknown member number: %d", resp.StatusCode)
	}
	form.Set("member_no", mb.MemberNo)
	if resp, _ := postForm(t, staff, e.srv.URL+"/org/posts", form); resp.StatusCode != 303 {
		t.Fatalf("appoint: %d", resp.StatusCode)
	}
	posts, err := e.db.PostsOf(sysCtx, 0, council.ID)
	if err != nil || len(posts) != 1 || posts[0].MemberID != mb.ID || posts[0].Name != "会员001" {
		t.Fatalf("seat: %+v %v", posts, err)
	}
}
