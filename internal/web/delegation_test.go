package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /delegations":                     "relations.read",
	"POST /delegations":                    "relations.write",
	"GET /delegations/{id}":                "relations.read",
	"GET /delegations/{id}/letter":         "relations.read",
	"POST /delegations/{id}/plan":          "relations.write",
	"POST /delegations/{id}/report":        "relations.write",
	"POST /api/v1/delegations":             "relations.write",
	"GET /api/v1/delegations":              "relations.read",
	"GET /api/v1/delegations/{id}":         "relations.read",
	"POST /api/v1/delegations/{id}/plan":   "relations.write",
	"POST /api/v1/delegations/{id}/report": "relations.write",
})

// TestDelegations: an outbound delegation with members and staff; its
// costs are the ledger's expense lines tagged with it, shown against the
// budget; the trip report waits for the trip; the letter prints in Chinese
// and English.
func TestDelegations(t *testing.T) {
	e, contact, day := relEnv(t)
	var m1, m2 chamber.Member
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "温州鞋业有限公司", "joined_on": "2020-01-01"}), 201, &m1)
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "瓯江服饰集团", "joined_on": "2020-01-01"}), 201, &m2)
	var me struct {
		ID chamber.ID `json:"id"`
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/me", nil), 200, &me)
	var d chamber.Delegation
	decodeInto(t, e.do("sg", "POST", "/api/v1/delegations", map[string]any{"direction": "outbound", "title": "赴意大利考察团", "destination": "意大利米兰",
		"from": day(-3), "to": day(4), "member_ids": []int64{m1.ID, m2.ID}, "contact_id": contact, "staff_user_ids": []int64{me.ID},
		"budget_fen": 10_000_000, "programme": "第一天  抵达米兰，拜会意大利温州商会\n第二天：参观米兰国际鞋展"}), 201, &d)
	if len(d.Members) != 2 || len(d.Staff) != 1 || d.Staff[0].Name != "赵秘书长" || d.Project != "delegation:"+strconv.FormatInt(d.ID, 10) || d.ActualFen != 0 {
		t.Fatalf("created %+v", d)
	}
	for _, bad := range []map[string]any{
		{"direction": "sideways", "title": "x", "from": day(0), "to": day(1), "member_ids": []int64{}, "contact_id": 0},
		{"direction": "outbound", "title": "x", "from": day(3), "to": day(1), "destination": "北京", "member_ids": []int64{}, "contact_id": 0},
		{"direction": "inbound", "title": "x", "from": day(0), "to": day(1), "member_ids": []int64{99999}, "contact_id": 0},
		{"direction": "inbound", "title": "x\x02", "from": day(0), "to": day(1), "member_ids": []int64{}, "contact_id": 0},
	} {
		decodeInto(t, e.do("sg", "POST", "/api/v1/delegations", bad), 422, nil)
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/delegations", nil), 403, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/delegations", map[string]any{"direction": "inbound", "title": "x", "from": day(0), "to": day(1), "member_ids": []int64{}, "contact_id": 0}), 403, nil)

	// Costs booked by finance with the delegation's project tag: only the
	// expense lines count, a reversal takes its line back out.
	path := "/api/v1/delegations/" + strconv.FormatInt(d.ID, 10)
	line := func(account string, debit, credit int64, project string) map[string]any {
		return map[string]any{"account": account, "debit_fen": debit, "credit_fen": credit, "memo": "考察团费用", "project": project}
	}
	post := func(amount int64, project string) chamber.Voucher {
		var v chamber.Voucher
		decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/vouchers", map[string]any{"date": day(0), "summary": "考察团机票",
			"lines": []any{line("5101", amount, 0, project), line("2209", 0, amount, project)}}), 201, &v)
		return v
	}
	post(6_000_000, d.Project)
	post(2_500_000, d.Project)
	wrong := post(1_000_000, d.Project)
	post(9_999_900, "event:1")
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/vouchers/"+strconv.FormatInt(wrong.ID, 10)+"/reverse", nil), 201, nil)
	decodeInto(t, e.do("sg", "GET", path, nil), 200, &d)
	if d.BudgetFen != 10_000_000 || d.ActualFen != 8_500_000 || len(d.Costs) != 4 || d.Alert != "80" {
		t.Fatalf("budget vs actual %d/%d alert %q, %d costs", d.ActualFen, d.BudgetFen, d.Alert, len(d.Costs))
	}
	var plan chamber.Delegation
	decodeInto(t, e.do("sg", "POST", path+"/plan", map[string]any{"budget_fen": 8_000_000, "member_ids": []int64{m1.ID}}), 200, &plan)
	if plan.Alert != "100" || len(plan.Members) != 1 || len(plan.Staff) != 1 {
		t.Fatalf("plan %+v", plan)
	}
	decodeInto(t, e.do("sg", "POST", path+"/plan", map[string]any{"budget_fen": -1}), 422, nil)

	// The report: after the trip has begun, not before.
	var later chamber.Delegation
	decodeInto(t, e.do("sg", "POST", "/api/v1/delegations", map[string]any{"direction": "inbound", "title": "宁波商会来访", "destination": "浙江宁波",
		"from": day(20), "to": day(21), "member_ids": []int64{}, "contact_id": contact}), 201, &later)
	decodeInto(t, e.do("sg", "POST", "/api/v1/delegations/"+strconv.FormatInt(later.ID, 10)+"/report", map[string]any{"text": "x"}), 409, nil)
	decodeInto(t, e.do("sg", "POST", path+"/report", map[string]any{"text": ""}), 422, nil)
	decodeInto(t, e.do("sg", "POST", path+"/report", map[string]any{"text": "考察团拜会了意大利温州商会，达成三项合作意向。"}), 200, &d)
	if d.Report == "" || d.ReportedAt == nil {
		t.Fatalf("report %+v", d)
	}
	if tr := auditTrail(t, e, "delegation", d.ID); tr != "delegation.create delegation.plan delegation.report" {
		t.Fatalf("audit %q", tr)
	}

	// The pages; the letter in both languages whatever the page's language.
	br := e.browser("en")
	e.login(br, "sg")
	for path, words := range map[string][]string{
		"/delegations": {"赴意大利考察团", "Outbound"},
		"/delegations/" + strconv.FormatInt(d.ID, 10):                 {"Budget vs actual", "¥85,000.00", "Over budget", "考察团费用", "达成三项合作意向"},
		"/delegations/" + strconv.FormatInt(d.ID, 10) + "/letter":     {"介绍信", "Letter of Introduction", "宁波市温州商会", "温州鞋业有限公司", "参观米兰国际鞋展", "意大利米兰"},
		"/delegations/" + strconv.FormatInt(later.ID, 10) + "/letter": {"邀请函", "Letter of Invitation"},
	} {
		resp, err := br.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		for _, w := range words {
			if !strings.Contains(body, w) {
				t.Fatalf("%s lacks %q", path, w)
			}
		}
	}
	resp, err := br.PostForm(e.srv.URL+"/delegations", url.Values{"direction": {"outbound"}, "title": {"表单团组"}, "destination": {"上海"},
		"from": {day(1)}, "to": {day(2)}, "member_nos": {"NO-SUCH"}, "budget": {"5000"}})
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "NO-SUCH") {
		t.Fatalf("bad member no: %d", resp.StatusCode)
	}
	resp, err = br.PostForm(e.srv.URL+"/delegations", url.Values{"direction": {"outbound"}, "title": {"表单团组"}, "destination": {"上海"},
		"from": {day(1)}, "to": {day(2)}, "member_nos": {m1.MemberNo + "，" + m2.MemberNo}, "staff_user_ids": {strconv.FormatInt(me.ID, 10)}, "budget": {"5000"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	var list struct{ Items []chamber.Delegation }
	decodeInto(t, e.do("sg", "GET", "/api/v1/delegations?limit=1", nil), 200, &list)
	if len(list.Items) != 1 || list.Items[0].Title != "宁波商会来访" {
		t.Fatalf("list %+v", list.Items)
	}
}
