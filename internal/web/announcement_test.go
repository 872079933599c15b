package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /announcements":                        "login",
	"POST /announcements":                       "announcement.write",
	"GET /announcements/{id}":                   "login",
	"POST /announcements/{id}/edit":             "announcement.write",
	"POST /announcements/{id}/approve":          "announcement.approve",
	"POST /announcements/{id}/publish":          "login",
	"POST /announcements/{id}/revisions":        "login",
	"POST /announcements/{id}/remind":           "announcement.write",
	"GET /inbox":                                "login",
	"GET /inbox/{id}":                           "login",
	"POST /inbox/{id}/acknowledge":              "login",
	"GET /admin/mail":                           "settings.write",
	"POST /admin/mail":                          "settings.write",
	"POST /admin/mail/test":                     "settings.write",
	"POST /admin/mail/resume":                   "settings.write",
	"GET /news":                                 "public",
	"GET /news/{id}":                            "public",
	"GET /news.atom":                            "public",
	"GET /disclosures":                          "public",
	"POST /api/v1/announcements":                "announcement.write",
	"GET /api/v1/announcements":                 "login",
	"GET /api/v1/announcements/{id}":            "login",
	"PATCH /api/v1/announcements/{id}":          "announcement.write",
	"POST /api/v1/announcements/{id}/approve":   "announcement.approve",
	"POST /api/v1/announcements/{id}/publish":   "login",
	"POST /api/v1/announcements/{id}/revisions": "login",
	"GET /api/v1/announcements/{id}/receipts":   "login",
	"GET /api/v1/announcements/{id}/recipients": "login",
	"POST /api/v1/announcements/{id}/remind":    "announcement.write",
	"GET /api/v1/inbox":                         "login",
	"POST /api/v1/inbox/{id}/read":              "login",
	"POST /api/v1/inbox/{id}/acknowledge":       "login",
	"GET /api/v1/mail/settings":                 "settings.write",
	"PUT /api/v1/mail/settings":                 "settings.write",
	"GET /api/v1/mail/outbox":                   "settings.write",
	"POST /api/v1/mail/test":                    "settings.write",
	"POST /api/v1/mail/resume":                  "settings.write",
})

func decodeJSONBody(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	body := readBody(t, resp)
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}

// approverEnv adds a login "approver" holding announcement.approve (the
// admin drafts; someone else must approve).
func approverEnv(t *testing.T) *env {
	e := newEnv(t)
	u, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "approver", Name: "会长", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	var pres chamber.ID
	if err := e.db.Reader().QueryRow(`SELECT id FROM positions WHERE code = 'president'`).Scan(&pres); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: pres, UserID: u.ID, StartsOn: "2000-01-01"}); err != nil {
		t.Fatal(err)
	}
	secret, _, err := e.db.CreateToken(sysCtx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	e.tokens["approver"] = secret
	return e
}

func createMembers(t *testing.T, e *env, n int, status chamber.MemberStatus) []chamber.ID {
	t.Helper()
	var ids []chamber.ID
	for i := 0; i < n; i++ {
		m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("会员%s%d", status, i), Email: fmt.Sprintf("%s%d@example.com", status, i)})
		if err != nil {
			t.Fatal(err)
		}
		if status != chamber.StatusActive {
			if _, err := e.db.ChangeMemberStatus(sysCtx, m.ID, chamber.StatusChange{Status: status, Reason: "测试"}); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, m.ID)
	}
	return ids
}

// TestAnnouncementAPIContract is API.md's Announcements section.
func TestAnnouncementAPIContract(t *testing.T) {
	e := approverEnv(t)
	createMembers(t, e, 25, chamber.StatusActive) // member 1 is the "member" login's
	createMembers(t, e, 4, chamber.StatusWithdrawn)

	resp := e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "关于召开年会的通知", "body": "各会员单位：\n\n定于12月召开年会。", "audience": "all_members"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, readBody(t, resp))
	}
	var a struct {
		ID       int64  `json:"id"`
		Status   string `json:"status"`
		Audience any    `json:"audience"`
		Title    string `json:"title"`
		History  []struct {
			Revision int    `json:"revision"`
			Body     string `json:"body"`
		} `json:"history"`
	}
	decodeJSONBody(t, resp, &a)
	if a.Status != "draft" || a.Audience != "all_members" {
		t.Fatalf("draft: %+v", a)
	}
	path := fmt.Sprintf("/api/v1/announcements/%d", a.ID)
	// With the four-eyes rule on, the author may not publish an unapproved draft.
	if _, err := e.db.Writer().Exec(`INSERT INTO settings(key, value) VALUES ('announcement.approval', 'required')
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`); err != nil {
		t.Fatal(err)
	}
	if resp := e.do("admin", "POST", path+"/publish", nil); resp.StatusCode != http.StatusConflict || decodeErr(t, resp).Error.Code != "approval_required" {
		t.Fatalf("author publish: %d", resp.StatusCode)
	}
	if resp := e.do("approver", "POST", path+"/publish", nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("publish: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp = e.do("admin", "GET", path+"/receipts", nil)
	var rc struct{ Recipients, Read int64 }
	decodeJSONBody(t, resp, &rc)
	if rc.Recipients != 25 || rc.Read != 0 {
		t.Fatalf("receipts %+v", rc)
	}
	// No edit in place.
	resp = e.do("admin", "PATCH", path, map[string]any{"title": "改"})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("patch published: %d", resp.StatusCode)
	}
	decodeErr(t, resp)
	// The member's representative reads it from the inbox.
	resp = e.do("member", "GET", "/api/v1/inbox", nil)
	var inbox struct {
		Items  []map[string]any `json:"items"`
		Unread int64            `json:"unread"`
	}
	decodeJSONBody(t, resp, &inbox)
	if len(inbox.Items) != 1 || inbox.Unread != 1 {
		t.Fatalf("inbox %+v", inbox)
	}
	if resp := e.do("member", "POST", fmt.Sprintf("/api/v1/inbox/%d/read", a.ID), nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("read %d", resp.StatusCode)
	}
	decodeJSONBody(t, e.do("admin", "GET", path+"/receipts", nil), &rc)
	if rc.Read != 1 {
		t.Fatalf("read count %+v", rc)
	}
	// A correction as a revision; the old text stays.
	resp = e.do("admin", "POST", path+"/revisions", map[string]any{"body": "定于明年1月召开年会。"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("revision %d %s", resp.StatusCode, readBody(t, resp))
	}
	decodeJSONBody(t, resp, &a)
	if len(a.History) != 2 || a.History[0].Body != "各会员单位：\n\n定于12月召开年会。" || a.Title != "关于召开年会的通知" {
		t.Fatalf("history %+v", a)
	}
	// Body audiences are integers; junk is 422.
	resp = e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "news", "title": "t", "body": "b", "audience": 999999})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown body: %d", resp.StatusCode)
	}
	var council int64
	e.db.Reader().QueryRow(`SELECT id FROM bodies WHERE code = 'council'`).Scan(&council)
	resp = e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "update", "title": "t", "body": "b", "audience": council})
	decodeJSONBody(t, resp, &a)
	if fmt.Sprint(a.Audience) != fmt.Sprint(council) {
		t.Fatalf("audience %v", a.Audience)
	}
	for _, bad := range []string{`{"kind":"memo","title":"t","body":"b"}`, `{"kind":"notice","title":"","body":""}`, `{"kind":"notice","title":"t","body":"b","audience":"everyone"}`} {
		if resp := e.do("admin", "POST", "/api/v1/announcements", bad); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		} else {
			decodeErr(t, resp)
		}
	}
	// Members cannot see receipts or publish.
	if resp := e.do("member", "GET", path+"/receipts", nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("member receipts %d", resp.StatusCode)
	}
}

func TestNewsAndFeed(t *testing.T) {
	e := approverEnv(t)
	a, err := e.db.CreateAnnouncement(sysCtx, chamber.AnnouncementInput{Kind: "news", Title: "商会举办<年度>论坛", Body: "第一段 <script>alert(1)</script>\n\n第二段", Audience: chamber.AudiencePublic})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishAnnouncement(sysCtx, a.ID); err != nil {
		t.Fatal(err)
	}
	d, _ := e.db.CreateAnnouncement(sysCtx, chamber.AnnouncementInput{Kind: "disclosure", Category: "finance", Year: 2025, Title: "2025年度财务报告", Body: "收支情况", Audience: chamber.AudienceAllMembers})
	e.db.PublishAnnouncement(sysCtx, d.ID)
	for path, want := range map[string]string{
		"/news":                       "商会举办&lt;年度&gt;论坛",
		fmt.Sprintf("/news/%d", a.ID): "&lt;script&gt;",
		"/news.atom":                  "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
		fmt.Sprintf("/news/%d", d.ID): "",
	} {
		resp, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if want == "" {
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404 (members only)", path, resp.StatusCode)
			}
			continue
		}
		if resp.StatusCode != 200 || !strings.Contains(body, want) || strings.Contains(body, "<script>alert") {
			t.Errorf("%s: %d %q", path, resp.StatusCode, body)
		}
	}
	// The disclosure centre: visitors see nothing for members; a member sees the report.
	resp, _ := http.Get(e.srv.URL + "/disclosures")
	if body := readBody(t, resp); strings.Contains(body, "2025年度财务报告") {
		t.Error("members' disclosure shown to a visitor")
	}
	c := e.browser("")
	e.login(c, "member")
	resp, _ = c.Get(e.srv.URL + "/disclosures")
	if body := readBody(t, resp); !strings.Contains(body, "2025年度财务报告") || !strings.Contains(body, "财务状况") {
		t.Errorf("member's disclosure centre: %s", body)
	}
}

// API.md with one token on a new installation: create a draft, publish it,
// 25 active members are 25 recipients; no edit after publishing.
func TestAnnouncementContractOneToken(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 25; i++ {
		if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("会员%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	resp := e.do("admin", "POST", "/api/v1/announcements", map[string]any{"kind": "notice", "title": "年会通知", "body": "定于下月召开。", "audience": "all_members"})
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, readBody(t, resp))
	}
	var a struct{ ID int64 }
	json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	path := fmt.Sprintf("/api/v1/announcements/%d", a.ID)
	if resp := e.do("admin", "POST", path+"/publish", nil); resp.StatusCode != 200 {
		t.Fatalf("publish: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp = e.do("admin", "GET", path+"/receipts", nil)
	var rc struct{ Recipients, Read int64 }
	json.NewDecoder(resp.Body).Decode(&rc)
	resp.Body.Close()
	if rc.Recipients != 25 || rc.Read != 0 {
		t.Fatalf("receipts: %+v", rc)
	}
	if resp := e.do("admin", "PATCH", path, map[string]any{"title": "改"}); resp.StatusCode != 409 && resp.StatusCode != 405 {
		t.Fatalf("patch after publish: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "POST", path+"/revisions", map[string]any{"body": "更正：定于下下月召开。"}); resp.StatusCode != 201 {
		t.Fatalf("revision: %d", resp.StatusCode)
	}
}
