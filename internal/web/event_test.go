package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /events":                                "login",
	"GET /events/{id}":                           "login",
	"POST /events/{id}/publish":                  "event.manage",
	"POST /events/{id}/check-ins":                "event.manage",
	"GET /portal/events":                         "portal",
	"POST /portal/events/{id}/register":          "portal",
	"POST /portal/registrations/{id}/cancel":     "portal",
	"POST /portal/events/{id}/feedback":          "portal",
	"POST /api/v1/events":                        "event.manage",
	"GET /api/v1/events":                         "public",
	"GET /api/v1/events/{id}":                    "public",
	"POST /api/v1/events/{id}/publish":           "event.manage",
	"POST /api/v1/events/{id}/status":            "event.manage",
	"POST /api/v1/events/{id}/registrations":     "public",
	"GET /api/v1/events/{id}/registrations":      "event.manage",
	"POST /api/v1/events/{id}/check-ins":         "event.manage",
	"POST /api/v1/events/{id}/feedback":          "public",
	"GET /api/v1/events/{id}/stats":              "event.manage",
	"GET /api/v1/events/{id}/calendar.ics":       "public",
	"GET /api/v1/registrations":                  "login",
	"GET /api/v1/registrations/{id}":             "login",
	"POST /api/v1/registrations/{id}/cancel":     "login",
	"GET /api/v1/me/calendar.ics":                "login",
	"POST /api/v1/work-plans":                    "workplan.manage",
	"GET /api/v1/work-plans":                     "login",
	"GET /api/v1/work-plans/{id}":                "login",
	"PATCH /api/v1/work-plans/{id}":              "workplan.manage",
	"POST /api/v1/work-plans/{id}/items":         "workplan.manage",
	"POST /api/v1/work-plan-items/{id}/links":    "login",
	"POST /api/v1/work-plan-items/{id}/progress": "login",
})

func evJSON(t *testing.T, resp *http.Response, want int) map[string]any {
	t.Helper()
	body := readBody(t, resp)
	if resp.StatusCode != want {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, body)
	}
	var v map[string]any
	_ = json.Unmarshal([]byte(body), &v)
	return v
}

// TestEventAPI: an event from draft to feedback over HTTP, with the
// portal member registering itself, the waitlist, check-in, the stats
// and the calendar file; then a work plan with an overdue item.
func TestEventAPI(t *testing.T) {
	e := newEnv(t)
	if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越贸易有限公司", ContactName: "陈总", Phone: "13812345678"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	end := time.Now().Add(51 * time.Hour).UTC().Format(time.RFC3339)
	evJSON(t, e.do("staff", "POST", "/api/v1/events", map[string]any{"kind": "seminar", "title": "x", "starts_at": start, "ends_at": end}), 403)
	evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "nope", "title": "", "starts_at": start, "ends_at": end}), 422)
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "seminar", "title": "数字经济研讨会", "starts_at": start,
		"ends_at": end, "location": "商会大厦", "capacity": 1, "fee_fen": 0, "audience": "all_members", "budget_fen": 500000}), 201)
	if ev["status"] != "draft" {
		t.Fatalf("event %v", ev)
	}
	id := strconv.Itoa(int(ev["id"].(float64)))
	evJSON(t, e.do("member", "POST", "/api/v1/events/"+id+"/registrations", map[string]any{}), 404) // a draft is not seen
	if got := evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/publish", nil), 200); got["status"] != "open" {
		t.Fatalf("publish %v", got)
	}
	mine := evJSON(t, e.do("member", "POST", "/api/v1/events/"+id+"/registrations", map[string]any{}), 201)
	if mine["status"] != "confirmed" || mine["code"] == "" || mine["waitlist_position"] != nil {
		t.Fatalf("registration %v", mine)
	}
	evJSON(t, e.do("member", "POST", "/api/v1/events/"+id+"/registrations", map[string]any{}), 409)
	wait := evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/registrations", map[string]any{"attendee_name": "李四", "phone": "13900001111"}), 201)
	if wait["status"] != "waitlisted" || wait["waitlist_position"].(float64) != 1 {
		t.Fatalf("waitlist %v", wait)
	}
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/check-ins", map[string]any{"code": wait["code"]}), 409)
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/check-ins", map[string]any{"code": mine["code"]}), 201)
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+id+"/check-ins", map[string]any{"code": mine["code"]}), 409)
	evJSON(t, e.do("", "POST", "/api/v1/events/"+id+"/feedback", map[string]any{"code": wait["code"], "rating": 5}), 409)
	evJSON(t, e.do("", "POST", "/api/v1/events/"+id+"/feedback", map[string]any{"code": mine["code"], "rating": 5, "comment": "好"}), 201)
	st := evJSON(t, e.do("admin", "GET", "/api/v1/events/"+id+"/stats", nil), 200)
	if st["confirmed"].(float64) != 1 || st["waitlisted"].(float64) != 1 || st["checked_in"].(float64) != 1 || st["rating_avg"].(float64) != 5 || st["budget_fen"].(float64) != 500000 {
		t.Fatalf("stats %v", st)
	}
	evJSON(t, e.do("member", "GET", "/api/v1/events/"+id+"/stats", nil), 403)
	resp := e.do("admin", "GET", "/api/v1/events/"+id+"/calendar.ics", nil)
	body := readBody(t, resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") ||
		strings.Count(body, "BEGIN:VEVENT") != 1 || !strings.Contains(body, "SUMMARY:数字经济研讨会") {
		t.Fatalf("ics %d %s", resp.StatusCode, body)
	}
	// The waitlisted one cancels nothing; the member cancels: nobody left on the list.
	evJSON(t, e.do("member", "POST", "/api/v1/registrations/"+strconv.Itoa(int(wait["id"].(float64)))+"/cancel", nil), 404)
	evJSON(t, e.do("admin", "POST", "/api/v1/registrations/"+strconv.Itoa(int(mine["id"].(float64)))+"/cancel", nil), 200)
	w2 := evJSON(t, e.do("admin", "GET", "/api/v1/registrations/"+strconv.Itoa(int(wait["id"].(float64))), nil), 200)
	if w2["status"] != "confirmed" {
		t.Fatalf("not promoted: %v", w2)
	}
	if l := evJSON(t, e.do("member", "GET", "/api/v1/registrations", nil), 200); len(l["items"].([]any)) != 1 {
		t.Fatalf("own %v", l)
	}

	plan := evJSON(t, e.do("admin", "POST", "/api/v1/work-plans", map[string]any{"year": 2026, "title": "2026年度工作计划"}), 201)
	pid := strconv.Itoa(int(plan["id"].(float64)))
	depts, _ := e.db.ListDepartments(sysCtx)
	item := evJSON(t, e.do("admin", "POST", "/api/v1/work-plans/"+pid+"/items", map[string]any{"title": "举办研讨会", "department_id": depts[0].ID,
		"due_on": time.Now().AddDate(0, 0, -1).Format("2006-01-02"), "target": "一场"}), 201)
	iid := strconv.Itoa(int(item["id"].(float64)))
	evJSON(t, e.do("admin", "POST", "/api/v1/work-plan-items/"+iid+"/links", map[string]any{"kind": "event", "id": ev["id"]}), 200)
	// Over 100 % and no percent at all are refused, naming the field; the
	// note may be left out.
	for _, body := range []map[string]any{{"percent": 101, "note": "超额"}, {"note": "没有进度"}} {
		resp := e.do("admin", "POST", "/api/v1/work-plan-items/"+iid+"/progress", body)
		if fields, _ := decodeErr(t, resp).Error.Details["fields"].(map[string]any); resp.StatusCode != 422 || fields["percent"] == nil {
			t.Fatalf("progress %v: %d %v", body, resp.StatusCode, fields)
		}
	}
	evJSON(t, e.do("admin", "POST", "/api/v1/work-plan-items/"+iid+"/progress", map[string]any{"percent": 50}), 200)
	got := evJSON(t, e.do("admin", "GET", "/api/v1/work-plans/"+pid, nil), 200)
	it := got["items"].([]any)[0].(map[string]any)
	if it["status"] != "overdue" || len(it["links"].([]any)) != 1 {
		t.Fatalf("plan %v", got)
	}
	evJSON(t, e.do("member", "GET", "/api/v1/work-plans/"+pid, nil), 404)

	// The portal page shows the QR of a confirmed registration.
	c := e.browser("zh-CN")
	e.login(c, "member")
	r2, err := c.Get(e.srv.URL + "/portal/events")
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, r2)
	if r2.StatusCode != 200 || !strings.Contains(page, "数字经济研讨会") {
		t.Fatalf("portal %d %s", r2.StatusCode, page)
	}
	r3, _ := c.Get(e.srv.URL + "/events/" + id)
	if b := readBody(t, r3); r3.StatusCode != 200 || !strings.Contains(b, "数字经济研讨会") {
		t.Fatalf("event page %d", r3.StatusCode)
	}
}
