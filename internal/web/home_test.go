package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/me/todo":          "login",
	"POST /action-items/{id}/done": "login",
})

type todoList struct {
	Items []chamber.TodoItem `json:"items"`
}

func (e *env) todo(role string) todoList {
	e.t.Helper()
	var l todoList
	decodeInto(e.t, e.do(role, "GET", "/api/v1/me/todo", nil), 200, &l)
	if l.Items == nil {
		e.t.Fatalf("%s: items is not a list", role)
	}
	return l
}

func (l todoList) has(kind string, id chamber.ID) bool {
	for _, it := range l.Items {
		if it.Kind == kind && it.ID == id {
			return true
		}
	}
	return false
}

func (e *env) homeAs(username, lang string) string {
	e.t.Helper()
	c := e.browser(lang)
	e.login(c, username)
	resp, err := c.Get(e.srv.URL + "/")
	if err != nil {
		e.t.Fatal(err)
	}
	body := readBody(e.t, resp)
	if resp.StatusCode != 200 {
		e.t.Fatalf("%s home: %d", username, resp.StatusCode)
	}
	for _, key := range []string{"todo.", "portal.home.", "home.", "dues.", "meeting.status.", "ticket.status.", "event.reg."} {
		if strings.Contains(body, key) {
			e.t.Errorf("%s home (%s) shows an untranslated %s… key", username, lang, key)
		}
	}
	return body
}

// TestMyTodo: a claim waits for its current approver only, and moves on
// to the next one with the first approval; a leave request waits for the
// superior; the home page lists both with links, in both languages.
func TestMyTodo(t *testing.T) {
	e := claimEnv(t)
	var c chamber.Reimbursement
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/reimbursements", map[string]any{"summary": "上海展会差旅",
		"lines": []map[string]any{{"date": "2026-03-01", "account": "520103", "amount_fen": 600000, "memo": "机票"}}}), 201, &c)
	var lv chamber.LeaveRequest
	decodeInto(t, e.do("clerk", "POST", "/api/v1/leave", map[string]any{"kind": "annual", "from": "2030-03-04", "to": "2030-03-08"}), 201, &lv)
	zone, err := time.LoadLocation(chamber.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}

	dir := e.todo("director")
	if !dir.has(chamber.TodoReimbursement, c.ID) || !dir.has(chamber.TodoLeave, lv.ID) {
		t.Fatalf("director's to-do: %+v", dir)
	}
	for _, it := range dir.Items {
		if it.Kind == chamber.TodoReimbursement && (!strings.Contains(it.Title, "上海展会差旅") || it.Link != "/reimbursements/"+strconv.FormatInt(c.ID, 10)) {
			t.Errorf("claim item: %+v", it)
		}
		if it.Kind == chamber.TodoLeave && (it.DueAt == nil || it.DueAt.In(zone).Format("2006-01-02") != "2030-03-04") {
			t.Errorf("leave item: %+v", it)
		}
	}
	for _, who := range []string{"sg", "clerk", "supervisor", "staff", "member"} {
		if l := e.todo(who); l.has(chamber.TodoReimbursement, c.ID) || l.has(chamber.TodoLeave, lv.ID) {
			t.Errorf("%s sees the director's to-do: %+v", who, l)
		}
	}
	decodeInto(t, e.do("", "GET", "/api/v1/me/todo", nil), 401, nil)

	// The director's yes moves the claim to the 秘书长.
	decodeInto(t, e.do("director", "POST", "/api/v1/finance/reimbursements/"+strconv.FormatInt(c.ID, 10)+"/approve", nil), 200, &c)
	if e.todo("director").has(chamber.TodoReimbursement, c.ID) || !e.todo("sg").has(chamber.TodoReimbursement, c.ID) {
		t.Fatalf("after the director: director %+v, sg %+v", e.todo("director"), e.todo("sg"))
	}

	for lang, want := range map[string][]string{
		"zh-CN": {"待审批请假", "2030-03-04"},
		"en":    {"Leave requests to approve", "2030-03-04"},
	} {
		body := e.homeAs("director", lang)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("director's %s home lacks %q", lang, w)
			}
		}
		if !strings.Contains(body, `href="/leave"`) {
			t.Errorf("director's %s home: no link to the leave", lang)
		}
		body = e.homeAs("sg", lang)
		if !strings.Contains(body, `href="/reimbursements/`+strconv.FormatInt(c.ID, 10)+`"`) || !strings.Contains(body, "上海展会差旅") {
			t.Errorf("sg's %s home lacks the claim", lang)
		}
	}
	if body := e.homeAs("clerk", "zh-CN"); !strings.Contains(body, "目前没有等待您处理的事项") {
		t.Errorf("clerk's home should be empty of to-dos")
	}
}

// TestHomeFiguresAndNav: figures and menu entries follow the login's
// permissions; nothing is greyed out, it is left out.
func TestHomeFiguresAndNav(t *testing.T) {
	e := claimEnv(t)
	staff := e.homeAs("staff", "zh-CN") // no post: no permissions
	for _, bad := range []string{`href="/finance"`, `data-count="vouchers"`, `data-count="members"`, `data-count="sessions"`,
		`data-count="audit"`, `href="/admin/users"`, `href="/audit"`, `class="soon"`, "即将推出", `href="/portal`} {
		if strings.Contains(staff, bad) {
			t.Errorf("a login without permissions sees %s", bad)
		}
	}
	dir := e.homeAs("director", "zh-CN") // finance director: finance.read
	for _, want := range []string{`href="/finance"`, `data-count="vouchers"`} {
		if !strings.Contains(dir, want) {
			t.Errorf("the finance director lacks %s", want)
		}
	}
	for _, bad := range []string{`data-count="sessions"`, `data-count="audit"`, `data-count="users"`} {
		if strings.Contains(dir, bad) {
			t.Errorf("the finance director sees %s", bad)
		}
	}
	// More meetings without a notice than a to-do list shows: a link to them all.
	for i := 0; i < chamber.TodoLimit+1; i++ {
		if _, err := e.db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "secretariat", Title: "例会 " + strconv.Itoa(i), StartsAt: time.Now().AddDate(0, 0, 3+i), OverrideNotice: "例会"}); err != nil {
			t.Fatal(err)
		}
	}
	if l := e.todo("admin"); len(l.Items) != chamber.TodoLimit {
		t.Errorf("admin's to-do holds %d items, want %d", len(l.Items), chamber.TodoLimit)
	}
	admin := e.homeAs("admin", "en")
	if !strings.Contains(admin, `<a href="/meetings">See all</a>`) {
		t.Error("the administrator's home has no link to all the meetings waiting for a notice")
	}
	for _, want := range []string{`data-count="sessions"`, `data-count="audit"`, `data-count="users"`, `href="/audit"`} {
		if !strings.Contains(admin, want) {
			t.Errorf("the administrator lacks %s", want)
		}
	}
	// Another page's menu too.
	c := e.browser("zh-CN")
	e.login(c, "staff")
	resp, err := c.Get(e.srv.URL + "/leave")
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || strings.Contains(body, `href="/finance"`) {
		t.Errorf("/leave for a login without finance.read: %d, finance entry shown", resp.StatusCode)
	}
}

// TestPortalHomeOwnOnly: a member's home is its portal; it and the API
// answers it gets hold nothing of other members or the chamber's internals.
func TestPortalHomeOwnOnly(t *testing.T) {
	e := claimEnv(t)
	own, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "华南科技有限公司", ContactName: "孙经理", Phone: "13812345678"})
	if err != nil || own.ID != 1 {
		t.Fatalf("member: %+v %v (the env's member login is member 1)", own, err)
	}
	other, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "东海隐秘贸易有限公司", ContactName: "周隐秘", Phone: "13912345678"})
	if err != nil {
		t.Fatal(err)
	}
	secret := []string{other.Name, "周隐秘", other.MemberNo}
	// A notice to every member asking for a confirmation.
	ann, err := e.db.CreateAnnouncement(sysCtx, chamber.AnnouncementInput{Kind: "notice", Title: "关于报送年度统计报表的通知", Body: "请各会员单位确认收到。",
		Audience: chamber.AudienceAllMembers, RequireAck: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ApproveAnnouncement(sysCtx, ann.ID, chamber.ApproveInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishAnnouncement(sysCtx, ann.ID); err != nil {
		t.Fatal(err)
	}
	if l := e.todo("member"); !l.has(chamber.TodoAck, ann.ID) || len(l.Items) != 1 || l.Items[0].Link != "/inbox/"+strconv.FormatInt(ann.ID, 10) {
		t.Errorf("member's to-do: %+v", l)
	}
	if e.todo("staff").has(chamber.TodoAck, ann.ID) {
		t.Error("a staff login has the members' notice to acknowledge")
	}
	for lang, want := range map[string]string{"zh-CN": "我的会费", "en": "My dues"} {
		body := e.homeAs("member", lang)
		if !strings.Contains(body, "关于报送年度统计报表的通知") {
			t.Errorf("%s portal home lacks the notice to acknowledge", lang)
		}
		if !strings.Contains(body, own.Name) || !strings.Contains(body, want) || !strings.Contains(body, `href="/portal/tickets"`) || !strings.Contains(body, `href="/inbox"`) {
			t.Errorf("%s portal home lacks its own parts", lang)
		}
		for _, bad := range append([]string{`data-count=`, `href="/finance"`, `href="/reimbursements"`, `href="/members"`, `href="/admin`, `href="/audit"`,
			`href="/org"`, `href="/documents"`, `href="/leave"`, `href="/tickets"`, "在册会员", "审计", "Audit", "API"}, secret...) {
			if strings.Contains(body, bad) {
				t.Errorf("%s portal home shows %q", lang, bad)
			}
		}
	}
	// A portal login makes no API token of its own, nor is it offered one.
	if resp := e.do("", "POST", "/api/v1/auth/tokens", map[string]string{"username": "member", "password": testPassword}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a portal login's token request: %d, want 403", resp.StatusCode)
	}
	if resp := e.do("", "POST", "/api/v1/auth/tokens", map[string]string{"username": "staff", "password": testPassword}); resp.StatusCode != http.StatusCreated {
		t.Errorf("a staff login's token request: %d, want 201", resp.StatusCode)
	}
	accountPage := func(username string) string {
		c := e.browser("zh-CN")
		e.login(c, username)
		return e.get(c, "/account")
	}
	if body := accountPage("member"); strings.Contains(body, `action="/account/tokens"`) || !strings.Contains(body, `action="/account/password"`) {
		t.Error("a portal login's account page offers API tokens (or lacks the password form)")
	}
	if body := accountPage("staff"); !strings.Contains(body, `action="/account/tokens"`) {
		t.Error("a staff login's account page lacks its API tokens")
	}
	idOther := strconv.FormatInt(other.ID, 10)
	for _, path := range []string{"/api/v1/members", "/api/v1/members/" + idOther, "/api/v1/users", "/api/v1/audit", "/api/v1/audit/head",
		"/api/v1/finance/vouchers", "/api/v1/finance/voucher-drafts", "/api/v1/finance/reimbursements?view=all", "/api/v1/applications",
		"/api/v1/staff", "/api/v1/finance/dues/invoices", "/api/v1/finance/dues/arrears", "/api/v1/mail/outbox", "/api/v1/contacts", "/api/v1/org/grants",
		"/api/v1/members/export"} {
		resp := e.do("member", "GET", path, nil)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
			t.Errorf("member GET %s: %d", path, resp.StatusCode)
		}
		for _, s := range secret {
			if strings.Contains(body, s) {
				t.Errorf("member GET %s shows %q", path, s)
			}
		}
	}
	for _, path := range []string{"/api/v1/me/todo", "/api/v1/me", "/api/v1/me/member", "/api/v1/meetings", "/api/v1/tickets", "/api/v1/documents",
		"/api/v1/finance/dues/mine", "/api/v1/finance/reimbursements", "/api/v1/leave", "/api/v1/action-items"} {
		resp := e.do("member", "GET", path, nil)
		body := readBody(t, resp)
		if resp.StatusCode >= 500 {
			t.Errorf("member GET %s: %d", path, resp.StatusCode)
		}
		for _, s := range secret {
			if strings.Contains(body, s) {
				t.Errorf("member GET %s shows %q", path, s)
			}
		}
	}
}

// TestMinutesToSignReachable: the minutes on a supervisor's to-do open for
// that supervisor (audit.read without meeting.manage), who signs them there.
func TestMinutesToSignReachable(t *testing.T) {
	e := claimEnv(t)
	var m chamber.Meeting
	decodeInto(t, e.do("admin", "POST", "/api/v1/meetings", map[string]any{"body": "council", "title": "理事会临时会议",
		"starts_at": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339), "agenda": []string{"审议年度报告"}}), 201, &m)
	decodeInto(t, e.do("admin", "POST", "/api/v1/meetings/"+strconv.FormatInt(m.ID, 10)+"/minutes", map[string]any{"body": "一、审议通过年度报告。"}), 201, nil)
	var link string
	for _, it := range e.todo("supervisor").Items {
		if it.Kind == chamber.TodoMinutes && it.ID == m.ID {
			link = it.Link
		}
	}
	if link == "" {
		t.Fatalf("supervisor's to-do lacks the minutes: %+v", e.todo("supervisor"))
	}
	c := e.browser("zh-CN")
	e.login(c, "supervisor")
	resp, err := c.Get(e.srv.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "/minutes/sign") || strings.Contains(body, `name="body"`) {
		t.Fatalf("supervisor opens %s: %d", link, resp.StatusCode)
	}
	c = e.browser("zh-CN")
	e.login(c, "staff")
	if resp, err = c.Get(e.srv.URL + link); err != nil {
		t.Fatal(err)
	}
	if resp.Body.Close(); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
		t.Fatalf("a login without the permissions opens the minutes: %d", resp.StatusCode)
	}
}

// TestActionItemDoneFromHome: the owner closes an action item from the
// home page; another login cannot.
func TestActionItemDoneFromHome(t *testing.T) {
	e := claimEnv(t)
	clerk, err := e.db.FindUserByUsername(sysCtx, "clerk")
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "secretariat", Title: "第48周例会", StartsAt: time.Now().AddDate(0, 0, 3), OverrideNotice: "例会"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.db.CreateActionItem(sysCtx, m.ID, chamber.NewActionItem{Title: "整理会员走访记录", OwnerID: clerk.ID, DueOn: "2020-01-10"})
	if err != nil {
		t.Fatal(err)
	}
	body := e.homeAs("clerk", "zh-CN")
	if !strings.Contains(body, "整理会员走访记录") || !strings.Contains(body, "已逾期") || !strings.Contains(body, `href="/meetings/`+strconv.FormatInt(m.ID, 10)+`"`) {
		t.Fatal("clerk's home lacks the overdue action item and its meeting")
	}
	done := "/action-items/" + strconv.FormatInt(a.ID, 10) + "/done"
	other := e.browser("zh-CN")
	e.login(other, "director")
	resp, err := other.PostForm(e.srv.URL+done, url.Values{"note": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body.Close(); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("another login closes it: %d", resp.StatusCode)
	}
	c := e.browser("zh-CN")
	e.login(c, "clerk")
	if resp, err = c.PostForm(e.srv.URL+done, url.Values{"note": {"已整理并归档"}}); err != nil {
		t.Fatal(err)
	}
	if resp.Body.Close(); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner closes it: %d", resp.StatusCode)
	}
	if e.todo("clerk").has(chamber.TodoActionItem, a.ID) {
		t.Fatal("a done action item still waits")
	}
}
