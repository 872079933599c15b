package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

// postForm posts a form as a browser (logged in when c has a session).
func (e *env) postForm(c *http.Client, path string, v url.Values) *http.Response {
	e.t.Helper()
	resp, err := c.PostForm(e.srv.URL+path, v)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

// sendMultipart posts a multipart body to path as role.
func (e *env) sendMultipart(role, path string, fields map[string]string, name string, content []byte) *http.Response {
	e.t.Helper()
	body, ct := multipartBody(e.t, fields, name, content)
	req, _ := http.NewRequest("POST", e.srv.URL+path, body)
	req.Header.Set("Content-Type", ct)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

// TestControlCharactersRefused replays the attack of issue 10 item 5: a
// NUL answered 500 on PostgreSQL (four of them without a login) and other
// control characters were stored on SQLite. Every one is now a 422 naming
// the field, and nothing is stored.
func TestControlCharactersRefused(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(1)
	_ = members
	app := func(name string) map[string]any {
		return map[string]any{"kind": "individual", "name": name, "contact_name": "张三", "phone": "13800138000", "message": "申请入会"}
	}
	for _, tc := range []struct {
		name, role, method, path string
		body                     any
		field                    string
	}{
		{"token NUL (no login)", "", "POST", "/api/v1/auth/tokens", map[string]any{"username": "ad\x00min", "password": testPassword}, "username"},
		{"token password NUL", "", "POST", "/api/v1/auth/tokens", map[string]any{"username": "admin", "password": "x\x00"}, "password"},
		{"application NUL (no login)", "", "POST", "/api/v1/applications", app("王\x00五"), "name"},
		{"application message NUL", "", "POST", "/api/v1/applications", map[string]any{"kind": "individual", "name": "王五", "contact_name": "张三", "phone": "13800138000", "message": "a\x00b"}, "message"},
		{"member name SOH", "admin", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "李\x01四"}, "name"},
		{"member address ESC", "admin", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "李四", "address": "\x1b[31m"}, "address"},
		{"member name DEL", "admin", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "李四\x7f"}, "name"},
		{"member name LF (single line)", "admin", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "李\n四"}, "name"},
		{"voucher memo US", "admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-03-05", "summary": "x",
			"lines": []any{line("1002", 100, 0, "a\x1fb"), line("4201", 0, 100, "")}}, "lines[0].memo"},
		{"voucher summary NUL", "admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-03-05", "summary": "x\x00",
			"lines": []any{line("1002", 100, 0, ""), line("4201", 0, 100, "")}}, "summary"},
		{"announcement body NUL", "admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "t", "body": "a\x00b", "audience": "all_members"}, "body"},
		{"announcement title tab", "admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "a\tb", "body": "b", "audience": "all_members"}, "title"},
		{"search query NUL", "admin", "GET", "/api/v1/members?q=%00", nil, "q"},
		{"search query BEL", "admin", "GET", "/api/v1/members?q=a%07", nil, "q"},
	} {
		resp := e.do(tc.role, tc.method, tc.path, tc.body)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s, want 422", tc.name, resp.StatusCode, readBody(t, resp))
			continue
		}
		er := decodeErr(t, resp)
		fields, _ := er.Error.Details["fields"].(map[string]any)
		if _, ok := fields[tc.field]; !ok || !strings.Contains(er.Error.Message, tc.field) {
			t.Errorf("%s: field %q not named: %+v", tc.name, tc.field, er)
		}
	}

	// Multi-line bodies keep their tabs and line breaks.
	resp := e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "关于年会", "body": "各会员：\r\n\t定于12月召开。\n", "audience": "all_members"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("multi-line body: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()

	// HTML forms, with and without a login.
	anon := e.browser("en")
	for _, tc := range []struct {
		name, path string
		form       url.Values
		field      string
	}{
		{"login NUL", "/login", url.Values{"username": {"ad\x00min"}, "password": {testPassword}}, "username"},
		{"join NUL", "/join", url.Values{"kind": {"individual"}, "name": {"赵\x00六"}, "contact_name": {"张三"}, "phone": {"13800138000"}}, "name"},
		{"join message VT", "/join", url.Values{"kind": {"individual"}, "name": {"赵六"}, "contact_name": {"张三"}, "phone": {"13800138000"}, "message": {"a\vb"}}, "message"},
	} {
		resp := e.postForm(anon, tc.path, tc.form)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.field) {
			t.Errorf("%s: %d, want 422 naming %q", tc.name, resp.StatusCode, tc.field)
		}
	}
	staff := e.browser("")
	e.login(staff, "admin")
	if resp := e.postForm(staff, "/members", url.Values{"kind": {"individual"}, "name": {"钱\x02七"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("member form: %d", resp.StatusCode)
	}

	// Multipart text fields and file names.
	if resp := e.sendMultipart("admin", "/api/v1/attachments", map[string]string{"owner_kind": "voucher\x00", "owner_id": "1"}, "a.png", pngBytes); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("multipart field NUL: %d %s", resp.StatusCode, readBody(t, resp))
	}
	// (a control character in a part's header makes the multipart body malformed: 400)
	if resp := e.sendMultipart("admin", "/api/v1/attachments", map[string]string{"owner_kind": "voucher", "owner_id": "1"}, "a\x01.png", pngBytes); resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest {
		t.Errorf("multipart file name SOH: %d %s", resp.StatusCode, readBody(t, resp))
	}

	// Imported cells: the bad cell is a row error, nothing is imported.
	csv := "会员编号,名称,类型,地址,标签\n,孙八,个人,北京,\n,周\x01九,个人,上海,\nA\x00,吴十,个人,,\n,郑一,个人,,a\x02\n"
	resp = e.sendMultipart("admin", "/api/v1/members/import", nil, "m.csv", []byte(csv))
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"row":3,"field":"name"`) ||
		!strings.Contains(body, `"row":4,"field":"member_no"`) || !strings.Contains(body, `"row":5,"field":"tags"`) {
		t.Errorf("import with a control character: %d %s", resp.StatusCode, body)
	}

	// Nothing with a control character was stored.
	ms, _, err := e.db.ListMembers(sysCtx, chamber.MemberFilter{}, chamber.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		for _, v := range []string{m.Name, m.Address} {
			if !chamber.TextOK(v, false) {
				t.Errorf("stored member %d with a control character: %q", m.ID, v)
			}
		}
		if m.Name == "孙八" {
			t.Errorf("an import with a bad row wrote its good rows")
		}
	}
	as, _, err := e.db.ListApplications(sysCtx, "", chamber.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 0 {
		t.Errorf("%d applications stored", len(as))
	}
}
