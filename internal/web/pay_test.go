package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

var _ = addRouteAccess(map[string]string{
	"GET /pay":                           "login",
	"POST /pay/items":                    "staff.manage",
	"POST /pay/import":                   "staff.manage",
	"POST /pay/{month}/post":             "finance.post",
	"POST /api/v1/pay-items":             "staff.manage",
	"GET /api/v1/pay-items":              "login",
	"POST /api/v1/pay-items/import":      "staff.manage",
	"GET /api/v1/payrolls":               "finance.post",
	"GET /api/v1/payrolls/{month}":       "finance.post",
	"POST /api/v1/payrolls/{month}/post": "finance.post",
})

// TestPayAPI: HR (the 秘书长) enters and imports a month's pay; the clerk
// sees only its own; the finance clerk posts one balanced voucher, and a
// second posting is 409; the page shows the pay slip in both languages.
func TestPayAPI(t *testing.T) {
	e := claimEnv(t)
	ids := map[string]chamber.ID{}
	for _, n := range []string{"clerk", "director"} {
		var me struct {
			ID chamber.ID `json:"id"`
		}
		decodeInto(t, e.do(n, "GET", "/api/v1/me", nil), 200, &me)
		ids[n] = me.ID
	}
	item := map[string]any{"month": "2026-10", "user_id": ids["director"], "basic_fen": 1200000, "allowance_fen": 150000,
		"si_employee_fen": 108000, "hf_employee_fen": 81000, "si_employer_fen": 243000, "hf_employer_fen": 81000}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/pay-items", item), 403, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/pay-items", item), 201, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/pay-items", map[string]any{"month": "10/2026", "user_id": ids["clerk"]}), 422, nil)

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("month", "2026-10")
	fw, _ := mw.CreateFormFile("file", "pay.csv")
	_, _ = fw.Write([]byte("账号,基本工资,津贴补贴,个人社保,个人公积金,单位社保,单位公积金\nclerk,6000,800,544,408,1224,408\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/pay-items/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens["sg"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	decodeInto(t, resp, 200, nil)

	// The same as xlsx, for November.
	var xb bytes.Buffer
	xw, err := sheet.NewWriter(&xb, sheet.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range [][]string{{"账号", "基本工资", "津贴补贴", "个人社保", "个人公积金", "单位社保", "单位公积金"}, {"clerk", "6000", "800", "544", "408", "1224", "408"}} {
		if err := xw.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := xw.Close(); err != nil {
		t.Fatal(err)
	}
	body.Reset()
	mw = multipart.NewWriter(&body)
	_ = mw.WriteField("month", "2026-11")
	fw, _ = mw.CreateFormFile("file", "pay.xlsx")
	_, _ = fw.Write(xb.Bytes())
	mw.Close()
	req, _ = http.NewRequest("POST", e.srv.URL+"/api/v1/pay-items/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens["sg"])
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	decodeInto(t, resp, 200, nil)
	var nov struct{ Items []chamber.PayItem }
	decodeInto(t, e.do("sg", "GET", "/api/v1/pay-items?month=2026-11", nil), 200, &nov)
	if len(nov.Items) != 1 || nov.Items[0].CostFen != 680000+163200 {
		t.Fatalf("xlsx import: %+v", nov)
	}

	var mine struct{ Items []chamber.PayItem }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/pay-items?month=2026-10", nil), 200, &mine)
	if len(mine.Items) != 1 || mine.Items[0].NetFen != 680000-95200 {
		t.Fatalf("the clerk's pay: %+v", mine)
	}
	decodeInto(t, e.do("supervisor", "GET", "/api/v1/payrolls/2026-10", nil), 403, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/payrolls/2026-10/post", nil), 403, nil) // HR does not post
	var p chamber.Payroll
	decodeInto(t, e.do("clerk", "POST", "/api/v1/payrolls/2026-10/post", nil), 201, &p)
	cost := int64(1350000 + 324000 + 680000 + 163200)
	if p.CostFen != cost || p.VoucherID == 0 {
		t.Fatalf("payroll: %+v", p)
	}
	var v chamber.Voucher
	decodeInto(t, e.do("clerk", "GET", "/api/v1/finance/vouchers/"+strconv.FormatInt(p.VoucherID, 10), nil), 200, &v)
	var dr, cr int64
	for _, l := range v.Lines {
		dr, cr = dr+l.DebitFen, cr+l.CreditFen
	}
	if dr != cost || cr != cost {
		t.Fatalf("voucher Dr %d Cr %d, want %d both", dr, cr, cost)
	}
	decodeInto(t, e.do("director", "POST", "/api/v1/payrolls/2026-10/post", nil), 409, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/pay-items", item), 409, nil)
	for lang, want := range map[string]string{"zh-CN": "实发工资", "en": "Net pay"} {
		for _, who := range []string{"clerk", "sg"} {
			c := e.browser(lang)
			e.login(c, who)
			resp, err := c.Get(e.srv.URL + "/pay?month=2026-10")
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, resp)
			if resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, "¥5,848.00") {
				t.Fatalf("%s %s page: %d", lang, who, resp.StatusCode)
			}
			if who == "clerk" && strings.Contains(body, "王总监") {
				t.Fatalf("the clerk sees another's pay")
			}
		}
	}
}
