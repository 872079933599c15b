package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/web"
)

func TestAPIAuthErrors(t *testing.T) {
	e := newEnv(t)
	resp := e.do("", "GET", "/api/v1/me", nil)
	if resp.StatusCode != 401 {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
	if er := decodeErr(t, resp); er.Error.Code != "unauthorized" {
		t.Fatalf("code %q", er.Error.Code)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer chm_notatoken")
	resp, _ = http.DefaultClient.Do(req)
	if resp.StatusCode != 401 {
		t.Fatalf("bad token: %d", resp.StatusCode)
	}
	decodeErr(t, resp)
	req.Header.Set("Authorization", "Basic YWRtaW46eA==")
	resp, _ = http.DefaultClient.Do(req)
	if resp.StatusCode != 401 {
		t.Fatalf("basic auth: %d", resp.StatusCode)
	}
	decodeErr(t, resp)
}

func TestAPIMessagesFollowAcceptLanguage(t *testing.T) {
	e := newEnv(t)
	for lang, want := range map[string]string{"en-US,en;q=0.9": "Please log in.", "zh-CN": "请先登录。", "": "请先登录。"} {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me", nil)
		req.Header.Set("Accept-Language", lang)
		resp, _ := http.DefaultClient.Do(req)
		if got := decodeErr(t, resp).Error.Message; got != want {
			t.Errorf("Accept-Language %q: %q, want %q", lang, got, want)
		}
	}
}

func TestAPITokenFlow(t *testing.T) {
	e := newEnv(t)
	resp := e.do("", "POST", "/api/v1/auth/tokens", map[string]string{"username": "staff", "password": testPassword})
	if resp.StatusCode != 201 {
		t.Fatalf("create token: %d %s", resp.StatusCode, readBody(t, resp))
	}
	var tok struct {
		Token string `json:"token"`
		ID    int64  `json:"id"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if !strings.HasPrefix(tok.Token, "chm_") {
		t.Fatalf("token %q", tok.Token)
	}
	e.tokens["new"] = tok.Token
	resp = e.do("new", "GET", "/api/v1/me", nil)
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(body, `"username":"staff"`) {
		t.Fatalf("me: %d %s", resp.StatusCode, body)
	}
	// Wrong password and unknown user answer alike.
	r1 := e.do("", "POST", "/api/v1/auth/tokens", map[string]string{"username": "staff", "password": "wrong-password"})
	r2 := e.do("", "POST", "/api/v1/auth/tokens", map[string]string{"username": "nobody", "password": "wrong-password"})
	if r1.StatusCode != 401 || r2.StatusCode != 401 {
		t.Fatalf("wrong login: %d %d", r1.StatusCode, r2.StatusCode)
	}
	if a, b := decodeErr(t, r1), decodeErr(t, r2); a.Error.Code != b.Error.Code || a.Error.Message != b.Error.Message {
		t.Fatalf("answers differ: %+v / %+v", a, b)
	}
	// Revoked tokens stop working.
	resp = e.do("new", "DELETE", "/api/v1/auth/tokens/"+itoa(tok.ID), nil)
	if resp.StatusCode != 204 {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if resp = e.do("new", "GET", "/api/v1/me", nil); resp.StatusCode != 401 {
		t.Fatalf("revoked token: %d", resp.StatusCode)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestAPIRejectsBadJSON(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"malformed", `{"username": "x",`, 400, "malformed_json"},
		{"not an object", `[1,2]`, 400, "malformed_json"},
		{"empty", ``, 400, "malformed_json"},
		{"trailing", `{"username":"a","name":"b","password":"cccccccc"} {}`, 400, "malformed_json"},
		{"not UTF-8", "{\"username\":\"ab\",\"name\":\"\xff\xfe\",\"password\":\"secret-password\"}", 400, "malformed_json"},
		{"unknown field", `{"username":"abc","name":"n","password":"secret-password","role":"god"}`, 422, "unknown_field"},
		{"wrong type", `{"username":"abc","name":"n","password":"secret-password","admin":"yes"}`, 422, "invalid_fields"},
		{"invalid fields", `{"username":"a","name":"","password":"x"}`, 422, "invalid_fields"},
	}
	for _, c := range cases {
		resp := e.do("admin", "POST", "/api/v1/users", c.body)
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.name, resp.StatusCode, c.status)
		}
		er := decodeErr(t, resp)
		if er.Error.Code != c.code {
			t.Errorf("%s: code %q, want %q", c.name, er.Error.Code, c.code)
		}
		if c.status == 422 {
			fields, _ := er.Error.Details["fields"].(map[string]any)
			if len(fields) == 0 {
				t.Errorf("%s: no details.fields: %+v", c.name, er.Error.Details)
			}
		}
	}
	// The invalid-fields answer names each bad field.
	resp := e.do("admin", "POST", "/api/v1/users", `{"username":"a","name":"","password":"x"}`)
	fields := decodeErr(t, resp).Error.Details["fields"].(map[string]any)
	for _, f := range []string{"username", "name", "password"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("field %s not named: %v", f, fields)
		}
	}
	// Nothing was created by any of them.
	resp = e.do("admin", "GET", "/api/v1/users", nil)
	if body := readBody(t, resp); strings.Count(body, `"username"`) != 3 {
		t.Fatalf("users after bad requests: %s", body)
	}
	// Wrong content type and an oversized body.
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/users", strings.NewReader("username=a"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
	resp, _ = http.DefaultClient.Do(req)
	if resp.StatusCode != 400 {
		t.Errorf("form body: %d", resp.StatusCode)
	}
	big := `{"username":"` + strings.Repeat("x", 2<<20) + `"}`
	resp = e.do("admin", "POST", "/api/v1/users", big)
	if resp.StatusCode != 413 {
		t.Errorf("2 MiB body: %d", resp.StatusCode)
	}
	decodeErr(t, resp)
}

func TestAPICreateUserAndDuplicate(t *testing.T) {
	e := newEnv(t)
	resp := e.do("admin", "POST", "/api/v1/users", map[string]any{"username": "zhangsan", "name": "张三", "password": "secret-password"})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()
	resp = e.do("admin", "POST", "/api/v1/users", map[string]any{"username": "ZhangSan", "name": "张三", "password": "secret-password"})
	if resp.StatusCode != 409 {
		t.Fatalf("duplicate: %d", resp.StatusCode)
	}
	if c := decodeErr(t, resp).Error.Code; c != "duplicate_username" {
		t.Fatalf("code %q", c)
	}
	// Paging: limit=1 walks all four logins.
	seen, cursor := 0, ""
	for i := 0; i < 10; i++ {
		resp := e.do("admin", "GET", "/api/v1/users?limit=1&cursor="+cursor, nil)
		var page struct {
			Items      []map[string]any `json:"items"`
			NextCursor string           `json:"next_cursor"`
		}
		json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		seen += len(page.Items)
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	if seen != 4 {
		t.Fatalf("paged through %d users, want 4", seen)
	}
	for _, bad := range []string{"limit=0", "limit=201", "limit=x", "cursor=abc"} {
		resp := e.do("admin", "GET", "/api/v1/users?"+bad, nil)
		if resp.StatusCode != 422 && resp.StatusCode != 400 {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		}
		decodeErr(t, resp)
	}
}

func TestAPILoginThrottle(t *testing.T) {
	e := newEnv(t)
	first := -1
	for i := 0; i < 150; i++ {
		resp := e.do("", "POST", "/api/v1/auth/tokens", map[string]string{"username": "staff", "password": "wrong-password"})
		resp.Body.Close()
		if resp.StatusCode == 429 {
			if resp.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
			first = i
			break
		}
		if resp.StatusCode != 401 {
			t.Fatalf("attempt %d: %d", i, resp.StatusCode)
		}
	}
	if first < 0 || first > 20 {
		t.Fatalf("first 429 at attempt %d of 150", first)
	}
}

func TestAPINotFoundAndMethod(t *testing.T) {
	e := newEnv(t)
	resp := e.do("admin", "GET", "/api/v1/nothing-here", nil)
	if resp.StatusCode != 404 || decodeErr(t, resp).Error.Code != "not_found" {
		t.Fatalf("unknown route: %d", resp.StatusCode)
	}
	resp = e.do("admin", "PUT", "/api/v1/settings", map[string]string{})
	if resp.StatusCode != 405 || resp.Header.Get("Allow") == "" {
		t.Fatalf("PUT settings: %d allow=%q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	decodeErr(t, resp)
	resp = e.do("admin", "GET", "/api/v1/users/abc", nil)
	if resp.StatusCode != 404 {
		t.Fatalf("bad id: %d", resp.StatusCode)
	}
	decodeErr(t, resp)
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := newEnv(t)
	resp := e.do("", "GET", "/api/v1/openapi.json", nil)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	n := 0
	for _, rt := range web.RoutesForTest() {
		if !strings.HasPrefix(rt.Pattern, "/api/v1/") {
			continue
		}
		n++
		op, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)].(map[string]any)
		if !ok {
			t.Errorf("%s %s missing from openapi.json", rt.Method, rt.Pattern)
			continue
		}
		if s, _ := op["summary"].(string); s == "" {
			t.Errorf("%s %s has no summary", rt.Method, rt.Pattern)
		}
	}
	if n < 10 {
		t.Fatalf("only %d API routes", n)
	}
}

func TestSettingsAPI(t *testing.T) {
	e := newEnv(t)
	resp := e.do("admin", "PATCH", "/api/v1/settings", map[string]string{"name": "杭州市温州商会"})
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "杭州市温州商会") {
		t.Fatalf("patch: %d %s", resp.StatusCode, body)
	}
	resp = e.do("admin", "PATCH", "/api/v1/settings", map[string]string{"time_zone": "Mars/Olympus"})
	if resp.StatusCode != 422 {
		t.Fatalf("bad zone: %d", resp.StatusCode)
	}
	if _, ok := decodeErr(t, resp).Error.Details["fields"].(map[string]any)["time_zone"]; !ok {
		t.Fatal("time_zone not named")
	}
	resp = e.do("staff", "PATCH", "/api/v1/settings", map[string]string{"name": "x"})
	if resp.StatusCode != 403 {
		t.Fatalf("staff patch: %d", resp.StatusCode)
	}
	decodeErr(t, resp)
	// The change is in the audit trail, and the chain verifies.
	resp = e.do("admin", "GET", "/api/v1/audit?entity=settings", nil)
	if body := readBody(t, resp); !strings.Contains(body, `"action":"settings.update"`) {
		t.Fatalf("audit: %s", body)
	}
	resp = e.do("admin", "GET", "/api/v1/audit/verify", nil)
	if body := readBody(t, resp); !strings.Contains(body, `"ok":true`) {
		t.Fatalf("verify: %s", body)
	}
	// The head to anchor outside the database is the last record.
	resp = e.do("admin", "GET", "/api/v1/audit/head", nil)
	var head chamber.AuditHead
	if err := json.NewDecoder(resp.Body).Decode(&head); err != nil || resp.StatusCode != 200 {
		t.Fatalf("head: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	last, _, err := e.db.ListAudit(sysCtx, chamber.AuditFilter{}, chamber.Page{Limit: 1})
	if err != nil || len(last) != 1 || head.Seq != last[0].Seq || head.Hash != last[0].Hash {
		t.Fatalf("head %+v, last record %+v (%v)", head, last, err)
	}
	if resp = e.do("staff", "GET", "/api/v1/audit/head", nil); resp.StatusCode != 403 {
		t.Fatalf("staff head: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

// Lists the store returns whole page like every other list.
func TestShortListsPage(t *testing.T) {
	e := newEnv(t)
	var all []string
	cursor := ""
	for i := 0; i < 20; i++ {
		resp := e.do("admin", "GET", "/api/v1/org/positions?limit=7&cursor="+cursor, nil)
		var page struct {
			Items      []struct{ Name string } `json:"items"`
			NextCursor string                  `json:"next_cursor"`
		}
		json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if len(page.Items) > 7 {
			t.Fatalf("page of %d with limit=7", len(page.Items))
		}
		for _, it := range page.Items {
			all = append(all, it.Name)
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}
	seen := map[string]int{}
	for _, n := range all {
		seen[n]++
	}
	if len(all) < 20 || seen["秘书长"] != 1 {
		t.Fatalf("paged through %d positions: %v", len(all), seen)
	}
	for _, bad := range []string{"limit=201", "limit=0", "cursor=-1", "cursor=x", "cursor=100000"} {
		resp := e.do("admin", "GET", "/api/v1/org/positions?"+bad, nil)
		if resp.StatusCode != 400 && resp.StatusCode != 422 {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		}
		resp.Body.Close()
	}
}
