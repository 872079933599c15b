package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/xuri/excelize/v2"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/finance/reports/general-ledger": "finance.read",
	"GET /api/v1/finance/year-end":               "finance.read",
	"POST /api/v1/finance/year-end/close":        "finance.post",
	"GET /finance/year-end":                      "finance.read",
	"POST /finance/year-end/close":               "finance.post",
})

// TestGeneralLedgerPages: the 总账 as JSON, on screen and as xlsx with
// numbers; the 期末结转 once (201, then 409), in the chain.
func TestGeneralLedgerPages(t *testing.T) {
	e := booksEnv(t)
	var gl chamber.GeneralLedger
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/general-ledger?year=2026", nil), 200, &gl)
	if !gl.Balanced || len(gl.Accounts) == 0 {
		t.Fatalf("general ledger %+v", gl)
	}
	for _, a := range gl.Accounts {
		if a.Code == "4201" {
			if len(a.Months) < 6 || a.Months[5].YearCreditFen != 6*1200000 || a.Months[5].Direction != "credit" {
				t.Errorf("4201 %+v", a.Months)
			}
		}
	}
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/general-ledger?year=abc", nil), 422, nil)
	c := e.browser("zh-CN")
	e.login(c, "director")
	body := e.get(c, "/finance/reports/general-ledger?year=2026")
	for _, want := range []string{"总账", "银行存款", "本月合计", "本年累计", "年初余额", "¥72,000.00"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	f, err := excelize.OpenReader(strings.NewReader(e.get(c, "/finance/reports/general-ledger?year=2026&format=xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Sheet1")
	found := false
	for i, r := range rows {
		if len(r) > 2 && strings.HasPrefix(r[0], "4201") && r[1] == "6月" && r[2] == "本年累计" {
			raw, _ := f.GetCellValue("Sheet1", "E"+strconv.Itoa(i+1), excelize.Options{RawCellValue: true})
			if v, err := strconv.ParseFloat(raw, 64); err != nil || v != 72000 {
				t.Errorf("本年累计 贷方 %q", raw)
			}
			found = true
		}
	}
	if !found {
		t.Error("no 4201 June row in the workbook")
	}

	var yc chamber.YearClosing
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/year-end/close", map[string]any{"year": 2026}), 201, &yc)
	if yc.VoucherID == 0 || yc.Number == "" {
		t.Fatalf("closing %+v", yc)
	}
	resp := e.do("clerk", "POST", "/api/v1/finance/year-end/close", map[string]any{"year": 2026})
	if st, c := resp.StatusCode, decodeErr(t, resp).Error.Code; st != 409 || c != "year_closed" {
		t.Errorf("second closing: %d %s", st, c)
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/year-end/close", map[string]any{"year": 99999}), 422, nil)
	var tb chamber.TrialBalance
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/trial-balance?from=2026-01-01&to=2026-12-31", nil), 200, &tb)
	for _, r := range tb.Rows {
		if (r.Code[0] == '4' || r.Code[0] == '5') && r.ClosingFen != 0 {
			t.Errorf("%s at %d after closing", r.Code, r.ClosingFen)
		}
	}
	var v struct{ OK bool }
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/verify", nil), 200, &v)
	if !v.OK {
		t.Error("chain broken after closing")
	}
	if body := e.get(c, "/finance/year-end?year=2026"); !strings.Contains(body, yc.Number) {
		t.Error("year-end page lacks the voucher")
	}
}
