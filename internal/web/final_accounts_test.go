package web_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/xuri/excelize/v2"
)

var _ = addRouteAccess(map[string]string{
	"GET /finance/final-accounts":               "finance.read",
	"POST /finance/adoptions":                   "finance.post",
	"GET /api/v1/finance/final-accounts":        "finance.read",
	"POST /api/v1/finance/budgets/adopt":        "finance.post",
	"POST /api/v1/finance/final-accounts/adopt": "finance.post",
})

// votedMotion puts a motion of kind to a general assembly with every member
// checked in and closes it with every ballot cast as choice.
func (e *env) votedMotion(kind, title, choice string) int64 {
	e.t.Helper()
	m := jsonOf[idOnly](e.t, e, "admin", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": title + "大会",
		"starts_at": time.Now().AddDate(0, 0, 16).Format(time.RFC3339)}, 201)
	base := fmt.Sprintf("/api/v1/meetings/%d", m.ID)
	jsonOf[idOnly](e.t, e, "admin", "POST", base+"/open", nil, 200)
	type cred struct {
		Credential string `json:"credential"`
	}
	var creds []string
	ent, err := e.db.Entitled(sysCtx, m.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, en := range ent {
		creds = append(creds, jsonOf[cred](e.t, e, "admin", "POST", base+"/check-ins", map[string]any{"member_id": en.MemberID}, 201).Credential)
	}
	mo := jsonOf[idOnly](e.t, e, "admin", "POST", base+"/motions", map[string]any{"title": title, "kind": kind}, 201)
	jsonOf[idOnly](e.t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/open", mo.ID), nil, 200)
	for _, c := range creds {
		resp := e.do("", "POST", fmt.Sprintf("/api/v1/motions/%d/ballots", mo.ID), map[string]string{"credential": c, "choice": choice})
		if resp.StatusCode != 201 {
			e.t.Fatalf("ballot: %d %s", resp.StatusCode, readBody(e.t, resp))
		}
		resp.Body.Close()
	}
	jsonOf[idOnly](e.t, e, "admin", "POST", fmt.Sprintf("/api/v1/motions/%d/close", mo.ID), nil, 200)
	return mo.ID
}

// TestBudgetAdoptionAndFinalAccounts: a year's budget is adopted only by a
// passed budget motion and then takes no more lines; the 决算 shows each
// line's execution (the 期末结转 is no spending), what was spent outside
// the budget and the 业务活动表's totals, and is adopted only once the year
// is closed — on screen, as JSON and as xlsx with numbers.
func TestBudgetAdoptionAndFinalAccounts(t *testing.T) {
	e := newEnv(t)
	for _, b := range []map[string]any{
		{"year": 2025, "account": "5201", "amount_fen": 100000, "project": ""},
		{"year": 2025, "account": "5101", "amount_fen": 50000, "project": "年会"},
	} {
		if resp := e.do("admin", "POST", "/api/v1/finance/budgets", b); resp.StatusCode != 201 {
			t.Fatalf("budget line: %d %s", resp.StatusCode, readBody(t, resp))
		}
	}
	e.postVoucher("2025-01-05", line("1002", 500000, 0, "会费"), line("4201", 0, 500000, "会费"))
	e.postVoucher("2025-03-10", line("5201", 90000, 0, "办公"), line("1002", 0, 90000, ""))
	annual := line("5101", 20000, 0, "年会场地")
	annual["project"] = "年会"
	e.postVoucher("2025-06-10", annual, line("1002", 0, 20000, ""))
	e.postVoucher("2025-07-01", line("5101", 7000, 0, "无项目的业务支出"), line("1002", 0, 7000, ""))

	e.createMembers(3)
	failed := e.votedMotion(chamber.KindBudget, "2025年度预算（否决）", "no")
	ordinary := e.votedMotion(chamber.KindOrdinary, "普通议案", "yes")
	budget := e.votedMotion(chamber.KindBudget, "关于2025年度预算的议案", "yes")
	for _, tc := range []struct {
		motion int64
		want   string
	}{{failed, "未获通过"}, {ordinary, "类别为“预算”"}, {999999, "没有这项议案"}} {
		resp := e.do("admin", "POST", "/api/v1/finance/budgets/adopt", map[string]any{"year": 2025, "motion_id": tc.motion})
		er := decodeErr(t, resp)
		if resp.StatusCode != 422 || !strings.Contains(fmt.Sprint(er.Error.Details), tc.want) && !strings.Contains(er.Error.Message, tc.want) {
			t.Errorf("adopting with motion %d: %d %+v, want 422 %q", tc.motion, resp.StatusCode, er, tc.want)
		}
	}
	if resp := e.do("admin", "POST", "/api/v1/finance/budgets/adopt", map[string]any{"year": 2024, "motion_id": budget}); resp.StatusCode != 409 {
		t.Errorf("adopting a year without lines: %d", resp.StatusCode)
	}
	var a chamber.BudgetAdoption
	decodeInto(t, e.do("admin", "POST", "/api/v1/finance/budgets/adopt", map[string]any{"year": 2025, "motion_id": budget}), 201, &a)
	if a.MotionID != budget || a.AdoptedOn == "" || a.MeetingTitle == "" {
		t.Fatalf("adoption %+v", a)
	}
	if resp := e.do("admin", "POST", "/api/v1/finance/budgets/adopt", map[string]any{"year": 2025, "motion_id": failed}); resp.StatusCode != 422 {
		t.Errorf("a second, failed motion: %d", resp.StatusCode)
	}
	other := e.votedMotion(chamber.KindBudget, "另一预算议案", "yes")
	if resp := e.do("admin", "POST", "/api/v1/finance/budgets/adopt", map[string]any{"year": 2025, "motion_id": other}); resp.StatusCode != 409 {
		t.Errorf("adopting twice: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "POST", "/api/v1/finance/budgets", map[string]any{"year": 2025, "account": "5201", "amount_fen": 100, "project": "追加"}); resp.StatusCode != 409 {
		t.Errorf("a line after adoption: %d", resp.StatusCode)
	}
	// Final accounts only once the year is closed.
	if resp := e.do("admin", "POST", "/api/v1/finance/final-accounts/adopt", map[string]any{"year": 2025, "motion_id": other}); resp.StatusCode != 409 {
		t.Errorf("final accounts of an open year: %d", resp.StatusCode)
	}
	for m := 1; m <= 11; m++ {
		if resp := e.do("admin", "POST", "/api/v1/finance/periods/close", map[string]any{"period": fmt.Sprintf("2025-%02d", m)}); resp.StatusCode != 200 {
			t.Fatalf("close 2025-%02d: %d %s", m, resp.StatusCode, readBody(t, resp))
		}
	}
	decodeInto(t, e.do("admin", "POST", "/api/v1/finance/year-end/close", map[string]any{"year": 2025}), 201, &chamber.YearClosing{})
	if resp := e.do("admin", "POST", "/api/v1/finance/periods/close", map[string]any{"period": "2025-12"}); resp.StatusCode != 200 {
		t.Fatalf("close 2025-12: %d %s", resp.StatusCode, readBody(t, resp))
	}
	decodeInto(t, e.do("admin", "POST", "/api/v1/finance/final-accounts/adopt", map[string]any{"year": 2025, "motion_id": other}), 201, &a)

	var fa chamber.FinalAccounts
	decodeInto(t, e.do("admin", "GET", "/api/v1/finance/final-accounts?year=2025", nil), 200, &fa)
	if len(fa.Lines) != 2 || fa.BudgetFen != 150000 || fa.BudgetedFen != 110000 {
		t.Fatalf("lines %+v budget %d budgeted %d (the 期末结转 must not cancel the spending)", fa.Lines, fa.BudgetFen, fa.BudgetedFen)
	}
	for _, l := range fa.Lines {
		if want := map[string]int64{"5201": 90000, "5101": 20000}[l.Account]; l.ActualFen != want {
			t.Errorf("line %s actual %d, want %d", l.Account, l.ActualFen, want)
		}
	}
	if len(fa.Unbudgeted) != 1 || fa.Unbudgeted[0].Account != "5101" || fa.UnbudgetedFen != 7000 {
		t.Errorf("unbudgeted %+v %d", fa.Unbudgeted, fa.UnbudgetedFen)
	}
	if fa.IncomeFen != 500000 || fa.ExpensesFen != 117000 || fa.SurplusFen != 383000 || fa.BudgetedFen+fa.UnbudgetedFen != fa.ExpensesFen {
		t.Errorf("income %d expenses %d surplus %d", fa.IncomeFen, fa.ExpensesFen, fa.SurplusFen)
	}
	if !fa.YearClosed || fa.Budget == nil || fa.Budget.MotionID != budget || fa.Adoption == nil || fa.Adoption.MotionID != other {
		t.Errorf("closed %v adoptions %+v %+v", fa.YearClosed, fa.Budget, fa.Adoption)
	}
	// The budget page says so too, and offers no more lines.
	c := e.browser("zh-CN")
	e.login(c, "admin")
	page := e.get(c, "/finance/budgets?year=2025")
	if !strings.Contains(page, "关于2025年度预算的议案") || strings.Contains(page, `method="post" action="/finance/budgets"`) {
		t.Errorf("budget page lacks the adoption or still offers lines")
	}
	page = e.get(c, "/finance/final-accounts?year=2025")
	for _, want := range []string{"预算执行情况", "预算外支出", "70.00", "5,000.00", "3,830.00", "另一预算议案"} {
		if !strings.Contains(page, want) {
			t.Errorf("final accounts page lacks %q", want)
		}
	}
	resp, err := c.Get(e.srv.URL + "/finance/final-accounts?year=2025&format=xlsx")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("xlsx: %v %v", resp, err)
	}
	x, err := excelize.OpenReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Sheet1", excelize.Options{RawCellValue: true})
	found := false
	for _, r := range rows {
		if len(r) >= 5 && r[2] == "5201" {
			budget, err1 := strconv.ParseFloat(r[3], 64)
			actual, err2 := strconv.ParseFloat(r[4], 64)
			typ, _ := x.GetCellType("Sheet1", "D8")
			found = err1 == nil && err2 == nil && budget == 1000 && actual == 900 && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString
		}
	}
	if !found {
		t.Errorf("xlsx lacks the 5201 line as numbers: %v", rows)
	}
	// Bad input: a year out of range is a field error, not a 500.
	if resp := e.do("admin", "GET", "/api/v1/finance/final-accounts?year=abc", nil); resp.StatusCode != 422 {
		t.Errorf("bad year: %d", resp.StatusCode)
	}
	if resp := e.postForm(c, "/finance/adoptions", map[string][]string{"kind": {"budget"}, "year": {"2025"}, "motion_id": {"x"}}); resp.StatusCode == http.StatusInternalServerError {
		t.Errorf("bad form: 500")
	}
}
