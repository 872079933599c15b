package web_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/reports/annual/{year}/narrative":  "audit.read",
	"POST /api/v1/reports/annual/{year}/narrative": "report.write",
	"POST /api/v1/reports/annual/{year}/adopt":     "report.write",
	"GET /reports/annual/edit":                     "report.write",
	"POST /reports/annual/edit":                    "report.write",
	"POST /reports/annual/adopt":                   "report.write",
})

// TestWorkReportNarrative: the 秘书长 writes the narrative in versions
// (Markdown rendered, scripts dropped; a save over a colleague's newer
// version is refused), the supervisor only reads; adoption takes only a
// closed, passed work-report motion of the general assembly; the adopted
// version is frozen (409) and printed with the figures and audit head of
// its adoption while the live report moves on.
func TestWorkReportNarrative(t *testing.T) {
	e := newEnv(t)
	e.appointLogin("mishu", "秘书长", chamber.PosSecretaryGeneral)
	e.permLogin("jianshi", []chamber.Permission{chamber.PermAuditRead})
	year := e.db.Today(sysCtx)[:4]
	base := "/api/v1/reports/annual/" + year
	e.createMembers(3)

	if resp := e.do("jianshi", "POST", base+"/narrative", map[string]any{"base_version": 0, "sections": map[string]string{"intro": "x"}}); resp.StatusCode != 403 {
		t.Fatalf("a reader saving: %d", resp.StatusCode)
	}
	v1 := jsonOf[chamber.WorkReport](t, e, "mishu", "POST", base+"/narrative", map[string]any{"base_version": 0,
		"sections": map[string]string{"intro": "本年度商会**稳步发展**。<script>alert(1)</script>", "members": "会员队伍扩大。"}}, 201)
	if v1.Version != 1 || v1.Latest != 1 || v1.SavedBy != "秘书长" || !strings.Contains(v1.SectionsHTML["intro"], "<strong>稳步发展</strong>") ||
		strings.Contains(v1.SectionsHTML["intro"], "<script") {
		t.Fatalf("version 1: %+v", v1)
	}
	for _, tc := range []struct {
		body map[string]any
		want int
	}{
		{map[string]any{"base_version": 0, "sections": map[string]string{"intro": "旧稿覆盖"}}, 409},
		{map[string]any{"base_version": 1, "sections": map[string]string{"nonsense": "x"}}, 422},
		{map[string]any{"base_version": 1, "sections": map[string]string{"intro": strings.Repeat("长", chamber.WorkReportSectionMax+1)}}, 422},
	} {
		if resp := e.do("mishu", "POST", base+"/narrative", tc.body); resp.StatusCode != tc.want {
			t.Errorf("save %v: %d, want %d: %s", tc.body["sections"], resp.StatusCode, tc.want, readBody(t, resp))
		}
	}
	v2 := jsonOf[chamber.WorkReport](t, e, "mishu", "POST", base+"/narrative", map[string]any{"base_version": 1,
		"sections": map[string]string{"intro": "第二稿前言。", "outlook": "明年继续做好服务。"}}, 201)
	if v2.Version != 2 || len(v2.Versions) != 2 {
		t.Fatalf("version 2: %+v", v2)
	}
	old := jsonOf[chamber.WorkReport](t, e, "jianshi", "GET", base+"/narrative?version=1", nil, 200)
	if old.Version != 1 || old.Sections["members"] != "会员队伍扩大。" || old.Sections["outlook"] != "" {
		t.Errorf("version 1 read back: %+v", old)
	}
	page := e.getPage("jianshi", "/reports/annual?year="+year)
	if !strings.Contains(page, "第二稿前言。") || !strings.Contains(page, "明年继续做好服务。") || !strings.Contains(page, "草稿：第 2 版") {
		t.Errorf("print page of the draft lacks the narrative:\n%s", page)
	}
	if page := e.getPage("jianshi", "/reports/annual?year="+year+"&version=1"); !strings.Contains(page, "会员队伍扩大。") {
		t.Errorf("version 1 page lacks its text")
	}

	// Adoption: only a closed, passed work-report motion of the assembly.
	ordinary := e.votedMotion(chamber.KindOrdinary, "普通议案", "yes")
	failed := e.votedMotion(chamber.KindWorkReport, "工作报告（否决）", "no")
	council := e.votedMotion(chamber.KindWorkReport, "理事会的工作报告议案", "yes")
	if _, err := e.db.Writer().Exec(`UPDATE meetings SET body_id = (SELECT id FROM bodies WHERE kind = 'council')
		WHERE id = (SELECT meeting_id FROM motions WHERE id = $1)`, council); err != nil {
		t.Fatal(err)
	}
	good := e.votedMotion(chamber.KindWorkReport, "关于年度工作报告的议案", "yes")
	for _, tc := range []struct {
		motion int64
		want   string
	}{{ordinary, "工作报告"}, {failed, "未获通过"}, {council, "会员（代表）大会"}, {999999, "没有这项议案"}} {
		resp := e.do("mishu", "POST", base+"/adopt", map[string]any{"motion_id": tc.motion})
		er := decodeErr(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(fmt.Sprint(er.Error.Details)+er.Error.Message, tc.want) {
			t.Errorf("adopting with motion %d: %d %+v, want 422 %q", tc.motion, resp.StatusCode, er, tc.want)
		}
	}
	var before chamber.AnnualReport
	e.getJSON("jianshi", "/api/v1/reports/annual?year="+year, &before)
	ad := jsonOf[chamber.WorkReport](t, e, "mishu", "POST", base+"/adopt", map[string]any{"motion_id": good}, 201)
	a := ad.Adoption
	if a == nil || a.Version != 2 || a.MotionID != good || a.AdoptedOn == "" || a.AuditHead.Seq < before.AuditHead.Seq ||
		a.Report == nil || a.Report.Members.Total != before.Members.Total || a.AuditHead != a.Report.AuditHead {
		t.Fatalf("adoption %+v", a)
	}
	if resp := e.do("mishu", "POST", base+"/narrative", map[string]any{"base_version": 2, "sections": map[string]string{"intro": "改"}}); resp.StatusCode != 409 {
		t.Errorf("editing the adopted report: %d", resp.StatusCode)
	}
	if resp := e.do("mishu", "POST", base+"/adopt", map[string]any{"motion_id": good}); resp.StatusCode != 409 {
		t.Errorf("adopting twice: %d", resp.StatusCode)
	}
	// The live figures move on; the adopted report keeps its own.
	e.createMembers(2)
	var after chamber.AnnualReport
	e.getJSON("jianshi", "/api/v1/reports/annual?year="+year, &after)
	if after.Members.Total != before.Members.Total+2 {
		t.Fatalf("live members %d, before %d", after.Members.Total, before.Members.Total)
	}
	page = e.getPage("jianshi", "/reports/annual?year="+year)
	if !strings.Contains(page, "会员大会审议通过") || !strings.Contains(page, a.AuditHead.Hash) || !strings.Contains(page, "第二稿前言。") ||
		!strings.Contains(page, `<a href="/members">`+strconv.Itoa(before.Members.Total)+`</a>`) {
		t.Errorf("adopted print page: want the adoption, its head %s and %d members:\n%s", a.AuditHead.Hash, before.Members.Total, page)
	}
	if strings.Contains(page, `<a href="/members">`+strconv.Itoa(after.Members.Total)+`</a>`) {
		t.Errorf("adopted print page shows the live member count")
	}
	if edit := e.getPage("mishu", "/reports/annual/edit?year="+year); strings.Contains(edit, `id="narrative-form"`) || !strings.Contains(edit, "报告已定稿") {
		t.Errorf("the edit page of an adopted report still offers the form")
	}
}

// TestWorkReportForm: the narrative's form saves a version, keeps the text
// with the error on a stale save, and says why in the user's language.
func TestWorkReportForm(t *testing.T) {
	e := newEnv(t)
	e.appointLogin("mishu", "秘书长", chamber.PosSecretaryGeneral)
	year := e.db.Today(sysCtx)[:4]
	c := e.browser("")
	e.login(c, "mishu")
	form := url.Values{"year": {year}, "base_version": {"0"}, "sections.intro": {"表单前言"}, "sections.finance": {"- 收入增长\n- 支出受控"}}
	resp := e.postForm(c, "/reports/annual/edit", form)
	if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "done=saved") {
		t.Fatalf("save: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()
	form.Set("sections.intro", "同时编辑的另一稿")
	resp = e.postForm(c, "/reports/annual/edit", form)
	body := readBody(t, resp)
	if resp.StatusCode != 409 || !strings.Contains(body, "他人已保存了第 1 版") || !strings.Contains(body, "同时编辑的另一稿") ||
		!strings.Contains(body, `name="base_version" value="1"`) {
		t.Errorf("stale save: %d\n%s", resp.StatusCode, body)
	}
	page := e.get(c, "/reports/annual?year="+year)
	if !strings.Contains(page, "<li>收入增长</li>") {
		t.Errorf("the finance narrative is not rendered as a list:\n%s", page)
	}
}

// getPage is an HTML page as login (signed in through the form), failing unless 200.
func (e *env) getPage(login, path string) string {
	e.t.Helper()
	c := e.browser("")
	e.login(c, login)
	return e.get(c, path)
}
