package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"POST /assets/depreciation":         "finance.post",
	"POST /assets/{id}/life":            "finance.post",
	"POST /api/v1/finance/depreciation": "finance.post",
	"GET /api/v1/finance/depreciation":  "finance.read",
	"POST /api/v1/assets/{id}/life":     "finance.post",
})

// TestDepreciation: assets received in January are charged from February,
// straight line, one balanced voucher a month (Dr 520105 / Cr 1502); a
// month runs once, also when five runs arrive at once; a shorter life
// changes the months still to run; disposal clears the accumulated
// depreciation.
func TestDepreciation(t *testing.T) {
	e := claimEnv(t)
	year := atoiYearTest(e.db.Today(sysCtx))
	y := strconv.Itoa(year)
	b, err := e.db.CreateBudget(sysCtx, chamber.Budget{Year: year, Account: "520102", AmountFen: 2000000, Project: "办公设备"})
	if err != nil {
		t.Fatal(err)
	}
	var p chamber.Purchase
	decodeInto(t, e.do("clerk", "POST", "/api/v1/purchases", map[string]any{"title": "办公设备", "budget_id": b.ID, "items": []map[string]any{
		{"name": "笔记本电脑", "unit": "台", "qty": 1, "unit_price_fen": 600000, "asset": true},
		{"name": "会议桌", "unit": "张", "qty": 1, "unit_price_fen": 100003, "asset": true}}}), 201, &p)
	pid := "/api/v1/purchases/" + strconv.FormatInt(p.ID, 10)
	decodeInto(t, e.do("director", "POST", pid+"/approve", nil), 200, nil)
	decodeInto(t, e.do("sg", "POST", pid+"/approve", nil), 200, nil)
	decodeInto(t, e.do("sg", "POST", pid+"/receive", map[string]any{"date": y + "-01-15", "location": "秘书处"}), 200, nil)
	var assets struct{ Items []chamber.Asset }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/assets", nil), 200, &assets)
	if len(assets.Items) != 2 || assets.Items[0].LifeMonths != chamber.DefaultLifeMonths {
		t.Fatalf("assets: %+v", assets.Items)
	}
	laptop, desk := assets.Items[0], assets.Items[1]

	var run chamber.DepreciationRun
	decodeInto(t, e.do("sg", "POST", "/api/v1/finance/depreciation", map[string]any{"month": y + "-02"}), 403, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/depreciation", map[string]any{"month": y + "-13"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/depreciation", map[string]any{"month": strconv.Itoa(year+1) + "-01"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/depreciation", map[string]any{"month": y + "-01"}), 201, &run)
	if run.AmountFen != 0 || run.VoucherID != 0 {
		t.Fatalf("January (acquired that month): %+v", run)
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/depreciation", map[string]any{"month": y + "-02"}), 201, &run)
	if run.AmountFen != 10000+1666 || run.Assets != 2 || run.VoucherID == 0 {
		t.Fatalf("February: %+v", run)
	}
	v, err := e.db.FindVoucher(sysCtx, run.VoucherID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Lines) != 2 || v.Lines[0].Account != chamber.AccountDepreciationExpense || v.Lines[0].DebitFen != 11666 ||
		v.Lines[1].Account != chamber.AccountAccumulatedDepreciation || v.Lines[1].CreditFen != 11666 || v.Date != y+"-02-28" && v.Date != y+"-02-29" {
		t.Fatalf("voucher: %+v", v)
	}
	var again chamber.DepreciationRun
	decodeInto(t, e.do("director", "POST", "/api/v1/finance/depreciation", map[string]any{"month": y + "-02"}), 200, &again)
	if again.VoucherID != run.VoucherID || again.AmountFen != run.AmountFen || len(again.Lines) != 2 {
		t.Fatalf("the repeat: %+v", again)
	}

	// Five runs of March at once: one 201, one voucher.
	codes := make([]int, 5)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := e.do("clerk", "POST", "/api/v1/finance/depreciation", map[string]any{"month": y + "-03"})
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	won := 0
	for _, c := range codes {
		if c == 201 {
			won++
		} else if c != 200 {
			t.Fatalf("status %d", c)
		}
	}
	if won != 1 {
		t.Fatalf("%d runs of March created, want 1: %v", won, codes)
	}
	var runs struct{ Items []chamber.DepreciationRun }
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/depreciation", nil), 200, &runs)
	if len(runs.Items) != 3 || runs.Items[0].Month != y+"-03" || runs.Items[0].AmountFen != 11667 {
		t.Fatalf("runs: %+v", runs.Items)
	}

	// A one-year life from April: month k=2 of 12 is 50000 for the laptop.
	lid := "/api/v1/assets/" + strconv.FormatInt(laptop.ID, 10)
	decodeInto(t, e.do("clerk", "POST", lid+"/life", map[string]any{"life_months": 0}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", lid+"/life", map[string]any{"life_months": 12, "residual_fen": 600000}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", lid+"/life", map[string]any{"life_months": 12}), 200, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/depreciation", map[string]any{"month": y + "-04"}), 201, &run)
	if len(run.Lines) != 2 || run.Lines[0].AssetID != laptop.ID || run.Lines[0].AmountFen != 600000*3/12-600000*2/12 {
		t.Fatalf("April: %+v", run)
	}
	var ledger struct {
		Entries []struct {
			BalanceFen int64 `json:"balance_fen"`
		}
	}
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reports/ledger?account=1502&from="+y+"-01-01&to="+y+"-12-31", nil), 200, &ledger)
	want := int64(11666 + 11667 + 50000 + 1667)
	if n := len(ledger.Entries); n != 3 || -ledger.Entries[n-1].BalanceFen != want && ledger.Entries[n-1].BalanceFen != want {
		t.Fatalf("1502 ledger: %+v, want %d", ledger.Entries, want)
	}

	// Disposal: Dr 1502 what was charged, Dr 5401 the rest, Cr 1501 the cost.
	var d chamber.Asset
	decodeInto(t, e.do("sg", "POST", "/api/v1/assets/"+strconv.FormatInt(desk.ID, 10)+"/dispose", map[string]any{"date": y + "-04-30", "reason": "损坏"}), 200, &d)
	dv, err := e.db.FindVoucher(sysCtx, d.DisposalVoucherID)
	if err != nil {
		t.Fatal(err)
	}
	charged := int64(1666 + 1667 + 1667)
	if len(dv.Lines) != 3 || dv.Lines[0].Account != "1502" || dv.Lines[0].DebitFen != charged || dv.Lines[1].DebitFen != 100003-charged || dv.Lines[2].CreditFen != 100003 {
		t.Fatalf("disposal voucher: %+v", dv.Lines)
	}
	for lang, want := range map[string]string{"zh-CN": "固定资产折旧", "en": "Depreciation"} {
		c := e.browser(lang)
		e.login(c, "director")
		resp, err := c.Get(e.srv.URL + "/assets")
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, `data-run="`+y+`-04"`) {
			t.Fatalf("%s assets page: %d", lang, resp.StatusCode)
		}
		resp, err = c.PostForm(e.srv.URL+"/assets/depreciation", url.Values{"month": {"bad"}})
		if err != nil {
			t.Fatal(err)
		}
		if readBody(t, resp); resp.StatusCode != 422 {
			t.Fatalf("%s bad month: %d", lang, resp.StatusCode)
		}
	}
	var ok struct{ OK bool }
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/verify", nil), 200, &ok)
	if !ok.OK {
		t.Fatal("ledger does not verify")
	}
}
