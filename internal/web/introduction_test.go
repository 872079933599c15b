package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"POST /offers/{id}/introductions":        "login", // the store: a member its own offers, relations.write any
	"GET /introductions":                     "login", // the store: a member its own, relations.read all, others none
	"POST /introductions/{id}/log":           "relations.write",
	"POST /api/v1/offers/{id}/introductions": "login",
	"GET /api/v1/introductions":              "login",
	"GET /api/v1/introductions/{id}":         "login",
	"POST /api/v1/introductions/{id}/log":    "relations.write",
})

// TestIntroductions: a member asks from its approved demand for an
// introduction to a matching supply (not before approval, not twice, not
// to an offer that is no match); staff log it; then both members see it,
// and their inboxes say so; another login sees nothing.
func TestIntroductions(t *testing.T) {
	e, _, day := relEnv(t)
	var m1, m2 chamber.Member
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "温州鞋业有限公司", "joined_on": "2020-01-01"}), 201, &m1)
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "瓯江皮革厂", "joined_on": "2020-01-01"}), 201, &m2)
	u, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "member2", Name: "皮革厂代表", Password: testPassword, MemberID: m2.ID})
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := e.db.CreateToken(sysCtx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["member2"] = secret

	var demand, supply, demand2 chamber.Offer
	decodeInto(t, e.do("member", "POST", "/api/v1/offers", map[string]any{"kind": "demand", "title": "求购头层牛皮鞋面材料",
		"body": "长期求购头层牛皮鞋面材料，要求环保鞣制。", "industry": "鞋业", "region": "浙江温州"}), 201, &demand)
	decodeInto(t, e.do("sg", "POST", "/api/v1/offers", map[string]any{"member_id": m2.ID, "kind": "supply", "title": "供应头层牛皮鞋面材料",
		"body": "头层牛皮鞋面材料，环保鞣制，可送货。", "industry": "鞋业", "region": "浙江温州"}), 201, &supply)
	decodeInto(t, e.do("sg", "POST", "/api/v1/offers", map[string]any{"member_id": m2.ID, "kind": "demand", "title": "求购鞋盒",
		"body": "求购鞋盒。", "industry": "鞋业"}), 201, &demand2)
	todo := func(kind string) int {
		t.Helper()
		var l struct{ Items []chamber.TodoItem }
		decodeInto(t, e.do("sg", "GET", "/api/v1/me/todo", nil), 200, &l)
		n := 0
		for _, it := range l.Items {
			if it.Kind == kind {
				n++
			}
		}
		return n
	}
	if todo("offer") != 1 {
		t.Fatalf("the pending demand is not in the 秘书长's to-do")
	}
	ask := "/api/v1/offers/" + strconv.FormatInt(demand.ID, 10) + "/introductions"
	decodeInto(t, e.do("member", "POST", ask, map[string]any{"match_offer_id": supply.ID}), 409, nil) // still pending
	decodeInto(t, e.do("sg", "POST", "/api/v1/offers/"+strconv.FormatInt(demand.ID, 10)+"/approve", nil), 200, nil)
	for _, bad := range []map[string]any{{"match_offer_id": demand2.ID}, {"match_offer_id": 99999}, {"match_offer_id": supply.ID, "note": "a\x01"}, {}} {
		decodeInto(t, e.do("member", "POST", ask, bad), 422, nil)
	}
	decodeInto(t, e.do("member2", "POST", ask, map[string]any{"match_offer_id": supply.ID}), 404, nil) // not its offer
	decodeInto(t, e.do("clerk", "POST", ask, map[string]any{"match_offer_id": supply.ID}), 404, nil)
	var x chamber.Introduction
	decodeInto(t, e.do("member", "POST", ask, map[string]any{"match_offer_id": supply.ID, "note": "希望下周面谈"}), 201, &x)
	if x.Status != "requested" || x.MemberID != m1.ID || x.OtherMemberID != m2.ID || x.OtherMember != "瓯江皮革厂" || x.MatchTitle != "供应头层牛皮鞋面材料" {
		t.Fatalf("introduction %+v", x)
	}
	decodeInto(t, e.do("member", "POST", ask, map[string]any{"match_offer_id": supply.ID}), 409, nil)
	if todo("offer") != 0 || todo("introduction") != 1 {
		t.Fatalf("to-do after the request: offers %d, introductions %d", todo("offer"), todo("introduction"))
	}
	decodeInto(t, e.do("sg", "POST", "/api/v1/offers/"+strconv.FormatInt(supply.ID, 10)+"/introductions", map[string]any{"match_offer_id": demand.ID}), 409, nil)

	list := func(who, q string) []chamber.Introduction {
		t.Helper()
		var l struct{ Items []chamber.Introduction }
		decodeInto(t, e.do(who, "GET", "/api/v1/introductions"+q, nil), 200, &l)
		return l.Items
	}
	if n := len(list("member2", "")); n != 0 { // asked for, not yet made: the other side does not see it
		t.Fatalf("the other member sees %d before the introduction", n)
	}
	if n := len(list("clerk", "")); n != 0 {
		t.Fatalf("a login without relations sees %d", n)
	}
	if l := list("sg", "?status=requested"); len(l) != 1 || l[0].ID != x.ID {
		t.Fatalf("staff's requested %+v", l)
	}
	logPath := "/api/v1/introductions/" + strconv.FormatInt(x.ID, 10) + "/log"
	decodeInto(t, e.do("member", "POST", logPath, map[string]any{"introduced_on": day(0), "people": "x", "outcome": "y"}), 403, nil)
	for _, bad := range []map[string]any{
		{"introduced_on": day(1), "people": "双方总经理", "outcome": "达成意向"},
		{"introduced_on": "2026-02-30", "people": "双方总经理", "outcome": "达成意向"},
		{"introduced_on": day(0), "people": "", "outcome": "达成意向"},
		{"introduced_on": day(0), "people": "双方总经理", "outcome": ""},
	} {
		decodeInto(t, e.do("sg", "POST", logPath, bad), 422, nil)
	}
	var logged chamber.Introduction
	decodeInto(t, e.do("sg", "POST", logPath, map[string]any{"introduced_on": day(-1), "people": "两家企业总经理、赵秘书长", "outcome": "达成试订单意向"}), 200, &logged)
	if logged.Status != "introduced" || logged.IntroducedOn != day(-1) || logged.Introducer != "赵秘书长" || logged.LoggedAt == nil {
		t.Fatalf("logged %+v", logged)
	}
	decodeInto(t, e.do("sg", "POST", logPath, map[string]any{"introduced_on": day(0), "people": "x", "outcome": "y"}), 409, nil)
	if todo("introduction") != 0 {
		t.Fatalf("a logged introduction still waits")
	}
	for _, who := range []string{"member", "member2"} {
		if l := list(who, "?status=introduced"); len(l) != 1 || l[0].Outcome != "达成试订单意向" {
			t.Fatalf("%s sees %+v", who, l)
		}
		var in struct{ Items []chamber.InboxItem }
		decodeInto(t, e.do(who, "GET", "/api/v1/inbox", nil), 200, &in)
		if len(in.Items) != 1 || !strings.Contains(in.Items[0].Title, "瓯江皮革厂") {
			t.Fatalf("%s inbox %+v", who, in.Items)
		}
	}
	if l := list("sg", "?offer_id="+strconv.FormatInt(supply.ID, 10)); len(l) != 1 {
		t.Fatalf("by offer %+v", l)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/introductions?status=done", nil), 422, nil)
	decodeInto(t, e.do("clerk", "GET", "/api/v1/introductions/"+strconv.FormatInt(x.ID, 10), nil), 404, nil)
	if tr := auditTrail(t, e, "introduction", x.ID); tr != "introduction.request introduction.log" {
		t.Fatalf("audit %q", tr)
	}

	// The pages: the other member's introductions page, staff asking from
	// the supply page for a second pair and logging it there.
	br := e.browser("zh-CN")
	e.login(br, "member2")
	resp, err := br.Get(e.srv.URL + "/introductions")
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "达成试订单意向") || !strings.Contains(body, "温州鞋业有限公司") {
		t.Fatalf("member2's page %d", resp.StatusCode)
	}
	var demand3 chamber.Offer
	decodeInto(t, e.do("sg", "POST", "/api/v1/offers", map[string]any{"member_id": m1.ID, "kind": "demand", "title": "求购环保鞋面皮料",
		"body": "求购环保鞋面皮料。", "industry": "鞋业"}), 201, &demand3)
	sb := e.browser("zh-CN")
	e.login(sb, "sg")
	supplyPage := e.srv.URL + "/offers/" + strconv.FormatInt(supply.ID, 10)
	resp, err = sb.PostForm(supplyPage+"/introductions", url.Values{"match_offer_id": {strconv.FormatInt(demand3.ID, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("asking: %d", resp.StatusCode)
	}
	if resp, err = sb.Get(e.srv.URL + resp.Header.Get("Location")); err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "已提交对接申请") || !strings.Contains(body, "登记对接") {
		t.Fatalf("after asking: %d", resp.StatusCode)
	}
	resp, err = sb.PostForm(supplyPage+"/introductions", url.Values{"match_offer_id": {strconv.FormatInt(demand3.ID, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "已申请过对接") {
		t.Fatalf("asking twice: %d", resp.StatusCode)
	}
	second := list("sg", "?status=requested")
	if len(second) != 1 {
		t.Fatalf("second %+v", second)
	}
	resp, err = sb.PostForm(e.srv.URL+"/introductions/"+strconv.FormatInt(second[0].ID, 10)+"/log", url.Values{"introduced_on": {day(0)},
		"people": {"双方采购经理"}, "outcome": {"寄送样品"}, "back_offer": {strconv.FormatInt(supply.ID, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/offers/"+strconv.FormatInt(supply.ID, 10)) {
		t.Fatalf("log form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, err = sb.Get(supplyPage); err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "寄送样品") || !strings.Contains(body, "达成试订单意向") {
		t.Fatalf("the supply's page: %d", resp.StatusCode)
	}
}
