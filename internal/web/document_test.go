package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /documents":               "login",
	"POST /documents":              "document.write",
	"GET /documents/{id}":          "login",
	"GET /documents/{id}/print":    "login",
	"POST /documents/{id}/submit":  "document.write",
	"POST /documents/{id}/approve": "login",
	"POST /documents/{id}/reject":  "login",
	"POST /documents/{id}/issue":   "document.write",
	"POST /documents/{id}/route":   "document.write",
	"POST /documents/{id}/done":    "login",

	"POST /api/v1/documents":                "document.write",
	"GET /api/v1/documents":                 "login",
	"GET /api/v1/documents/{id}":            "login",
	"PATCH /api/v1/documents/{id}":          "document.write",
	"POST /api/v1/documents/{id}/submit":    "document.write",
	"POST /api/v1/documents/{id}/approve":   "login",
	"POST /api/v1/documents/{id}/reject":    "login",
	"POST /api/v1/documents/{id}/issue":     "document.write",
	"POST /api/v1/documents/{id}/route":     "document.write",
	"POST /api/v1/documents/{id}/done":      "login",
	"GET /api/v1/documents/{id}/access-log": "login",
	"GET /archive":                          "document.write",
	"POST /archive":                         "document.write",
	"POST /api/v1/archive":                  "document.write",
	"GET /api/v1/archive":                   "document.write",
	"GET /api/v1/search":                    "login",
	"GET /api/v1/regulations":               "login",
	"GET /documents/regulations":            "login",
})

// docEnv adds an author in the 办公室, the 秘书长, the 会长 and a reader.
func docEnv(t *testing.T) (*env, map[string]chamber.ID) {
	t.Helper()
	e := newEnv(t)
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]chamber.ID{}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	ids := map[string]chamber.ID{}
	for _, u := range []struct{ name, display, position string }{
		{"author", "张文书", "office_staff"}, {"sg", "赵秘书长", chamber.PosSecretaryGeneral},
		{"pres", "陈会长", chamber.PosPresident}, {"reader", "李理事", ""},
	} {
		created, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: u.name, Name: u.display, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		if u.position != "" {
			if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: pos[u.position], UserID: created.ID, StartsOn: "2020-01-01"}); err != nil {
				t.Fatal(err)
			}
		}
		secret, _, err := e.db.CreateToken(sysCtx, created.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[u.name], ids[u.name] = secret, created.ID
	}
	ids["office_director"] = pos["office_director"]
	return e, ids
}

// TestDocumentAPI: draft → sign-off (秘书长, 会长) → issue with 文号 → read
// by the distribution; a confidential document is 404 to the administrator;
// raw HTML in the body never reaches the page; an issued one is 409 to PATCH.
func TestDocumentAPI(t *testing.T) {
	e, ids := docEnv(t)
	var d chamber.Document
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "outgoing", "doc_type": "decision", "title": "关于表彰优秀会员企业的决定",
		"body": "## 表彰名单\n\n| 企业 | 奖项 |\n|---|---|\n| 华南科技 | 优秀 |\n\n<script>alert(1)</script>", "classification": "confidential",
		"distribution": []chamber.ID{ids["reader"]}}), 201, &d)
	if !strings.Contains(d.BodyHTML, "<table>") || strings.Contains(d.BodyHTML, "<script") {
		t.Fatalf("body html: %s", d.BodyHTML)
	}
	path := "/api/v1/documents/" + strconv.FormatInt(d.ID, 10)
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "outgoing", "doc_type": "poem", "title": "x"}), 422, nil)
	decodeInto(t, e.do("reader", "POST", "/api/v1/documents", map[string]any{"direction": "outgoing", "doc_type": "notice", "title": "x"}), 403, nil)
	decodeInto(t, e.do("admin", "GET", path, nil), 404, nil)
	var sub chamber.Document
	decodeInto(t, e.do("author", "POST", path+"/submit", nil), 200, &sub)
	if sub.Status != "reviewing" || len(sub.Steps) != 2 || sub.AwaitingPositionID == 0 {
		t.Fatalf("submitted: %+v", sub)
	}
	decodeInto(t, e.do("pres", "POST", path+"/approve", map[string]any{"comment": "同意"}), 403, nil)
	decodeInto(t, e.do("sg", "POST", path+"/approve", map[string]any{"comment": "核稿同意"}), 200, nil)
	decodeInto(t, e.do("author", "POST", path+"/issue", nil), 409, nil)
	decodeInto(t, e.do("pres", "POST", path+"/approve", map[string]any{"comment": "签发"}), 200, nil)
	var issued chamber.Document
	decodeInto(t, e.do("author", "POST", path+"/issue", nil), 200, &issued)
	if !strings.HasSuffix(issued.DocNo, "〕1号") {
		t.Fatalf("doc_no %q", issued.DocNo)
	}
	decodeInto(t, e.do("author", "PATCH", path, map[string]any{"title": "改"}), 409, nil)
	decodeInto(t, e.do("reader", "GET", path, nil), 200, nil)
	var log []chamber.DocAccess
	decodeInto(t, e.do("author", "GET", path+"/access-log", nil), 200, &log)
	seen := false
	for _, a := range log {
		seen = seen || a.UserID == ids["reader"]
	}
	if !seen {
		t.Fatalf("access log %+v", log)
	}
	// The print: 红头 with the 文号 and the reader's name as a watermark.
	c := e.browser("zh-CN")
	e.login(c, "reader")
	resp, err := c.Get(e.srv.URL + "/documents/" + strconv.FormatInt(d.ID, 10) + "/print")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(body, issued.DocNo) || !strings.Contains(body, "李理事 阅") || strings.Contains(body, "<script>alert") {
		t.Fatalf("print %d: %s", resp.StatusCode, body)
	}
	// Incoming: registered with a 收文编号, routed, closed.
	var in chamber.Document
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "incoming", "title": "关于开展社会组织年检的通知",
		"sender": "市民政局", "sender_doc_no": "民发〔2026〕8号", "received_on": "2026-03-02", "classification": "internal"}), 201, &in)
	if !strings.HasPrefix(in.ReceiptNo, "收〔") {
		t.Fatalf("receipt %q", in.ReceiptNo)
	}
	ip := "/api/v1/documents/" + strconv.FormatInt(in.ID, 10)
	decodeInto(t, e.do("author", "POST", ip+"/route", map[string]any{"position_id": 999999, "instruction": "x"}), 422, nil)
	decodeInto(t, e.do("author", "POST", ip+"/route", map[string]any{"position_id": sgPosition(t, e), "instruction": "请秘书长批办"}), 200, nil)
	decodeInto(t, e.do("sg", "POST", ip+"/done", map[string]any{"note": "已按期报送"}), 200, nil)
	var list struct{ Items []chamber.Document }
	decodeInto(t, e.do("admin", "GET", "/api/v1/documents", nil), 200, &list)
	for _, x := range list.Items {
		if x.ID == d.ID {
			t.Fatal("the admin lists a confidential document")
		}
	}
	decodeInto(t, e.do("admin", "GET", "/api/v1/documents?direction=sideways", nil), 422, nil)
	// The archive: filed once with an archive number, then 409.
	var rec chamber.ArchiveRecord
	decodeInto(t, e.do("author", "POST", "/api/v1/archive", map[string]any{"source_kind": "document", "source_id": d.ID, "category": "文书档案/决定", "retention": "permanent"}), 201, &rec)
	if !strings.HasSuffix(rec.ArchiveNo, "-Y-0001") {
		t.Fatalf("archive %+v", rec)
	}
	decodeInto(t, e.do("author", "POST", "/api/v1/archive", map[string]any{"source_kind": "document", "source_id": d.ID, "category": "x", "retention": "10y"}), 409, nil)
	decodeInto(t, e.do("author", "POST", "/api/v1/archive", map[string]any{"source_kind": "meeting", "source_id": 424242, "category": "x", "retention": "10y"}), 422, nil)
	decodeInto(t, e.do("reader", "GET", "/api/v1/archive", nil), 403, nil)
	// Search: two characters, pinyin; never the confidential one for the admin.
	var found struct{ Items []chamber.SearchHit }
	decodeInto(t, e.do("admin", "GET", "/api/v1/search?q="+url.QueryEscape("年检"), nil), 200, &found)
	if len(found.Items) != 1 || found.Items[0].ID != in.ID || !strings.Contains(found.Items[0].Snippet, "") {
		t.Fatalf("search: %+v", found)
	}
	decodeInto(t, e.do("admin", "GET", "/api/v1/search?q=biaozhang", nil), 200, &found)
	if len(found.Items) != 0 {
		t.Fatalf("admin finds the confidential decision: %+v", found)
	}
	decodeInto(t, e.do("reader", "GET", "/api/v1/search?q=biaozhang", nil), 200, &found)
	if len(found.Items) != 1 {
		t.Fatalf("reader search: %+v", found)
	}
	decodeInto(t, e.do("admin", "GET", "/api/v1/search?q=", nil), 422, nil)
	decodeInto(t, e.do("admin", "GET", "/api/v1/search?q=x&limit=999", nil), 422, nil)
	// The pages in both languages, with no key left untranslated.
	for _, lang := range []string{"zh-CN", "en"} {
		b := e.browser(lang)
		e.login(b, "author")
		for _, p := range []string{"/documents", "/documents/" + strconv.FormatInt(d.ID, 10), "/documents/" + strconv.FormatInt(in.ID, 10), "/documents/" + strconv.FormatInt(d.ID, 10) + "/print", "/archive", "/documents/regulations"} {
			resp, err := b.Get(e.srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != 200 || strings.Contains(body, "doc.") || strings.Contains(body, "archive.") {
				t.Fatalf("%s %s: %d %s", lang, p, resp.StatusCode, body)
			}
		}
	}
}

func sgPosition(t *testing.T, e *env) chamber.ID {
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == chamber.PosSecretaryGeneral {
			return p.ID
		}
	}
	t.Fatal("no 秘书长")
	return 0
}

var _ = addRouteAccess(map[string]string{
	"POST /documents/{id}/recipients":     "document.write",
	"GET /documents/register":             "document.write",
	"GET /api/v1/documents/{id}/receipts": "login",
})

// TestDocumentRecipientsAndRegisters: 主送 and 抄送 through the API and on
// the 红头 print with the annex; read receipts of the distribution; an
// incoming document routed with a deadline; both registers as a page and
// as xlsx.
func TestDocumentRecipientsAndRegisters(t *testing.T) {
	e, ids := docEnv(t)
	var d chamber.Document
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "outgoing", "doc_type": "notice", "title": "关于缴纳年度会费的通知",
		"body": "请各会员单位按期缴纳。", "classification": "internal", "main_to": "各会员单位", "copy_to": "市民政局",
		"distribution": []chamber.ID{ids["reader"]}}), 201, &d)
	path := "/api/v1/documents/" + strconv.FormatInt(d.ID, 10)
	decodeInto(t, e.do("author", "PATCH", path, map[string]any{"main_to": strings.Repeat("各", 501)}), 422, nil)
	decodeInto(t, e.do("author", "PATCH", path, map[string]any{"copy_to": "市民政局、市工商联"}), 200, &d)
	if d.MainTo != "各会员单位" || d.CopyTo != "市民政局、市工商联" {
		t.Fatalf("recipients %+v", d)
	}
	decodeInto(t, e.do("author", "POST", path+"/submit", nil), 200, nil)
	decodeInto(t, e.do("sg", "POST", path+"/approve", map[string]any{"comment": "同意"}), 200, nil)
	decodeInto(t, e.do("author", "POST", path+"/issue", nil), 200, &d)
	var rec struct{ Items []chamber.DocReceipt }
	decodeInto(t, e.do("author", "GET", path+"/receipts", nil), 200, &rec)
	if len(rec.Items) != 1 || rec.Items[0].ReadAt != nil {
		t.Fatalf("receipts %+v", rec)
	}
	decodeInto(t, e.do("reader", "GET", path, nil), 200, nil)
	decodeInto(t, e.do("author", "GET", path+"/receipts", nil), 200, &rec)
	if rec.Items[0].ReadAt == nil || rec.Items[0].Name != "李理事" {
		t.Fatalf("receipts after reading %+v", rec)
	}
	decodeInto(t, e.do("reader", "GET", path+"/receipts", nil), 403, nil)
	c := e.browser("zh-CN")
	e.login(c, "author")
	get := func(p string) (int, string, string) {
		resp, err := c.Get(e.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), readBody(t, resp)
	}
	code, _, body := get("/documents/" + strconv.FormatInt(d.ID, 10) + "/print")
	if code != 200 || !strings.Contains(body, "各会员单位：") || !strings.Contains(body, "抄送：市民政局、市工商联") || !strings.Contains(body, "印发") {
		t.Fatalf("print %d: %s", code, body)
	}
	code, _, body = get("/documents/" + strconv.FormatInt(d.ID, 10))
	if code != 200 || !strings.Contains(body, "已读 1 / 1") {
		t.Fatalf("page %d: %s", code, body)
	}
	var in chamber.Document
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "incoming", "title": "关于报送统计报表的通知",
		"sender": "市统计局", "received_on": "2026-03-02", "classification": "internal"}), 201, &in)
	ip := "/api/v1/documents/" + strconv.FormatInt(in.ID, 10)
	decodeInto(t, e.do("author", "POST", ip+"/route", map[string]any{"position_id": sgPosition(t, e), "due_on": "2001-01-01"}), 422, nil)
	decodeInto(t, e.do("author", "POST", ip+"/route", map[string]any{"position_id": sgPosition(t, e), "step": "nope"}), 422, nil)
	decodeInto(t, e.do("author", "POST", ip+"/route", map[string]any{"position_id": sgPosition(t, e), "instruction": "请秘书长批示", "due_on": "2099-12-31"}), 200, &in)
	if in.DueOn != "2099-12-31" || len(in.Routes) != 1 || in.Routes[0].Step != "propose" {
		t.Fatalf("routed %+v", in)
	}
	year := e.db.Today(sysCtx)[:4]
	for _, dir := range []string{"incoming", "outgoing"} {
		code, _, body := get("/documents/register?direction=" + dir + "&year=" + year)
		want := map[string]string{"incoming": "市统计局", "outgoing": "各会员单位"}[dir]
		if code != 200 || !strings.Contains(body, want) || strings.Contains(body, "doc.") {
			t.Fatalf("register %s %d: %s", dir, code, body)
		}
		code, ct, _ := get("/documents/register?direction=" + dir + "&year=" + year + "&format=xlsx")
		if code != 200 || !strings.Contains(ct, "spreadsheetml") {
			t.Fatalf("xlsx %s: %d %s", dir, code, ct)
		}
	}
	if code, _, _ := get("/documents/register?direction=sideways"); code != 422 {
		t.Fatalf("bad direction: %d", code)
	}
	if code, _, _ := get("/documents/register?year=1800"); code != 422 {
		t.Fatalf("bad year: %d", code)
	}
	rc := e.browser("zh-CN")
	e.login(rc, "reader")
	if resp, err := rc.Get(e.srv.URL + "/documents/register"); err != nil || resp.StatusCode != 403 {
		t.Fatalf("reader register: %v %v", err, resp.StatusCode)
	}
}
