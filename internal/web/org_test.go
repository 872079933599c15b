package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /org":                                "org.read",
	"GET /org/chart":                          "org.read",
	"GET /org/roster.xlsx":                    "org.read",
	"POST /org/bodies":                        "org.write",
	"GET /org/bodies/{id}":                    "org.read",
	"POST /org/bodies/{id}":                   "org.write",
	"POST /org/bodies/{id}/terms":             "org.write",
	"POST /org/departments":                   "org.write",
	"GET /org/departments/{id}":               "org.read",
	"POST /org/departments/{id}":              "org.write",
	"POST /org/positions":                     "org.write",
	"GET /org/positions/{id}":                 "org.read",
	"POST /org/positions/{id}":                "org.write",
	"POST /org/posts":                         "org.write",
	"POST /org/posts/{id}/end":                "org.write",
	"GET /org/grants":                         "user.manage",
	"POST /org/grants":                        "user.manage",
	"GET /api/v1/org":                         "org.read",
	"GET /api/v1/org/chart.svg":               "org.read",
	"GET /api/v1/org/bodies":                  "org.read",
	"POST /api/v1/org/bodies":                 "org.write",
	"GET /api/v1/org/bodies/{id}":             "org.read",
	"PATCH /api/v1/org/bodies/{id}":           "org.write",
	"GET /api/v1/org/bodies/{id}/terms":       "org.read",
	"POST /api/v1/org/bodies/{id}/terms":      "org.write",
	"GET /api/v1/org/bodies/{id}/seats":       "org.read",
	"GET /api/v1/org/departments":             "org.read",
	"POST /api/v1/org/departments":            "org.write",
	"PATCH /api/v1/org/departments/{id}":      "org.write",
	"GET /api/v1/org/positions":               "org.read",
	"POST /api/v1/org/positions":              "org.write",
	"GET /api/v1/org/positions/{id}":          "org.read",
	"PATCH /api/v1/org/positions/{id}":        "org.write",
	"GET /api/v1/org/positions/{id}/holders":  "org.read",
	"POST /api/v1/org/posts":                  "org.write",
	"POST /api/v1/org/posts/{id}/end":         "org.write",
	"GET /api/v1/org/grants":                  "org.read",
	"PUT /api/v1/org/grants/{kind}/{subject}": "user.manage",
	"GET /api/v1/org/who-may":                 "org.read",
	"GET /api/v1/org/approval-chain":          "org.read",
})

type orgNode struct {
	ID        int64                   `json:"id"`
	Kind      string                  `json:"kind"`
	Name      string                  `json:"name"`
	Code      string                  `json:"code"`
	Rank      *int                    `json:"rank"`
	ReportsTo *int64                  `json:"reports_to"`
	Duties    *string                 `json:"duties"`
	Holders   []struct{ Name string } `json:"holders"`
	Children  []*orgNode              `json:"children"`
}

func findOrg(nodes []*orgNode, name string) *orgNode {
	for _, n := range nodes {
		if n.Name == name {
			return n
		}
		if f := findOrg(n.Children, name); f != nil {
			return f
		}
	}
	return nil
}

func (e *env) orgTree(role, query string) []*orgNode {
	e.t.Helper()
	resp := e.do(role, "GET", "/api/v1/org"+query, nil)
	if resp.StatusCode != 200 {
		e.t.Fatalf("GET /api/v1/org: %d %s", resp.StatusCode, readBody(e.t, resp))
	}
	var out struct {
		Items []*orgNode `json:"items"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	return out.Items
}

func TestFreshOrgAPI(t *testing.T) {
	e := newEnv(t)
	tree := e.orgTree("admin", "")
	for _, name := range []string{"会员大会", "理事会", "监事会", "秘书处"} {
		if findOrg(tree, name) == nil {
			t.Errorf("no %s in /api/v1/org", name)
		}
	}
	sg := findOrg(tree, "秘书长")
	if sg == nil || sg.Kind != "position" || sg.ReportsTo == nil || sg.Duties == nil || *sg.Duties == "" || sg.Rank == nil || sg.Children == nil {
		t.Fatalf("秘书长 node: %+v", sg)
	}
	// Every position carries rank, reports_to (null at the top), duties and holders ([] when vacant).
	resp := e.do("admin", "GET", "/api/v1/org", nil)
	var raw struct{ Items []map[string]any }
	json.NewDecoder(resp.Body).Decode(&raw)
	resp.Body.Close()
	var walk func(nodes []any)
	positions := 0
	walk = func(nodes []any) {
		for _, x := range nodes {
			n := x.(map[string]any)
			if n["kind"] == "position" {
				positions++
				for _, k := range []string{"rank", "reports_to", "duties", "holders"} {
					if _, ok := n[k]; !ok {
						t.Errorf("position %v lacks %s", n["name"], k)
					}
				}
				if h, ok := n["holders"].([]any); !ok || h == nil {
					t.Errorf("position %v holders: %v", n["name"], n["holders"])
				}
			}
			walk(n["children"].([]any))
		}
	}
	items := make([]any, len(raw.Items))
	for i, it := range raw.Items {
		items[i] = it
	}
	walk(items)
	if positions < 20 {
		t.Fatalf("%d positions", positions)
	}
	resp = e.do("admin", "GET", "/api/v1/org/chart.svg", nil)
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") || !strings.Contains(body, "秘书长") || !strings.HasPrefix(body, "<svg") {
		t.Fatalf("chart: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Staff without a post cannot see the organisation.
	if resp := e.do("staff", "GET", "/api/v1/org", nil); resp.StatusCode != 403 {
		t.Fatalf("staff: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "GET", "/api/v1/org?date=2026-13-01", nil); resp.StatusCode != 422 {
		t.Fatalf("bad date: %d", resp.StatusCode)
	}
}

func idOfUser(t *testing.T, e *env, username string) int64 {
	resp := e.do(username, "GET", "/api/v1/me", nil)
	var me struct{ ID int64 }
	json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	return me.ID
}

func TestAppointGivesPermissionsThroughAPI(t *testing.T) {
	e := newEnv(t)
	tree := e.orgTree("admin", "")
	dir := findOrg(tree, "财务部总监")
	staffID := idOfUser(t, e, "staff")
	if resp := e.do("staff", "GET", "/api/v1/audit", nil); resp.StatusCode != 403 {
		t.Fatalf("precondition: %d", resp.StatusCode)
	}
	resp := e.do("admin", "POST", "/api/v1/org/posts", map[string]any{"position_id": dir.ID, "user_id": staffID, "starts_on": "2026-01-01"})
	if resp.StatusCode != 201 {
		t.Fatalf("appoint: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()
	resp = e.do("staff", "GET", "/api/v1/me", nil)
	body := readBody(t, resp)
	if !strings.Contains(body, `"finance.post"`) || strings.Contains(body, `"member.write"`) {
		t.Fatalf("the director's permissions: %s", body)
	}
	// Who may post vouchers today: the new director (and the admin role).
	resp = e.do("admin", "GET", "/api/v1/org/who-may?permission=finance.post", nil)
	if body := readBody(t, resp); !strings.Contains(body, `"username":"staff"`) {
		t.Fatalf("who-may: %s", body)
	}
	// The same person twice on overlapping dates is refused and names the field.
	resp = e.do("admin", "POST", "/api/v1/org/posts", map[string]any{"position_id": dir.ID, "user_id": staffID, "starts_on": "2026-06-01"})
	er := decodeErr(t, resp)
	if resp.StatusCode != 422 || er.Error.Code != "post_overlap" {
		t.Fatalf("overlap: %d %+v", resp.StatusCode, er)
	}
}

func TestOrgEditErrorsAPI(t *testing.T) {
	e := newEnv(t)
	tree := e.orgTree("admin", "")
	sg, dir := findOrg(tree, "秘书长"), findOrg(tree, "办公室主任")
	cases := []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"cycle", "PATCH", fmt.Sprintf("/api/v1/org/positions/%d", sg.ID), map[string]any{"reports_to": dir.ID}, 422, "reports_to"},
		{"no department", "POST", "/api/v1/org/positions", map[string]any{"name": "散岗"}, 422, "department_id"},
		{"unknown reports_to", "POST", "/api/v1/org/positions", map[string]any{"name": "x", "department_id": 1, "reports_to": 99999}, 422, "reports_to"},
		{"bad kind", "POST", "/api/v1/org/bodies", map[string]any{"name": "x", "kind": "cabal"}, 422, "kind"},
		{"unknown field", "POST", "/api/v1/org/bodies", map[string]any{"name": "x", "kind": "branch", "colour": "red"}, 422, "colour"},
		{"term overlap", "POST", "/api/v1/org/bodies/2/terms", map[string]any{"number": 2, "starts_on": "2025-01-01"}, 422, "starts_on"},
	}
	// A first term for body 2 (理事会) so the overlap case has something to overlap.
	if resp := e.do("admin", "POST", "/api/v1/org/bodies/2/terms", map[string]any{"number": 1, "starts_on": "2021-06-01", "ends_on": "2026-05-31"}); resp.StatusCode != 201 {
		t.Fatalf("term: %d %s", resp.StatusCode, readBody(t, resp))
	}
	for _, c := range cases {
		resp := e.do("admin", c.method, c.path, c.body)
		er := decodeErr(t, resp)
		fields, _ := er.Error.Details["fields"].(map[string]any)
		if resp.StatusCode != c.status || fields[c.field] == nil {
			t.Errorf("%s: %d %+v", c.name, resp.StatusCode, er)
		}
	}
	// Messages follow the language.
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/org/positions", strings.NewReader(`{"name":"散岗"}`))
	req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	resp, _ := http.DefaultClient.Do(req)
	if msg := decodeErr(t, resp).Error.Details["fields"].(map[string]any)["department_id"]; !strings.Contains(fmt.Sprint(msg), "must belong to a department") {
		t.Fatalf("en message: %v", msg)
	}
}

// TestOrgPagesMainPath: add a department and a position under 秘书长 through
// the forms, appoint a login, and see them on the tree and the chart.
func TestOrgPagesMainPath(t *testing.T) {
	e := newEnv(t)
	c := e.browser("")
	e.login(c, "admin")
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		resp, err := c.PostForm(e.srv.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := post("/org/departments", url.Values{"name": {"国际交流部"}, "duties": {"负责商会与国际商会组织和外国商会的合作和交流。"}})
	if resp.StatusCode != 303 {
		t.Fatalf("new department: %d %s", resp.StatusCode, readBody(t, resp))
	}
	deptID := regexp.MustCompile(`/org/departments/(\d+)`).FindStringSubmatch(resp.Header.Get("Location"))[1]
	sg := findOrg(e.orgTree("admin", ""), "秘书长")
	resp = post("/org/positions", url.Values{"name": {"国际交流部总监"}, "department_id": {deptID}, "reports_to": {fmt.Sprint(sg.ID)}, "rank": {"2"}, "headcount": {"1"}})
	if resp.StatusCode != 303 {
		t.Fatalf("new position: %d %s", resp.StatusCode, readBody(t, resp))
	}
	posPath := resp.Header.Get("Location")
	posID := regexp.MustCompile(`/org/positions/(\d+)`).FindStringSubmatch(posPath)[1]
	staffID := idOfUser(t, e, "staff")
	resp = post("/org/posts", url.Values{"position_id": {posID}, "user_id": {fmt.Sprint(staffID)}, "starts_on": {"2026-01-01"}})
	if resp.StatusCode != 303 {
		t.Fatalf("appoint: %d %s", resp.StatusCode, readBody(t, resp))
	}
	_, body := get(t, c, e.srv.URL+"/org")
	if !strings.Contains(body, "国际交流部总监") || !strings.Contains(body, "工作人员") {
		t.Fatal("tree page lacks the new position or its holder")
	}
	resp = e.do("admin", "GET", "/api/v1/org/chart.svg", nil)
	if svg := readBody(t, resp); !strings.Contains(svg, "国际交流部总监") || !strings.Contains(svg, "工作人员") {
		t.Fatal("chart lacks the new position")
	}
	// A bad form comes back with the field error and writes nothing.
	resp = post("/org/positions", url.Values{"name": {"无部门"}, "rank": {"x"}})
	body = readBody(t, resp)
	if resp.StatusCode != 422 || !strings.Contains(body, "field-error") {
		t.Fatalf("bad position form: %d", resp.StatusCode)
	}
	for _, path := range []string{"/org/chart", "/org/grants", "/org/bodies/1", "/org/departments/" + deptID, "/org/positions/" + posID} {
		resp, body := get(t, c, e.srv.URL+path)
		if resp.StatusCode != 200 || strings.Contains(body, "%!") {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	// English pages too.
	ce := e.browser("en")
	e.login(ce, "admin")
	if _, body := get(t, ce, e.srv.URL+"/org/positions/"+posID); !strings.Contains(body, "Reports to") || !strings.Contains(body, "Appoint") {
		t.Fatal("position page not in English")
	}
	// The roster exports as a spreadsheet.
	resp, _ = get(t, c, e.srv.URL+"/org/roster.xlsx")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("roster: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestGrantsMatrixPage(t *testing.T) {
	e := newEnv(t)
	c := e.browser("")
	e.login(c, "admin")
	_, body := get(t, c, e.srv.URL+"/org/grants")
	// Submit the matrix as shown, plus one new box: document.write for 行政后勤部专员.
	boxes := regexp.MustCompile(`name="g" value="([^"]+)"[^>]*?( checked)?>`).FindAllStringSubmatch(body, -1)
	form := url.Values{}
	for _, b := range boxes {
		if b[2] != "" {
			form.Add("g", b[1])
		}
	}
	var pos int64
	for _, n := range []string{"行政后勤部专员"} {
		pos = findOrg(e.orgTree("admin", ""), n).ID
	}
	form.Add("g", fmt.Sprintf("position:%d:%s", pos, chamber.PermDocumentWrite))
	resp, err := c.PostForm(e.srv.URL+"/org/grants", form)
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("save matrix: %v %d", err, resp.StatusCode)
	}
	// The list is paged: walk every page.
	want := fmt.Sprintf(`{"subject_kind":"position","subject":"%d","permission":"document.write"}`, pos)
	found := false
	for cursor := ""; !found; {
		resp = e.do("admin", "GET", "/api/v1/org/grants?limit=200&cursor="+url.QueryEscape(cursor), nil)
		b := readBody(t, resp)
		found = strings.Contains(b, want)
		var page struct {
			Next string `json:"next_cursor"`
		}
		if err := json.Unmarshal([]byte(b), &page); err != nil {
			t.Fatal(err)
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if !found {
		t.Fatal("grant not saved")
	}
	// Unknown permissions through the API are refused with the field named.
	resp = e.do("admin", "PUT", fmt.Sprintf("/api/v1/org/grants/position/%d", pos), map[string]any{"permissions": []string{"launch.missiles"}})
	if resp.StatusCode != 422 {
		t.Fatalf("unknown permission: %d", resp.StatusCode)
	}
	io.Copy(io.Discard, resp.Body)
}
