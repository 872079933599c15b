package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /leave":                        "login",
	"POST /leave":                       "login",
	"POST /leave/{id}/approve":          "login",
	"POST /leave/{id}/reject":           "login",
	"POST /leave/{id}/cancel":           "login",
	"GET /staff":                        "staff.manage",
	"POST /api/v1/leave":                "login",
	"GET /api/v1/leave":                 "login",
	"GET /api/v1/leave/{id}":            "login",
	"POST /api/v1/leave/{id}/approve":   "login",
	"POST /api/v1/leave/{id}/reject":    "login",
	"POST /api/v1/leave/{id}/cancel":    "login",
	"GET /api/v1/leave-balances":        "login",
	"GET /api/v1/staff":                 "staff.manage",
	"POST /api/v1/staff":                "staff.manage",
	"GET /api/v1/staff/{id}":            "login",
	"POST /api/v1/staff/{id}/trainings": "staff.manage",
})

// TestLeaveAPI: the clerk's leave goes to the director, only the director
// decides it, overlapping leave is 409, bad input 422; the page lists it in
// Chinese and English; HR keeps the register private to HR and the person.
func TestLeaveAPI(t *testing.T) {
	e := claimEnv(t)
	var l chamber.LeaveRequest
	decodeInto(t, e.do("clerk", "POST", "/api/v1/leave", map[string]any{"kind": "annual", "from": "2030-03-04", "to": "2030-03-08", "reason": "探亲"}), 201, &l)
	if l.Status != "pending" || l.Days != 5 || l.ApproverID == 0 {
		t.Fatalf("filed: %+v", l)
	}
	id := "/api/v1/leave/" + strconv.FormatInt(l.ID, 10)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/leave", map[string]any{"kind": "sick", "from": "2030-03-08", "to": "2030-03-09"}), 409, nil)
	decodeInto(t, e.do("clerk", "POST", "/api/v1/leave", map[string]any{"kind": "holiday", "from": "2030-03-10", "to": "2030-03-09"}), 422, nil)
	decodeInto(t, e.do("staff", "POST", "/api/v1/leave", map[string]any{"kind": "sick", "from": "2030-03-10", "to": "2030-03-10"}), 422, nil) // no position
	decodeInto(t, e.do("sg", "POST", id+"/approve", nil), 403, nil)
	decodeInto(t, e.do("staff", "GET", id, nil), 404, nil)
	var toMe struct{ Items []chamber.LeaveRequest }
	decodeInto(t, e.do("director", "GET", "/api/v1/leave?to_me=true", nil), 200, &toMe)
	if len(toMe.Items) != 1 || toMe.Items[0].ID != l.ID {
		t.Fatalf("director's queue: %+v", toMe)
	}
	decodeInto(t, e.do("director", "POST", id+"/approve", map[string]any{"comment": "同意"}), 200, &l)
	if l.Status != "approved" {
		t.Fatalf("approved: %+v", l)
	}
	decodeInto(t, e.do("director", "POST", id+"/reject", nil), 409, nil)

	// The page, both languages.
	for lang, want := range map[string]string{"zh-CN": "年休假", "en": "Annual leave"} {
		c := e.browser(lang)
		e.login(c, "clerk")
		resp, err := c.Get(e.srv.URL + "/leave")
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, "2030-03-04") {
			t.Fatalf("%s page: %d", lang, resp.StatusCode)
		}
		resp, err = c.PostForm(e.srv.URL+"/leave", url.Values{"kind": {"personal"}, "from": {"2030-03-05"}, "to": {"2030-03-05"}})
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, map[string]string{"zh-CN": "重叠", "en": "overlap"}[lang]) {
			t.Fatalf("%s overlap form: %d", lang, resp.StatusCode)
		}
	}

	// The staff register.
	me := struct{ ID chamber.ID }{}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/me", nil), 200, &me)
	var st chamber.Staff
	decodeInto(t, e.do("admin", "POST", "/api/v1/staff", map[string]any{"user_id": me.ID, "name": "李会计", "hired_on": "2015-07-01", "employment": "full_time"}), 201, &st)
	decodeInto(t, e.do("admin", "POST", "/api/v1/staff", map[string]any{"user_id": me.ID, "name": "李会计", "hired_on": "2015-07-01", "employment": "full_time"}), 409, nil)
	decodeInto(t, e.do("admin", "POST", "/api/v1/staff", map[string]any{"user_id": me.ID, "name": "", "hired_on": "x", "employment": "x"}), 422, nil)
	sid := "/api/v1/staff/" + strconv.FormatInt(st.ID, 10)
	decodeInto(t, e.do("admin", "POST", sid+"/trainings", map[string]any{"title": "财务软件培训", "date": "2026-05-10", "hours": 8}), 201, nil)
	decodeInto(t, e.do("clerk", "GET", sid, nil), 200, &st)
	if len(st.Trainings) != 1 || len(st.Leave) != 1 || len(st.Balances) != len(chamber.LeaveKinds) {
		t.Fatalf("own record: %+v", st)
	}
	decodeInto(t, e.do("director", "GET", sid, nil), 404, nil)
	c := e.browser("zh-CN")
	e.login(c, "admin")
	resp, err := c.Get(e.srv.URL + "/staff")
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, "李会计") || !strings.Contains(body, "全职") {
		t.Fatalf("staff page: %d", resp.StatusCode)
	}
}

var _ = addRouteAccess(map[string]string{
	"POST /api/v1/meetings/{id}/action-items": "meeting.manage",
	"POST /api/v1/action-items/{id}/done":     "login",
	"GET /api/v1/action-items":                "login",
})

var _ = addRouteAccess(map[string]string{
	"POST /api/v1/vehicles":         "staff.manage",
	"GET /api/v1/vehicles":          "org.read",
	"POST /api/v1/vehicle-bookings": "org.read",
	"GET /api/v1/vehicle-bookings":  "org.read",
})

// TestVehicleBookingsRace: 50 bookings of one slot sent at once over HTTP,
// exactly one is 201 and the rest 409; a later slot books fine.
func TestVehicleBookingsRace(t *testing.T) {
	e := claimEnv(t)
	var v chamber.Vehicle
	decodeInto(t, e.do("sg", "POST", "/api/v1/vehicles", map[string]any{"plate": "浙C·A1234", "name": "别克GL8", "seats": 7}), 201, &v)
	decodeInto(t, e.do("sg", "POST", "/api/v1/vehicles", map[string]any{"plate": "浙C·A1234", "name": "x", "seats": 7}), 409, nil)
	decodeInto(t, e.do("sg", "POST", "/api/v1/vehicle-bookings", map[string]any{"vehicle_id": v.ID, "from": "nope", "to": "2030-01-01T10:00:00+08:00", "purpose": "x"}), 422, nil)
	var wg sync.WaitGroup
	codes := make([]int, 50)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := e.do("clerk", "POST", "/api/v1/vehicle-bookings", map[string]any{"vehicle_id": v.ID,
				"from": "2030-01-07T09:00:00+08:00", "to": "2030-01-07T12:00:00+08:00", "purpose": "接待来访客商"})
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	won := 0
	for _, c := range codes {
		switch c {
		case 201:
			won++
		case 409:
		default:
			t.Errorf("status %d", c)
		}
	}
	if won != 1 {
		t.Fatalf("%d bookings won, want exactly 1", won)
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/vehicle-bookings", map[string]any{"vehicle_id": v.ID,
		"from": "2030-01-07T12:00:00+08:00", "to": "2030-01-07T14:00:00+08:00", "purpose": "送文件"}), 201, nil)
	var list struct{ Items []chamber.VehicleBooking }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/vehicle-bookings?vehicle_id="+strconv.FormatInt(v.ID, 10), nil), 200, &list)
	if len(list.Items) != 2 {
		t.Fatalf("bookings = %d", len(list.Items))
	}
}
