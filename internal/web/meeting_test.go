package web_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /meetings":                                               "login",
	"POST /meetings":                                              "meeting.manage",
	"GET /meetings/{id}":                                          "login",
	"POST /meetings/{id}/open":                                    "meeting.manage",
	"POST /meetings/{id}/close":                                   "meeting.manage",
	"POST /meetings/{id}/check-ins":                               "meeting.manage",
	"POST /meetings/{id}/self-check-in":                           "portal",
	"POST /meetings/{id}/my-credential":                           "portal",
	"POST /meetings/{id}/check-ins/{member}/reissue":              "meeting.manage",
	"POST /api/v1/meetings/{id}/check-ins/{member_id}/credential": "meeting.manage",
	"POST /meetings/{id}/motions":                                 "meeting.manage",
	"POST /meetings/{id}/elections":                               "meeting.manage",
	"POST /motions/{id}/open":                                     "meeting.manage",
	"POST /motions/{id}/close":                                    "meeting.manage",
	"POST /elections/{id}/open":                                   "meeting.manage",
	"POST /elections/{id}/close":                                  "meeting.manage",
	"GET /meetings/{id}/minutes":                                  "login",
	"GET /meetings/{id}/sign-in-sheet":                            "meeting.manage",
	"POST /motions/{id}/paper":                                    "meeting.manage",
	"POST /motions/{id}/follow-up":                                "meeting.manage",
	"POST /elections/{id}/confirm":                                "org.write",
	"POST /meetings/{id}/minutes":                                 "meeting.manage",
	"POST /meetings/{id}/minutes/sign":                            "audit.read",
	"POST /meetings/{id}/rsvp":                                    "portal",
	"POST /meetings/{id}/notice":                                  "meeting.manage",
	"POST /meetings/{id}/minutes/publish":                         "meeting.manage",
	"POST /api/v1/meetings/{id}/notice":                           "meeting.manage",
	"POST /api/v1/meetings/{id}/minutes/publish":                  "meeting.manage",
	"GET /meetings/{id}/notice":                                   "login",
	"GET /motions/{id}/ballot-paper":                              "meeting.manage",
	"GET /agenda/{id}":                                            "login",
	"GET /resolutions":                                            "login",
	"POST /api/v1/motions/{id}/paper":                             "meeting.manage",
	"POST /api/v1/motions/{id}/follow-up":                         "meeting.manage",
	"GET /api/v1/resolutions":                                     "login",
	"POST /api/v1/meetings/{id}/minutes":                          "meeting.manage",
	"POST /api/v1/meetings/{id}/minutes/sign":                     "audit.read",
	"POST /api/v1/meetings/{id}/rsvp":                             "login",
	"GET /api/v1/meetings/{id}/rsvps":                             "meeting.manage",
	"POST /api/v1/elections/{id}/confirm":                         "org.write",
	"POST /api/v1/charters/{id}/filing":                           "settings.write",
	"GET /vote":                                                   "public",
	"GET /vote/state":                                             "public",
	"GET /vote/enter":                                             "public",
	"POST /vote/enter":                                            "public",
	"POST /vote":                                                  "public",
	"GET /api/v1/charter":                                         "login",
	"GET /api/v1/charters":                                        "login",
	"POST /api/v1/charters":                                       "settings.write",
	"GET /api/v1/meetings":                                        "login",
	"POST /api/v1/meetings":                                       "meeting.manage",
	"GET /api/v1/meetings/{id}":                                   "login",
	"POST /api/v1/meetings/{id}/open":                             "meeting.manage",
	"POST /api/v1/meetings/{id}/close":                            "meeting.manage",
	"POST /api/v1/meetings/{id}/check-ins":                        "meeting.manage",
	"GET /api/v1/meetings/{id}/check-ins":                         "meeting.manage",
	"GET /api/v1/meetings/{id}/quorum":                            "login",
	"POST /api/v1/meetings/{id}/motions":                          "meeting.manage",
	"GET /api/v1/meetings/{id}/motions":                           "login",
	"POST /api/v1/meetings/{id}/elections":                        "meeting.manage",
	"GET /api/v1/meetings/{id}/elections":                         "login",
	"GET /api/v1/meetings/{id}/minutes":                           "meeting.manage",
	"GET /api/v1/motions/{id}":                                    "login",
	"POST /api/v1/motions/{id}/open":                              "meeting.manage",
	"POST /api/v1/motions/{id}/close":                             "meeting.manage",
	"POST /api/v1/motions/{id}/ballots":                           "public",
	"GET /api/v1/motions/{id}/result":                             "login",
	"GET /api/v1/elections/{id}":                                  "login",
	"POST /api/v1/elections/{id}/open":                            "meeting.manage",
	"POST /api/v1/elections/{id}/close":                           "meeting.manage",
	"POST /api/v1/elections/{id}/ballots":                         "public",
	"GET /api/v1/elections/{id}/result":                           "login",
})

// createMembers makes n active members through the API and returns their ids.
func (e *env) createMembers(n int) []int64 {
	e.t.Helper()
	var ids []int64
	for i := 0; i < n; i++ {
		m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: fmt.Sprintf("会员%03d", i)})
		if err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

func jsonOf[T any](t *testing.T, e *env, role, method, path string, body any, wantStatus int) T {
	t.Helper()
	resp := e.do(role, method, path, body)
	raw := readBody(t, resp)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, wantStatus, raw)
	}
	var v T
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("%s %s: %v: %s", method, path, err, raw)
	}
	return v
}

type idOnly struct {
	ID        int64  `json:"id"`
	Status    string `json:"status"`
	Threshold string `json:"threshold"`
	Secret    bool   `json:"secret"`
}

// TestMeetingAPIFlow runs API.md's meeting behaviour end to end.
func TestMeetingAPIFlow(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(6)
	// Too short a notice for the assembly.
	resp := e.do("admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会",
		"starts_at": time.Now().Add(48 * time.Hour).Format(time.RFC3339), "location": "大会堂"})
	if er := decodeErr(t, resp); resp.StatusCode != 422 || er.Error.Code != "notice_period" {
		t.Fatalf("notice: %d %+v", resp.StatusCode, er)
	}
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "第三届第一次会员大会",
		"starts_at": time.Now().AddDate(0, 0, 16).Format(time.RFC3339), "location": "大会堂"}, 201)
	// A body id works as well as a code.
	jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": 2, "title": "理事会",
		"starts_at": time.Now().AddDate(0, 0, 8).Format(time.RFC3339)}, 201)
	base := fmt.Sprintf("/api/v1/meetings/%d", m.ID)
	// Check-ins need an open sitting.
	if resp := e.do("admin", "POST", base+"/check-ins", map[string]any{"member_id": members[0]}); resp.StatusCode != 409 {
		t.Fatalf("check-in before open: %d", resp.StatusCode)
	}
	if opened := jsonOf[idOnly](t, e, "admin", "POST", base+"/open", nil, 200); opened.Status != "open" {
		t.Fatalf("open: %+v", opened)
	}
	type credOut struct {
		Credential string `json:"credential"`
		Weight     int    `json:"weight"`
	}
	c0 := jsonOf[credOut](t, e, "admin", "POST", base+"/check-ins", map[string]any{"member_id": members[0], "proxy_for": []int64{members[1]}}, 201)
	if c0.Weight != 2 || c0.Credential == "" {
		t.Fatalf("check-in: %+v", c0)
	}
	if resp := e.do("admin", "POST", base+"/check-ins", map[string]any{"member_id": members[1]}); resp.StatusCode != 409 {
		t.Fatalf("principal checking in: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "POST", base+"/check-ins", map[string]any{"member_id": members[2], "proxy_for": []int64{members[3], members[4]}}); resp.StatusCode != 422 {
		t.Fatalf("over the proxy limit: %d", resp.StatusCode)
	}
	type quorum struct {
		Entitled, Present, Represented, Required int
		Quorate                                  bool
	}
	q := jsonOf[quorum](t, e, "admin", "GET", base+"/quorum", nil, 200)
	if q.Entitled != 6 || q.Present != 1 || q.Represented != 2 || q.Required != 4 || q.Quorate {
		t.Fatalf("quorum: %+v", q)
	}
	mo := jsonOf[idOnly](t, e, "admin", "POST", base+"/motions", map[string]any{"title": "调整会费标准", "kind": "dues"}, 201)
	if mo.Threshold != "two_thirds_present" || !mo.Secret {
		t.Fatalf("dues motion: %+v", mo)
	}
	if resp := e.do("admin", "POST", fmt.Sprintf("/api/v1/motions/%d/open", mo.ID), nil); resp.StatusCode != 409 {
		t.Fatalf("open without quorum: %d", resp.StatusCode)
	}
	c2 := jsonOf[credOut](t, e, "admin", "POST", base+"/check-ins", map[string]any{"member_id": members[2], "proxy_for": []int64{members[3]}}, 201)
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/open", mo.ID), nil, 200)
	ballot := func(cred, choice string) int {
		resp := e.do("", "POST", fmt.Sprintf("/api/v1/motions/%d/ballots", mo.ID), map[string]string{"credential": cred, "choice": choice})
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := ballot(c0.Credential, "yes"); st != 201 {
		t.Fatalf("ballot: %d", st)
	}
	if st := ballot(c0.Credential, "no"); st != 409 {
		t.Fatalf("second ballot: %d", st)
	}
	if st := ballot("vote_nope", "yes"); st != 403 {
		t.Fatalf("unknown credential: %d", st)
	}
	// While open, a secret motion shows only status and cast.
	resp = e.do("admin", "GET", fmt.Sprintf("/api/v1/motions/%d/result", mo.ID), nil)
	var open map[string]any
	json.NewDecoder(resp.Body).Decode(&open)
	resp.Body.Close()
	if open["status"] != "open" || open["cast"].(float64) != 2 || open["yes"] != nil || len(open) != 2 {
		t.Fatalf("open secret result: %v", open)
	}
	ballot(c2.Credential, "no")
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/close", mo.ID), nil, 200)
	type result struct {
		Status                          string
		Yes, No, Abstain, Cast, Present int
		Threshold                       string
		Passed                          bool
	}
	r := jsonOf[result](t, e, "admin", "GET", fmt.Sprintf("/api/v1/motions/%d/result", mo.ID), nil, 200)
	if r.Status != "closed" || r.Yes != 2 || r.No != 2 || r.Cast != 4 || r.Present != 4 || r.Passed || r.Threshold != "two_thirds_present" {
		t.Fatalf("result: %+v", r)
	}
	if st := ballot(c2.Credential, "yes"); st != 409 {
		t.Fatalf("ballot after close: %d", st)
	}
	// An election.
	el := jsonOf[idOnly](t, e, "admin", "POST", base+"/elections", map[string]any{"title": "选举监事", "seats": 1, "candidates": members[4:6], "secret": true}, 201)
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/elections/%d/open", el.ID), nil, 200)
	resp = e.do("", "POST", fmt.Sprintf("/api/v1/elections/%d/ballots", el.ID), map[string]any{"credential": c0.Credential, "choices": members[4:6]})
	if resp.StatusCode != 422 {
		t.Fatalf("too many choices: %d", resp.StatusCode)
	}
	resp = e.do("", "POST", fmt.Sprintf("/api/v1/elections/%d/ballots", el.ID), map[string]any{"credential": c0.Credential, "choices": members[5:6]})
	if resp.StatusCode != 201 {
		t.Fatalf("election ballot: %d", resp.StatusCode)
	}
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/elections/%d/close", el.ID), nil, 200)
	type eres struct {
		Status  string
		Cast    int
		Elected []int64
	}
	er := jsonOf[eres](t, e, "admin", "GET", fmt.Sprintf("/api/v1/elections/%d/result", el.ID), nil, 200)
	if er.Cast != 2 || len(er.Elected) != 1 || er.Elected[0] != members[5] {
		t.Fatalf("election result: %+v", er)
	}
	// The minutes draft carries the record.
	type minutes struct{ Text string }
	mn := jsonOf[minutes](t, e, "admin", "GET", base+"/minutes", nil, 200)
	if !strings.Contains(mn.Text, "调整会费标准") || !strings.Contains(mn.Text, "未通过") || !strings.Contains(mn.Text, "会员000 受 会员001 委托") {
		t.Fatalf("minutes:\n%s", mn.Text)
	}
	if cl := jsonOf[idOnly](t, e, "admin", "POST", base+"/close", nil, 200); cl.Status != "closed" {
		t.Fatal("close")
	}
	// Staff without meeting.manage cannot convene.
	if resp := e.do("staff", "POST", "/api/v1/meetings", map[string]any{"body": "council", "title": "x", "starts_at": time.Now().AddDate(0, 1, 0).Format(time.RFC3339)}); resp.StatusCode != 403 {
		t.Fatalf("staff convening: %d", resp.StatusCode)
	}
	// Bad input: a bad time, an unknown body.
	for _, body := range []map[string]any{
		{"body": "council", "title": "x", "starts_at": "next tuesday"},
		{"body": "senate", "title": "x", "starts_at": time.Now().AddDate(0, 1, 0).Format(time.RFC3339)},
		{"body": true, "title": "x", "starts_at": time.Now().AddDate(0, 1, 0).Format(time.RFC3339)},
	} {
		if resp := e.do("admin", "POST", "/api/v1/meetings", body); resp.StatusCode != 422 {
			t.Errorf("%v: %d", body, resp.StatusCode)
		}
	}
}

func TestMeetingPages(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(3)
	c := e.browser("")
	e.login(c, "admin")
	start := time.Now().AddDate(0, 0, 20).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	resp, err := c.PostForm(e.srv.URL+"/meetings", url.Values{"body": {"1"}, "title": {"年度会员大会"}, "starts_at": {start}, "agenda": {"审议工作报告\n审议财务报告"}})
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("convene: %v %d", err, resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	resp, _ = c.PostForm(e.srv.URL+loc+"/open", nil)
	resp, _ = c.PostForm(e.srv.URL+loc+"/check-ins", url.Values{"member": {fmt.Sprintf("会员000 #%d", members[0])}})
	body := readBody(t, resp)
	if resp.StatusCode != 201 || !strings.Contains(body, "vote_") {
		t.Fatalf("check-in page: %d", resp.StatusCode)
	}
	resp, _ = c.PostForm(e.srv.URL+loc+"/check-ins", url.Values{"member": {fmt.Sprintf("#%d", members[0])}})
	if body := readBody(t, resp); resp.StatusCode != 409 || !strings.Contains(body, "已经签到") {
		t.Fatalf("second check-in: %d", resp.StatusCode)
	}
	for _, p := range []string{loc, loc + "/minutes", loc + "/sign-in-sheet", loc + "/notice", "/meetings", "/resolutions"} {
		resp, body := get(t, c, e.srv.URL+p)
		if resp.StatusCode != 200 || strings.Contains(body, "%!") {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	// A member's portal shows its check-in QR code; staff scanning it land on
	// the meeting page with the member filled in.
	if _, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "rep", Name: "代表", Password: testPassword, MemberID: members[1]}); err != nil {
		t.Fatal(err)
	}
	mc := e.browser("")
	e.login(mc, "rep")
	if _, body := get(t, mc, e.srv.URL+loc); !strings.Contains(body, "<svg") || !strings.Contains(body, "self-check-in") {
		t.Fatal("member page lacks the QR code or the self check-in")
	}
	if _, body := get(t, c, e.srv.URL+loc+fmt.Sprintf("?checkin=%d", members[1])); !strings.Contains(body, fmt.Sprintf(`value="会员001 #%d"`, members[1])) {
		t.Fatal("scanned QR does not fill in the member")
	}
	// Too short a notice through the form: the field says why, nothing is created.
	soon := time.Now().Add(24 * time.Hour).Format("2006-01-02T15:04")
	resp, _ = c.PostForm(e.srv.URL+"/meetings", url.Values{"body": {"1"}, "title": {"临时大会"}, "starts_at": {soon}})
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "通知期") {
		t.Fatalf("short notice form: %d", resp.StatusCode)
	}
}

// TestMeetingRecordsAPI: paper results confirmed by a second member of
// staff, the resolution register, minutes signed by someone else and then
// amended, an election confirmed into a term, a charter amendment pending
// its filing.
func TestMeetingRecordsAPI(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(3)
	// A second member of staff who may run meetings.
	if _, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "clerk", Name: "书记员", Password: testPassword, Admin: true}); err != nil {
		t.Fatal(err)
	}
	clerkTok := jsonOf[struct{ Token string }](t, e, "", "POST", "/api/v1/auth/tokens", map[string]string{"username": "clerk", "password": testPassword}, 201)
	e.tokens["clerk"] = clerkTok.Token
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会",
		"starts_at": time.Now().AddDate(0, 0, 16).Format(time.RFC3339)}, 201)
	base := fmt.Sprintf("/api/v1/meetings/%d", m.ID)
	// RSVP before the sitting: staff for a member; an unknown answer is refused.
	jsonOf[map[string]any](t, e, "admin", "POST", base+"/rsvp", map[string]any{"member_id": members[0], "answer": "attend"}, 200)
	if resp := e.do("admin", "POST", base+"/rsvp", map[string]any{"member_id": members[0], "answer": "maybe"}); resp.StatusCode != 422 {
		t.Fatalf("bad rsvp: %d", resp.StatusCode)
	}
	jsonOf[idOnly](t, e, "admin", "POST", base+"/open", nil, 200)
	var creds []string
	for _, id := range members {
		c := jsonOf[struct{ Credential string }](t, e, "admin", "POST", base+"/check-ins", map[string]any{"member_id": id}, 201)
		creds = append(creds, c.Credential)
	}
	mo := jsonOf[idOnly](t, e, "admin", "POST", base+"/motions", map[string]any{"title": "修改章程第十条", "kind": "charter_amendment"}, 201)
	paper := fmt.Sprintf("/api/v1/motions/%d/paper", mo.ID)
	jsonOf[map[string]any](t, e, "admin", "POST", paper, map[string]int{"yes": 2, "no": 1, "abstain": 0}, 200)
	// The same person cannot confirm; different figures are refused.
	if resp := e.do("admin", "POST", paper, map[string]int{"yes": 2, "no": 1, "abstain": 0}); resp.StatusCode != 409 {
		t.Fatalf("same person confirming: %d", resp.StatusCode)
	}
	if resp := e.do("clerk", "POST", paper, map[string]int{"yes": 3, "no": 0, "abstain": 0}); resp.StatusCode != 409 {
		t.Fatalf("different figures: %d", resp.StatusCode)
	}
	if resp := e.do("clerk", "POST", paper, map[string]int{"yes": 9, "no": 0, "abstain": 0}); resp.StatusCode != 422 {
		t.Fatalf("more than present: %d", resp.StatusCode)
	}
	rec := jsonOf[struct {
		Status string
		Paper  bool
		Result struct{ Passed bool }
	}](t, e, "clerk", "POST", paper, map[string]int{"yes": 2, "no": 1, "abstain": 0}, 200)
	if rec.Status != "closed" || !rec.Paper || !rec.Result.Passed {
		t.Fatalf("confirmed paper result: %+v", rec)
	}
	// 2 of 3 is 2/3以上: the amendment passed and waits for its filing.
	type charter struct {
		ID          int64
		Version     int
		EffectiveOn string `json:"effective_on"`
		Pending     bool
	}
	cs := jsonOf[struct{ Items []charter }](t, e, "admin", "GET", "/api/v1/charters", nil, 200)
	if len(cs.Items) != 2 || !cs.Items[0].Pending {
		t.Fatalf("charters: %+v", cs)
	}
	cur := jsonOf[charter](t, e, "admin", "GET", "/api/v1/charter", nil, 200)
	if cur.Version != 1 {
		t.Fatalf("the amendment is in force before its filing: %+v", cur)
	}
	filed := jsonOf[charter](t, e, "admin", "POST", fmt.Sprintf("/api/v1/charters/%d/filing", cs.Items[0].ID),
		map[string]string{"submitted_on": "2026-11-27", "filing_no": "民政备〔2026〕88号", "accepted_on": "2026-11-27"}, 200)
	if filed.Pending {
		t.Fatalf("filed: %+v", filed)
	}
	// The resolution register lists it, with its follow-up.
	res := jsonOf[struct {
		Items []struct {
			MotionID int64  `json:"motion_id"`
			FollowUp string `json:"follow_up"`
		}
	}](t, e, "admin", "GET", "/api/v1/resolutions", nil, 200)
	if len(res.Items) != 1 || res.Items[0].FollowUp != "pending" {
		t.Fatalf("register: %+v", res)
	}
	jsonOf[map[string]any](t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/follow-up", mo.ID), map[string]string{"status": "done", "note": "已报民政局"}, 200)
	// Minutes: saved by admin, signed by the clerk (not its author), amended later.
	jsonOf[map[string]any](t, e, "admin", "POST", base+"/minutes", map[string]string{"body": "会议纪要正文"}, 201)
	if resp := e.do("admin", "POST", base+"/minutes/sign", nil); resp.StatusCode != 409 {
		t.Fatalf("author signing: %d", resp.StatusCode)
	}
	jsonOf[map[string]any](t, e, "clerk", "POST", base+"/minutes/sign", nil, 200)
	// The signed minutes carry the audit head of their signing, on the page too.
	head := jsonOf[chamber.AuditHead](t, e, "admin", "GET", "/api/v1/audit/head", nil, 200)
	admin := e.browser("zh-CN")
	e.login(admin, "admin")
	if page := e.get(admin, fmt.Sprintf("/meetings/%d/minutes", m.ID)); head.Seq == 0 || !strings.Contains(page, head.String()) {
		t.Fatalf("the signed minutes page does not show the audit head %s", head)
	}
	jsonOf[map[string]any](t, e, "admin", "POST", base+"/minutes", map[string]string{"body": "会议纪要正文（修正）"}, 201)
	mn := jsonOf[struct {
		Version  int
		Versions []struct{ Status string }
	}](t, e, "admin", "GET", base+"/minutes", nil, 200)
	if mn.Version != 2 || len(mn.Versions) != 2 || mn.Versions[1].Status != "signed" {
		t.Fatalf("minutes versions: %+v", mn)
	}
	// The notice goes to the three entitled members, once; the signed minutes too.
	n1 := jsonOf[struct {
		AnnouncementID int64 `json:"announcement_id"`
	}](t, e, "admin", "POST", base+"/notice", nil, 200)
	n2 := jsonOf[struct {
		AnnouncementID int64 `json:"announcement_id"`
	}](t, e, "admin", "POST", base+"/notice", nil, 200)
	if n1.AnnouncementID == 0 || n1.AnnouncementID != n2.AnnouncementID {
		t.Fatalf("notice sent twice: %d %d", n1.AnnouncementID, n2.AnnouncementID)
	}
	rc := jsonOf[struct{ Recipients int }](t, e, "admin", "GET", fmt.Sprintf("/api/v1/announcements/%d/receipts", n1.AnnouncementID), nil, 200)
	if rc.Recipients != 3 {
		t.Fatalf("notice recipients: %d", rc.Recipients)
	}
	if resp := e.do("admin", "POST", base+"/minutes/publish", nil); resp.StatusCode != 409 {
		t.Fatalf("publishing unsigned minutes: %d", resp.StatusCode)
	}
	// An election confirmed into the council's term.
	el := jsonOf[idOnly](t, e, "admin", "POST", base+"/elections", map[string]any{"title": "选举理事", "seats": 2, "candidates": members}, 201)
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/elections/%d/open", el.ID), nil, 200)
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/elections/%d/close", el.ID), nil, 200)
	term := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/org/bodies/2/terms", map[string]any{"number": 4, "starts_on": "2026-12-01", "ends_on": "2031-11-30"}, 201)
	if resp := e.do("admin", "POST", fmt.Sprintf("/api/v1/elections/%d/confirm", el.ID), map[string]any{"term_id": term.ID}); resp.StatusCode != 200 {
		t.Fatalf("confirm: %d %s", resp.StatusCode, readBody(t, resp))
	}
	if resp := e.do("admin", "POST", fmt.Sprintf("/api/v1/elections/%d/confirm", el.ID), map[string]any{"term_id": term.ID}); resp.StatusCode != 409 {
		t.Fatalf("second confirm: %d", resp.StatusCode)
	}
	// An officer elected into the council's 会长 position of that term.
	pres := jsonOf[idOnly](t, e, "admin", "POST", base+"/elections", map[string]any{"title": "选举会长", "seats": 1, "candidates": members[:1], "secret": false}, 201)
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/elections/%d/open", pres.ID), nil, 200)
	for _, c := range creds {
		jsonOf[map[string]any](t, e, "", "POST", fmt.Sprintf("/api/v1/elections/%d/ballots", pres.ID), map[string]any{"credential": c, "choices": members[:1]}, 201)
	}
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/elections/%d/close", pres.ID), nil, 200)
	positions := jsonOf[struct {
		Items []struct {
			ID   int64
			Code string
		}
	}](t, e, "admin", "GET", "/api/v1/org/positions", nil, 200)
	var president int64
	for _, p := range positions.Items {
		if p.Code == "president" {
			president = p.ID
		}
	}
	posts := jsonOf[struct {
		Items []struct {
			PositionID int64 `json:"position_id"`
			MemberID   int64 `json:"member_id"`
		}
	}](t, e, "admin", "POST", fmt.Sprintf("/api/v1/elections/%d/confirm", pres.ID), map[string]any{"term_id": term.ID, "position_id": president}, 200)
	if len(posts.Items) != 1 || posts.Items[0].PositionID != president || posts.Items[0].MemberID != members[0] {
		t.Fatalf("president confirmed: %+v", posts.Items)
	}
	// Written votes: not allowed for the general assembly by the model charter.
	resp := e.do("admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "通信表决", "written": true,
		"starts_at": time.Now().AddDate(0, 0, 16).Format(time.RFC3339)})
	if resp.StatusCode != 422 {
		t.Fatalf("written vote of the assembly: %d", resp.StatusCode)
	}
	jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "council", "title": "理事会通信表决", "written": true,
		"starts_at": time.Now().AddDate(0, 0, 8).Format(time.RFC3339)}, 201)
}

// Agenda materials: staff attach a file to an agenda item; a member entitled
// to sit downloads it; a member who is not, and staff without a post, cannot.
func TestAgendaMaterials(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(2)
	council, _ := e.db.FindBodyByCode(sysCtx, "council")
	if _, err := e.db.Appoint(sysCtx, chamber.Post{BodyID: council.ID, MemberID: members[0], StartsOn: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	for i, id := range members {
		if _, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: fmt.Sprintf("m%d", i), Name: "代表", Password: testPassword, MemberID: id}); err != nil {
			t.Fatal(err)
		}
	}
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "council", "title": "理事会",
		"starts_at": time.Now().AddDate(0, 0, 8).Format(time.RFC3339), "agenda": []string{"审议预算"}}, 201)
	agenda, err := e.db.Agenda(sysCtx, m.ID)
	if err != nil || len(agenda) != 1 {
		t.Fatal(agenda, err)
	}
	resp := e.upload("admin", "agenda_item", agenda[0].ID, "预算草案.pdf", []byte("%PDF-1.4\n预算\n"))
	if resp.StatusCode != 201 {
		t.Fatalf("upload: %d %s", resp.StatusCode, readBody(t, resp))
	}
	var att struct{ ID int64 }
	json.NewDecoder(resp.Body).Decode(&att)
	resp.Body.Close()
	for user, want := range map[string]int{"m0": 200, "m1": 404, "staff": 404} {
		c := e.browser("")
		e.login(c, user)
		r, _ := get(t, c, fmt.Sprintf("%s/attachments/%d", e.srv.URL, att.ID))
		if r.StatusCode != want {
			t.Errorf("%s downloading the materials: %d, want %d", user, r.StatusCode, want)
		}
	}
	// The meeting page lists the materials under their item.
	c := e.browser("")
	e.login(c, "admin")
	if _, body := get(t, c, fmt.Sprintf("%s/meetings/%d", e.srv.URL, m.ID)); !strings.Contains(body, "预算草案.pdf") {
		t.Fatal("materials not on the meeting page")
	}
}
