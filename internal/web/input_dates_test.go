package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
	"github.com/chamber-org/chamber/internal/web"
)

// TestDatesOutOfRangeRefused replays issue 10 item 5: 0001-01-01 and
// 9999-12-31 were accepted in vouchers, donations, meetings, claims and
// members. Every date outside 1900-01-01…2100-12-31 is a 422 naming it.
func TestDatesOutOfRangeRefused(t *testing.T) {
	e := newEnv(t)
	for _, d := range []string{"0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"} {
		for _, tc := range []struct {
			name, method, path string
			body               any
			field              string
		}{
			{"voucher", "POST", "/api/v1/finance/vouchers", map[string]any{"date": d, "summary": "x", "lines": []any{line("1002", 100, 0, ""), line("4201", 0, 100, "")}}, "date"},
			{"donation", "POST", "/api/v1/finance/donations", map[string]any{"donor": "张三", "date": d, "amount_fen": 100}, "date"},
			{"meeting", "POST", "/api/v1/meetings", map[string]any{"body": "general_assembly", "title": "会员大会", "starts_at": d + "T09:00:00+08:00"}, "starts_at"},
			{"claim", "POST", "/api/v1/finance/reimbursements", map[string]any{"summary": "差旅", "lines": []any{map[string]any{"date": d, "account": "5201", "amount_fen": 100}}}, "lines[0].date"},
			{"member", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "李四", "joined_on": d}, "joined_on"},
			{"dues payment", "POST", "/api/v1/finance/dues/invoices/1/payments", map[string]any{"date": d, "amount_fen": 100, "method": "bank"}, "date"},
			{"term", "POST", "/api/v1/org/bodies/1/terms", map[string]any{"number": 9, "starts_on": d}, "starts_on"},
			{"post", "POST", "/api/v1/org/posts", map[string]any{"position_id": 1, "name": "王五", "starts_on": d}, "starts_on"},
			{"balance sheet", "GET", "/api/v1/finance/reports/balance-sheet?date=" + d, nil, "date"},
			{"activities", "GET", "/api/v1/finance/reports/activities?from=2026-01-01&to=" + d, nil, "to"},
		} {
			resp := e.do("admin", tc.method, tc.path, tc.body)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s %s: %d %s", tc.name, d, resp.StatusCode, readBody(t, resp))
				continue
			}
			er := decodeErr(t, resp)
			if fields, _ := er.Error.Details["fields"].(map[string]any); fields[tc.field] == nil {
				t.Errorf("%s %s: field %s not named: %+v", tc.name, d, tc.field, er)
			}
		}
	}
	// The edges of the range are dates like any other.
	for _, d := range []string{chamber.MinDate, chamber.MaxDate} {
		resp := e.do("admin", "POST", "/api/v1/members", map[string]any{"kind": "individual", "name": "边界" + d, "joined_on": d})
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("joined_on %s: %d %s", d, resp.StatusCode, readBody(t, resp))
		}
		resp.Body.Close()
	}
	// HTML forms too.
	c := e.browser("")
	e.login(c, "admin")
	resp := e.postForm(c, "/finance/vouchers", url.Values{"date": {"9999-12-31"}, "summary": {"x"}})
	if body := readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "2100") {
		t.Errorf("voucher form dated 9999-12-31: %d", resp.StatusCode)
	}
	// Nothing was stored.
	vs, _, err := e.db.ListVouchers(sysCtx, chamber.VoucherFilter{}, chamber.Page{Limit: 200})
	if err != nil || len(vs) != 0 {
		t.Fatalf("vouchers stored: %d %v", len(vs), err)
	}
}

// TestLimitsFullReplacement replays the attack: PUT …/limits with null or
// {} wiped the approval limits.
func TestLimitsFullReplacement(t *testing.T) {
	e := newEnv(t)
	before := readBody(t, e.do("admin", "GET", "/api/v1/finance/reimbursements/limits", nil))
	if !strings.Contains(before, "secretary_general") {
		t.Fatalf("default limits: %s", before)
	}
	for _, body := range []string{`null`, `{}`, `{"limits": null}`, `{"limits": []}`, `[]`, `{"limits": [{}]}`,
		`{"limits": [{"above_fen": 100}]}`, `{"limits": [{"position_code": "president"}]}`,
		`{"limits": [{"above_fen": 100, "position_code": "no_such_position"}]}`,
		`{"limits": [{"above_fen": -1, "position_code": "president"}]}`, `{"limits": "x"}`} {
		resp := e.do("admin", "PUT", "/api/v1/finance/reimbursements/limits", body)
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", body, resp.StatusCode, readBody(t, resp))
		}
		resp.Body.Close()
		if after := readBody(t, e.do("admin", "GET", "/api/v1/finance/reimbursements/limits", nil)); after != before {
			t.Fatalf("%s changed the limits: %s → %s", body, before, after)
		}
	}
	resp := e.do("admin", "PUT", "/api/v1/finance/reimbursements/limits", `{"limits": [{"above_fen": 300000, "position_code": "president"}]}`)
	if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, "300000") {
		t.Fatalf("a full list: %d %s", resp.StatusCode, body)
	}
	// The other full replacements: null or {} replaces nothing.
	for _, tc := range []struct{ path, body string }{
		{"/api/v1/org/grants/role/member", `{}`}, {"/api/v1/org/grants/role/member", `null`},
		{"/api/v1/mail/settings", `{}`}, {"/api/v1/mail/settings", `null`},
	} {
		resp := e.do("admin", "PUT", tc.path, tc.body)
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("PUT %s %s: %d %s", tc.path, tc.body, resp.StatusCode, readBody(t, resp))
		}
		resp.Body.Close()
	}
}

// TestPeriodCloseAPI: 409 earlier_period_open and period_closed, and huge
// vouchers answer 422 instead of breaking the reports.
func TestPeriodCloseAndHugeVouchersAPI(t *testing.T) {
	// 95 requests in a row: not a test of the per-token rate.
	e := newEnvWith(t, sqlstoretest.Options{}, func(c *web.Config) { c.TokenRate = 1 << 20 })
	e.postVoucher("2026-01-10", line("1002", 1000, 0, ""), line("4201", 0, 1000, ""))
	e.postVoucher("2026-03-10", line("1002", 1000, 0, ""), line("4201", 0, 1000, ""))
	code := func(resp *http.Response) (int, string) { return resp.StatusCode, decodeErr(t, resp).Error.Code }
	if st, c := code(e.do("admin", "POST", "/api/v1/finance/periods/close", map[string]any{"period": "2026-03"})); st != 409 || c != "earlier_period_open" {
		t.Fatalf("close March before January: %d %s", st, c)
	}
	for _, p := range []string{"2026-01", "2026-03"} {
		if resp := e.do("admin", "POST", "/api/v1/finance/periods/close", map[string]any{"period": p}); resp.StatusCode != 200 {
			t.Fatalf("close %s: %d %s", p, resp.StatusCode, readBody(t, resp))
		}
	}
	if st, c := code(e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-02-20", "summary": "x",
		"lines": []any{line("1002", 100, 0, ""), line("4201", 0, 100, "")}})); st != 409 || c != "period_closed" {
		t.Fatalf("a voucher before the closed month: %d %s", st, c)
	}

	// 95 huge vouchers: each refused, the reports keep answering.
	var lines []any
	for i := 0; i < 50; i++ {
		lines = append(lines, line("1002", 1e15, 0, ""), line("4201", 0, 1e15, ""))
	}
	for i := 0; i < 95; i++ {
		resp := e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-04-01", "summary": "巨额", "lines": lines})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("huge voucher %d: %d", i, resp.StatusCode)
		}
		resp.Body.Close()
	}
	for _, p := range []string{"balance-sheet?date=2026-12-31", "activities?from=2026-01-01&to=2026-12-31", "cash-flow?from=2026-01-01&to=2026-12-31", "trial-balance?from=2026-01-01&to=2026-12-31"} {
		if resp := e.do("admin", "GET", "/api/v1/finance/reports/"+p, nil); resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		} else {
			resp.Body.Close()
		}
	}
}
