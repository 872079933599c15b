package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

var legalKeyLeft = regexp.MustCompile(`>\s*(legal|voice|liaison)\.[a-z_.]+`)

// TestLegalPages works a case through the staff pages in both languages:
// a case from a legal-aid request's button, one from the form, a step,
// the adviser, the close; office hours on the calendar page; the
// typical-case form of a resolved request. No message key shows.
func TestLegalPages(t *testing.T) {
	e := legalEnv(t)
	m, err := e.db.FindMember(sysCtx, 2)
	if err != nil {
		t.Fatal(err)
	}
	var law chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "law_firm", "name": "广东正义律师事务所"}), 201, &law)
	var tk chamber.Ticket
	decodeInto(t, e.do("member", "POST", "/api/v1/tickets", map[string]any{"kind": "rights", "subject": "招标设置本地注册门槛", "body": "某区招标要求本地注册。", "parties": "某区采购中心"}), 201, &tk)

	for _, lang := range []string{"zh-CN", "en"} {
		b := e.browser(lang)
		e.login(b, "fawu")
		check := func(resp *http.Response, body string, want int, what string) {
			t.Helper()
			if resp.StatusCode != want {
				t.Fatalf("%s %s: %d", lang, what, resp.StatusCode)
			}
			if k := legalKeyLeft.FindString(body); k != "" {
				t.Fatalf("%s %s shows a message key: %s", lang, what, k)
			}
		}
		for _, p := range []string{"/legal", "/legal/calendar", "/tickets/" + strconv.FormatInt(tk.ID, 10), "/reports/voice"} {
			resp, body := get(t, b, e.srv.URL+p)
			check(resp, body, 200, p)
		}
		if lang != "zh-CN" {
			continue
		}
		// From the request's button; again goes to the same case.
		resp, _ := postForm(t, b, e.srv.URL+"/tickets/"+strconv.FormatInt(tk.ID, 10)+"/legal-case", url.Values{})
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/legal/") {
			t.Fatalf("open from ticket: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		casePage := resp.Header.Get("Location")
		if again, _ := postForm(t, b, e.srv.URL+"/tickets/"+strconv.FormatInt(tk.ID, 10)+"/legal-case", url.Values{}); again.Header.Get("Location") != casePage {
			t.Fatalf("second open: %s", again.Header.Get("Location"))
		}
		// The form: a bad amount keeps what was typed; then a case.
		resp, body := postForm(t, b, e.srv.URL+"/legal", url.Values{"member_no": {m.MemberNo}, "subject": {"厂房租赁纠纷"}, "dispute": {"十万"}})
		check(resp, body, 422, "bad amount")
		if !strings.Contains(body, "厂房租赁纠纷") {
			t.Fatal("the form lost the subject")
		}
		resp, _ = postForm(t, b, e.srv.URL+"/legal", url.Values{"member_no": {m.MemberNo}, "subject": {"厂房租赁纠纷"}, "dispute": {"100000.50"},
			"respondent": {"某村经济合作社"}, "adviser_contact_id": {fmt.Sprint(law.ID)}, "notes": {"核实拆迁条款"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("open by form: %d", resp.StatusCode)
		}
		page := e.srv.URL + resp.Header.Get("Location")
		resp, body = postForm(t, b, page+"/steps", url.Values{"date": {"2099-01-01"}, "kind": {"letter"}, "note": {"发律师函"}})
		check(resp, body, 422, "future step")
		if resp, _ = postForm(t, b, page+"/steps", url.Values{"date": {"2026-11-02"}, "kind": {"letter"}, "note": {"发律师函"}}); resp.StatusCode != 303 {
			t.Fatalf("step: %d", resp.StatusCode)
		}
		if resp, _ = postForm(t, b, page+"/adviser", url.Values{"adviser_contact_id": {fmt.Sprint(law.ID)}, "adviser_person": {"陈律师"}, "notes": {"核实拆迁条款"}}); resp.StatusCode != 303 {
			t.Fatalf("adviser: %d", resp.StatusCode)
		}
		if resp, _ = postForm(t, b, page+"/close", url.Values{"outcome": {"settled"}, "result": {"对方补偿三个月租金"}}); resp.StatusCode != 303 {
			t.Fatalf("close: %d", resp.StatusCode)
		}
		resp, body = get(t, b, page)
		check(resp, body, 200, "closed case")
		if !strings.Contains(body, "100,000.50") || !strings.Contains(body, "陈律师") || !strings.Contains(body, "和解") || !strings.Contains(body, "核实拆迁条款") {
			t.Fatalf("case page: %s", body)
		}
		// Office hours by form.
		resp, body = postForm(t, b, e.srv.URL+"/legal/calendar", url.Values{"adviser_contact_id": {fmt.Sprint(law.ID)}, "repeat": {"weekly"}, "weekday": {"4"},
			"from": {"2026-01-01"}, "start": {"14:00"}, "end": {"16:10"}, "slot_minutes": {"30"}})
		check(resp, body, 422, "uneven hours")
		if resp, _ = postForm(t, b, e.srv.URL+"/legal/calendar", url.Values{"adviser_contact_id": {fmt.Sprint(law.ID)}, "repeat": {"weekly"}, "weekday": {"4"},
			"from": {"2026-01-01"}, "start": {"14:00"}, "end": {"16:00"}, "slot_minutes": {"30"}, "place": {"三楼"}}); resp.StatusCode != 303 {
			t.Fatalf("hours: %d", resp.StatusCode)
		}
		if _, body = get(t, b, e.srv.URL+"/legal/calendar"); !strings.Contains(body, "每周四") {
			t.Fatal("the calendar lacks the hours")
		}
	}
	// The member's portal: its case, without the notes.
	b := e.browser("")
	e.login(b, "member")
	resp, body := get(t, b, e.srv.URL+"/portal/legal")
	if resp.StatusCode != 200 || !strings.Contains(body, "招标设置本地注册门槛") || strings.Contains(body, "厂房租赁纠纷") {
		t.Fatalf("portal: %d %s", resp.StatusCode, body)
	}
	if resp, _ = get(t, b, e.srv.URL+"/legal"); resp.StatusCode != 403 {
		t.Fatalf("a member on the staff page: %d", resp.StatusCode)
	}
}
