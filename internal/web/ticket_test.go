package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /tickets":                           "ticket.handle",
	"POST /tickets":                          "ticket.handle",
	"GET /tickets/settings":                  "ticket.handle",
	"POST /tickets/settings/routes":          "settings.write",
	"POST /tickets/settings/holidays":        "settings.write",
	"GET /tickets/{id}":                      "login",
	"POST /tickets/{id}/replies":             "login",
	"POST /tickets/{id}/assign":              "ticket.handle",
	"POST /tickets/{id}/refer":               "ticket.handle",
	"POST /tickets/{id}/resolve":             "ticket.handle",
	"POST /tickets/{id}/reopen":              "ticket.handle",
	"GET /portal/tickets":                    "portal",
	"POST /portal/tickets":                   "portal",
	"GET /portal/tickets/{id}":               "portal",
	"POST /portal/tickets/{id}/replies":      "portal",
	"POST /portal/tickets/{id}/satisfaction": "portal",
	"GET /petition":                          "public",
	"POST /petition":                         "public",
	"GET /contacts":                          "org.read",
	"POST /contacts":                         "ticket.handle",
	"GET /contacts/{id}":                     "org.read",
	"POST /contacts/{id}/interactions":       "ticket.handle",

	"POST /api/v1/tickets":                    "login",
	"GET /api/v1/tickets":                     "login",
	"GET /api/v1/tickets/{id}":                "login",
	"GET /api/v1/tickets/{id}/replies":        "login",
	"POST /api/v1/tickets/{id}/replies":       "login",
	"POST /api/v1/tickets/{id}/assign":        "ticket.handle",
	"POST /api/v1/tickets/{id}/refer":         "ticket.handle",
	"POST /api/v1/tickets/{id}/resolve":       "ticket.handle",
	"POST /api/v1/tickets/{id}/reopen":        "ticket.handle",
	"POST /api/v1/tickets/{id}/satisfaction":  "login",
	"GET /api/v1/ticket-routes":               "ticket.handle",
	"PUT /api/v1/ticket-routes/{kind}":        "settings.write",
	"GET /api/v1/holidays":                    "ticket.handle",
	"PUT /api/v1/holidays":                    "settings.write",
	"GET /api/v1/contacts":                    "org.read",
	"POST /api/v1/contacts":                   "ticket.handle",
	"GET /api/v1/contacts/{id}":               "org.read",
	"POST /api/v1/contacts/{id}/interactions": "ticket.handle",
})

// TestTicketAPI runs a request through its life over HTTP: the member files
// it in the portal, staff answer, note internally, refer it to a law firm and
// resolve it; the member never sees the internal note or the referral, rates
// once and only once resolved; another login sees nothing of it.
func TestTicketAPI(t *testing.T) {
	e := claimEnv(t)
	m, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "华南科技有限公司", ContactName: "孙经理", Phone: "13812345678"})
	if err != nil || m.ID != 1 {
		t.Fatalf("member: %+v %v", m, err)
	}
	var tk chamber.Ticket
	decodeInto(t, e.do("member", "POST", "/api/v1/tickets", map[string]any{"kind": "legal_aid", "member_id": 99, "subject": "货款被拖欠", "body": "对方拖欠货款三十万元，请求协助。"}), 201, &tk)
	if tk.Status != "open" || tk.MemberID != 1 || tk.DepartmentID == 0 || tk.DueAt.IsZero() || tk.Department != "法律维权部" {
		t.Fatalf("filed: %+v", tk)
	}
	id := "/api/v1/tickets/" + strconv.FormatInt(tk.ID, 10)
	decodeInto(t, e.do("member", "POST", "/api/v1/tickets", map[string]any{"kind": "nope", "subject": "x", "body": "y"}), 422, nil)
	decodeInto(t, e.do("member", "POST", "/api/v1/tickets", map[string]any{"kind": "inquiry", "subject": "", "body": "y"}), 422, nil)
	decodeInto(t, e.do("member", "POST", id+"/satisfaction", map[string]any{"rating": 5}), 409, nil)
	decodeInto(t, e.do("member", "POST", id+"/replies", map[string]any{"body": "补充：合同编号 HT-2026-01", "internal": true}), 403, nil)
	decodeInto(t, e.do("member", "POST", id+"/replies", map[string]any{"body": "补充：合同编号 HT-2026-01"}), 201, nil)
	decodeInto(t, e.do("member", "POST", id+"/resolve", map[string]any{"outcome": "x"}), 403, nil)

	// The 秘书长 holds ticket.handle: answers, notes, refers.
	decodeInto(t, e.do("sg", "POST", id+"/replies", map[string]any{"body": "已收到，法律顾问将与您联系。"}), 201, nil)
	decodeInto(t, e.do("sg", "POST", id+"/replies", map[string]any{"body": "内部：对方为本会会员，注意回避", "internal": true}), 201, nil)
	var law chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "law_firm", "name": "广东正义律师事务所", "country": "中国",
		"people": []map[string]any{{"name": "陈律师", "title": "合伙人", "phone": "13800138000", "email": "chen@example.com"}}}), 201, &law)
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "castle", "name": "x"}), 422, nil)
	decodeInto(t, e.do("sg", "POST", id+"/refer", map[string]any{"contact_id": 999, "note": "x"}), 422, nil)
	var referred chamber.Ticket
	decodeInto(t, e.do("sg", "POST", id+"/refer", map[string]any{"contact_id": law.ID, "note": "请陈律师提供意见"}), 200, &referred)
	if referred.Status != "in_progress" || len(referred.Referrals) != 1 {
		t.Fatalf("referred: %+v", referred)
	}
	var found struct{ Items []chamber.Contact }
	decodeInto(t, e.do("sg", "GET", "/api/v1/contacts?q=zyls", nil), 200, &found)
	if len(found.Items) != 1 || found.Items[0].ID != law.ID {
		t.Fatalf("contact by initials: %+v", found)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/contacts?q="+url.QueryEscape("正义"), nil), 200, &found)
	if len(found.Items) != 1 {
		t.Fatalf("contact by two characters: %+v", found)
	}
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts/"+strconv.FormatInt(law.ID, 10)+"/interactions", map[string]any{"date": "2026-11-20", "kind": "visit", "summary": "拜访律所，商谈法律顾问合作"}), 201, nil)

	// What the member sees: its reply and the answer, never the note or the referral.
	for _, path := range []string{id, id + "/replies"} {
		resp := e.do("member", "GET", path, nil)
		body := readBody(t, resp)
		if resp.StatusCode != 200 || strings.Contains(body, "注意回避") || strings.Contains(body, "律师事务所") || !strings.Contains(body, "法律顾问将与您联系") {
			t.Fatalf("member view of %s: %d %s", path, resp.StatusCode, body)
		}
	}
	if body := readBody(t, e.do("sg", "GET", id, nil)); !strings.Contains(body, "注意回避") {
		t.Fatalf("staff view lacks the note: %s", body)
	}
	// Nobody else: a staff login without ticket.handle, nobody at all.
	decodeInto(t, e.do("clerk", "GET", id, nil), 404, nil)
	var none struct{ Items []chamber.Ticket }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/tickets", nil), 200, &none)
	if len(none.Items) != 0 {
		t.Fatalf("clerk list: %+v", none)
	}
	decodeInto(t, e.do("", "GET", id, nil), 401, nil)

	var resolved chamber.Ticket
	decodeInto(t, e.do("sg", "POST", id+"/resolve", map[string]any{"outcome": ""}), 422, nil)
	decodeInto(t, e.do("sg", "POST", id+"/resolve", map[string]any{"outcome": "经律师函催告，对方已付清货款。"}), 200, &resolved)
	if resolved.Status != "resolved" || resolved.ResolvedAt == nil {
		t.Fatalf("resolved: %+v", resolved)
	}
	decodeInto(t, e.do("sg", "POST", id+"/resolve", map[string]any{"outcome": "again"}), 409, nil)
	decodeInto(t, e.do("sg", "POST", id+"/satisfaction", map[string]any{"rating": 5}), 403, nil)
	decodeInto(t, e.do("member", "POST", id+"/satisfaction", map[string]any{"rating": 6}), 422, nil)
	var rated chamber.Ticket
	decodeInto(t, e.do("member", "POST", id+"/satisfaction", map[string]any{"rating": 5, "comment": "非常及时"}), 201, &rated)
	if rated.Rating != 5 {
		t.Fatalf("rated: %+v", rated)
	}
	decodeInto(t, e.do("member", "POST", id+"/satisfaction", map[string]any{"rating": 1}), 409, nil)
	var lst struct {
		Items []chamber.Ticket
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/tickets?status=resolved", nil), 200, &lst)
	if len(lst.Items) != 1 {
		t.Fatalf("member list: %+v", lst)
	}
	decodeInto(t, e.do("sg", "GET", "/api/v1/tickets?status=bogus", nil), 422, nil)
	decodeInto(t, e.do("sg", "POST", id+"/reopen", nil), 200, nil)
	decodeInto(t, e.do("sg", "POST", id+"/reopen", nil), 409, nil)

	// Routing rules and holidays: readable by handlers, changed by settings.write only.
	var routes struct{ Items []chamber.TicketRoute }
	decodeInto(t, e.do("sg", "GET", "/api/v1/ticket-routes", nil), 200, &routes)
	if len(routes.Items) != len(chamber.TicketKinds) {
		t.Fatalf("routes: %+v", routes)
	}
	decodeInto(t, e.do("sg", "PUT", "/api/v1/ticket-routes/inquiry", map[string]any{"department_id": routes.Items[0].DepartmentID, "resolve_days": 3}), 403, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/ticket-routes/inquiry", map[string]any{"department_id": routes.Items[0].DepartmentID, "first_answer_days": 1, "resolve_days": 3}), 200, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/ticket-routes/inquiry", map[string]any{"department_id": 0, "resolve_days": 3}), 422, nil)
	var hol struct{ Days []chamber.Holiday }
	decodeInto(t, e.do("sg", "GET", "/api/v1/holidays?year=2026", nil), 200, &hol)
	if len(hol.Days) < 30 {
		t.Fatalf("2026 holidays: %d", len(hol.Days))
	}
	decodeInto(t, e.do("admin", "PUT", "/api/v1/holidays", map[string]any{"year": 2027, "days": []map[string]any{{"date": "2026-01-01", "name": "x"}}}), 422, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/holidays", map[string]any{"year": 2027}), 422, nil)
	decodeInto(t, e.do("admin", "PUT", "/api/v1/holidays", map[string]any{"year": 2027, "days": []map[string]any{{"date": "2027-01-01", "name": "元旦"}}}), 200, &hol)
	if len(hol.Days) != 1 {
		t.Fatalf("2027: %+v", hol)
	}
}

// TestTicketPages files through the public form and the portal, and opens
// the staff pages in both languages; the member's page holds no internal note.
func TestTicketPages(t *testing.T) {
	e := claimEnv(t)
	if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "华南科技有限公司", ContactName: "孙经理", Phone: "13812345678"}); err != nil {
		t.Fatal(err)
	}
	anon := e.browser("zh-CN")
	resp, _ := anon.Get(e.srv.URL + "/petition")
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "网上信访") {
		t.Fatalf("petition page: %d", resp.StatusCode)
	}
	resp, _ = anon.PostForm(e.srv.URL+"/petition", url.Values{"kind": {"petition"}, "requester_name": {"张三"}, "requester_phone": {"123"}, "subject": {"噪音"}, "body": {"夜间施工"}})
	if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "有效的手机号码") || !strings.Contains(body, "夜间施工") {
		t.Fatalf("bad petition: %d %s", resp.StatusCode, body)
	}
	resp, _ = anon.PostForm(e.srv.URL+"/petition", url.Values{"kind": {"legal_aid"}, "requester_name": {"张三"}, "requester_phone": {"13812345678"}, "subject": {"噪音"}, "body": {"夜间施工"}})
	if resp.StatusCode != 422 {
		t.Fatalf("public legal aid: %d", resp.StatusCode)
	}
	resp, _ = anon.PostForm(e.srv.URL+"/petition", url.Values{"kind": {"petition"}, "requester_name": {"张三"}, "requester_phone": {"13812345678"}, "subject": {"噪音扰民"}, "body": {"夜间施工"}})
	if resp.StatusCode != 303 {
		t.Fatalf("petition: %d", resp.StatusCode)
	}
	mb := e.browser("zh-CN")
	e.login(mb, "member")
	resp, _ = mb.PostForm(e.srv.URL+"/portal/tickets", url.Values{"kind": {"financing"}, "subject": {"流动资金贷款"}, "body": {"希望对接银行"}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/portal/tickets?filed=") {
		t.Fatalf("portal file: %d %s", resp.StatusCode, loc)
	}
	resp, _ = mb.Get(e.srv.URL + loc)
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "流动资金贷款") || !strings.Contains(body, "已收到您的申请") {
		t.Fatalf("portal list: %d %s", resp.StatusCode, body)
	}
	tid := strings.TrimPrefix(loc, "/portal/tickets?filed=")
	for lang, want := range map[string]string{"zh-CN": "会员服务", "en": "Member services"} {
		c := e.browser(lang)
		e.login(c, "sg")
		for _, path := range []string{"/tickets", "/tickets/" + tid, "/tickets/settings", "/contacts", "/tickets?overdue=true&kind=financing"} {
			resp, _ := c.Get(e.srv.URL + path)
			body := readBody(t, resp)
			if resp.StatusCode != 200 || !strings.Contains(body, want) && path == "/tickets" || strings.Contains(body, "ticket.") || strings.Contains(body, "contact.") {
				t.Fatalf("%s %s: %d %s", lang, path, resp.StatusCode, body)
			}
		}
		if lang == "zh-CN" {
			resp, _ = c.PostForm(e.srv.URL+"/tickets/"+tid+"/replies", url.Values{"body": {"内部：先查征信"}, "internal": {"1"}})
			if resp.StatusCode != 303 {
				t.Fatalf("note: %d", resp.StatusCode)
			}
			resp, _ = c.PostForm(e.srv.URL+"/tickets/"+tid+"/replies", url.Values{"body": {"已为您联系合作银行。"}})
			if resp.StatusCode != 303 {
				t.Fatalf("reply: %d", resp.StatusCode)
			}
			resp, _ = c.PostForm(e.srv.URL+"/tickets/"+tid+"/resolve", url.Values{"outcome": {""}})
			if body := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(body, "field-error") {
				t.Fatalf("empty outcome: %d", resp.StatusCode)
			}
		}
	}
	resp, _ = mb.Get(e.srv.URL + "/portal/tickets/" + tid)
	if body := readBody(t, resp); resp.StatusCode != 200 || strings.Contains(body, "先查征信") || !strings.Contains(body, "已为您联系合作银行") {
		t.Fatalf("member page: %d %s", resp.StatusCode, body)
	}
	resp, _ = mb.Get(e.srv.URL + "/tickets/" + tid)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/portal/tickets/"+tid {
		t.Fatalf("member on the staff address: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	list, _, err := e.db.ListTickets(sysCtx, chamber.TicketFilter{Kind: "petition"}, chamber.Page{})
	if err != nil || len(list) != 1 || list[0].RequesterPhone != "13812345678" || list[0].Channel != "public" {
		t.Fatalf("petition stored: %+v %v", list, err)
	}
}
