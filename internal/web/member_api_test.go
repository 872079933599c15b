package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

func credit(n int) string {
	body := fmt.Sprintf("91330100MA%07d", n)
	return body + string(chamber.CreditCodeCheckChar(body))
}

func decode[T any](t *testing.T, resp *http.Response, want int) T {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != want {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, body)
	}
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

func TestMemberAPI(t *testing.T) {
	e := newEnv(t)
	m := decode[map[string]any](t, e.do("admin", "POST", "/api/v1/members", map[string]any{
		"kind": "unit", "name": "杭州建国科技有限公司", "tier": "理事单位", "industry": "软件", "region": "杭州",
		"credit_code": credit(1), "contact_name": "张建国", "phone": "13812345678", "email": "zjg@example.cn", "joined_on": "2026-01-05"}), 201)
	if m["status"] != "active" || m["member_no"] == "" || m["name"] != "杭州建国科技有限公司" || m["joined_on"] != "2026-01-05" {
		t.Fatalf("created: %v", m)
	}
	id := int64(m["id"].(float64))
	// Wrong check digit: 422 naming credit_code.
	bad := decodeErr(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "错公司", "credit_code": "91330100MA00000000"}))
	if fields, _ := bad.Error.Details["fields"].(map[string]any); fields["credit_code"] == nil {
		t.Fatalf("422 without credit_code: %+v", bad)
	}
	resp := e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "重复", "credit_code": credit(1)})
	if resp.StatusCode != 409 {
		t.Fatalf("duplicate: %d", resp.StatusCode)
	}
	resp.Body.Close()
	resp = e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "x", "phone": "12345"})
	if resp.StatusCode != 422 {
		t.Fatalf("bad phone: %d", resp.StatusCode)
	}
	resp.Body.Close()
	decode[map[string]any](t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "李华明", "company": "温州华明贸易", "phone": "0577-88889999"}), 201)
	for q, want := range map[string]int{"建国": 1, "zhangjianguo": 1, "zjg": 1, "华明": 1, "lhm": 1, "nobody": 0} {
		l := decode[struct {
			Items []map[string]any `json:"items"`
		}](t, e.do("admin", "GET", "/api/v1/members?q="+urlq(q), nil), 200)
		if len(l.Items) != want {
			t.Errorf("q=%s: %d items", q, len(l.Items))
		}
	}
	l := decode[struct {
		Items []map[string]any `json:"items"`
	}](t, e.do("admin", "GET", "/api/v1/members?tier=council&status=active&industry="+urlq("软件"), nil), 200)
	if len(l.Items) != 1 {
		t.Errorf("filters: %d", len(l.Items))
	}
	decode[map[string]any](t, e.do("admin", "PATCH", fmt.Sprintf("/api/v1/members/%d", id), map[string]any{"phone": "010-12345678"}), 200)
	st := decode[map[string]any](t, e.do("admin", "POST", fmt.Sprintf("/api/v1/members/%d/status", id), map[string]any{"status": "suspended", "reason": "未按时参加年会"}), 200)
	if st["status"] != "suspended" {
		t.Fatalf("status: %v", st)
	}
	h := decode[struct {
		Items []chamber.HistoryEntry `json:"items"`
	}](t, e.do("admin", "GET", fmt.Sprintf("/api/v1/members/%d/history", id), nil), 200)
	if len(h.Items) != 3 || h.Items[0].Action != "member.create" || h.Items[1].Changes["phone"].To != "010-12345678" || h.Items[2].Changes["status"].To != "suspended" {
		t.Fatalf("history: %+v", h.Items)
	}
	// API.md's body {"status", "reason"} expels too: the reason stands as the decision.
	st = decode[map[string]any](t, e.do("admin", "POST", fmt.Sprintf("/api/v1/members/%d/status", id), map[string]any{"status": "expelled", "reason": "依第三届理事会第五次会议决议除名"}), 200)
	if st["status"] != "expelled" {
		t.Fatalf("expulsion: %v", st)
	}
	resp = e.do("staff", "GET", "/api/v1/members", nil)
	if resp.StatusCode != 403 {
		t.Fatalf("staff without member.read: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func urlq(s string) string { return url.QueryEscape(s) }

func upload(t *testing.T, e *env, name, content string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/members/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens["admin"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestMemberImportAPI(t *testing.T) {
	e := newEnv(t)
	var b strings.Builder
	b.WriteString("name,kind,credit_code,phone\n")
	for i := 0; i < 1000; i++ {
		code := credit(i)
		if i == 5 {
			code = "91330100MA00000000"
		}
		fmt.Fprintf(&b, "公司%d,unit,%s,13812345678\n", i, code)
	}
	type report struct {
		Error struct {
			Code    string `json:"code"`
			Details struct {
				Rows []struct {
					Row     int    `json:"row"`
					Field   string `json:"field"`
					Message string `json:"message"`
				} `json:"rows"`
			} `json:"details"`
		} `json:"error"`
	}
	rep := decode[report](t, upload(t, e, "m.csv", b.String()), 422)
	if rep.Error.Code != "import_invalid" || len(rep.Error.Details.Rows) != 1 || rep.Error.Details.Rows[0].Row != 7 || rep.Error.Details.Rows[0].Field != "credit_code" || rep.Error.Details.Rows[0].Message == "" {
		t.Fatalf("report: %+v", rep)
	}
	l := decode[struct {
		Items []map[string]any `json:"items"`
	}](t, e.do("admin", "GET", "/api/v1/members", nil), 200)
	if len(l.Items) != 0 {
		t.Fatalf("half-written: %d", len(l.Items))
	}
	ok := decode[map[string]int](t, upload(t, e, "m.csv", strings.Replace(b.String(), "91330100MA00000000", credit(9999), 1)), 200)
	if ok["created"] != 1000 {
		t.Fatalf("created: %v", ok)
	}
	// Export neutralises formulas and re-imports.
	decode[map[string]any](t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "=HYPERLINK(\"x\")"}), 201)
	resp := e.do("admin", "GET", "/api/v1/members/export?format=csv", nil)
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(body, `'=HYPERLINK`) || !strings.HasPrefix(body, "\ufeff会员编号") {
		t.Fatalf("export: %d %.200s", resp.StatusCode, body)
	}
}
