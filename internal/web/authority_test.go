package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/xuri/excelize/v2"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/reports/authority":                "audit.read",
	"POST /api/v1/reports/authority/{year}/fields": "report.write",
	"GET /reports/authority":                       "audit.read",
	"GET /reports/authority/fill":                  "report.write",
	"POST /reports/authority/fill":                 "report.write",
})

// demoPage is a page of the demo as a demo login (the demo's password).
func (e *env) demoPage(login, path string) (*http.Client, string) {
	e.t.Helper()
	c := e.browser("")
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"username": {login}, "password": {demo.Password}, "next": {"/"}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return c, e.get(c, path)
}

// TestAuthorityReport: the 年报 of the demo year holds the annual report's
// figures split the form's way (unit + individual = members, the leaders
// counted once each, the statements' net assets), lists what no record
// holds as missing until the 秘书长 fills it in (a chamber without a party
// organisation needs no party figures), and prints and exports it with
// the audit head; the 监事会 reads but cannot fill in.
func TestAuthorityReport(t *testing.T) {
	e := demoEnv(t, "mishuzhang", "jianshi", "qiye")
	year := e.db.Today(sysCtx)[:4]
	var rep chamber.AnnualReport
	e.getJSON("jianshi", "/api/v1/reports/annual?year="+year, &rep)
	var ar chamber.AuthorityReport
	e.getJSON("jianshi", "/api/v1/reports/authority?year="+year, &ar)
	if ar.Members != rep.Members.Total || ar.UnitMembers+ar.IndividualMembers != ar.Members || ar.Members == 0 {
		t.Errorf("members %d = %d unit + %d individual, report %d", ar.Members, ar.UnitMembers, ar.IndividualMembers, rep.Members.Total)
	}
	if ar.EventsTotal != rep.Events.Total || len(ar.Events) != min(ar.EventsTotal, chamber.AuthorityEventsListed) {
		t.Errorf("events %d listed %d, report %d", ar.EventsTotal, len(ar.Events), rep.Events.Total)
	}
	if ar.BalanceSheet == nil || ar.BalanceSheet.TotalNetAssetsFen != rep.Finance.NetAssetsFen || ar.Activities.TotalIncome.AmountFen != rep.Finance.IncomeFen ||
		ar.CashFlow.ClosingCashFen != rep.Finance.CashFen {
		t.Errorf("statements do not match the report's finance %+v", rep.Finance)
	}
	people := map[string]bool{}
	for _, l := range ar.Leaders {
		if l.Code != chamber.PosPresident && l.Code != chamber.PosVicePresident && l.Code != chamber.PosSecretaryGeneral {
			t.Errorf("leader of post %s counted", l.Code)
		}
		people[l.Name] = true
	}
	if len(ar.Leaders) == 0 || ar.LeaderCount != len(people) || ar.Fields["legal_rep"] == "" || len(ar.Departments) == 0 {
		t.Errorf("leaders %+v count %d legal rep %q departments %v", ar.Leaders, ar.LeaderCount, ar.Fields["legal_rep"], ar.Departments)
	}
	missing := strings.Join(ar.Missing, ",")
	for _, k := range []string{"inspections", "rectification", "party_activities", "rep_offices"} {
		if !strings.Contains(missing, k) {
			t.Errorf("missing %v lacks %s", ar.Missing, k)
		}
	}
	for _, k := range []string{"category", "legal_rep", "credit_code", "party_members"} { // from the records or filled in by the demo
		if strings.Contains(missing, k) {
			t.Errorf("%s listed as missing: %v", k, ar.Missing)
		}
	}

	base := "/api/v1/reports/authority/" + year + "/fields"
	if r := e.do("jianshi", "POST", base, map[string]any{"fields": map[string]string{"credit_code": "x"}}); r.StatusCode != 403 {
		t.Errorf("the 监事会 filling in: %d", r.StatusCode)
	}
	for _, bad := range []map[string]string{{"nonsense": "x"}, {"scope": "a\x01b"}, {"credit_code": strings.Repeat("码", chamber.AuthorityFieldMax+1)}} {
		if r := e.do("mishuzhang", "POST", base, map[string]any{"fields": bad}); r.StatusCode != 422 {
			t.Errorf("fields %q: %d, want 422", bad, r.StatusCode)
		}
	}
	saved := jsonOf[chamber.AuthorityReport](t, e, "mishuzhang", "POST", base, map[string]any{"fields": map[string]string{
		"inspections": "按期参加年检，结论合格。\n无违规。", "party_org": "无", "rep_offices": "无"}}, 200)
	// Inspections and representative offices filled, party activities moot without a party organisation.
	missing = strings.Join(saved.Missing, ",")
	if saved.Fields["inspections"] == "" || strings.Contains(missing, "inspections") || strings.Contains(missing, "party_activities") ||
		len(saved.Missing) != len(ar.Missing)-3 {
		t.Errorf("after filling in: fields %v missing %v (before %v)", saved.Fields, saved.Missing, ar.Missing)
	}
	// Clearing an item puts it back on the list.
	cleared := jsonOf[chamber.AuthorityReport](t, e, "mishuzhang", "POST", base, map[string]any{"fields": map[string]string{"scope": ""}}, 200)
	if !strings.Contains(strings.Join(cleared.Missing, ","), "scope") || cleared.Fields["credit_code"] == "" {
		t.Errorf("after clearing scope: %v %v", cleared.Missing, cleared.Fields)
	}

	c, page := e.demoPage("jianshi", "/reports/authority?year="+year)
	var head chamber.AuditHead
	e.getJSON("jianshi", "/api/v1/audit/head", &head)
	for _, want := range []string{"社会团体年度工作报告书", "51330100MJ1234567X", "资产负债表（会民非01表）", "现金流量表（会民非03表）", head.Hash, "待补充事项", "（待填写）"} {
		if !strings.Contains(page, want) {
			t.Errorf("print page lacks %q", want)
		}
	}
	if strings.Contains(page, `href="/reports/authority/fill`) {
		t.Errorf("the 监事会 is offered the form")
	}
	resp, err := c.Get(e.srv.URL + "/reports/authority?format=xlsx&year=" + year)
	if err != nil {
		t.Fatal(err)
	}
	raw := readBody(t, resp)
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(raw)))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	rows, _ := wb.GetRows("Sheet1")
	found := map[string]string{}
	for _, r := range rows {
		if len(r) > 1 {
			found[r[0]] = r[1]
		}
	}
	if found["统一社会信用代码"] != "51330100MJ1234567X" || found["会员总数"] != fmt.Sprint(ar.Members) || found["审计记录序号"] != fmt.Sprint(head.Seq) {
		t.Errorf("xlsx rows: %v", found)
	}

	// The form: the 秘书长 fills in an item.
	mc, form := e.demoPage("mishuzhang", "/reports/authority/fill?year="+year)
	if !strings.Contains(form, `name="fields.credit_code"`) || !strings.Contains(form, "来自记录") {
		t.Fatalf("fill form:\n%s", form)
	}
	resp, err = mc.PostForm(e.srv.URL+"/reports/authority/fill", url.Values{"year": {year}, "fields.penalties": {"无。"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("fill: %d", resp.StatusCode)
	}
	e.getJSON("jianshi", "/api/v1/reports/authority?year="+year, &ar)
	if ar.Fields["penalties"] != "无。" || ar.Fields["credit_code"] == "" {
		t.Errorf("after the form: %v", ar.Fields)
	}
}
