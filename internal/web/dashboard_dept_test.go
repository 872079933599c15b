package web_test

import (
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/reports/dashboard/departments": "org.read",
	"GET /dashboard/department":                 "org.read",
})

// TestDeptDashboards: on the demo each director sees their own department
// only (the 财务部总监 the finance figures, the 办公室主任 the office's), a
// department's staff member none, the 秘书长 every one; the office's open and
// overdue requests equal the requests list walked with the same filters,
// and every figure links to its list.
func TestDeptDashboards(t *testing.T) {
	e := demoEnv(t, "admin", "caiwu", "bangong", "kuaiji", "mishuzhang")
	year := e.db.Today(sysCtx)[:4]
	get := func(login string) []chamber.DeptDashboard {
		var a struct{ Items []chamber.DeptDashboard }
		e.getJSON(login, "/api/v1/reports/dashboard/departments?year="+year, &a)
		return a.Items
	}
	codes := func(ds []chamber.DeptDashboard) string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Code)
		}
		return strings.Join(out, ",")
	}
	if got := codes(get("caiwu")); got != "finance" {
		t.Errorf("财务部总监 sees %q", got)
	}
	if got := codes(get("kuaiji")); got != "" {
		t.Errorf("财务部专员 sees %q", got)
	}
	if got := get("mishuzhang"); len(got) != 8 {
		t.Errorf("秘书长 sees %q", codes(got))
	}
	office := get("bangong")
	if len(office) != 1 || office[0].Code != "office" {
		t.Fatalf("办公室主任 sees %q", codes(office))
	}
	fig := map[string]chamber.DeptFigure{}
	for _, f := range office[0].Figures {
		fig[f.Key] = f
	}
	var open, overdue int64
	walk(e, "admin", "/api/v1/tickets", func(tk chamber.Ticket) {
		if tk.Status != "resolved" {
			open++
		}
	})
	walk(e, "admin", "/api/v1/tickets?overdue=true", func(chamber.Ticket) { overdue++ })
	if fig["tickets_open"].Value != open || fig["tickets_overdue"].Value != overdue || fig["tickets_overdue"].Href != "/tickets?overdue=true" {
		t.Errorf("office requests %+v %+v, the list: %d open, %d overdue", fig["tickets_open"], fig["tickets_overdue"], open, overdue)
	}
	for _, f := range office[0].Figures {
		if !strings.HasPrefix(f.Href, "/") {
			t.Errorf("figure %s links to %q", f.Key, f.Href)
		}
	}
	_, page := e.demoPage("caiwu", "/dashboard/department?year="+year)
	if !strings.Contains(page, `data-figure="claims_waiting"`) || !strings.Contains(page, `href="/reimbursements"`) || strings.Contains(page, `id="dept-office"`) {
		t.Errorf("finance director's page:\n%s", page)
	}
	if _, page := e.demoPage("kuaiji", "/dashboard/department"); !strings.Contains(page, "没有部门看板") {
		t.Errorf("staff member's page lacks the note")
	}
}
