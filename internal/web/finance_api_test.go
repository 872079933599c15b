package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"
)

var _ = addRouteAccess(map[string]string{
	"GET /finance":                                "finance.read",
	"POST /finance/vouchers":                      "finance.post",
	"GET /finance/vouchers/{id}":                  "finance.read",
	"POST /finance/vouchers/{id}/reverse":         "finance.post",
	"POST /finance/periods/close":                 "finance.post",
	"GET /finance/reports/{kind}":                 "finance.read",
	"GET /api/v1/finance/accounts":                "finance.read",
	"POST /api/v1/finance/accounts":               "finance.post",
	"GET /api/v1/finance/vouchers":                "finance.read",
	"POST /api/v1/finance/vouchers":               "finance.post",
	"GET /api/v1/finance/vouchers/{id}":           "finance.read",
	"PATCH /api/v1/finance/vouchers/{id}":         "finance.post",
	"DELETE /api/v1/finance/vouchers/{id}":        "finance.post",
	"POST /api/v1/finance/vouchers/{id}/reverse":  "finance.post",
	"GET /api/v1/finance/periods":                 "finance.read",
	"POST /api/v1/finance/periods/close":          "finance.post",
	"GET /api/v1/finance/verify":                  "finance.read",
	"GET /api/v1/finance/reports/balance-sheet":   "finance.read",
	"GET /api/v1/finance/reports/activities":      "finance.read",
	"GET /api/v1/finance/reports/cash-flow":       "finance.read",
	"GET /api/v1/finance/reports/trial-balance":   "finance.read",
	"GET /api/v1/finance/reports/ledger":          "finance.read",
	"GET /api/v1/finance/budgets":                 "finance.read",
	"POST /api/v1/finance/budgets":                "finance.post",
	"GET /api/v1/finance/donations":               "finance.read",
	"POST /api/v1/finance/donations":              "finance.post",
	"POST /api/v1/finance/donations/{id}/release": "finance.post",
})

// The administrator starts with every permission but the portal.
var _ = func() bool {
	for _, p := range []string{"finance.read", "finance.post"} {
		rolePerms["admin"][p] = true
	}
	return true
}()

type voucherJSON struct {
	ID         int64  `json:"id"`
	Number     string `json:"number"`
	Date       string `json:"date"`
	Kind       string `json:"kind"`
	ReversesID int64  `json:"reverses_id"`
	TotalFen   int64  `json:"total_fen"`
	Lines      []struct {
		Account   string `json:"account"`
		DebitFen  int64  `json:"debit_fen"`
		CreditFen int64  `json:"credit_fen"`
	} `json:"lines"`
}

func line(account string, debit, credit int64, memo string) map[string]any {
	return map[string]any{"account": account, "debit_fen": debit, "credit_fen": credit, "memo": memo}
}

func decodeAs[T any](t *testing.T, resp *http.Response) T {
	t.Helper()
	var v T
	body := readBody(t, resp)
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return v
}

func (e *env) postVoucher(date string, lines ...map[string]any) voucherJSON {
	e.t.Helper()
	resp := e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": date, "summary": "测试", "lines": lines})
	if resp.StatusCode != http.StatusCreated {
		e.t.Fatalf("post voucher: %d %s", resp.StatusCode, readBody(e.t, resp))
	}
	return decodeAs[voucherJSON](e.t, resp)
}

func TestVoucherAPI(t *testing.T) {
	e := newEnv(t)
	v := e.postVoucher("2026-03-05", line("1002", 120000, 0, "会费"), line("4201", 0, 120000, "会费"))
	if v.Number != "记-2026-03-0001" || v.TotalFen != 120000 || len(v.Lines) != 2 {
		t.Fatalf("posted: %+v", v)
	}
	if v2 := e.postVoucher("2026-03-20", line("5201", 30000, 0, "办公用品"), line("1001", 0, 30000, "")); v2.Number != "记-2026-03-0002" {
		t.Fatalf("second number %q", v2.Number)
	}
	if v3 := e.postVoucher("2026-04-01", line("5101", 1000, 0, ""), line("1002", 0, 1000, "")); v3.Number != "记-2026-04-0001" {
		t.Fatalf("numbered per period: %q", v3.Number)
	}

	// Refused with 422, naming the field.
	for name, body := range map[string]any{
		"unbalanced":      map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{line("1002", 100, 0, ""), line("4201", 0, 99, "")}},
		"empty":           map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{}},
		"no lines":        map[string]any{"date": "2026-03-05", "summary": "x"},
		"negative":        map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{line("1002", -100, 0, ""), line("4201", 0, -100, "")}},
		"unknown account": map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{line("1002", 100, 0, ""), line("4999", 0, 100, "")}},
		"both sides":      map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{line("1002", 100, 100, ""), line("4201", 100, 100, "")}},
		"zero line":       map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{line("1002", 0, 0, ""), line("4201", 0, 0, "")}},
		"bad date":        map[string]any{"date": "2026-02-30", "summary": "x", "lines": []any{line("1002", 100, 0, ""), line("4201", 0, 100, "")}},
		"one line":        map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{line("1002", 0, 0, "")}},
		"junk account":    map[string]any{"date": "2026-03-05", "summary": "x", "lines": []any{line("现金", 100, 0, ""), line("4201", 0, 100, "")}},
	} {
		resp := e.do("admin", "POST", "/api/v1/finance/vouchers", body)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", name, resp.StatusCode, readBody(t, resp))
			continue
		}
		if er := decodeErr(t, resp); er.Error.Details["fields"] == nil {
			t.Errorf("%s: no fields in %+v", name, er)
		}
	}
	if resp := e.do("staff", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-03-05", "lines": []any{}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("staff without finance.post: %d", resp.StatusCode)
	}

	// Posted vouchers never change.
	path := "/api/v1/finance/vouchers/" + strconv.FormatInt(v.ID, 10)
	for _, m := range []string{"PATCH", "DELETE"} {
		resp := e.do("admin", m, path, map[string]any{"summary": "改"})
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Fatalf("%s: %d", m, resp.StatusCode)
		}
		if er := decodeErr(t, resp); er.Error.Code == "" {
			t.Fatal("405 without the error shape")
		}
	}
	got := decodeAs[voucherJSON](t, e.do("admin", "GET", path, nil))
	if got.TotalFen != 120000 || got.Lines[0].DebitFen != 120000 {
		t.Fatalf("after PATCH/DELETE: %+v", got)
	}

	// Reversal: dated today, the sides swapped; a second reversal is a conflict.
	resp := e.do("admin", "POST", path+"/reverse", nil)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("reverse: %d %s", resp.StatusCode, readBody(t, resp))
	}
	rev := decodeAs[voucherJSON](t, resp)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	if today := time.Now().In(loc).Format("2006-01-02"); rev.Date != today || rev.ReversesID != v.ID || rev.Kind != "reversal" {
		t.Fatalf("reversal %+v, want dated %s", rev, today)
	}
	if rev.Lines[0].Account != "1002" || rev.Lines[0].CreditFen != 120000 || rev.Lines[1].DebitFen != 120000 {
		t.Fatalf("reversal lines %+v", rev.Lines)
	}
	if resp := e.do("admin", "POST", path+"/reverse", nil); resp.StatusCode != http.StatusConflict {
		t.Fatalf("second reversal: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "POST", "/api/v1/finance/vouchers/999999/reverse", nil); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("reverse missing: %d", resp.StatusCode)
	}

	// Verify.
	ver := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/verify", nil))
	if ver["ok"] != true || ver["vouchers"].(float64) != 4 || ver["first_bad"] != nil {
		t.Fatalf("verify: %v", ver)
	}
	if _, has := ver["first_bad"]; !has {
		t.Fatal("first_bad must be present (null)")
	}
}

func TestStatementsAPI(t *testing.T) {
	e := newEnv(t)
	e.postVoucher("2026-01-02", line("1002", 1000000, 0, "期初"), line("3101", 0, 1000000, "期初"))
	e.postVoucher("2026-01-10", line("100201", 500000, 0, ""), line("410102", 0, 500000, "限定性捐赠"))
	e.postVoucher("2026-02-10", line("1001", 200000, 0, ""), line("4201", 0, 200000, "会费"))
	e.postVoucher("2026-02-11", line("520102", 30000, 0, ""), line("1001", 0, 30000, ""))
	e.postVoucher("2026-02-12", line("1501", 100000, 0, ""), line("2202", 0, 100000, "赊购电脑"))
	e.postVoucher("2026-02-13", line("3102", 100000, 0, ""), line("3101", 0, 100000, "解除限定"))
	e.postVoucher("2026-03-01", line("1002", 300000, 0, ""), line("2101", 0, 300000, "借款"))

	bs := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/reports/balance-sheet?date=2026-12-31", nil))
	assets, liab, na := bs["total_assets_fen"].(float64), bs["total_liabilities_fen"].(float64), bs["total_net_assets_fen"].(float64)
	if assets != liab+na || bs["balanced"] != true || assets != 1000000+500000+200000-30000+100000+300000 {
		t.Fatalf("balance sheet: assets %v liabilities %v net %v %v", assets, liab, na, bs)
	}
	act := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/reports/activities?from=2026-01-01&to=2026-12-31", nil))
	change := act["change_in_net_assets"].(map[string]any)
	if act["ties_out"] != true || change["amount_fen"].(float64) != 500000+200000-30000 ||
		change["restricted_fen"].(float64) != 400000 || change["unrestricted_fen"].(float64) != 270000 {
		t.Fatalf("activities: %v", act)
	}
	cf := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/reports/cash-flow?from=2026-02-01&to=2026-12-31", nil))
	if cf["ties_out"] != true || cf["net_increase_fen"].(float64) != 200000-30000+300000 {
		t.Fatalf("cash flow: %v", cf)
	}
	tb := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/reports/trial-balance?from=2026-02-01&to=2026-02-28", nil))
	if tb["balanced"] != true {
		t.Fatalf("trial balance: %v", tb)
	}
	for _, bad := range []string{"balance-sheet?date=2026-13-01", "activities?from=2026-05-01&to=2026-01-01", "cash-flow?from=x", "ledger?account=9999", "ledger"} {
		resp := e.do("admin", "GET", "/api/v1/finance/reports/"+bad, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		}
		resp.Body.Close()
	}
	led := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/reports/ledger?account=1002&from=2026-01-01&to=2026-12-31&limit=1", nil))
	if led["next_cursor"] == "" || len(led["entries"].([]any)) != 1 {
		t.Fatalf("ledger page: %v", led)
	}
	led2 := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/reports/ledger?account=1002&from=2026-01-01&to=2026-12-31&cursor="+led["next_cursor"].(string), nil))
	entries := led2["entries"].([]any)
	if last := entries[len(entries)-1].(map[string]any); last["balance_fen"].(float64) != 1800000 {
		t.Fatalf("running balance across pages: %v", led2)
	}

	// Closing a period: nothing more in it (periods close in order: January first).
	if resp := e.do("admin", "POST", "/api/v1/finance/periods/close", map[string]any{"period": "2026-01"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("close: %d %s", resp.StatusCode, readBody(t, resp))
	}
	if resp := e.do("admin", "POST", "/api/v1/finance/periods/close", map[string]any{"period": "2026-02"}); resp.StatusCode != http.StatusOK {
		t.Fatalf("close: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp := e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-02-20", "summary": "迟到", "lines": []any{line("1001", 1, 0, ""), line("4901", 0, 1, "")}})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("post into a closed period: %d", resp.StatusCode)
	}
	resp.Body.Close()
	if resp := e.do("admin", "POST", "/api/v1/finance/periods/close", map[string]any{"period": "2026-02"}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("close twice: %d", resp.StatusCode)
	}
}

func TestBudgetsAndDonationsAPI(t *testing.T) {
	e := newEnv(t)
	resp := e.do("admin", "POST", "/api/v1/finance/budgets", map[string]any{"year": 2026, "department_id": 7, "department": "财务部",
		"account": "5201", "amount_fen": 100000, "resolution": "理事会决议〔2026〕1号"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("budget: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()
	if resp := e.do("admin", "POST", "/api/v1/finance/budgets", map[string]any{"year": 2026, "account": "1002", "amount_fen": 1}); resp.StatusCode != 422 {
		t.Fatalf("budget on an asset account: %d", resp.StatusCode)
	}
	post := func(fen int64) {
		resp := e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-05-01", "summary": "办公",
			"lines": []any{map[string]any{"account": "520102", "debit_fen": fen, "credit_fen": 0, "department_id": 7}, line("1001", 0, fen, "")}})
		if resp.StatusCode != 201 {
			t.Fatalf("post: %d %s", resp.StatusCode, readBody(t, resp))
		}
		resp.Body.Close()
	}
	alert := func() string {
		l := decodeAs[struct {
			Items []struct {
				ActualFen int64  `json:"actual_fen"`
				Alert     string `json:"alert"`
			} `json:"items"`
		}](t, e.do("admin", "GET", "/api/v1/finance/budgets?year=2026", nil))
		return l.Items[0].Alert
	}
	post(70000)
	if a := alert(); a != "" {
		t.Fatalf("70%%: alert %q", a)
	}
	post(10000)
	if a := alert(); a != "80" {
		t.Fatalf("80%% (以上 includes it): alert %q", a)
	}
	post(20000)
	if a := alert(); a != "100" {
		t.Fatalf("100%%: alert %q", a)
	}

	resp = e.do("admin", "POST", "/api/v1/finance/donations", map[string]any{"donor": "某某集团", "date": "2026-05-02", "amount_fen": 500000, "restricted": true, "purpose": "助学"})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("donation: %d %s", resp.StatusCode, readBody(t, resp))
	}
	d := decodeAs[map[string]any](t, resp)
	id := strconv.FormatInt(int64(d["id"].(float64)), 10)
	if d["receipt_no"] != "捐-2026-00001" {
		t.Fatalf("receipt %v", d["receipt_no"])
	}
	if resp := e.do("admin", "POST", "/api/v1/finance/donations/"+id+"/release", map[string]any{"amount_fen": 600000, "reason": "超额"}); resp.StatusCode != 422 {
		t.Fatalf("release too much: %d", resp.StatusCode)
	}
	if resp := e.do("admin", "POST", "/api/v1/finance/donations/"+id+"/release", map[string]any{"amount_fen": 200000, "reason": "用于助学", "date": "2026-06-01"}); resp.StatusCode != 201 {
		t.Fatalf("release: %d %s", resp.StatusCode, readBody(t, resp))
	}
	act := decodeAs[map[string]any](t, e.do("admin", "GET", "/api/v1/finance/reports/activities?from=2026-01-01&to=2026-12-31", nil))
	re := act["reclassified"].(map[string]any)
	if re["unrestricted_fen"].(float64) != 200000 || re["restricted_fen"].(float64) != -200000 || act["ties_out"] != true {
		t.Fatalf("released: %v", re)
	}
}
