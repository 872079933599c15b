package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /admin/invitations":   "user.manage",
	"POST /admin/invitations":  "user.manage",
	"GET /activate":            "public",
	"POST /activate":           "public",
	"POST /api/v1/invitations": "user.manage",
	"GET /api/v1/invitations":  "user.manage",
	"POST /api/v1/activate":    "public",
})

var codeRE = regexp.MustCompile(`[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}`)

// Portal logins in bulk: staff invite members by number; each
// representative (or the contact) gets a letter with a one-time code, by
// e-mail too where there is an address; the holder sets the password once
// and logs in to its own portal.
func TestInvitationsInBulk(t *testing.T) {
	e := newEnv(t)
	e.createMembers(1) // member 1 is the test "member" login's: it has its portal
	two, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberUnit, Name: "杭州丝绸有限公司", ContactName: "王经理", Email: "silk@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"张秀英", "李明"} {
		if _, err := e.db.AddRepresentative(sysCtx, two.ID, chamber.Representative{Name: n, Title: "代表", Email: "", Phone: "13800000000"}); err != nil {
			t.Fatal(err)
		}
	}
	contact, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberUnit, Name: "宁波港航集团", ContactName: "赵主任", Email: "port@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	staff := e.browser("")
	e.login(staff, "admin")
	if resp, body := postForm(t, staff, e.srv.URL+"/admin/invitations", url.Values{"member_nos": {two.MemberNo + " 209999999"}}); resp.StatusCode != 422 || !strings.Contains(body, "209999999") {
		t.Fatalf("unknown number: %d", resp.StatusCode)
	}
	resp, body := postForm(t, staff, e.srv.URL+"/admin/invitations", url.Values{"member_nos": {two.MemberNo + "，" + contact.MemberNo}, "mail": {"1"}})
	codes := codeRE.FindAllString(body, -1)
	if resp.StatusCode != 201 || len(unique(codes)) != 3 || !strings.Contains(body, "张秀英") || !strings.Contains(body, "赵主任") || !strings.Contains(body, two.MemberNo+"-2") {
		t.Fatalf("letters: %d, %d codes", resp.StatusCode, len(unique(codes)))
	}
	if !strings.Contains(body, "已生成 3 份邀请，其中 1 份已发邮件") {
		t.Fatal("the count of letters and mails")
	}
	var mailed int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM mail_outbox WHERE message_id LIKE 'invite%'`).Scan(&mailed); err != nil || mailed != 1 {
		t.Fatalf("mails: %d %v", mailed, err)
	}
	// The audit log and the list keep no code.
	var leaked int
	if err := e.db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE after LIKE $1`, "%"+codes[0]+"%").Scan(&leaked); err != nil || leaked != 0 {
		t.Fatalf("a code in the audit log: %d %v", leaked, err)
	}
	if _, list := get(t, staff, e.srv.URL+"/admin/invitations"); codeRE.MatchString(list) || !strings.Contains(list, "待激活") {
		t.Fatal("the list shows codes or no state")
	}

	// The contact activates from the letter: the code in any case, dashes optional.
	code := ""
	for _, c := range unique(codes) {
		if at := strings.Index(body, c); strings.Contains(body[max(0, at-1500):at], "赵主任") {
			code = c
		}
	}
	if code == "" {
		t.Fatal("no letter for the contact")
	}
	rep := e.browser("")
	if _, page := get(t, rep, e.srv.URL+"/activate?code="+code); !strings.Contains(page, `value="`+code+`"`) {
		t.Fatal("the link does not fill in the code")
	}
	typed := strings.ToLower(strings.ReplaceAll(code, "-", ""))
	if resp, page := postForm(t, rep, e.srv.URL+"/activate", url.Values{"code": {typed}, "password": {"port-password"}, "password2": {"port-passw0rd"}}); resp.StatusCode != 422 || !strings.Contains(page, "不一致") {
		t.Fatalf("mismatch: %d", resp.StatusCode)
	}
	if resp, page := postForm(t, rep, e.srv.URL+"/activate", url.Values{"code": {"AAAA-BBBB-CCCC"}, "password": {"port-password"}, "password2": {"port-password"}}); resp.StatusCode != 422 || !strings.Contains(page, "激活码不正确") {
		t.Fatalf("wrong code: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, rep, e.srv.URL+"/activate", url.Values{"code": {typed}, "password": {"port-password"}, "password2": {"port-password"}})
	if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), contact.MemberNo) {
		t.Fatalf("activate: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, page := postForm(t, e.browser(""), e.srv.URL+"/activate", url.Values{"code": {code}, "password": {"other-password"}, "password2": {"other-password"}}); resp.StatusCode != 422 || !strings.Contains(page, "已使用") {
		t.Fatalf("second use: %d", resp.StatusCode)
	}
	if resp, _ := postForm(t, rep, e.srv.URL+"/login", url.Values{"username": {contact.MemberNo}, "password": {"port-password"}, "next": {"/"}}); resp.StatusCode != 303 {
		t.Fatalf("login with the new password: %d", resp.StatusCode)
	}
	u, err := e.db.FindUserByUsername(sysCtx, contact.MemberNo)
	if err != nil || u.MemberID != contact.ID || u.Admin {
		t.Fatalf("the new login: %+v %v", u, err)
	}
	// Members with a login are not invited again; the API answers the rest.
	list := jsonOf[struct {
		Items []struct{ Username, Code string }
	}](t, e, "admin", "POST", "/api/v1/invitations", map[string]any{"member_nos": []string{two.MemberNo, contact.MemberNo}}, 201)
	if len(list.Items) != 2 || list.Items[0].Code == "" {
		t.Fatalf("API invitations: %+v", list.Items)
	}
	if resp := e.do("admin", "POST", "/api/v1/invitations", map[string]any{"member_nos": []string{contact.MemberNo}}); resp.StatusCode != 422 {
		t.Fatalf("a member with a login: %d", resp.StatusCode)
	}
	// A new round voids the first round's codes.
	if resp := e.do("", "POST", "/api/v1/activate", map[string]any{"code": codes[0], "password": "some-password"}); resp.StatusCode != 422 {
		t.Fatalf("a voided code: %d", resp.StatusCode)
	}
	if resp := e.do("", "POST", "/api/v1/activate", map[string]any{"code": list.Items[0].Code, "password": "some-password"}); resp.StatusCode != 201 {
		t.Fatalf("API activate: %d", resp.StatusCode)
	}
}

func unique(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
