package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /archive/loans":                   "login",
	"POST /archive/loans":                  "login",
	"POST /archive/loans/{id}/approve":     "document.write",
	"POST /archive/loans/{id}/reject":      "document.write",
	"POST /archive/loans/{id}/return":      "document.write",
	"POST /archive/disposals":              "document.write",
	"GET /archive/disposals/{id}":          "document.write",
	"POST /archive/disposals/{id}/approve": "login",
	"POST /archive/disposals/{id}/reject":  "login",

	"POST /api/v1/archive/loans":                  "login",
	"GET /api/v1/archive/loans":                   "login",
	"POST /api/v1/archive/loans/{id}/approve":     "document.write",
	"POST /api/v1/archive/loans/{id}/reject":      "document.write",
	"POST /api/v1/archive/loans/{id}/return":      "document.write",
	"POST /api/v1/archive/disposals":              "document.write",
	"GET /api/v1/archive/disposals":               "document.write",
	"GET /api/v1/archive/disposals/{id}":          "document.write",
	"POST /api/v1/archive/disposals/{id}/approve": "login",
	"POST /api/v1/archive/disposals/{id}/reject":  "login",
})

// TestArchiveLoansAPI: a reader borrows a filed record by its 档号, the
// keeper lends it and records the return; a 2010 record kept 10 years goes
// on a destruction list that only the 秘书长 approves; the pages show it.
func TestArchiveLoansAPI(t *testing.T) {
	e, ids := docEnv(t)
	var in, old chamber.Document
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "incoming", "title": "关于会员发展工作的批复",
		"sender": "市民政局", "received_on": "2026-03-02", "classification": "internal"}), 201, &in)
	decodeInto(t, e.do("author", "POST", "/api/v1/documents", map[string]any{"direction": "incoming", "title": "2010年度工作检查通知",
		"sender": "市民政局", "received_on": "2026-03-02", "classification": "internal"}), 201, &old)
	var rec, oldRec chamber.ArchiveRecord
	decodeInto(t, e.do("author", "POST", "/api/v1/archive", map[string]any{"source_kind": "document", "source_id": in.ID, "category": "文书档案", "retention": "permanent"}), 201, &rec)
	decodeInto(t, e.do("author", "POST", "/api/v1/archive", map[string]any{"source_kind": "document", "source_id": old.ID, "category": "文书档案", "retention": "10y", "year": 2010}), 201, &oldRec)
	if oldRec.ExpiresOn != "2020-12-31" || !strings.Contains(oldRec.ArchiveNo, "-2010-D10-") {
		t.Fatalf("old record %+v", oldRec)
	}
	due := e.db.Today(sysCtx)
	decodeInto(t, e.do("reader", "POST", "/api/v1/archive/loans", map[string]any{"archive_no": "SH-1999-Y-0001", "purpose": "查阅", "due_on": due}), 422, nil)
	decodeInto(t, e.do("reader", "POST", "/api/v1/archive/loans", map[string]any{"archive_no": rec.ArchiveNo, "purpose": "查阅", "due_on": "2001-01-01"}), 422, nil)
	var loan chamber.ArchiveLoan
	decodeInto(t, e.do("reader", "POST", "/api/v1/archive/loans", map[string]any{"archive_no": rec.ArchiveNo, "purpose": "查阅批复原件", "due_on": due}), 201, &loan)
	lp := "/api/v1/archive/loans/" + strconv.FormatInt(loan.ID, 10)
	decodeInto(t, e.do("reader", "POST", lp+"/approve", nil), 403, nil)
	decodeInto(t, e.do("author", "POST", lp+"/return", nil), 409, nil)
	decodeInto(t, e.do("author", "POST", lp+"/approve", map[string]any{"comment": "同意"}), 200, &loan)
	if loan.Status != "approved" {
		t.Fatalf("loan %+v", loan)
	}
	var mine struct{ Items []chamber.ArchiveLoan }
	decodeInto(t, e.do("reader", "GET", "/api/v1/archive/loans", nil), 200, &mine)
	if len(mine.Items) != 1 {
		t.Fatalf("reader's loans %+v", mine)
	}
	decodeInto(t, e.do("reader", "GET", "/api/v1/archive/loans?overdue=maybe", nil), 422, nil)
	decodeInto(t, e.do("author", "POST", lp+"/return", nil), 200, &loan)
	var list chamber.ArchiveDisposal
	decodeInto(t, e.do("author", "POST", "/api/v1/archive/disposals", map[string]any{"note": "到期档案"}), 201, &list)
	if len(list.Items) != 1 || list.Items[0].ID != oldRec.ID {
		t.Fatalf("list %+v", list)
	}
	decodeInto(t, e.do("author", "POST", "/api/v1/archive/disposals", nil), 409, nil)
	dp := "/api/v1/archive/disposals/" + strconv.FormatInt(list.ID, 10)
	decodeInto(t, e.do("author", "POST", dp+"/approve", nil), 403, nil)
	decodeInto(t, e.do("pres", "POST", dp+"/approve", nil), 403, nil)
	decodeInto(t, e.do("sg", "POST", dp+"/approve", map[string]any{"comment": "同意销毁"}), 200, &list)
	if list.Status != "approved" {
		t.Fatalf("approved %+v", list)
	}
	var lists struct{ Items []chamber.ArchiveDisposal }
	decodeInto(t, e.do("author", "GET", "/api/v1/archive/disposals", nil), 200, &lists)
	decodeInto(t, e.do("author", "GET", dp, nil), 200, nil)
	decodeInto(t, e.do("reader", "POST", "/api/v1/archive/loans", map[string]any{"archive_no": oldRec.ArchiveNo, "purpose": "查阅", "due_on": due}), 409, nil)
	for _, lang := range []string{"zh-CN", "en"} {
		c := e.browser(lang)
		e.login(c, "author")
		for _, p := range []string{"/archive", "/archive/loans", "/archive/disposals/" + strconv.FormatInt(list.ID, 10)} {
			resp, err := c.Get(e.srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != 200 || strings.Contains(body, "archive.") || strings.Contains(body, "doc.") {
				t.Fatalf("%s %s: %d %s", lang, p, resp.StatusCode, body)
			}
			if p == "/archive" && !strings.Contains(body, "data-destroyed") {
				t.Fatalf("archive page without the destroyed record: %s", body)
			}
		}
	}
	// The form: a reader asks by 档号 on the loans page.
	c := e.browser("zh-CN")
	e.login(c, "reader")
	resp, err := c.PostForm(e.srv.URL+"/archive/loans", url.Values{"archive_no": {rec.ArchiveNo}, "purpose": {"再次查阅"}, "due_on": {due}})
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("form: %v %d", err, resp.StatusCode)
	}
	resp, err = c.Get(e.srv.URL + "/archive/loans")
	if err != nil || resp.StatusCode != 200 || !strings.Contains(readBody(t, resp), "再次查阅") {
		t.Fatalf("loans page: %v %d", err, resp.StatusCode)
	}
	_ = ids
}
