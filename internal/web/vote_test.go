package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// voteState is what the voting page polls.
func voteState(t *testing.T, e *env, c *http.Client, meetingID int64) (string, int) {
	t.Helper()
	resp, body := get(t, c, fmt.Sprintf("%s/vote/state?m=%d", e.srv.URL, meetingID))
	if resp.StatusCode != 200 {
		return "", resp.StatusCode
	}
	var st struct{ Open string }
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	return st.Open, 200
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}

// A member checks in on one phone and votes on another; a mistyped
// credential is typed again; nothing is cast before the confirmation; the
// page's poll follows the sitting to the next motion; a credential staff
// re-issue voids the old one and the member's portal fetches the new one.
func TestVotingHasAWayOn(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(3)
	if _, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "rep", Name: "代表", Password: testPassword, MemberID: members[0]}); err != nil {
		t.Fatal(err)
	}
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会",
		"starts_at": time.Now().AddDate(0, 0, 20).Format(time.RFC3339)}, 201)
	base := fmt.Sprintf("/api/v1/meetings/%d", m.ID)
	jsonOf[idOnly](t, e, "admin", "POST", base+"/open", nil, 200)
	page := fmt.Sprintf("%s/meetings/%d", e.srv.URL, m.ID)

	phoneA := e.browser("")
	e.login(phoneA, "rep")
	resp, _ := postForm(t, phoneA, page+"/self-check-in", nil)
	credA := voteCookieOf(resp, m.ID)
	if resp.StatusCode != 303 || credA == "" {
		t.Fatalf("self check-in: %d", resp.StatusCode)
	}
	// Another phone: the portal offers the vote, not a second check-in.
	phoneB := e.browser("")
	e.login(phoneB, "rep")
	if _, body := get(t, phoneB, page); !strings.Contains(body, "进入表决") || strings.Contains(body, "我要签到") {
		t.Fatal("the portal on a second phone offers check-in again")
	}
	resp, _ = postForm(t, phoneB, page+"/self-check-in", nil)
	if resp.StatusCode != 303 || voteCookieOf(resp, m.ID) != credA {
		t.Fatalf("second phone: %d, same credential %v", resp.StatusCode, voteCookieOf(resp, m.ID) == credA)
	}
	if resp, body := postForm(t, phoneB, page+"/my-credential", nil); resp.StatusCode != 200 || !strings.Contains(body, credA) || !strings.Contains(body, "<svg") {
		t.Fatalf("credential shown again: %d", resp.StatusCode)
	}
	ci := jsonOf[struct{ Credential string }](t, e, "admin", "POST", base+"/check-ins", map[string]any{"member_id": members[1]}, 201)
	jsonOf[map[string]any](t, e, "admin", "POST", base+"/check-ins", map[string]any{"member_id": members[2]}, 201)
	mo1 := jsonOf[idOnly](t, e, "admin", "POST", base+"/motions", map[string]any{"title": "审议工作报告", "kind": "work_report", "secret": true}, 201)
	jsonOf[map[string]any](t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/open", mo1.ID), nil, 200)

	if open, _ := voteState(t, e, phoneB, m.ID); open != fmt.Sprintf("motion:%d", mo1.ID) {
		t.Fatalf("state: %q", open)
	}
	// One tap asks for confirmation and casts nothing.
	vote := url.Values{"m": {fmt.Sprint(m.ID)}, "motion_id": {fmt.Sprint(mo1.ID)}, "choice": {"yes"}}
	resp, body := postForm(t, phoneB, e.srv.URL+"/vote", vote)
	if resp.StatusCode != 200 || !strings.Contains(body, "确认投出") || !strings.Contains(body, "赞成") {
		t.Fatalf("confirmation: %d", resp.StatusCode)
	}
	if open, _ := voteState(t, e, phoneB, m.ID); open == "" {
		t.Fatal("a ballot was cast before the confirmation")
	}
	vote.Set("confirm", "1")
	if resp, _ := postForm(t, phoneB, e.srv.URL+"/vote", vote); resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "receipt=") {
		t.Fatalf("cast: %d", resp.StatusCode)
	}
	if open, _ := voteState(t, e, phoneA, m.ID); open != "" {
		t.Fatalf("after voting, on the first phone: %q", open)
	}
	// The sitting moves on: the poll sees the next motion.
	jsonOf[map[string]any](t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/close", mo1.ID), nil, 200)
	mo2 := jsonOf[idOnly](t, e, "admin", "POST", base+"/motions", map[string]any{"title": "审议财务报告", "kind": "ordinary"}, 201)
	jsonOf[map[string]any](t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/open", mo2.ID), nil, 200)
	if open, _ := voteState(t, e, phoneA, m.ID); open != fmt.Sprintf("motion:%d", mo2.ID) {
		t.Fatalf("next motion: %q", open)
	}
	if _, body := get(t, phoneA, fmt.Sprintf("%s/vote?m=%d", e.srv.URL, m.ID)); !strings.Contains(body, "审议财务报告") || !strings.Contains(body, "data-vote-state") {
		t.Fatal("voting page lacks the next motion")
	}

	// A mistyped credential: the field comes back, the right one works.
	anon := e.browser("")
	if resp, body := postForm(t, anon, e.srv.URL+"/vote/enter", url.Values{"m": {fmt.Sprint(m.ID)}, "c": {ci.Credential + "x"}}); resp.StatusCode != 403 ||
		!strings.Contains(body, "投票凭证无效") || !strings.Contains(body, `name="c"`) {
		t.Fatalf("mistyped credential: %d", resp.StatusCode)
	}
	if resp, _ := postForm(t, anon, e.srv.URL+"/vote/enter", url.Values{"m": {fmt.Sprint(m.ID)}, "c": {ci.Credential}}); resp.StatusCode != 303 {
		t.Fatalf("corrected credential: %d", resp.StatusCode)
	}
	if open, st := voteState(t, e, anon, m.ID); st != 200 || open == "" {
		t.Fatalf("corrected credential state: %d %q", st, open)
	}
	if _, st := voteState(t, e, e.browser(""), m.ID); st != 404 {
		t.Fatalf("state without a credential: %d", st)
	}

	// Staff re-issue (lost phone): the old credential is void, the
	// portal's button fetches the new one.
	staff := e.browser("")
	e.login(staff, "admin")
	resp, body = postForm(t, staff, fmt.Sprintf("%s/check-ins/%d/reissue", page, members[0]), nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "vote_") || strings.Contains(body, credA) {
		t.Fatalf("re-issue: %d", resp.StatusCode)
	}
	if _, body := get(t, phoneA, fmt.Sprintf("%s/vote?m=%d", e.srv.URL, m.ID)); !strings.Contains(body, "使用我的表决凭证") {
		t.Fatal("a void credential leaves no way on for the member")
	}
	resp, _ = postForm(t, phoneA, page+"/self-check-in", nil)
	if c := voteCookieOf(resp, m.ID); resp.StatusCode != 303 || c == "" || c == credA {
		t.Fatalf("new credential on the portal: %d", resp.StatusCode)
	}
	if open, _ := voteState(t, e, phoneA, m.ID); open != fmt.Sprintf("motion:%d", mo2.ID) {
		t.Fatalf("after re-issue: %q", open)
	}
	// The API re-issue answers 201 with the credential; a member may not.
	if resp := e.do("admin", "POST", fmt.Sprintf("%s/check-ins/%d/credential", base, members[1]), nil); resp.StatusCode != 201 {
		t.Fatalf("API re-issue: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "POST", fmt.Sprintf("%s/check-ins/%d/credential", base, 999999), nil); resp.StatusCode != 404 {
		t.Fatalf("API re-issue of nobody: %d", resp.StatusCode)
	}
}

// Check-in at the desk by what staff type: a name, pinyin or initials;
// namesakes answer with their member numbers, and the number checks in.
func TestCheckInByNameAtTheDesk(t *testing.T) {
	e := newEnv(t)
	var nos []string
	for _, name := range []string{"张秀英", "郑国庆", "郑国庆"} {
		mb, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		nos = append(nos, mb.MemberNo)
	}
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会",
		"starts_at": time.Now().AddDate(0, 0, 20).Format(time.RFC3339)}, 201)
	jsonOf[idOnly](t, e, "admin", "POST", fmt.Sprintf("/api/v1/meetings/%d/open", m.ID), nil, 200)
	staff := e.browser("")
	e.login(staff, "admin")
	desk := fmt.Sprintf("%s/meetings/%d/check-ins", e.srv.URL, m.ID)
	if resp, body := postForm(t, staff, desk, url.Values{"member": {"zxy"}}); resp.StatusCode != 201 || !strings.Contains(body, "张秀英") {
		t.Fatalf("initials: %d", resp.StatusCode)
	}
	resp, body := postForm(t, staff, desk, url.Values{"member": {"郑国庆"}})
	if resp.StatusCode != 422 || !strings.Contains(body, nos[1]) || !strings.Contains(body, nos[2]) || !strings.Contains(body, `value="郑国庆"`) {
		t.Fatalf("namesakes: %d", resp.StatusCode)
	}
	if resp, _ := postForm(t, staff, desk, url.Values{"member": {nos[2]}, "proxy_for": {nos[1]}}); resp.StatusCode != 201 {
		t.Fatalf("by member number with a proxy: %d", resp.StatusCode)
	}
	if resp, body := postForm(t, staff, desk, url.Values{"member": {"王五"}}); resp.StatusCode != 422 || !strings.Contains(body, "没有找到") {
		t.Fatalf("nobody: %d", resp.StatusCode)
	}
	// The check-in list names the attendee and, apart, whose proxy is held.
	if _, body := get(t, staff, fmt.Sprintf("%s/meetings/%d", e.srv.URL, m.ID)); !strings.Contains(body, "出席人") || !strings.Contains(body, "所代表的委托人") ||
		!strings.Contains(body, `郑国庆 <small class="muted">`+nos[2]+`</small>`) {
		t.Fatal("check-in columns")
	}
}

// A member replying "proxy" on the portal is asked who holds it; the
// staff's reply list shows the holder.
func TestRSVPProxyNamesTheHolder(t *testing.T) {
	e := newEnv(t)
	members := e.createMembers(2)
	if _, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: "rep", Name: "代表", Password: testPassword, MemberID: members[0]}); err != nil {
		t.Fatal(err)
	}
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会",
		"starts_at": time.Now().AddDate(0, 0, 20).Format(time.RFC3339)}, 201)
	rep := e.browser("")
	e.login(rep, "rep")
	page := fmt.Sprintf("%s/meetings/%d", e.srv.URL, m.ID)
	if _, body := get(t, rep, page); !strings.Contains(body, `name="proxy_holder"`) {
		t.Fatal("the reply form does not ask for the proxy holder")
	}
	if resp, body := postForm(t, rep, page+"/rsvp", url.Values{"answer": {"proxy"}}); resp.StatusCode != 422 || !strings.Contains(body, "请填写受托人") {
		t.Fatalf("proxy without a holder: %d", resp.StatusCode)
	}
	if resp, body := postForm(t, rep, page+"/rsvp", url.Values{"answer": {"proxy"}, "proxy_holder": {"无此人"}}); resp.StatusCode != 422 || !strings.Contains(body, `value="无此人"`) {
		t.Fatalf("unknown holder: %d", resp.StatusCode)
	}
	if resp, _ := postForm(t, rep, page+"/rsvp", url.Values{"answer": {"proxy"}, "proxy_holder": {"会员001"}}); resp.StatusCode != 303 {
		t.Fatalf("proxy to 会员001: %d", resp.StatusCode)
	}
	list := jsonOf[struct {
		Items []struct {
			MemberID        int64  `json:"member_id"`
			ProxyHolderID   int64  `json:"proxy_holder_id"`
			ProxyHolderName string `json:"proxy_holder_name"`
		}
	}](t, e, "admin", "GET", fmt.Sprintf("/api/v1/meetings/%d/rsvps", m.ID), nil, 200)
	if len(list.Items) != 1 || list.Items[0].ProxyHolderID != members[1] || list.Items[0].ProxyHolderName != "会员001" {
		t.Fatalf("replies: %+v", list.Items)
	}
	// Oneself is no proxy holder; through the API the same rule holds.
	if resp := e.do("admin", "POST", fmt.Sprintf("/api/v1/meetings/%d/rsvp", m.ID), map[string]any{"member_id": members[1], "answer": "proxy", "proxy_holder": "会员001"}); resp.StatusCode != 422 {
		t.Fatalf("own proxy: %d", resp.StatusCode)
	}
}

// Sending a meeting's notice says to how many; a second send says when it
// went out and sends nothing again.
func TestNoticeSentOnceWithFeedback(t *testing.T) {
	e := newEnv(t)
	e.createMembers(3)
	m := jsonOf[idOnly](t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会",
		"starts_at": time.Now().AddDate(0, 0, 20).Format(time.RFC3339)}, 201)
	staff := e.browser("")
	e.login(staff, "admin")
	page := fmt.Sprintf("%s/meetings/%d", e.srv.URL, m.ID)
	if _, body := get(t, staff, page); !strings.Contains(body, `action="/meetings/`+fmt.Sprint(m.ID)+`/notice"`) || !strings.Contains(body, "data-confirm") {
		t.Fatal("no confirmed send button before sending")
	}
	resp, _ := postForm(t, staff, page+"/notice", nil)
	if resp.StatusCode != 303 {
		t.Fatalf("send: %d", resp.StatusCode)
	}
	_, body := get(t, staff, e.srv.URL+resp.Header.Get("Location"))
	if !strings.Contains(body, "会议通知已发送给 3 位") || !strings.Contains(body, "已读 0 位") || strings.Contains(body, `action="/meetings/`+fmt.Sprint(m.ID)+`/notice"`) {
		t.Fatal("no feedback after sending, or the send button is still there")
	}
	resp, _ = postForm(t, staff, page+"/notice", nil)
	if _, body := get(t, staff, e.srv.URL+resp.Header.Get("Location")); !strings.Contains(body, "未重复发送") {
		t.Fatal("a second send says nothing")
	}
	again := jsonOf[struct {
		AlreadySent bool  `json:"already_sent"`
		Recipients  int64 `json:"recipients"`
	}](t, e, "admin", "POST", fmt.Sprintf("/api/v1/meetings/%d/notice", m.ID), nil, 200)
	if !again.AlreadySent || again.Recipients != 3 {
		t.Fatalf("API second send: %+v", again)
	}
	var n int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM announcement_deliveries WHERE announcement_id IN (SELECT id FROM announcements WHERE notify_key = $1)`,
		fmt.Sprintf("meeting:%d:notice", m.ID)).Scan(&n); err != nil || n != 3 {
		t.Fatalf("inbox items: %d %v", n, err)
	}
}

// The audit log reads in the user's language: actions and kinds by name,
// "system" by name, changes field by field; it filters by kind and person.
func TestAuditLogReadable(t *testing.T) {
	e := newEnv(t)
	ids := e.createMembers(1)
	kind, name := chamber.MemberUnit, "会员000改"
	if _, err := e.db.UpdateMember(sysCtx, ids[0], chamber.MemberPatch{Kind: &kind, Name: &name}); err != nil {
		t.Fatal(err)
	}
	staff := e.browser("")
	e.login(staff, "admin")
	_, body := get(t, staff, e.srv.URL+"/audit?entity=member")
	for _, want := range []string{"会员 · 新建", "会员 · 修改", "系统", "会员000改", "<option value=\"member\" selected>"} {
		if !strings.Contains(body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if strings.Contains(body, "用户登录") || strings.Contains(body, "登录账号 · 登录") {
		t.Error("the member filter shows logins")
	}
	_, body = get(t, staff, e.srv.URL+"/audit?actor=admin")
	if !strings.Contains(body, "登录账号 · 登录") || strings.Contains(body, "会员 · 新建") {
		t.Error("the person filter")
	}
	en := e.browser("en")
	e.login(en, "admin")
	_, body = get(t, en, e.srv.URL+"/audit?entity=member")
	if !strings.Contains(body, "Member · created") || !strings.Contains(body, "System") {
		t.Error("audit page in English")
	}
	// The member's history names codes, not stores them.
	_, body = get(t, staff, fmt.Sprintf("%s/members/%d", e.srv.URL, ids[0]))
	if !strings.Contains(body, "个人会员 → 单位会员") {
		t.Error("member history shows codes")
	}
}

// The account form links a portal login by 会员编号; an unknown number is
// a field error and makes no login.
func TestAccountFormByMemberNumber(t *testing.T) {
	e := newEnv(t)
	mb, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberUnit, Name: "杭州丝绸有限公司"})
	if err != nil {
		t.Fatal(err)
	}
	staff := e.browser("")
	e.login(staff, "admin")
	form := url.Values{"username": {"silk"}, "name": {"丝绸代表"}, "password": {testPassword}, "member_no": {"209999999"}}
	if resp, body := postForm(t, staff, e.srv.URL+"/admin/users", form); resp.StatusCode != 422 || !strings.Contains(body, "没有会员编号为 209999999 的会员") {
		t.Fatalf("unknown member number: %d", resp.StatusCode)
	}
	form.Set("member_no", mb.MemberNo)
	if resp, _ := postForm(t, staff, e.srv.URL+"/admin/users", form); resp.StatusCode != 303 {
		t.Fatalf("by member number: %d", resp.StatusCode)
	}
	u, err := e.db.FindUserByUsername(sysCtx, "silk")
	if err != nil || u.MemberID != mb.ID {
		t.Fatalf("linked to %v: %v", u, err)
	}
}

// /vote alone is no dead end: a visitor learns where a credential comes
// from, a member's login goes to its meetings.
func TestVoteWithoutMeeting(t *testing.T) {
	e := newEnv(t)
	if resp, body := get(t, e.browser(""), e.srv.URL+"/vote"); resp.StatusCode != 200 || !strings.Contains(body, "进入表决") {
		t.Fatalf("anonymous /vote: %d", resp.StatusCode)
	}
	e.createMembers(1)
	rep := e.browser("")
	e.login(rep, "member")
	if resp, _ := get(t, rep, e.srv.URL+"/vote"); resp.StatusCode != 303 || resp.Header.Get("Location") != "/meetings" {
		t.Fatalf("member /vote: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}
