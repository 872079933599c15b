package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /projects":                                    "login",
	"POST /projects":                                   "workplan.manage",
	"GET /projects/{id}":                               "login",
	"POST /projects/{id}/status":                       "login",
	"POST /projects/{id}/milestones":                   "login",
	"POST /projects/{id}/milestones/{mid}/done":        "login",
	"POST /api/v1/projects":                            "workplan.manage",
	"GET /api/v1/projects":                             "login",
	"GET /api/v1/projects/{id}":                        "login",
	"PATCH /api/v1/projects/{id}/status":               "login",
	"POST /api/v1/projects/{id}/milestones":            "login",
	"POST /api/v1/projects/{id}/milestones/{mid}/done": "login",
})

// TestProjectPages: the secretariat starts a project on the form for a
// 副会长 whose login is linked to his member; he sees it on his home page
// with the next milestone due, adds and completes milestones on the page;
// other staff read without forms, another portal login gets 404; the
// pages show in both languages without a key; the API answers match the
// OpenAPI document.
func TestProjectPages(t *testing.T) {
	e := newEnv(t)
	m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越贸易有限公司", ContactName: "陈总", Phone: "13812345678"})
	if err != nil {
		t.Fatal(err)
	}
	vp, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "fuhuizhang", Name: "陈副会长", Password: testPassword, MemberID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := e.db.CreateToken(sysCtx, vp.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["fuhuizhang"] = secret

	admin := e.browser("zh-CN")
	e.login(admin, "admin")
	_, page := get(t, admin, e.srv.URL+"/projects")
	if !strings.Contains(page, `action="/projects"`) || !strings.Contains(page, "陈副会长") {
		t.Fatalf("no new-project form with the owner: %s", page)
	}
	resp, body := postForm(t, admin, e.srv.URL+"/projects", url.Values{"title": {"温州产业园招商"}, "goal": {"引进十家企业"}, "owner_id": {strconv.FormatInt(vp.ID, 10)},
		"status": {"active"}, "member_ids": {strconv.FormatInt(m.ID, 10)}})
	if resp.StatusCode != 303 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	projURL := resp.Header.Get("Location")
	pid := strings.TrimPrefix(projURL, "/projects/")
	if resp, body := postForm(t, admin, e.srv.URL+"/projects", url.Values{"title": {"会员走访"}, "owner_id": {strconv.FormatInt(vp.ID, 10)}, "status": {"paused"}}); resp.StatusCode != 422 || !strings.Contains(body, `value="会员走访"`) || !strings.Contains(body, `class="field-error"`) {
		t.Fatalf("unknown status: %d", resp.StatusCode)
	}
	due := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	evJSON(t, e.do("fuhuizhang", "POST", "/api/v1/projects/"+pid+"/milestones", map[string]any{"title": "签约首批企业", "due_on": due}), 201)
	evJSON(t, e.do("staff", "POST", "/api/v1/projects/"+pid+"/milestones", map[string]any{"title": "x", "due_on": due}), 403)
	evJSON(t, e.do("staff", "PATCH", "/api/v1/projects/"+pid+"/status", map[string]any{"status": "done"}), 403)
	evJSON(t, e.do("fuhuizhang", "PATCH", "/api/v1/projects/"+pid+"/status", map[string]any{"status": "finished"}), 422)
	evJSON(t, e.do("member", "GET", "/api/v1/projects/"+pid, nil), 404)
	if l := evJSON(t, e.do("staff", "GET", "/api/v1/projects", nil), 200); len(l["items"].([]any)) != 1 {
		t.Fatalf("staff list %v", l)
	}

	// His home page (a portal login's) lists the project with the milestone's date.
	var found bool
	for _, it := range e.todo("fuhuizhang").Items {
		if it.Kind == chamber.TodoProject && it.Title == "温州产业园招商" && it.DueAt != nil && it.DueAt.Format("2006-01-02") == due && it.Link == projURL {
			found = true
		}
	}
	if !found {
		t.Fatal("the owner's to-do lacks the project")
	}
	for _, lang := range []string{"zh-CN", "en"} {
		if home := e.homeAs("fuhuizhang", lang); !strings.Contains(home, "温州产业园招商") {
			t.Fatalf("%s home lacks the project", lang)
		}
	}

	owner := e.browser("zh-CN")
	e.login(owner, "fuhuizhang")
	_, page = get(t, owner, e.srv.URL+projURL)
	if !strings.Contains(page, `/milestones/`) || !strings.Contains(page, `action="`+projURL+`/status"`) {
		t.Fatalf("owner's forms missing: %s", page)
	}
	proj := evJSON(t, e.do("admin", "GET", "/api/v1/projects/"+pid, nil), 200)
	mid := strconv.Itoa(int(proj["milestones"].([]any)[0].(map[string]any)["id"].(float64)))
	if resp, body := postForm(t, owner, e.srv.URL+projURL+"/milestones/"+mid+"/done", url.Values{}); resp.StatusCode != 303 {
		t.Fatalf("done: %d %s", resp.StatusCode, body)
	}
	evJSON(t, e.do("fuhuizhang", "POST", "/api/v1/projects/"+pid+"/milestones/"+mid+"/done", nil), 409)
	if resp, _ := postForm(t, owner, e.srv.URL+projURL+"/status", url.Values{"status": {"done"}}); resp.StatusCode != 303 {
		t.Fatalf("status: %d", resp.StatusCode)
	}
	got := evJSON(t, e.do("admin", "GET", "/api/v1/projects/"+pid, nil), 200)
	if got["status"] != "done" || got["milestones"].([]any)[0].(map[string]any)["done_on"] != e.db.Today(sysCtx) {
		t.Fatalf("after: %v", got)
	}

	staff := e.browser("zh-CN")
	e.login(staff, "staff")
	if resp, page := get(t, staff, e.srv.URL+projURL); resp.StatusCode != 200 || strings.Contains(page, "/milestones\"") {
		t.Fatalf("staff view: %d", resp.StatusCode)
	}
	portal := e.browser("zh-CN")
	e.login(portal, "member")
	if resp, _ := get(t, portal, e.srv.URL+projURL); resp.StatusCode != 404 {
		t.Fatalf("another portal login: %d", resp.StatusCode)
	}
	for _, lang := range []string{"zh-CN", "en"} {
		b := e.browser(lang)
		e.login(b, "admin")
		for _, p := range []string{"/projects", projURL} {
			resp, body := get(t, b, e.srv.URL+p)
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %d", lang, p, resp.StatusCode)
			}
			if k := planKeyLeft.FindString(body); k != "" {
				t.Fatalf("%s %s shows a message key: %s", lang, p, k)
			}
		}
	}
}
