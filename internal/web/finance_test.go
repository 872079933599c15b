package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestFinancePages(t *testing.T) {
	e := newEnv(t)
	e.postVoucher("2026-03-05", line("1002", 123456, 0, "会费"), line("4201", 0, 123456, "会费"))
	c := e.browser("zh-CN")
	e.login(c, "admin")
	get := func(path string) (int, string) {
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, readBody(t, resp)
	}
	if code, body := get("/finance"); code != 200 || !strings.Contains(body, "记-2026-03-0001") || !strings.Contains(body, "¥1,234.56") {
		t.Fatalf("/finance: %d %s", code, body)
	}
	// The entry form takes yuan; an unbalanced one is shown again with the error.
	form := url.Values{"date": {"2026-03-06"}, "summary": {"买纸"},
		"account": {"520102 办公费", "1001", ""}, "debit": {"88.50", "", ""}, "credit": {"", "88.5", ""}, "memo": {"", "", ""}}
	resp, err := c.PostForm(e.srv.URL+"/finance/vouchers", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/finance/vouchers/") {
		t.Fatalf("post form: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	if code, body := get(loc); code != 200 || !strings.Contains(body, "¥88.50") || !strings.Contains(body, "记-2026-03-0002") {
		t.Fatalf("voucher page: %d %s", code, body)
	}
	form.Set("credit", "88.4")
	form["credit"] = []string{"", "88.4", ""}
	resp, _ = c.PostForm(e.srv.URL+"/finance/vouchers", form)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), "借贷不平衡") {
		t.Fatalf("unbalanced form: %d %s", resp.StatusCode, body)
	}
	for _, kind := range []string{"balance-sheet?date=2026-12-31", "activities?from=2026-01-01&to=2026-12-31", "cash-flow", "trial-balance", "ledger?account=1002"} {
		code, body := get("/finance/reports/" + kind)
		if code != 200 || !strings.Contains(body, "¥") {
			t.Errorf("%s: %d", kind, code)
		}
		resp, err := c.Get(e.srv.URL + "/finance/reports/" + kind + map[bool]string{true: "&", false: "?"}[strings.Contains(kind, "?")] + "format=xlsx")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(b) < 100 || string(b[:2]) != "PK" {
			t.Errorf("%s xlsx: %d, %d bytes", kind, resp.StatusCode, len(b))
		}
	}
	if code, body := get("/finance/reports/balance-sheet?date=2026-12-31"); !strings.Contains(body, "资产总计") || !strings.Contains(body, "¥1,146.06") {
		t.Errorf("balance sheet: %d", code)
	}
	if code, _ := get("/finance/reports/nonsense"); code != 404 {
		t.Errorf("unknown report: %d", code)
	}
	if code, body := get("/finance?verify=1"); code != 200 || !strings.Contains(body, `data-verify="ok"`) {
		t.Errorf("verify page: %d", code)
	}
}
