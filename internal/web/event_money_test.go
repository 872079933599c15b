package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

var _ = addRouteAccess(map[string]string{
	"POST /registrations/{id}/fee":        "finance.post",
	"POST /api/v1/registrations/{id}/fee": "finance.post",
})

// TestEventMoneyAPI: a fee taken over the API posts the voucher to
// 提供服务收入 tagged with the event; a cost voucher line carrying
// event_id shows up as the actual in the stats and on the event page.
func TestEventMoneyAPI(t *testing.T) {
	e := newEnv(t)
	start := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(51 * time.Hour).UTC().Format(time.RFC3339)
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "fellowship", "title": "会员联谊晚会", "starts_at": start,
		"ends_at": end, "capacity": 10, "fee_fen": 15000, "budget_fen": 100000}), 201)
	id := strconv.Itoa(int(ev["id"].(float64)))
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/publish", nil), 200)
	reg := evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/registrations", map[string]any{"attendee_name": "张三", "phone": "13900002222"}), 201)
	rid := strconv.Itoa(int(reg["id"].(float64)))
	evJSON(t, e.do("member", "POST", "/api/v1/registrations/"+rid+"/fee", map[string]any{"method": "cash"}), 403)
	evJSON(t, e.do("admin", "POST", "/api/v1/registrations/"+rid+"/fee", map[string]any{"method": "gold"}), 422)
	fee := evJSON(t, e.do("admin", "POST", "/api/v1/registrations/"+rid+"/fee", map[string]any{"method": "wechat"}), 201)
	if fee["amount_fen"].(float64) != 15000 || fee["income_account"] != "430101" || fee["cash_account"] != "100901" {
		t.Fatalf("fee %v", fee)
	}
	evJSON(t, e.do("admin", "POST", "/api/v1/registrations/"+rid+"/fee", map[string]any{"method": "wechat"}), 409)
	v := evJSON(t, e.do("admin", "GET", "/api/v1/finance/vouchers/"+strconv.Itoa(int(fee["voucher_id"].(float64))), nil), 200)
	if l := v["lines"].([]any)[1].(map[string]any); l["account"] != "430101" || l["event_id"].(float64) != ev["id"].(float64) {
		t.Fatalf("voucher %v", v)
	}
	today := e.db.Today(sysCtx)
	evJSON(t, e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": today, "summary": "联谊晚会餐费", "lines": []map[string]any{
		{"account": "510102", "debit_fen": 130000, "memo": "餐费", "event_id": ev["id"]},
		{"account": "100201", "credit_fen": 130000, "memo": "付款"}}}), 201)
	evJSON(t, e.do("admin", "POST", "/api/v1/finance/vouchers", map[string]any{"date": today, "summary": "x", "lines": []map[string]any{
		{"account": "510102", "debit_fen": 100, "memo": "x", "event_id": 424242}, {"account": "100201", "credit_fen": 100, "memo": "x"}}}), 422)
	st := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/stats", nil), 200)
	if st["actual_fen"].(float64) != 130000 || st["income_fen"].(float64) != 15000 || st["budget_fen"].(float64) != 100000 || st["paid"].(float64) != 1 {
		t.Fatalf("stats %v", st)
	}

	c := e.browser("zh-CN")
	e.login(c, "admin")
	resp, err := c.Get(e.srv.URL + "/events/" + id)
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(page, `data-actual-fen="130000"`) || !strings.Contains(page, "超出预算") ||
		!strings.Contains(page, "活动收入") || !strings.Contains(page, "¥1,300.00") {
		t.Fatalf("event page %d %s", resp.StatusCode, page)
	}
	// The desk takes the next one's fee from the attendance list.
	reg2 := evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/registrations", map[string]any{"attendee_name": "李四", "phone": "13900003333"}), 201)
	resp, err = c.PostForm(e.srv.URL+"/registrations/"+strconv.Itoa(int(reg2["id"].(float64)))+"/fee", url.Values{"method": {"cash"}})
	if err != nil {
		t.Fatal(err)
	}
	if readBody(t, resp); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/events/"+id+"?fee=1" {
		t.Fatalf("fee form %d", resp.StatusCode)
	}
	if st := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/stats", nil), 200); st["income_fen"].(float64) != 30000 {
		t.Fatalf("stats %v", st)
	}
	// The voucher entry form tags a line with the event too; a bad number is refused on its line.
	form := url.Values{"date": {today}, "summary": {"联谊晚会音响"}, "account": {"510102", "1001"}, "debit": {"200", ""},
		"credit": {"", "200"}, "memo": {"音响", ""}, "event_id": {"x", ""}}
	resp, _ = c.PostForm(e.srv.URL+"/finance/vouchers", form)
	if page := readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "field-error") {
		t.Fatalf("bad event number %d", resp.StatusCode)
	}
	form["event_id"] = []string{id, ""}
	resp, _ = c.PostForm(e.srv.URL+"/finance/vouchers", form)
	if readBody(t, resp); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("voucher form %d", resp.StatusCode)
	}
	if st := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/stats", nil), 200); st["actual_fen"].(float64) != 150000 {
		t.Fatalf("stats after the form %v", st)
	}
}
