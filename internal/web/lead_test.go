package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /leads":                    "relations.read",
	"POST /leads":                   "relations.write",
	"GET /leads/funnel":             "relations.read",
	"GET /leads/{id}":               "relations.read",
	"POST /leads/{id}/stage":        "relations.write",
	"POST /api/v1/leads":            "relations.write",
	"GET /api/v1/leads":             "relations.read",
	"GET /api/v1/leads/funnel":      "relations.read",
	"GET /api/v1/leads/{id}":        "relations.read",
	"POST /api/v1/leads/{id}/stage": "relations.write",
})

// TestLeads: stages only move forward (skipping is fine) or to lost, every
// other move is 409 and changes nothing; the funnel counts each lead at
// every stage it reached; the pages draw it.
func TestLeads(t *testing.T) {
	e, contact, _ := relEnv(t)
	mk := func(title string) chamber.Lead {
		var l chamber.Lead
		decodeInto(t, e.do("sg", "POST", "/api/v1/leads", map[string]any{"title": title, "industry": "智能制造", "region": "浙江温州",
			"amount_fen": 50_000_000_00, "contact_id": contact, "member_id": 0}), 201, &l)
		if l.Stage != "new" || l.Owner != "赵秘书长" || l.Contact != "宁波市温州商会" {
			t.Fatalf("created %+v", l)
		}
		return l
	}
	move := func(l chamber.Lead, stage string, want int) chamber.Lead {
		t.Helper()
		var out chamber.Lead
		decodeInto(t, e.do("sg", "POST", "/api/v1/leads/"+strconv.FormatInt(l.ID, 10)+"/stage", map[string]any{"stage": stage, "note": "推进到" + stage}), want, &out)
		return out
	}
	a, b, c, d := mk("智能装备产业园项目"), mk("华东采购中心"), mk("跨境电商产业园"), mk("新材料研发中心")
	mk("青年创业孵化基地")
	move(a, "contacted", 200)
	move(a, "negotiating", 200)
	move(a, "contacted", 409)
	move(a, "negotiating", 409)
	move(a, "new", 422)
	move(a, "bogus", 422)
	got := move(a, "landed", 200) // skips signed
	if got.Stage != "landed" || len(got.Steps) != 3 || got.Steps[2].From != "negotiating" {
		t.Fatalf("landed %+v", got)
	}
	move(a, "lost", 409) // a landed lead is closed
	move(b, "signed", 200)
	if got = move(b, "lost", 200); got.Stage != "lost" || got.Reached != "signed" {
		t.Fatalf("lost %+v", got)
	}
	move(b, "landed", 409)
	move(c, "contacted", 200)
	move(d, "lost", 200)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/leads/"+strconv.FormatInt(c.ID, 10)+"/stage", map[string]any{"stage": "signed"}), 403, nil)
	decodeInto(t, e.do("member", "GET", "/api/v1/leads", nil), 403, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/leads", map[string]any{"title": "", "amount_fen": -1, "member_id": 99999}), 422, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/leads", map[string]any{"title": "x", "member_id": 99999}), 422, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/leads", map[string]any{"title": "x", "next_on": "2026-13-01"}), 422, nil)
	if tr := auditTrail(t, e, "lead", b.ID); tr != "lead.create lead.stage lead.stage" {
		t.Fatalf("audit %q", tr)
	}

	year := strconv.Itoa(a.Year)
	var f chamber.Funnel
	decodeInto(t, e.do("sg", "GET", "/api/v1/leads/funnel?year="+year, nil), 200, &f)
	// new: all 5; contacted: a, b, c; negotiating: a, b; signed: a, b; landed: a; lost: b, d.
	want := []int{5, 3, 2, 2, 1}
	for i, row := range f.Stages {
		if row.Count != want[i] {
			t.Fatalf("funnel %+v", f)
		}
	}
	if f.Lost.Count != 2 || f.Total != 5 || f.Stages[4].AmountFen != 50_000_000_00 || len(f.Years) != 1 {
		t.Fatalf("funnel %+v", f)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/leads/funnel?year=1800", nil), 422, nil)
	var list struct{ Items []chamber.Lead }
	decodeInto(t, e.do("sg", "GET", "/api/v1/leads?stage=lost&year="+year, nil), 200, &list)
	if len(list.Items) != 2 {
		t.Fatalf("lost %+v", list.Items)
	}

	for lang, words := range map[string][]string{"zh-CN": {"已落地", "<svg", "已流失"}, "en": {"Landed", "<svg", "Lost"}} {
		br := e.browser(lang)
		e.login(br, "sg")
		for _, path := range []string{"/leads/funnel?year=" + year, "/leads", "/leads/" + strconv.FormatInt(b.ID, 10)} {
			resp, err := br.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %d", lang, path, resp.StatusCode)
			}
			if path == "/leads/funnel?year="+year {
				for _, w := range words {
					if !strings.Contains(body, w) {
						t.Fatalf("%s funnel lacks %q", lang, w)
					}
				}
			}
		}
	}
	br := e.browser("zh-CN")
	e.login(br, "sg")
	resp, err := br.PostForm(e.srv.URL+"/leads/"+strconv.FormatInt(a.ID, 10)+"/stage", url.Values{"stage": {"signed"}})
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "只能向后推进") {
		t.Fatalf("backwards form: %d", resp.StatusCode)
	}
	resp, err = br.PostForm(e.srv.URL+"/leads", url.Values{"title": {"表单项目"}, "amount": {"1,000.50"}, "next_step": {"约见"}, "next_on": {"2026-12-30"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("lead form: %d", resp.StatusCode)
	}
}
