package web_test

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /purchases":                      "login",
	"POST /purchases":                     "login",
	"GET /purchases/{id}":                 "login",
	"POST /purchases/{id}/approve":        "login",
	"POST /purchases/{id}/reject":         "login",
	"POST /purchases/{id}/receive":        "staff.manage",
	"GET /assets":                         "org.read",
	"GET /assets/{id}":                    "org.read",
	"POST /assets/check":                  "staff.manage",
	"POST /assets/{id}/transfer":          "staff.manage",
	"POST /assets/{id}/dispose":           "staff.manage",
	"GET /supplies":                       "org.read",
	"POST /supplies":                      "staff.manage",
	"POST /supplies/{id}/issue":           "staff.manage",
	"POST /api/v1/purchases":              "login",
	"GET /api/v1/purchases":               "login",
	"GET /api/v1/purchases/{id}":          "login",
	"POST /api/v1/purchases/{id}/approve": "login",
	"POST /api/v1/purchases/{id}/reject":  "login",
	"POST /api/v1/purchases/{id}/receive": "staff.manage",
	"GET /api/v1/purchase-budgets":        "org.read",
	"GET /api/v1/assets":                  "org.read",
	"GET /api/v1/assets/{id}":             "org.read",
	"POST /api/v1/assets/{id}/transfer":   "staff.manage",
	"POST /api/v1/assets/{id}/dispose":    "staff.manage",
	"POST /api/v1/asset-checks":           "staff.manage",
	"GET /api/v1/supplies":                "org.read",
	"POST /api/v1/supplies":               "staff.manage",
	"POST /api/v1/supplies/{id}/issue":    "staff.manage",
	"GET /api/v1/supplies/{id}/moves":     "org.read",
})

// TestPurchaseAPI: a ¥6,000 request goes to the director then the 秘书长
// (the claims' limits), over-budget is 422 on budget_id, receipt posts
// a balanced voucher to 1501 and fills the register and the stock; 20
// issues of a stock of 10 at once: 10 are 201, 10 are 409; the pages.
func TestPurchaseAPI(t *testing.T) {
	e := claimEnv(t)
	year := atoiYearTest(e.db.Today(sysCtx))
	b, err := e.db.CreateBudget(sysCtx, chamber.Budget{Year: year, Account: "520102", AmountFen: 2000000, Project: "办公设备"})
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]any{"title": "办公电脑", "budget_id": b.ID, "items": []map[string]any{
		{"name": "笔记本电脑", "unit": "台", "qty": 1, "unit_price_fen": 500000, "asset": true},
		{"name": "A4纸", "unit": "箱", "qty": 10, "unit_price_fen": 10000}}}
	var p chamber.Purchase
	decodeInto(t, e.do("clerk", "POST", "/api/v1/purchases", in), 201, &p)
	if len(p.Steps) != 2 || p.Status != "pending" || p.Budget == nil || p.Budget.AvailableFen != 1400000 {
		t.Fatalf("filed: %+v", p)
	}
	over := map[string]any{"title": "会议桌", "budget_id": b.ID, "items": []map[string]any{{"name": "会议桌", "qty": 1, "unit_price_fen": 1400001, "asset": true}}}
	resp := e.do("clerk", "POST", "/api/v1/purchases", over)
	if ae := decodeErr(t, resp); resp.StatusCode != 422 || !strings.Contains(fmt.Sprint(ae), "budget_id") {
		t.Fatalf("over budget: %d %+v", resp.StatusCode, ae)
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/purchases", map[string]any{"title": "", "items": []any{}}), 422, nil)
	id := "/api/v1/purchases/" + strconv.FormatInt(p.ID, 10)
	decodeInto(t, e.do("sg", "POST", id+"/approve", nil), 403, nil)
	decodeInto(t, e.do("director", "POST", id+"/approve", map[string]any{"comment": "同意"}), 200, &p)
	var todo struct{ Items []chamber.TodoItem }
	decodeInto(t, e.do("sg", "GET", "/api/v1/me/todo", nil), 200, &todo)
	found := false
	for _, it := range todo.Items {
		found = found || (it.Kind == "purchase" && it.ID == p.ID)
	}
	if !found {
		t.Fatalf("sg to-do: %+v", todo)
	}
	decodeInto(t, e.do("sg", "POST", id+"/approve", nil), 200, &p)
	if p.Status != "approved" {
		t.Fatalf("approved: %+v", p)
	}
	decodeInto(t, e.do("clerk", "POST", id+"/receive", nil), 403, nil)
	decodeInto(t, e.do("sg", "POST", id+"/receive", map[string]any{"location": "秘书处"}), 200, &p)
	if p.Status != "received" || p.VoucherID == 0 {
		t.Fatalf("received: %+v", p)
	}
	v, err := e.db.FindVoucher(sysCtx, p.VoucherID)
	if err != nil {
		t.Fatal(err)
	}
	var dr, cr, fixed int64
	for _, l := range v.Lines {
		dr, cr = dr+l.DebitFen, cr+l.CreditFen
		if l.Account == "1501" {
			fixed += l.DebitFen
		}
	}
	if dr != cr || fixed != 500000 {
		t.Fatalf("voucher %+v", v.Lines)
	}
	var assets struct{ Items []chamber.Asset }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/assets", nil), 200, &assets)
	if len(assets.Items) != 1 || assets.Items[0].Name != "笔记本电脑" {
		t.Fatalf("assets %+v", assets)
	}
	aid := "/api/v1/assets/" + strconv.FormatInt(assets.Items[0].ID, 10)
	decodeInto(t, e.do("sg", "POST", aid+"/transfer", map[string]any{"custodian_user_id": 0}), 422, nil)

	// Supplies: 20 issues of one each at once against a stock of 10.
	var sp chamber.Supply
	decodeInto(t, e.do("sg", "POST", "/api/v1/supplies", map[string]any{"name": "签字笔", "unit": "支", "stock": 10}), 201, &sp)
	me := struct{ ID chamber.ID }{}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/me", nil), 200, &me)
	var wg sync.WaitGroup
	codes := make([]int, 20)
	for i := range codes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := e.do("sg", "POST", "/api/v1/supplies/"+strconv.FormatInt(sp.ID, 10)+"/issue", map[string]any{"qty": 1, "user_id": me.ID})
			codes[i] = r.StatusCode
			r.Body.Close()
		}(i)
	}
	wg.Wait()
	n := map[int]int{}
	for _, c := range codes {
		n[c]++
	}
	if n[201] != 10 || n[409] != 10 {
		t.Fatalf("codes %v", n)
	}

	// The pages, both languages.
	for lang, want := range map[string][]string{"zh-CN": {"在用", "笔记本电脑", "盘点"}, "en": {"In use", "Inventory check"}} {
		c := e.browser(lang)
		e.login(c, "sg")
		for path, words := range map[string][]string{"/assets": want, "/purchases": {p.Number}, "/purchases/" + strconv.FormatInt(p.ID, 10): {p.Number},
			"/supplies": {"A4纸", "签字笔"}, aid[len("/api/v1"):]: {"笔记本电脑"}} {
			resp, err := c.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			for _, w := range words {
				if resp.StatusCode != 200 || !strings.Contains(body, w) {
					t.Fatalf("%s %s: %d, no %q", lang, path, resp.StatusCode, w)
				}
			}
		}
		resp, err := c.PostForm(e.srv.URL+"/supplies/"+strconv.FormatInt(sp.ID, 10)+"/issue", url.Values{"qty": {"5"}, "user_id": {strconv.FormatInt(me.ID, 10)}})
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != 409 || !strings.Contains(body, map[string]string{"zh-CN": "库存不足", "en": "Not enough in stock"}[lang]) {
			t.Fatalf("%s issue beyond stock: %d", lang, resp.StatusCode)
		}
	}
}

func atoiYearTest(date string) int { y, _ := strconv.Atoi(date[:4]); return y }
