package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
	"github.com/xuri/excelize/v2"
)

var _ = addRouteAccess(map[string]string{
	"GET /api/v1/finance/bank-statements":                            "finance.read",
	"POST /api/v1/finance/bank-statements":                           "finance.post",
	"GET /api/v1/finance/bank-statements/{id}":                       "finance.read",
	"GET /api/v1/finance/bank-statements/{id}/book-lines":            "finance.read",
	"POST /api/v1/finance/bank-statements/{id}/auto-match":           "finance.post",
	"POST /api/v1/finance/bank-statements/{id}/matches":              "finance.post",
	"POST /api/v1/finance/bank-statements/{id}/lines/{line}/unmatch": "finance.post",
	"GET /api/v1/finance/bank-statements/{id}/reconciliation":        "finance.read",
	"GET /finance/bank":               "finance.read",
	"POST /finance/bank":              "finance.post",
	"GET /finance/bank/{id}":          "finance.read",
	"POST /finance/bank/{id}/auto":    "finance.post",
	"POST /finance/bank/{id}/match":   "finance.post",
	"POST /finance/bank/{id}/unmatch": "finance.post",
})

func bankXLSX(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := sheet.NewWriter(&buf, sheet.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		w.Write(r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (e *env) uploadStatement(role, name string, content []byte) *http.Response {
	e.t.Helper()
	body, ct := multipartBody(e.t, map[string]string{"account": "100201"}, name, content)
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/finance/bank-statements", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	resp, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

// TestBankReconciliationAPI: the worked example through HTTP — a bad file
// answers 422 with each bad row and writes nothing; the statement is
// matched automatically and by hand; the 余额调节表 agrees at ¥77,100.
func TestBankReconciliationAPI(t *testing.T) {
	e := claimEnv(t)
	post := func(date string, lines ...map[string]any) chamber.Voucher {
		var v chamber.Voucher
		decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/vouchers", map[string]any{"date": date, "summary": "测试", "lines": lines}), 201, &v)
		return v
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/opening-balances", map[string]any{"date": "2026-01-01",
		"lines": []any{ln("100201", 10000000, 0), ln("3101", 0, 10000000)}}), 201, nil)
	post("2026-03-02", ln("100201", 1200000, 0), ln("420101", 0, 1200000))
	post("2026-03-10", ln("520101", 2600000, 0), ln("100201", 0, 2600000))
	computer := post("2026-03-15", ln("1501", 800000, 0), ln("100201", 0, 800000))
	post("2026-03-30", ln("100201", 500000, 0), ln("410101", 0, 500000))
	post("2026-03-31", ln("520104", 600000, 0), ln("100201", 0, 600000))

	bad := bankXLSX(t, [][]string{{"日期", "摘要", "收入", "支出", "余额"},
		{"2026-03-03", "会费", "12000", "", "112000"}, {"2026-13-01", "x", "", "1", "111999"}, {"2026-03-05", "y", "", "10", "1"}})
	resp := e.uploadStatement("clerk", "bad.xlsx", bad)
	var eb struct {
		Error struct {
			Code    string
			Details struct {
				Rows []chamber.ImportRowError
			}
		}
	}
	decodeInto(t, resp, 422, &eb)
	if eb.Error.Code != "import_invalid" || len(eb.Error.Details.Rows) != 2 || eb.Error.Details.Rows[0].Row != 3 || eb.Error.Details.Rows[1].Row != 4 ||
		eb.Error.Details.Rows[0].Message == "" {
		t.Errorf("bad file: %+v", eb)
	}
	var list struct{ Items []chamber.BankStatement }
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/bank-statements", nil), 200, &list)
	if len(list.Items) != 0 {
		t.Fatalf("a bad file left %d statements", len(list.Items))
	}
	good := bankXLSX(t, [][]string{{"交易日期", "摘要", "收入", "支出", "余额"},
		{"2026-03-03", "会费", "12,000.00", "", "112000.00"}, {"2026-03-11", "代发工资", "", "26000", "86000"},
		{"2026-03-20", "电脑", "", "8000.00", "78000.00"}, {"2026-03-25", "利息", "150.00", "", "78150.00"},
		{"2026-03-28", "手续费", "", "50.00", "78100.00"}})
	decodeInto(t, e.uploadStatement("supervisor", "3月.xlsx", good), 403, nil)
	var st chamber.BankStatement
	decodeInto(t, e.uploadStatement("clerk", "3月.xlsx", good), 201, &st)
	if st.Total != 5 || st.ClosingFen != 7810000 {
		t.Fatalf("statement %+v", st)
	}
	decodeInto(t, e.uploadStatement("clerk", "3月.xlsx", good), 409, nil)
	base := "/api/v1/finance/bank-statements/" + strconv.FormatInt(st.ID, 10)
	var am struct{ Matched int }
	decodeInto(t, e.do("clerk", "POST", base+"/auto-match", nil), 200, &am)
	if am.Matched != 2 {
		t.Fatalf("auto matched %d", am.Matched)
	}
	decodeInto(t, e.do("director", "GET", base, nil), 200, &st)
	computerLine := 2
	if computer.Lines[0].Account == "100201" {
		computerLine = 1
	}
	decodeInto(t, e.do("clerk", "POST", base+"/matches", map[string]any{"line_id": st.Lines[3].ID, "voucher_id": computer.ID, "line_no": computerLine}), 422, nil)
	var l chamber.BankStatementLine
	decodeInto(t, e.do("clerk", "POST", base+"/matches", map[string]any{"line_id": st.Lines[2].ID, "voucher_id": computer.ID, "line_no": computerLine}), 200, &l)
	if l.Match != "manual" || l.VoucherID != computer.ID {
		t.Errorf("manual match %+v", l)
	}
	var rc chamber.Reconciliation
	decodeInto(t, e.do("director", "GET", base+"/reconciliation", nil), 200, &rc)
	if !rc.Balanced || rc.AdjustedBankFen != 7710000 || rc.AdjustedBookFen != 7710000 || rc.BookInFen != 500000 || rc.BankOutFen != 5000 {
		t.Errorf("reconciliation %+v", rc)
	}
	var books struct{ Items []chamber.BookLine }
	decodeInto(t, e.do("director", "GET", base+"/book-lines", nil), 200, &books)
	if len(books.Items) != 5 {
		t.Errorf("book lines %d", len(books.Items))
	}
	decodeInto(t, e.do("clerk", "POST", base+"/lines/"+strconv.FormatInt(st.Lines[2].ID, 10)+"/unmatch", nil), 200, nil)
	decodeInto(t, e.do("clerk", "POST", base+"/lines/"+strconv.FormatInt(st.Lines[2].ID, 10)+"/unmatch", nil), 409, nil)

	// The pages: the statement with its 余额调节表, a match by hand from the form.
	c := e.browser("zh-CN")
	e.login(c, "clerk")
	page := "/finance/bank/" + strconv.FormatInt(st.ID, 10)
	body := e.get(c, page)
	for _, want := range []string{"银行存款余额调节表", "¥78,100.00", "¥77,000.00", "¥69,100.00", "企业已收、银行未收", "调节后双方余额相符", "电脑"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	resp, err := c.PostForm(e.srv.URL+page+"/match", url.Values{"line_id": {strconv.FormatInt(st.Lines[2].ID, 10)},
		"book": {strconv.FormatInt(computer.ID, 10) + "." + strconv.Itoa(computerLine)}})
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || !strings.Contains(e.get(c, loc), "¥77,100.00") {
		t.Errorf("match from the page: %d %s", resp.StatusCode, loc)
	}
	if body := e.get(c, "/finance/bank"); !strings.Contains(body, "3月.xlsx") || !strings.Contains(body, "3/5") {
		t.Error("statements list")
	}
	wb, err := excelize.OpenReader(strings.NewReader(e.get(c, page+"?format=xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := wb.GetCellValue("Sheet1", "D7", excelize.Options{RawCellValue: true}); strings.TrimSuffix(raw, ".00") != "77100" {
		t.Errorf("调节后余额 in the workbook: %q", raw)
	}
	// April as csv with one signed amount column: the donation booked on
	// 03-30 clears on 04-01 and is matched across the months.
	var apr chamber.BankStatement
	decodeInto(t, e.uploadStatement("clerk", "4月.csv", []byte("\ufeff日期,摘要,金额,余额\r\n2026-04-01,捐赠,\"5,000.00\",83100\r\n2026-04-02,手续费,-12.5,83087.50\r\n")), 201, &apr)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/finance/bank-statements/"+strconv.FormatInt(apr.ID, 10)+"/auto-match", nil), 200, &am)
	if am.Matched != 1 {
		t.Errorf("April matched %d", am.Matched)
	}
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/bank-statements/"+strconv.FormatInt(apr.ID, 10)+"/reconciliation", nil), 200, &rc)
	if !rc.Balanced || rc.BookInFen != 0 || rc.BankOutFen != 1250+5000 {
		t.Errorf("April reconciliation %+v", rc)
	}
	// A bad file from the page: each bad row named, in Chinese, nothing written.
	mb, ct := multipartBody(t, map[string]string{"account": "100201"}, "坏.xlsx", bad)
	resp, err = c.Post(e.srv.URL+"/finance/bank", ct, mb)
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "日期无效") || !strings.Contains(body, "余额与上一行不衔接") {
		t.Errorf("bad file on the page: %d", resp.StatusCode)
	}
	decodeInto(t, e.do("director", "GET", "/api/v1/finance/bank-statements", nil), 200, &list)
	if len(list.Items) != 2 {
		t.Errorf("%d statements after a bad upload", len(list.Items))
	}
}
