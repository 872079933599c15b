package web_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /work-plans":                     "staff",
	"POST /work-plans":                    "workplan.manage",
	"GET /work-plans/{id}":                "staff",
	"GET /work-plans/{id}/print":          "staff",
	"GET /work-plans/{id}/completion":     "staff",
	"POST /work-plans/{id}/items":         "workplan.manage",
	"POST /work-plan-items/{id}/links":    "workplan.manage",
	"POST /work-plan-items/{id}/progress": "staff",
})

var planKeyLeft = regexp.MustCompile(`>\s*(workplan|project)\.[a-z_.]+`)

// TestWorkPlanPages starts a plan and adds items through the forms; the
// owner of an item's post reports progress on the page, another staff
// login sees no form and is refused; the plan, its print view and the
// completion table (print and xlsx) show in both languages without a key.
func TestWorkPlanPages(t *testing.T) {
	e := newEnv(t)
	e.appointLogin("renshi", "钱人事", "human_resources_director")
	// The owner also holds a council seat: a post with a body, no position.
	var council chamber.ID
	if err := e.db.Reader().QueryRow(`SELECT id FROM bodies WHERE code = 'council'`).Scan(&council); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Appoint(sysCtx, chamber.Post{BodyID: council, UserID: e.userID("renshi"), Name: "钱人事", StartsOn: "2000-01-01"}); err != nil {
		t.Fatal(err)
	}
	admin := e.browser("zh-CN")
	e.login(admin, "admin")
	resp, _ := postForm(t, admin, e.srv.URL+"/work-plans", url.Values{"year": {"2026"}, "title": {"2026年度工作计划"}})
	if resp.StatusCode != 303 {
		t.Fatalf("create plan: %d", resp.StatusCode)
	}
	planURL := resp.Header.Get("Location")
	depts, _ := e.db.ListDepartments(sysCtx)
	ps, _ := e.db.ListPositions(sysCtx)
	var office int64
	for _, p := range ps {
		if p.Code == "human_resources_director" {
			office = p.ID
		}
	}
	if office == 0 {
		t.Fatal("no human_resources_director position")
	}
	d := strconv.FormatInt(depts[0].ID, 10)
	past := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
	coming := time.Now().AddDate(0, 2, 0).Format("2006-01-02")
	for _, it := range []url.Values{
		{"title": {"举办年度庆典"}, "department_id": {d}, "owner_position_id": {strconv.FormatInt(office, 10)}, "due_on": {coming}, "target": {"300人参加"}},
		{"title": {"会员需求调研"}, "department_id": {d}, "due_on": {past}},
	} {
		if resp, body := postForm(t, admin, e.srv.URL+planURL+"/items", it); resp.StatusCode != 303 {
			t.Fatalf("add item: %d %s", resp.StatusCode, body)
		}
	}
	if resp, body := postForm(t, admin, e.srv.URL+planURL+"/items", url.Values{"title": {"缺期限"}, "department_id": {d}}); resp.StatusCode != 422 || !strings.Contains(body, `value="缺期限"`) || !strings.Contains(body, `<span class="field-error">必填。</span>`) {
		t.Fatalf("item without due date: %d", resp.StatusCode)
	}
	pid := strings.TrimPrefix(planURL, "/work-plans/")
	plan := evJSON(t, e.do("admin", "GET", "/api/v1/work-plans/"+pid, nil), 200)
	items := plan["items"].([]any)
	var gala, survey string
	for _, x := range items {
		m := x.(map[string]any)
		id := strconv.Itoa(int(m["id"].(float64)))
		if m["title"] == "举办年度庆典" {
			gala = id
		} else {
			survey = id
		}
	}

	// The owner reports on its item on the page; another staff login may not.
	owner := e.browser("zh-CN")
	e.login(owner, "renshi")
	_, page := get(t, owner, e.srv.URL+planURL)
	if !strings.Contains(page, `action="/work-plan-items/`+gala+`/progress"`) || strings.Contains(page, `action="/work-plan-items/`+survey+`/progress"`) {
		t.Fatalf("owner's forms wrong: %s", page)
	}
	if resp, body := postForm(t, owner, e.srv.URL+"/work-plan-items/"+gala+"/progress", url.Values{"percent": {"100"}, "note": {"庆典已举办"}}); resp.StatusCode != 303 {
		t.Fatalf("progress: %d %s", resp.StatusCode, body)
	}
	if resp, _ := postForm(t, owner, e.srv.URL+"/work-plan-items/"+survey+"/progress", url.Values{"percent": {"50"}}); resp.StatusCode != 403 {
		t.Fatalf("not the owner: %d", resp.StatusCode)
	}
	other := e.browser("zh-CN")
	e.login(other, "staff")
	if _, page := get(t, other, e.srv.URL+planURL); strings.Contains(page, "/progress\"") {
		t.Fatal("a login without the post sees a progress form")
	}
	if resp, _ := postForm(t, admin, e.srv.URL+"/work-plan-items/"+survey+"/links", url.Values{"kind": {"event"}, "target_id": {"99999"}}); resp.StatusCode != 422 {
		t.Fatalf("link to nothing: %d", resp.StatusCode)
	}
	portal := e.browser("zh-CN")
	e.login(portal, "member")
	if resp, _ := get(t, portal, e.srv.URL+planURL); resp.StatusCode != 403 {
		t.Fatalf("portal login reads the plan: %d", resp.StatusCode)
	}

	today := e.db.Today(sysCtx)
	for _, lang := range []string{"zh-CN", "en"} {
		b := e.browser(lang)
		e.login(b, "admin")
		for _, p := range []string{"/work-plans", planURL, planURL + "/print", planURL + "/completion"} {
			resp, body := get(t, b, e.srv.URL+p)
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %d", lang, p, resp.StatusCode)
			}
			if k := planKeyLeft.FindString(body); k != "" {
				t.Fatalf("%s %s shows a message key: %s", lang, p, k)
			}
		}
		_, body := get(t, b, e.srv.URL+planURL)
		if !strings.Contains(body, `data-item="`+survey+`" data-status="overdue" class="overdue"`) || !strings.Contains(body, "/work-plans\"") {
			t.Fatalf("%s: overdue not highlighted or no nav entry", lang)
		}
		_, body = get(t, b, e.srv.URL+planURL+"/completion")
		done := map[string]string{"zh-CN": "已完成", "en": "Done"}[lang]
		if !strings.Contains(body, "<td>"+done+"</td><td class=\"num\">100%</td><td>"+today+"</td>") || !strings.Contains(body, `<button type="button" data-print`) {
			t.Fatalf("%s completion: %s", lang, body)
		}
	}
	resp, body := get(t, admin, e.srv.URL+planURL+"/completion?format=xlsx")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	wb, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("Sheet1")
	var galaRow, counts string
	for _, r := range rows {
		line := strings.Join(r, "|")
		if strings.Contains(line, "举办年度庆典") {
			galaRow = line
		}
		if len(r) == 6 && r[0] == depts[0].Name {
			counts = line
		}
	}
	if !strings.HasSuffix(galaRow, "|已完成|100|"+today) || counts != depts[0].Name+"|2|1|0|0|1" {
		t.Fatalf("xlsx rows: %q %q", galaRow, counts)
	}
}
