package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /policy":                         "login",
	"POST /policy/subscriptions":          "portal",
	"GET /api/v1/policy-bulletins":        "login",
	"GET /api/v1/me/policy-subscriptions": "portal",
	"PUT /api/v1/me/policy-subscriptions": "portal",
})

// TestPolicyBulletins: one member subscribes to its industry, another to
// every industry, a third not at all; each bulletin published to the
// subscribers lands in the inboxes of those whose subscription fits and
// no one else's; the feed filters by industry and names the source.
func TestPolicyBulletins(t *testing.T) {
	e, contact, _ := relEnv(t)
	var m1, m2, m3 chamber.Member
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "温州鞋业有限公司", "industry": "鞋业", "joined_on": "2020-01-01"}), 201, &m1)
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "瓯江小额贷款公司", "industry": "金融", "joined_on": "2020-01-01"}), 201, &m2)
	decodeInto(t, e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "unit", "name": "东海电气", "industry": "电气", "joined_on": "2020-01-01"}), 201, &m3)
	for name, m := range map[string]chamber.ID{"member2": m2.ID, "member3": m3.ID} {
		u, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: name, Name: name, Password: testPassword, MemberID: m})
		if err != nil {
			t.Fatal(err)
		}
		secret, _, err := e.db.CreateToken(sysCtx, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[name] = secret
	}
	var sub chamber.PolicySubscription
	decodeInto(t, e.do("member", "GET", "/api/v1/me/policy-subscriptions", nil), 200, &sub)
	if sub.AllIndustries || len(sub.Industries) != 0 || strings.Join(sub.Choices, ",") != "电气,金融,鞋业" && strings.Join(sub.Choices, ",") != "鞋业,金融,电气" {
		t.Fatalf("a member's subscriptions at first %+v", sub)
	}
	decodeInto(t, e.do("member", "PUT", "/api/v1/me/policy-subscriptions", map[string]any{"industries": []string{"鞋业", " 鞋业 ", ""}}), 200, &sub)
	if sub.AllIndustries || strings.Join(sub.Industries, ",") != "鞋业" || sub.MemberID != m1.ID {
		t.Fatalf("subscribed %+v", sub)
	}
	decodeInto(t, e.do("member2", "PUT", "/api/v1/me/policy-subscriptions", map[string]any{"all_industries": true}), 200, nil)
	decodeInto(t, e.do("member3", "PUT", "/api/v1/me/policy-subscriptions", map[string]any{"industries": []string{"a\x01"}}), 422, nil)
	decodeInto(t, e.do("sg", "GET", "/api/v1/me/policy-subscriptions", nil), 403, nil)

	// Only a policy bulletin names an industry or goes to the subscribers.
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "x", "body": "y", "audience": "subscribers"}), 422, nil)
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "x", "body": "y", "industry": "鞋业"}), 422, nil)
	decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "policy", "title": "x", "body": "y", "source_contact_id": 99999}), 422, nil)
	publish := func(title, industry string) chamber.Announcement {
		t.Helper()
		var a chamber.Announcement
		decodeInto(t, e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "policy", "title": title, "body": "政策要点：\n\n一、……",
			"industry": industry, "source_contact_id": contact}), 201, &a)
		if a.Audience != chamber.AudienceSubscribers || a.Industry != industry {
			t.Fatalf("bulletin %+v", a)
		}
		decodeInto(t, e.do("admin", "POST", "/api/v1/announcements/"+strconv.FormatInt(a.ID, 10)+"/publish", nil), 200, &a)
		return a
	}
	shoes := publish("关于支持鞋服企业开拓国际市场的若干措施", "鞋业")
	finance := publish("小额贷款公司监管新规解读", "金融")
	all := publish("2026年全市经济运行情况通报", "")
	if shoes.Recipients != 2 || finance.Recipients != 1 || all.Recipients != 2 {
		t.Fatalf("recipients %d %d %d", shoes.Recipients, finance.Recipients, all.Recipients)
	}
	inbox := func(who string) string {
		t.Helper()
		var in struct{ Items []chamber.InboxItem }
		decodeInto(t, e.do(who, "GET", "/api/v1/inbox", nil), 200, &in)
		var titles []string
		for _, it := range in.Items {
			titles = append(titles, it.Title)
		}
		return strings.Join(titles, "|")
	}
	if got := inbox("member"); got != all.Title+"|"+shoes.Title {
		t.Fatalf("the shoe maker's inbox %q", got)
	}
	if got := inbox("member2"); got != all.Title+"|"+finance.Title+"|"+shoes.Title {
		t.Fatalf("the every-industry subscriber's inbox %q", got)
	}
	if got := inbox("member3"); got != "" {
		t.Fatalf("the unsubscribed member's inbox %q", got)
	}

	// The feed, for any login, by industry with those for every industry.
	var feed struct{ Items []chamber.PolicyBulletin }
	decodeInto(t, e.do("member3", "GET", "/api/v1/policy-bulletins?industry="+url.QueryEscape("鞋业"), nil), 200, &feed)
	if len(feed.Items) != 2 || feed.Items[0].ID != all.ID || feed.Items[1].ID != shoes.ID || feed.Items[1].Source != "宁波市温州商会" {
		t.Fatalf("feed %+v", feed.Items)
	}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/policy-bulletins", nil), 200, &feed)
	if len(feed.Items) != 3 {
		t.Fatalf("the whole feed %d", len(feed.Items))
	}

	// The portal page: the feed and the form; unsubscribing by the form.
	br := e.browser("zh-CN")
	e.login(br, "member")
	resp, err := br.Get(e.srv.URL + "/policy")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(body, shoes.Title) || !strings.Contains(body, "宁波市温州商会") || !strings.Contains(body, `value="鞋业" checked`) {
		t.Fatalf("portal page %d", resp.StatusCode)
	}
	resp, err = br.PostForm(e.srv.URL+"/policy/subscriptions", url.Values{"industry": {"电气"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("form %d", resp.StatusCode)
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/me/policy-subscriptions", nil), 200, &sub)
	if strings.Join(sub.Industries, ",") != "电气" {
		t.Fatalf("after the form %+v", sub)
	}
	publish("电气行业节能改造补贴申报指南", "电气")
	if got := inbox("member"); !strings.HasPrefix(got, "电气行业节能改造补贴申报指南|") {
		t.Fatalf("inbox after changing %q", got)
	}
}
