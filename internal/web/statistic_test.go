package web_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/xuri/excelize/v2"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/reports/statistics": "org.read",
	"GET /reports/statistics":        "org.read",
})

// TestStatistics: on the demo, every measure × breakdown the builder has
// adds up to the same figure whichever way it is broken down, and that
// figure is the annual report's or the dashboard's; members by tier are the
// report's by tier; a measure needs the permission of its lists (the
// 法律维权部 reads requests, not dues or vouchers); an unknown measure or
// breakdown is a 422, never SQL; the page offers only what the login may
// read and its xlsx holds the same totals.
func TestStatistics(t *testing.T) {
	e := demoEnv(t, "admin", "fawu")
	year := e.db.Today(sysCtx)[:4]
	var d chamber.Dashboard
	e.getJSON("admin", "/api/v1/reports/dashboard?year="+year, &d)
	rep := d.Report
	want := map[string][]int64{
		"members":  {int64(rep.Members.Total)},
		"dues":     {int64(d.DuesInvoices), d.DuesInvoicedFen, d.DuesPaidFen},
		"events":   {int64(rep.Events.Total), int64(rep.Events.Participants)},
		"tickets":  {int64(rep.Services.Total), int64(rep.Services.Resolved)},
		"vouchers": {int64(d.Vouchers)},
	}
	stat := func(login, measure, breakdown string) (*chamber.Statistic, int) {
		resp := e.do(login, "GET", "/api/v1/reports/statistics?"+url.Values{"measure": {measure}, "breakdown": {breakdown}, "year": {year}}.Encode(), nil)
		if resp.StatusCode != 200 {
			resp.Body.Close()
			return nil, resp.StatusCode
		}
		var st chamber.Statistic
		decodeInto(t, resp, 200, &st)
		return &st, 200
	}
	pairs := 0
	for _, m := range chamber.StatMeasures {
		for _, b := range e.db.StatBreakdownsOf(m) {
			st, code := stat("admin", m, b)
			if code != 200 {
				t.Fatalf("%s × %s: %d", m, b, code)
			}
			pairs++
			var sum []int64 = make([]int64, len(st.Columns))
			for _, r := range st.Rows {
				for i, v := range r.Values {
					sum[i] += v
				}
			}
			if fmt.Sprint(sum) != fmt.Sprint(st.Totals) {
				t.Errorf("%s × %s: rows add to %v, totals %v", m, b, sum, st.Totals)
			}
			w := want[m]
			got := st.Totals[:len(w)]
			if m == "members" && b == "month" { // by month: those who joined in the year, the others before it
				var joined int64
				for _, r := range st.Rows {
					if r.Key != "" {
						joined += r.Values[0]
					}
				}
				if joined != int64(rep.Members.Joined) {
					t.Errorf("members joined by month %d, report %d", joined, rep.Members.Joined)
				}
			}
			if m == "vouchers" && b == "department" { // only lines with a department count there
				continue
			}
			if fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s × %s: totals %v, the report/dashboard say %v", m, b, got, w)
			}
			if m == "members" && b == "tier" {
				for _, r := range st.Rows {
					if int(r.Values[0]) != rep.Members.ByTier[r.Key] {
						t.Errorf("members of tier %s: %d, report %d", r.Key, r.Values[0], rep.Members.ByTier[r.Key])
					}
				}
			}
		}
	}
	if pairs < 14 {
		t.Errorf("only %d measure × breakdown pairs", pairs)
	}
	for _, tc := range []struct{ login, measure, breakdown string }{
		{"admin", "events", "tier"}, {"admin", "members; DROP TABLE members", "tier"}, {"admin", "members", "m.name"}, {"admin", "", ""},
	} {
		if _, code := stat(tc.login, tc.measure, tc.breakdown); code != 422 {
			t.Errorf("%q × %q: %d, want 422", tc.measure, tc.breakdown, code)
		}
	}
	for m, code := range map[string]int{"tickets": 200, "members": 200, "dues": 403, "vouchers": 403} {
		if _, got := stat("fawu", m, "month"); got != code {
			t.Errorf("法律维权部 asking for %s: %d, want %d", m, got, code)
		}
	}
	c, page := e.demoPage("fawu", "/reports/statistics?measure=tickets&breakdown=month&year="+year)
	if strings.Contains(page, `value="dues"`) || strings.Contains(page, `value="vouchers"`) || !strings.Contains(page, `<svg`) || !strings.Contains(page, `id="stat-table"`) {
		t.Errorf("statistics page for the 法律维权部:\n%s", page)
	}
	resp, err := c.Get(e.srv.URL + "/reports/statistics?measure=dues&breakdown=tier&year=" + year)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 403 {
		t.Errorf("dues page for the 法律维权部: %d", resp.StatusCode)
	}
	resp.Body.Close()
	ac, _ := e.demoPage("admin", "/reports/statistics")
	resp, err = ac.Get(e.srv.URL + "/reports/statistics?measure=dues&breakdown=tier&format=xlsx&year=" + year)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(readBody(t, resp))))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("Sheet1")
	last := rows[len(rows)-1]
	if last[0] != "合计" || last[1] != fmt.Sprint(d.DuesInvoices) {
		t.Errorf("xlsx total row %v, want %d invoices", last, d.DuesInvoices)
	}
}
