package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"POST /api/v1/finance/opening-balances":            "finance.post",
	"GET /api/v1/finance/settings":                     "finance.read",
	"PUT /api/v1/finance/settings":                     "settings.write",
	"GET /api/v1/finance/voucher-drafts":               "finance.read",
	"POST /api/v1/finance/voucher-drafts":              "finance.post",
	"GET /api/v1/finance/voucher-drafts/{id}":          "finance.read",
	"POST /api/v1/finance/voucher-drafts/{id}/review":  "finance.review",
	"POST /api/v1/finance/voucher-drafts/{id}/reject":  "finance.review",
	"POST /api/v1/finance/voucher-drafts/{id}/cashier": "finance.cashier",
	"POST /api/v1/finance/voucher-drafts/{id}/post":    "finance.post",
	"GET /api/v1/finance/vouchers/{id}/signoff":        "finance.read",
	"GET /finance/drafts":                              "finance.read",
	"GET /finance/drafts/{id}":                         "finance.read",
	"POST /finance/drafts/{id}/review":                 "finance.review",
	"POST /finance/drafts/{id}/reject":                 "finance.review",
	"POST /finance/drafts/{id}/cashier":                "finance.cashier",
	"POST /finance/drafts/{id}/post":                   "finance.post",
	"GET /finance/vouchers/{id}/print":                 "finance.read",
})

func ln(acct string, dr, cr int64) map[string]any {
	return map[string]any{"account": acct, "debit_fen": dr, "credit_fen": cr}
}

// TestVoucherWorkflowAPI: with review on, a voucher entered is a draft;
// the maker cannot review it; a cash voucher needs the 出纳; posted, it is
// numbered in the chain and its print names all four.
func TestVoucherWorkflowAPI(t *testing.T) {
	e := claimEnv(t)
	var fs chamber.FinanceSettings
	decodeInto(t, e.do("clerk", "PUT", "/api/v1/finance/settings", map[string]bool{"review": true}), 403, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/finance/settings", map[string]bool{"review": true, "leaf_only": true, "no_overdraft": true}), 200, &fs)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/opening-balances", map[string]any{"date": "2026-01-01",
		"lines": []any{ln("1001", 100000, 0), ln("3101", 0, 100000)}}), 201, nil)
	// Leaf accounts only.
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-03-02", "lines": []any{ln("5201", 2000, 0), ln("1001", 0, 2000)}}), 422, nil)
	var d chamber.VoucherDraft
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/vouchers", map[string]any{"date": "2026-03-02", "summary": "办公用品", "attachments": 2,
		"lines": []any{ln("520102", 2000, 0), ln("1001", 0, 2000)}}), 202, &d)
	if d.Status != chamber.DraftOpen || !d.MovesCash || d.Maker.Name != "李会计" {
		t.Fatalf("draft: %+v", d)
	}
	id := "/api/v1/finance/voucher-drafts/" + strconv.FormatInt(d.ID, 10)
	decodeInto(t, e.do("clerk", "POST", id+"/review", nil), 403, nil)  // no finance.review
	decodeInto(t, e.do("director", "POST", id+"/post", nil), 409, nil) // not reviewed
	decodeInto(t, e.do("director", "POST", id+"/review", nil), 200, &d)
	decodeInto(t, e.do("director", "POST", id+"/post", nil), 409, nil) // the 出纳 first
	decodeInto(t, e.do("clerk", "POST", id+"/cashier", nil), 409, nil) // the maker is not the 出纳
	decodeInto(t, e.do("admin", "POST", id+"/cashier", nil), 200, &d)
	decodeInto(t, e.do("director", "POST", id+"/post", nil), 200, &d)
	if d.Status != chamber.DraftPosted || d.VoucherID == 0 || d.Reviewer.Name != "王总监" {
		t.Fatalf("posted: %+v", d)
	}
	decodeInto(t, e.do("director", "POST", id+"/post", nil), 409, nil) // once
	// Whoever makes a voucher does not review it.
	var own chamber.VoucherDraft
	decodeInto(t, e.do("director", "POST", "/api/v1/finance/voucher-drafts", map[string]any{"date": "2026-03-03",
		"lines": []any{ln("520102", 200000, 0), ln("1001", 0, 200000)}}), 201, &own)
	oid := "/api/v1/finance/voucher-drafts/" + strconv.FormatInt(own.ID, 10)
	decodeInto(t, e.do("director", "POST", oid+"/review", nil), 409, nil)
	decodeInto(t, e.do("admin", "POST", oid+"/review", nil), 200, nil)
	decodeInto(t, e.do("clerk", "POST", oid+"/cashier", nil), 200, nil)
	// ¥2,000 of ¥980 cash: an overdraft, posted only when confirmed.
	decodeInto(t, e.do("admin", "POST", oid+"/post", nil), 422, nil)
	decodeInto(t, e.do("admin", "POST", oid+"/post", map[string]bool{"confirm_overdraft": true}), 200, nil)
	decodeInto(t, e.do("director", "POST", "/api/v1/finance/voucher-drafts/999999/review", nil), 404, nil)
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/voucher-drafts?status=bogus", nil), 422, nil)

	var so chamber.Signoff
	vid := strconv.FormatInt(d.VoucherID, 10)
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/vouchers/"+vid+"/signoff", nil), 200, &so)
	if so.Attachments != 2 || so.Maker.Name != "李会计" || so.Reviewer.Name != "王总监" || so.Cashier.Name != "管理员" || so.Poster.Name != "王总监" {
		t.Fatalf("signoff: %+v", so)
	}
	c := e.browser("zh-CN")
	e.login(c, "director")
	page := e.get(c, "/finance/vouchers/"+vid+"/print")
	for _, want := range []string{"记账凭证", "附单据", "制单：李会计", "审核：王总监", "出纳：管理员", "记账：王总监", "520102 办公费", "5201 管理费用"} {
		if !strings.Contains(page, want) {
			t.Errorf("voucher print lacks %q", want)
		}
	}
	for _, path := range []string{"/finance/drafts", "/finance/drafts/" + strconv.FormatInt(own.ID, 10), "/finance/reports/ledger?account=1001", "/finance/reports/trial-balance"} {
		if body := e.get(c, path); untranslated.MatchString(body) || strings.Contains(body, "finance.") {
			t.Errorf("%s: untranslated key", path)
		}
	}
	// The cash ledger warns of the overdraft.
	if body := e.get(c, "/finance/reports/ledger?account=1001&from=2026-01-01&to=2026-12-31"); !strings.Contains(body, "透支") {
		t.Error("the cash ledger does not warn of the overdraft")
	}
}
