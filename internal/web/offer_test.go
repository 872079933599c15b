package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /offers":                      "login", // the store: a member its own, relations.read all, others none
	"POST /offers":                     "login",
	"GET /offers/{id}":                 "login",
	"POST /offers/{id}/approve":        "relations.write",
	"POST /api/v1/offers":              "login",
	"GET /api/v1/offers":               "login",
	"GET /api/v1/offers/{id}":          "login",
	"POST /api/v1/offers/{id}/approve": "relations.write",
	"GET /api/v1/offers/{id}/matches":  "login",
})

// TestOffers: a member posts a demand on the portal (pending), staff post a
// supply for another member and approve the demand; the member sees the
// fitting supply among its matches with the reasons, but no other member's
// offer by itself.
func TestOffers(t *testing.T) {
	e, _, _ := relEnv(t)
	var m1, m2 chamber.Member
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "温州鞋业有限公司", "joined_on": "2020-01-01"}), 201, &m1)
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "瓯江皮革厂", "joined_on": "2020-01-01"}), 201, &m2)
	if m1.ID != 1 {
		t.Fatalf("the portal login's member is %d", m1.ID)
	}
	var demand, supply, other chamber.Offer
	decodeInto(t, e.do("member", "POST", "/api/v1/offers", map[string]any{"member_id": m2.ID, "kind": "demand", "title": "求购头层牛皮鞋面材料",
		"body": "长期求购头层牛皮鞋面材料，要求环保鞣制。", "industry": "鞋业", "region": "浙江温州"}), 201, &demand)
	if demand.Status != "pending" || demand.MemberID != m1.ID {
		t.Fatalf("portal offer %+v", demand)
	}
	decodeInto(t, e.do("sg", "POST", "/api/v1/offers", map[string]any{"member_id": m2.ID, "kind": "supply", "title": "供应头层牛皮鞋面材料",
		"body": "头层牛皮鞋面材料，环保鞣制，可送货。", "industry": "鞋业", "region": "浙江温州"}), 201, &supply)
	decodeInto(t, e.do("sg", "POST", "/api/v1/offers", map[string]any{"member_id": m2.ID, "kind": "supply", "title": "提供融资租赁服务",
		"body": "设备融资租赁。", "industry": "金融", "region": "浙江杭州"}), 201, &other)
	if supply.Status != "approved" {
		t.Fatalf("staff offer %+v", supply)
	}
	decodeInto(t, e.do("member", "POST", "/api/v1/offers", map[string]any{"kind": "offer", "title": "", "body": "x\x01"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/offers", map[string]any{"member_id": m2.ID, "kind": "supply", "title": "x", "body": "y"}), 403, nil)
	var none struct{ Items []chamber.Offer }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/offers", nil), 200, &none)
	decodeInto(t, e.do("clerk", "GET", "/api/v1/offers/"+strconv.FormatInt(supply.ID, 10), nil), 404, nil)
	if len(none.Items) != 0 {
		t.Fatalf("a login without relations sees %+v", none.Items)
	}
	var mine struct{ Items []chamber.Offer }
	decodeInto(t, e.do("member", "GET", "/api/v1/offers", nil), 200, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != demand.ID {
		t.Fatalf("own offers %+v", mine.Items)
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/offers/"+strconv.FormatInt(supply.ID, 10), nil), 404, nil)

	approve := "/api/v1/offers/" + strconv.FormatInt(demand.ID, 10) + "/approve"
	decodeInto(t, e.do("member", "POST", approve, nil), 403, nil)
	decodeInto(t, e.do("sg", "POST", approve, nil), 200, nil)
	decodeInto(t, e.do("sg", "POST", approve, nil), 409, nil)
	var matches struct{ Items []chamber.Match }
	decodeInto(t, e.do("member", "GET", "/api/v1/offers/"+strconv.FormatInt(demand.ID, 10)+"/matches", nil), 200, &matches)
	if len(matches.Items) != 1 || matches.Items[0].Offer.ID != supply.ID || strings.Join(matches.Items[0].Reasons, " ") != "text industry region" {
		t.Fatalf("matches %+v", matches.Items)
	}
	var back struct{ Items []chamber.Match }
	decodeInto(t, e.do("sg", "GET", "/api/v1/offers/"+strconv.FormatInt(supply.ID, 10)+"/matches", nil), 200, &back)
	if len(back.Items) != 1 || back.Items[0].Offer.ID != demand.ID {
		t.Fatalf("the supply's matches %+v", back.Items)
	}
	if tr := auditTrail(t, e, "offer", demand.ID); tr != "offer.create offer.approve" {
		t.Fatalf("audit %q", tr)
	}

	// The portal pages: the member's form and its offer with the reasons.
	br := e.browser("zh-CN")
	e.login(br, "member")
	resp, err := br.PostForm(e.srv.URL+"/offers", url.Values{"kind": {"supply"}, "title": {"供应男士皮鞋"}, "body": {"男士真皮皮鞋，可贴牌。"}, "industry": {"鞋业"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("portal form: %d", resp.StatusCode)
	}
	for path, words := range map[string][]string{
		"/offers": {"供应男士皮鞋", "待审核", "求购头层牛皮鞋面材料"},
		"/offers/" + strconv.FormatInt(demand.ID, 10): {"供应头层牛皮鞋面材料", "同一行业：鞋业", "同一地区：浙江温州", "内容相近"},
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
		if strings.Contains(body, "提供融资租赁服务") {
			t.Fatalf("%s shows another member's unrelated offer", path)
		}
	}
}
