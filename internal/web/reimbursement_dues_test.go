package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chromedp/chromedp"
)

var _ = addRouteAccess(map[string]string{
	"GET /reimbursements":                                 "login",
	"GET /reimbursements/new":                             "login",
	"POST /reimbursements":                                "login",
	"GET /reimbursements/{id}":                            "login",
	"POST /reimbursements/{id}/approve":                   "login",
	"POST /reimbursements/{id}/reject":                    "login",
	"POST /reimbursements/{id}/pay":                       "finance.post",
	"GET /finance/reimbursements":                         "finance.read",
	"POST /finance/reimbursements/limits":                 "settings.write",
	"GET /finance/budgets":                                "finance.read",
	"POST /finance/budgets":                               "finance.post",
	"GET /finance/donations":                              "finance.read",
	"POST /finance/donations":                             "finance.post",
	"POST /finance/donations/{id}/release":                "finance.post",
	"GET /finance/dues":                                   "finance.read",
	"POST /finance/dues/rates":                            "finance.post",
	"POST /finance/dues/invoices/generate":                "finance.post",
	"GET /finance/dues/invoices/{id}":                     "finance.read",
	"POST /finance/dues/invoices/{id}/payments":           "finance.post",
	"POST /finance/dues/invoices/{id}/adjustments":        "finance.post",
	"GET /finance/dues/arrears":                           "finance.read",
	"GET /dues/receipts/{id}":                             "login",
	"GET /portal/dues":                                    "portal",
	"GET /api/v1/finance/reimbursements":                  "login",
	"POST /api/v1/finance/reimbursements":                 "login",
	"GET /api/v1/finance/reimbursements/limits":           "login",
	"PUT /api/v1/finance/reimbursements/limits":           "settings.write",
	"GET /api/v1/finance/reimbursements/{id}":             "login",
	"POST /api/v1/finance/reimbursements/{id}/approve":    "login",
	"POST /api/v1/finance/reimbursements/{id}/reject":     "login",
	"POST /api/v1/finance/reimbursements/{id}/pay":        "finance.post",
	"GET /api/v1/finance/dues/rates":                      "finance.read",
	"POST /api/v1/finance/dues/reminders":                 "finance.post",
	"POST /finance/dues/reminders":                        "finance.post",
	"POST /api/v1/finance/dues/rates":                     "finance.post",
	"POST /api/v1/finance/dues/invoices/generate":         "finance.post",
	"GET /api/v1/finance/dues/invoices":                   "finance.read",
	"GET /api/v1/finance/dues/invoices/{id}":              "finance.read",
	"POST /api/v1/finance/dues/invoices/{id}/payments":    "finance.post",
	"POST /api/v1/finance/dues/invoices/{id}/adjustments": "finance.post",
	"GET /api/v1/finance/dues/arrears":                    "finance.read",
	"GET /api/v1/finance/dues/mine":                       "portal",
})

var untranslated = regexp.MustCompile(`>\s*(reimb|dues|budget|donation)\.[a-z_.]+`)

// claimEnv adds logins holding posts: a finance clerk, the finance
// director, the 秘书长 and a 监事, each with an API token.
func claimEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]chamber.ID{}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	sb, err := e.db.FindBodyByCode(sysCtx, chamber.BodySupervisoryBoard)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, display, position string }{
		{"clerk", "李会计", "finance_staff"}, {"director", "王总监", "finance_director"},
		{"sg", "赵秘书长", chamber.PosSecretaryGeneral}, {"supervisor", "钱监事", ""},
	} {
		created, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: u.name, Name: u.display, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		post := chamber.Post{PositionID: pos[u.position], UserID: created.ID, StartsOn: "2020-01-01"}
		if u.position == "" {
			post = chamber.Post{BodyID: sb.ID, UserID: created.ID, StartsOn: "2020-01-01"}
		}
		if _, err := e.db.Appoint(sysCtx, post); err != nil {
			t.Fatal(err)
		}
		secret, _, err := e.db.CreateToken(sysCtx, created.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[u.name] = secret
	}
	return e
}

func decodeInto(t *testing.T, resp *http.Response, want int, v any) {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != want {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, body)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReimbursementAPI(t *testing.T) {
	e := claimEnv(t)
	var c chamber.Reimbursement
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/reimbursements", map[string]any{"summary": "上海展会差旅", "receipts": "发票.pdf",
		"lines": []map[string]any{{"date": "2026-03-01", "account": "520103", "amount_fen": 450000, "memo": "机票"}, {"date": "2026-03-02", "account": "520103", "amount_fen": 150000, "memo": "酒店"}}}), 201, &c)
	if c.TotalFen != 600000 || len(c.Steps) != 2 || c.Steps[1].PositionCode != chamber.PosSecretaryGeneral || c.Status != "pending" {
		t.Fatalf("created: %+v", c)
	}
	id := "/api/v1/finance/reimbursements/" + strconv.FormatInt(c.ID, 10)
	// Junk and the wrong people.
	for _, x := range []struct {
		role, method, path string
		body               any
		want               int
	}{
		{"clerk", "POST", "/api/v1/finance/reimbursements", nil, 400},
		{"clerk", "POST", "/api/v1/finance/reimbursements", `{"summary": "x", "lines": [{"date": "x", "account": "1002", "amount_fen": -5}]}`, 422},
		{"clerk", "POST", "/api/v1/finance/reimbursements", `{"summary": "x", "lines": "no"}`, 422},
		{"staff", "POST", "/api/v1/finance/reimbursements", `{"summary": "x", "lines": [{"date": "2026-03-01", "account": "5201", "amount_fen": 5}]}`, 422},
		{"clerk", "GET", "/api/v1/finance/reimbursements/999999", nil, 404},
		{"staff", "GET", id, nil, 404},
		{"sg", "POST", id + "/approve", nil, 403},
		{"clerk", "POST", id + "/approve", nil, 403},
		{"director", "POST", id + "/reject", `{}`, 422},
		{"director", "POST", id + "/pay", nil, 409},
		{"clerk", "GET", "/api/v1/finance/reimbursements?view=nonsense", nil, 422},
	} {
		resp := e.do(x.role, x.method, x.path, x.body)
		if resp.StatusCode != x.want {
			t.Errorf("%s %s %s: %d, want %d: %s", x.role, x.method, x.path, resp.StatusCode, x.want, readBody(t, resp))
		} else {
			resp.Body.Close()
		}
	}
	var list struct{ Items []chamber.Reimbursement }
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/reimbursements?view=waiting", nil), 200, &list)
	if len(list.Items) != 1 || list.Items[0].ID != c.ID {
		t.Fatalf("director waiting: %+v", list)
	}
	decodeInto(t, e.do("director", "POST", id+"/approve", map[string]string{"comment": "同意"}), 200, &c)
	if c.CurrentStep != 1 || c.Status != "pending" {
		t.Fatalf("after director: %+v", c)
	}
	decodeInto(t, e.do("sg", "POST", id+"/approve", nil), 200, &c)
	if c.Status != "approved" || c.VoucherID == 0 {
		t.Fatalf("after sg: %+v", c)
	}
	var v chamber.Voucher
	decodeInto(t, e.do("clerk", "GET", "/api/v1/finance/vouchers/"+strconv.FormatInt(c.VoucherID, 10), nil), 200, &v)
	if v.TotalFen != 600000 || v.Lines[len(v.Lines)-1].Account != "220901" {
		t.Fatalf("voucher: %+v", v)
	}
	decodeInto(t, e.do("sg", "POST", id+"/pay", nil), 403, nil)
	decodeInto(t, e.do("director", "POST", id+"/pay", map[string]string{"cash_account": "1002"}), 200, &c)
	if c.Status != "paid" || c.PayVoucherID == 0 {
		t.Fatalf("paid: %+v", c)
	}
	// Limits: anyone reads them, settings.write changes them.
	var ls struct {
		Limits []struct {
			AboveFen     int64  `json:"above_fen"`
			PositionCode string `json:"position_code"`
		}
	}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/finance/reimbursements/limits", nil), 200, &ls)
	if len(ls.Limits) != 2 || ls.Limits[0].AboveFen != 500000 {
		t.Fatalf("limits: %+v", ls)
	}
	decodeInto(t, e.do("admin", "PUT", "/api/v1/finance/reimbursements/limits", `{"limits": [{"above_fen": -1, "position_code": "x"}]}`), 422, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/finance/reimbursements/limits", `{"limits": [{"above_fen": 1000000, "position_code": "secretary_general"}]}`), 200, &ls)
	if len(ls.Limits) != 1 || ls.Limits[0].AboveFen != 1000000 {
		t.Fatalf("limits after: %+v", ls)
	}
}

func TestDuesAPIAndPortal(t *testing.T) {
	e := claimEnv(t)
	m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "华南科技有限公司", ContactName: "孙经理", Phone: "13812345678"})
	if err != nil || m.ID != 1 {
		t.Fatalf("member: %+v %v (the env's member login is member 1)", m, err)
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/dues/rates", map[string]any{"year": 2026, "tier": "member", "amount_fen": 200000, "resolution": "会员大会决议〔2025〕3号"}), 200, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/dues/rates", map[string]any{"year": 2026, "tier": "nope", "amount_fen": 1}), 422, nil)
	var run chamber.InvoiceRun
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/dues/invoices/generate", map[string]any{"year": 2026}), 200, &run)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/dues/invoices/generate", map[string]any{"year": 2026}), 200, &run)
	if run.Created != 0 || run.Existing != 1 {
		t.Fatalf("second run: %+v", run)
	}
	var invs struct{ Items []chamber.DuesInvoice }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/finance/dues/invoices?year=2026&status=open", nil), 200, &invs)
	if len(invs.Items) != 1 || invs.Items[0].DueFen != 200000 {
		t.Fatalf("invoices: %+v", invs)
	}
	// The invoice fell due on 31 March: the member in arrears gets a reminder, once a day.
	var rem1, rem2 struct {
		AnnouncementID int64 `json:"announcement_id"`
		Recipients     int
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/dues/reminders", nil), 200, &rem1)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/dues/reminders", nil), 200, &rem2)
	if rem1.Recipients != 1 || rem1.AnnouncementID == 0 || rem2.AnnouncementID != rem1.AnnouncementID {
		t.Fatalf("reminders: %+v %+v", rem1, rem2)
	}
	inv := "/api/v1/finance/dues/invoices/" + strconv.FormatInt(invs.Items[0].ID, 10)
	decodeInto(t, e.do("clerk", "POST", inv+"/payments", map[string]any{"amount_fen": 300000, "method": "bank"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", inv+"/payments", map[string]any{"amount_fen": 1, "method": "gold"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/dues/invoices/999999/payments", map[string]any{"amount_fen": 1, "method": "bank"}), 404, nil)
	decodeInto(t, e.do("clerk", "GET", "/api/v1/finance/dues/invoices?status=bogus", nil), 422, nil)
	decodeInto(t, e.do("clerk", "GET", "/api/v1/finance/dues/arrears?as_of=junk", nil), 422, nil)
	var pay chamber.DuesPayment
	decodeInto(t, e.do("clerk", "POST", inv+"/payments", map[string]any{"date": "2026-04-01", "amount_fen": 150000, "method": "alipay", "reference": "2026040122001"}), 201, &pay)
	if pay.ReceiptNo != "会-2026-00001" || pay.CashAccount != "100902" {
		t.Fatalf("payment: %+v", pay)
	}
	decodeInto(t, e.do("clerk", "POST", inv+"/adjustments", map[string]any{"amount_fen": 50000, "reason": "困难企业减半", "approved_by": "秘书长"}), 201, nil)
	var got chamber.DuesInvoice
	decodeInto(t, e.do("clerk", "GET", inv, nil), 200, &got)
	if got.Status != chamber.DuesPaid || got.DueFen != 0 {
		t.Fatalf("invoice: %+v", got)
	}
	// The member sees its own dues and receipt in the portal, in both languages.
	var mine struct{ Items []chamber.DuesInvoice }
	decodeInto(t, e.do("member", "GET", "/api/v1/finance/dues/mine", nil), 200, &mine)
	if len(mine.Items) != 1 || len(mine.Items[0].Payments) != 1 {
		t.Fatalf("mine: %+v", mine)
	}
	for lang, want := range map[string]string{"zh-CN": "我的会费", "en": "My dues"} {
		c := e.browser(lang)
		e.login(c, "member")
		resp, _ := c.Get(e.srv.URL + "/portal/dues")
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, "会-2026-00001") {
			t.Fatalf("portal %s: %d %s", lang, resp.StatusCode, body)
		}
		resp, _ = c.Get(e.srv.URL + "/dues/receipts/" + strconv.FormatInt(pay.ID, 10))
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "会-2026-00001") {
			t.Fatalf("receipt %s: %d", lang, resp.StatusCode)
		} else if lang == "zh-CN" && !strings.Contains(body, "壹仟伍佰元整") {
			t.Fatalf("receipt lacks the amount in words: %s", body)
		}
	}
	decodeInto(t, e.do("member", "GET", inv, nil), 403, nil)
}

// TestFinancePagesBothLanguages opens every finance page of part 2 in both
// languages after some activity, and posts the forms.
func TestReimbursementAndDuesPages(t *testing.T) {
	e := claimEnv(t)
	if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "东方贸易公司", ContactName: "周", Phone: "13812345678"}); err != nil {
		t.Fatal(err)
	}
	var c chamber.Reimbursement
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/reimbursements", map[string]any{"summary": "办公用品",
		"lines": []map[string]any{{"date": "2026-03-01", "account": "520102", "amount_fen": 12000}}}), 201, &c)
	for _, lang := range []string{"zh-CN", "en"} {
		b := e.browser(lang)
		e.login(b, "director")
		post := func(path string, form url.Values, want int) string {
			resp, err := b.PostForm(e.srv.URL+path, form)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != want {
				t.Fatalf("%s %s: %d, want %d: %s", lang, path, resp.StatusCode, want, body)
			}
			return resp.Header.Get("Location")
		}
		post("/finance/budgets", url.Values{"year": {"2026"}, "department_id": {"0"}, "account": {"5201"}, "amount": {"abc"}}, 422)
		if lang == "zh-CN" {
			post("/finance/budgets", url.Values{"year": {"2026"}, "department_id": {"0"}, "account": {"5201"}, "amount": {"10000"}}, 303)
			post("/finance/donations", url.Values{"donor": {"热心企业"}, "date": {"2026-03-03"}, "amount": {"5000"}, "restricted": {"1"}, "purpose": {"助学"}}, 303)
			post("/finance/dues/rates", url.Values{"year": {"2026"}, "tier": {"member"}, "amount": {"2000"}}, 303)
			post("/finance/dues/invoices/generate", url.Values{"year": {"2026"}}, 303)
		}
		post("/finance/donations", url.Values{"donor": {""}, "date": {"x"}, "amount": {"1"}}, 422)
		post("/reimbursements", url.Values{"summary": {""}, "amount": {"x"}}, 422)
		post("/reimbursements/999999/approve", url.Values{}, 404)
		invs, _, _ := e.db.ListDuesInvoices(sysCtx, chamber.DuesFilter{}, chamber.Page{})
		inv := "/finance/dues/invoices/" + strconv.FormatInt(invs[0].ID, 10)
		post(inv+"/payments", url.Values{"date": {"2026-04-01"}, "amount": {"99999"}, "method": {"bank"}}, 422)
		for _, path := range []string{"/reimbursements", "/reimbursements/new", "/reimbursements/" + strconv.FormatInt(c.ID, 10),
			"/finance/reimbursements", "/finance/reimbursements?status=any", "/finance/budgets?year=2026", "/finance/donations",
			"/finance/dues?year=2026", "/finance/dues?year=2026&status=unpaid", inv, "/finance/dues/arrears?as_of=2026-12-31", "/finance"} {
			resp, err := b.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %d %s", lang, path, resp.StatusCode, body)
			}
			if untranslated.MatchString(body) {
				t.Errorf("%s %s: an untranslated key", lang, path)
			}
		}
		resp, _ := b.Get(e.srv.URL + "/finance/budgets?year=abc")
		if resp.Body.Close(); resp.StatusCode != 422 {
			t.Errorf("budgets junk year: %d", resp.StatusCode)
		}
	}
}

// TestSupervisoryBoardReadsFinance: a 监事 (a seat on the supervisory
// board, which grants finance.read and audit.read) reads every finance page
// and the audit trail and sees no control that writes.
func TestSupervisoryBoardReadsFinance(t *testing.T) {
	e := claimEnv(t)
	e.postVoucher("2026-03-05", line("1002", 100000, 0, "会费"), line("4201", 0, 100000, "会费"))
	var c chamber.Reimbursement
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/reimbursements", map[string]any{"summary": "打印纸",
		"lines": []map[string]any{{"date": "2026-03-01", "account": "520102", "amount_fen": 8000}}}), 201, &c)
	decodeInto(t, e.do("director", "POST", "/api/v1/finance/reimbursements/"+strconv.FormatInt(c.ID, 10)+"/approve", nil), 200, &c)
	b := e.browser("zh-CN")
	e.login(b, "supervisor")
	formAction := regexp.MustCompile(`<form[^>]*method="post"[^>]*action="([^"]+)"`)
	for _, path := range []string{"/finance", "/finance/vouchers/" + strconv.FormatInt(c.VoucherID, 10), "/finance/reports/balance-sheet",
		"/finance/reports/activities", "/finance/reports/cash-flow", "/finance/reports/trial-balance", "/finance/reports/ledger",
		"/finance/reimbursements", "/finance/reimbursements?status=any", "/reimbursements/" + strconv.FormatInt(c.ID, 10),
		"/finance/budgets", "/finance/donations", "/finance/dues", "/finance/dues/arrears", "/audit"} {
		resp, err := b.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		for _, m := range formAction.FindAllStringSubmatch(body, -1) {
			if m[1] != "/logout" && m[1] != "/lang" && !strings.Contains(m[1], "/lang") {
				t.Errorf("%s: the supervisor sees a form posting to %s", path, m[1])
			}
		}
		if strings.Contains(body, `formaction=`) {
			t.Errorf("%s: a write button", path)
		}
	}
	for _, x := range []struct{ method, path string }{
		{"POST", "/api/v1/finance/vouchers"}, {"POST", "/api/v1/finance/budgets"}, {"POST", "/api/v1/finance/donations"},
		{"POST", "/api/v1/finance/dues/invoices/generate"}, {"POST", "/api/v1/finance/reimbursements/" + strconv.FormatInt(c.ID, 10) + "/pay"},
	} {
		if resp := e.do("supervisor", x.method, x.path, `{}`); resp.StatusCode != 403 {
			t.Errorf("supervisor %s %s: %d", x.method, x.path, resp.StatusCode)
		}
	}
	for _, path := range []string{"/api/v1/audit", "/api/v1/finance/verify", "/api/v1/finance/reimbursements?view=all", "/api/v1/finance/dues/arrears"} {
		if resp := e.do("supervisor", "GET", path, nil); resp.StatusCode != 200 {
			t.Errorf("supervisor GET %s: %d", path, resp.StatusCode)
		}
	}
}

// TestBrowserReimbursement: on a phone-sized screen a finance clerk files a
// ¥6,000 claim, the finance director and then the 秘书长 approve it, the
// voucher is posted and the department's budget line moves.
func TestBrowserReimbursement(t *testing.T) {
	e := claimEnv(t)
	year := e.db.Today(sysCtx)[:4]
	ps, _ := e.db.ListPositions(sysCtx)
	var dept chamber.ID
	for _, p := range ps {
		if p.Code == "finance_director" {
			dept = p.DepartmentID
		}
	}
	y, _ := strconv.Atoi(year)
	if _, err := e.db.CreateBudget(sysCtx, chamber.Budget{Year: y, DepartmentID: dept, Department: "财务部", Account: "5201", AmountFen: 700000, Resolution: "理事会决议"}); err != nil {
		t.Fatal(err)
	}
	var ctx context.Context
	step := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string) {
		if dir := os.Getenv("CHAMBER_SCREENSHOTS"); dir != "" {
			// The viewport shot keeps the phone layout as it is (a full-page shot resizes it).
			if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				os.WriteFile(dir+"/"+name+".png", png, 0o644)
			}
		}
	}
	login := func(user, next string) {
		t.Helper()
		ctx = newBrowser(t, 390, 844) // each person on their own phone
		step(chromedp.Navigate(e.srv.URL+"/login?next="+url.QueryEscape(next)),
			chromedp.WaitVisible(`input[name=username]`),
			chromedp.SendKeys(`input[name=username]`, user),
			chromedp.SendKeys(`input[name=password]`, testPassword),
			chromedp.Click(`button[type=submit].primary`))
	}
	text := func(sel string) string {
		t.Helper()
		// A page still loading after a redirect can drop the first query:
		// try again briefly before failing.
		var err error
		for try := 0; try < 20; try++ {
			var s string
			if s, err = chromedp.Run(ctx, chromedp.Text(sel)); err == nil {
				return s
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("%s: %v", sel, err)
		return ""
	}
	// The clerk files the claim.
	login("clerk", "/reimbursements/new")
	step(chromedp.WaitVisible(`form.claim-form`),
		chromedp.SendKeys(`input[name=summary]`, "广州展会差旅"))
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){
		const f = document.querySelector("form.claim-form");
		const acc = f.querySelectorAll("select[name=account]"), amt = f.querySelectorAll("input[name=amount]"), memo = f.querySelectorAll("input[name=memo]");
		acc[0].value = "520103"; amt[0].value = "4500"; memo[0].value = "机票";
		acc[1].value = "520103"; amt[1].value = "1500"; memo[1].value = "酒店";
		return true})()`)); err != nil {
		t.Fatal(err)
	}
	shot("claim-new-phone")
	step(chromedp.Submit(`form.claim-form`), chromedp.WaitVisible(`[data-status="pending"]`))
	if s := text(`.total-amount`); !strings.Contains(s, "¥6,000.00") {
		t.Fatalf("claim total %q", s)
	}
	if a, _ := chromedp.Run(ctx, chromedp.AttributeValue(`.budget-check`, "data-alert")); a.Value != "80" {
		t.Errorf("budget warning: %q", a.Value)
	}
	shot("claim-filed-phone")
	// The director sees it waiting, with a count, and approves.
	login("director", "/reimbursements")
	step(chromedp.WaitVisible(`[data-count=waiting]`))
	if n := strings.TrimSpace(text(`[data-count=waiting]`)); n != "1" {
		t.Fatalf("director waiting count %q", n)
	}
	shot("claims-waiting-phone")
	step(chromedp.Click(`#waiting + ul a`), chromedp.WaitVisible(`.decide`),
		chromedp.SendKeys(`textarea[name=comment]`, "情况属实，同意"))
	shot("claim-decide-phone")
	// The budget line is a .flash too, on the page before the tap: wait for
	// the decision's own flash (role=status), or the 秘书长 looks too early.
	step(chromedp.Click(`button[value=approve]`), chromedp.WaitVisible(`p.flash[role=status]`))
	if s := text(`.steps`); !strings.Contains(s, "赵秘书长") {
		t.Fatalf("steps %q", s)
	}
	// The 秘书长 approves: the voucher is posted.
	login("sg", "/reimbursements")
	step(chromedp.WaitVisible(`[data-count=waiting]`), chromedp.Click(`#waiting + ul a`), chromedp.WaitVisible(`.decide`),
		chromedp.Click(`button[value=approve]`), chromedp.WaitVisible(`[data-status="approved"]`))
	shot("claim-approved-phone")
	step(chromedp.Click(`a[data-voucher]`), chromedp.WaitVisible(`table`))
	if s := text(`main`); !strings.Contains(s, "220901") || !strings.Contains(s, "¥6,000.00") {
		t.Fatalf("voucher page: %q", s)
	}
	// The budget page moved: ¥6,000 of ¥7,000 spent, past 80%.
	login("director", "/finance/budgets")
	step(chromedp.WaitVisible(`.budget-dept`))
	if s := text(`.budget-dept .dept-actual`); !strings.Contains(s, "¥6,000.00") {
		t.Fatalf("budget actual %q", s)
	}
	if a, _ := chromedp.Run(ctx, chromedp.AttributeValue(`.budget-dept h2 .badge`, "data-alert")); a.Value != "80" {
		t.Errorf("budget alert after approval: %q", a.Value)
	}
	shot("budget-phone")
}
