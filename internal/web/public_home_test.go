package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestPublicHome: an anonymous visitor at / sees the chamber's public home
// (introduction, public news, disclosures and events, 入会申请, contact,
// login), nothing internal, no draft or member-only announcement; a login
// keeps its own home.
func TestPublicHome(t *testing.T) {
	e := newEnv(t)
	admin := e.browser("zh-CN")
	e.login(admin, "admin")
	resp := e.do("admin", "PATCH", "/api/v1/settings", map[string]any{"intro": "本会成立于1998年。\n服务会员企业。", "address": "人民路1号", "phone": "0571-88886666", "email": "office@example.org"})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("settings %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()
	if resp := e.do("admin", "PATCH", "/api/v1/settings", map[string]any{"email": "not-an-address"}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad e-mail %d", resp.StatusCode)
	}
	ann := func(title string, audience chamber.Audience, publish bool) {
		a, err := e.db.CreateAnnouncement(sysCtx, chamber.AnnouncementInput{Kind: "news", Title: title, Body: "正文", Audience: audience})
		if err != nil {
			t.Fatal(err)
		}
		if publish {
			if _, err := e.db.PublishAnnouncement(sysCtx, a.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	ann("商会举办年度论坛", chamber.AudiencePublic, true)
	ann("草稿新闻不公开", chamber.AudiencePublic, false)
	ann("会员内部通报", chamber.AudienceAllMembers, true)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
	for _, ev := range []struct {
		title    string
		audience chamber.EventAudience
		publish  bool
	}{{"公开讲座：数字经济", chamber.EventPublic, true}, {"会员联谊会", chamber.EventAllMembers, true}, {"公开活动草稿", chamber.EventPublic, false}} {
		created, err := e.db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventSeminar, Title: ev.title, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Location: "商会大厦", Audience: ev.audience})
		if err != nil {
			t.Fatal(err)
		}
		if ev.publish {
			if _, err := e.db.PublishEvent(sysCtx, created.ID); err != nil {
				t.Fatal(err)
			}
		}
	}

	for lang, want := range map[string][]string{
		"zh-CN": {"入会申请", "联系我们", "公开活动", "登录"},
		"en":    {"Apply to join", "Contact", "Events open to the public", "Log in"},
	} {
		resp, err := e.browser(lang).Get(e.srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: GET / %d", lang, resp.StatusCode)
		}
		for _, s := range append(want, "商会举办年度论坛", "本会成立于1998年。", "人民路1号", "tel:0571-88886666", "mailto:office@example.org", `href="/join"`, `href="/login"`, "公开讲座：数字经济") {
			if !strings.Contains(body, s) {
				t.Errorf("%s: public home lacks %q", lang, s)
			}
		}
		for _, s := range []string{"草稿新闻不公开", "会员内部通报", "会员联谊会", "公开活动草稿", "在册会员", "审计", "/logout", "/members"} {
			if strings.Contains(body, s) {
				t.Errorf("%s: public home shows %q", lang, s)
			}
		}
	}

	// A login keeps its own home.
	resp, err := admin.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "/logout") || strings.Contains(body, "public-hero") {
		t.Fatalf("admin home %d", resp.StatusCode)
	}
}
