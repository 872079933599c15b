package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

var _ = addRouteAccess(map[string]string{
	"GET /charity":                                "event.manage",
	"POST /charity":                               "event.manage",
	"GET /charity/{id}":                           "event.manage",
	"POST /charity/{id}/pledges":                  "event.manage",
	"POST /pledges/{id}/receive":                  "finance.post",
	"GET /public/charity/{id}":                    "public",
	"POST /api/v1/charity-campaigns":              "event.manage",
	"GET /api/v1/charity-campaigns":               "public",
	"GET /api/v1/charity-campaigns/{id}":          "public",
	"POST /api/v1/charity-campaigns/{id}/pledges": "event.manage",
	"POST /api/v1/pledges/{id}/receive":           "finance.post",
	"GET /api/v1/charity-campaigns/{id}/report":   "public",
})

// TestCharityWeb: staff open a campaign from the page, record pledges,
// receive one into the finance donations; the public report on the public
// home shows raised and spent from the ledger.
func TestCharityWeb(t *testing.T) {
	e := newEnv(t)
	start := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(28 * time.Hour).UTC().Format(time.RFC3339)
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "charity", "title": "关爱老人公益行", "starts_at": start, "ends_at": end, "audience": "public"}), 201)
	eid := int64(ev["id"].(float64))
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+strconv.FormatInt(eid, 10)+"/publish", nil), 200)
	c := e.browser("zh-CN")
	e.login(c, "admin")
	resp, err := c.PostForm(e.srv.URL+"/charity", url.Values{"event_id": {strconv.FormatInt(eid, 10)}, "title": {"敬老院慰问募捐"},
		"purpose": {"慰问敬老院老人"}, "goal": {"20000"}, "public": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/charity/") {
		t.Fatalf("create %d %s", resp.StatusCode, loc)
	}
	cid := strings.TrimPrefix(loc, "/charity/")
	evJSON(t, e.do("member", "POST", "/api/v1/charity-campaigns/"+cid+"/pledges", map[string]any{"donor": "x", "amount_fen": 100}), 403)
	p := evJSON(t, e.do("admin", "POST", "/api/v1/charity-campaigns/"+cid+"/pledges", map[string]any{"donor": "鹿城眼镜有限公司", "amount_fen": 800000}), 201)
	resp, _ = c.PostForm(e.srv.URL+"/charity/"+cid+"/pledges", url.Values{"donor": {"陈先生"}, "amount": {"500"}})
	readBody(t, resp)
	if resp.StatusCode != 303 {
		t.Fatalf("pledge form %d", resp.StatusCode)
	}
	d := evJSON(t, e.do("admin", "POST", "/api/v1/pledges/"+strconv.Itoa(int(p["id"].(float64)))+"/receive", map[string]any{}), 201)
	if d["restricted"] != true || d["event_id"].(float64) != float64(eid) {
		t.Fatalf("donation %v", d)
	}
	evJSON(t, e.do("admin", "POST", "/api/v1/pledges/"+strconv.Itoa(int(p["id"].(float64)))+"/receive", map[string]any{}), 409)
	today := e.db.Today(sysCtx)
	evJSON(t, e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": today, "summary": "慰问品", "lines": []map[string]any{
		{"account": "510103", "debit_fen": 300000, "memo": "慰问品", "event_id": eid}, {"account": "100201", "credit_fen": 300000, "memo": "付款"}}}), 201)
	got := evJSON(t, e.do("admin", "GET", "/api/v1/charity-campaigns/"+cid, nil), 200)
	if got["pledged_fen"].(float64) != 850000 || got["raised_fen"].(float64) != 800000 || got["spent_fen"].(float64) != 300000 || len(got["pledges"].([]any)) != 2 {
		t.Fatalf("campaign %v", got)
	}
	rep := evJSON(t, e.do("", "GET", "/api/v1/charity-campaigns/"+cid+"/report", nil), 200)
	if rep["balance_fen"].(float64) != 500000 || len(rep["donors"].([]any)) != 1 {
		t.Fatalf("report %v", rep)
	}
	if g := evJSON(t, e.do("", "GET", "/api/v1/charity-campaigns/"+cid, nil), 200); g["pledges"] != nil {
		t.Fatalf("the public sees pledges: %v", g)
	}
	anon := e.browser("zh-CN")
	resp, _ = anon.Get(e.srv.URL + "/")
	if home := readBody(t, resp); !strings.Contains(home, `href="/public/charity/`+cid+`"`) {
		t.Fatal("public home does not link the report")
	}
	resp, _ = anon.Get(e.srv.URL + "/public/charity/" + cid)
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, "鹿城眼镜有限公司") || !strings.Contains(page, "¥3,000.00") {
		t.Fatalf("public report %d %s", resp.StatusCode, page)
	}
	resp, _ = c.Get(e.srv.URL + "/charity/" + cid)
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, `data-raised="800000"`) {
		t.Fatalf("staff page %d", resp.StatusCode)
	}
}
