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
	"GET /public/events/{id}":             "public",
	"POST /public/events/{id}":            "public",
	"GET /public/events/{id}/code/{code}": "public",
})

// TestPublicEventRegistration: a visitor without a login registers for a
// public event with name, phone and organisation and sees the code and QR;
// past capacity the next one waits; the same phone twice is refused with
// the reason; members-only events have no public page; the home links
// the page; too many from one address are throttled.
func TestPublicEventRegistration(t *testing.T) {
	e := newEnv(t)
	start := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(75 * time.Hour).UTC().Format(time.RFC3339)
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "charity", "title": "公益植树活动", "starts_at": start,
		"ends_at": end, "capacity": 1, "audience": "public", "location": "大罗山"}), 201)
	id := strconv.Itoa(int(ev["id"].(float64)))
	c := e.browser("zh-CN")
	get := func(path string) (int, string) {
		resp, err := c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, readBody(t, resp)
	}
	if code, _ := get("/public/events/" + id); code != 404 {
		t.Fatalf("draft public page %d", code)
	}
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/publish", nil), 200)
	if code, page := get("/public/events/" + id); code != 200 || !strings.Contains(page, "公益植树活动") || !strings.Contains(page, `name="organisation"`) {
		t.Fatalf("public page %d %s", code, page)
	}
	if _, home := get("/"); !strings.Contains(home, `href="/public/events/`+id+`"`) {
		t.Fatalf("home does not link the event: %s", home)
	}
	post := func(form url.Values) *http.Response {
		resp, err := c.PostForm(e.srv.URL+"/public/events/"+id, form)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := post(url.Values{"attendee_name": {"林志强"}, "phone": {"13600001111"}, "organisation": {"温州绿色家园协会"}})
	readBody(t, resp)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/public/events/"+id+"/code/") {
		t.Fatalf("register %d %q", resp.StatusCode, loc)
	}
	code, page := get(loc)
	if code != 200 || !strings.Contains(page, `data-reg-status="confirmed"`) || !strings.Contains(page, "<svg") ||
		!strings.Contains(page, strings.TrimPrefix(loc, "/public/events/"+id+"/code/")) || !strings.Contains(page, "温州绿色家园协会") {
		t.Fatalf("done page %d %s", code, page)
	}
	resp = post(url.Values{"attendee_name": {"周敏"}, "phone": {"13600002222"}})
	readBody(t, resp)
	if code, page := get(resp.Header.Get("Location")); code != 200 || !strings.Contains(page, `data-reg-status="waitlisted"`) || !strings.Contains(page, "#1") {
		t.Fatalf("waitlisted page %d %s", code, page)
	}
	resp = post(url.Values{"attendee_name": {"林志强"}, "phone": {"136 0000 1111"}})
	if page := readBody(t, resp); resp.StatusCode != 409 || !strings.Contains(page, "该手机号已报名本活动") {
		t.Fatalf("duplicate %d %s", resp.StatusCode, page)
	}
	resp = post(url.Values{"attendee_name": {"王"}, "phone": {"12"}})
	if page := readBody(t, resp); resp.StatusCode != 422 || !strings.Contains(page, "field-error") {
		t.Fatalf("bad phone %d", resp.StatusCode)
	}
	if code, _ := get("/public/events/" + id + "/code/NOSUCHCODE"); code != 404 {
		t.Fatalf("unknown code %d", code)
	}
	st := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/stats", nil), 200)
	if st["confirmed"].(float64) != 1 || st["waitlisted"].(float64) != 1 {
		t.Fatalf("stats %v", st)
	}
	regs := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/registrations", nil), 200)
	if r0 := regs["items"].([]any)[0].(map[string]any); r0["organisation"] != "温州绿色家园协会" || r0["channel"] != "public" {
		t.Fatalf("registrations %v", regs)
	}

	members := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "fellowship", "title": "会员联谊", "starts_at": start, "ends_at": end}), 201)
	mid := strconv.Itoa(int(members["id"].(float64)))
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+mid+"/publish", nil), 200)
	if code, _ := get("/public/events/" + mid); code != 404 {
		t.Fatalf("members' event on the public page: %d", code)
	}

	throttled := false
	for i := 0; i < 25 && !throttled; i++ {
		resp := post(url.Values{"attendee_name": {"来宾"}, "phone": {"1370000" + strconv.Itoa(1000+i)}})
		readBody(t, resp)
		throttled = resp.StatusCode == http.StatusTooManyRequests
	}
	if !throttled {
		t.Fatal("never throttled")
	}
}
