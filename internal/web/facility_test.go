package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"GET /facilities":                      "org.read",
	"POST /facilities/repairs":             "org.read",
	"POST /facilities/repairs/{id}/status": "staff.manage",
	"POST /facilities/receptions":          "org.read",
	"POST /facilities/trips":               "org.read",
	"POST /api/v1/vehicles/{id}/dates":     "staff.manage",
	"GET /api/v1/vehicles/due":             "org.read",
	"POST /api/v1/vehicles/{id}/trips":     "org.read",
	"GET /api/v1/vehicles/{id}/trips":      "org.read",
	"POST /api/v1/repairs":                 "org.read",
	"GET /api/v1/repairs":                  "org.read",
	"POST /api/v1/repairs/{id}/status":     "staff.manage",
	"POST /api/v1/receptions":              "org.read",
	"GET /api/v1/receptions":               "org.read",
})

// TestFacilitiesAPI: vehicles due within N days, the trip log's odometer,
// a repair request's status and the reception log.
func TestFacilitiesAPI(t *testing.T) {
	e := claimEnv(t)
	today, err := time.Parse("2006-01-02", e.db.Today(sysCtx))
	if err != nil {
		t.Fatal(err)
	}
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	var a, b chamber.Vehicle
	decodeInto(t, e.do("sg", "POST", "/api/v1/vehicles", map[string]any{"plate": "浙C·B0001", "name": "别克GL8", "seats": 7}), 201, &a)
	decodeInto(t, e.do("sg", "POST", "/api/v1/vehicles", map[string]any{"plate": "浙C·B0002", "name": "帕萨特", "seats": 5}), 201, &b)
	va, vb := "/api/v1/vehicles/"+strconv.FormatInt(a.ID, 10), "/api/v1/vehicles/"+strconv.FormatInt(b.ID, 10)
	decodeInto(t, e.do("sg", "POST", va+"/dates", map[string]any{"insurance_until": day(10), "inspection_until": day(200)}), 200, nil)
	decodeInto(t, e.do("sg", "POST", vb+"/dates", map[string]any{"insurance_until": day(90), "inspection_until": day(-3)}), 200, nil)
	decodeInto(t, e.do("sg", "POST", vb+"/dates", map[string]any{"insurance_until": "2026-02-30"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", vb+"/dates", map[string]any{}), 403, nil)
	var due struct{ Items []chamber.VehicleDue }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/vehicles/due?days=30", nil), 200, &due)
	if len(due.Items) != 2 || due.Items[0].ID != b.ID || due.Items[0].Kind != "inspection" || due.Items[0].DaysOut != -3 ||
		due.Items[1].ID != a.ID || due.Items[1].Kind != "insurance" || due.Items[1].DaysOut != 10 {
		t.Fatalf("due: %+v", due.Items)
	}
	decodeInto(t, e.do("clerk", "GET", "/api/v1/vehicles/due?days=x", nil), 422, nil)

	var trip chamber.VehicleTrip
	decodeInto(t, e.do("clerk", "POST", va+"/trips", map[string]any{"date": day(0), "start_km": 12000, "end_km": 12086, "purpose": "走访会员企业", "fuel_fen": 12000}), 201, &trip)
	if trip.Km != 86 || trip.Driver != "李会计" {
		t.Fatalf("trip %+v", trip)
	}
	decodeInto(t, e.do("clerk", "POST", va+"/trips", map[string]any{"date": day(0), "start_km": 12050, "end_km": 12100, "purpose": "x"}), 422, nil)
	decodeInto(t, e.do("clerk", "POST", va+"/trips", map[string]any{"date": day(0), "start_km": 12100, "end_km": 12090, "purpose": "x"}), 422, nil)
	var trips struct{ Items []chamber.VehicleTrip }
	decodeInto(t, e.do("clerk", "GET", va+"/trips", nil), 200, &trips)
	if len(trips.Items) != 1 {
		t.Fatalf("trips %+v", trips)
	}

	var rep chamber.RepairRequest
	decodeInto(t, e.do("clerk", "POST", "/api/v1/repairs", map[string]any{"title": "会议室空调不制冷", "location": "一号会议室"}), 201, &rep)
	if rep.Status != "open" {
		t.Fatalf("repair %+v", rep)
	}
	rid := "/api/v1/repairs/" + strconv.FormatInt(rep.ID, 10) + "/status"
	decodeInto(t, e.do("clerk", "POST", rid, map[string]any{"status": "done"}), 403, nil)
	decodeInto(t, e.do("sg", "POST", rid, map[string]any{"status": "in_progress", "note": "已联系售后"}), 200, &rep)
	decodeInto(t, e.do("sg", "POST", rid, map[string]any{"status": "done"}), 200, &rep)
	if rep.Status != "done" || rep.Note != "已联系售后" {
		t.Fatalf("repair %+v", rep)
	}
	decodeInto(t, e.do("sg", "POST", rid, map[string]any{"status": "cancelled"}), 409, nil)
	decodeInto(t, e.do("sg", "POST", rid, map[string]any{"status": "reopened"}), 422, nil)
	var open struct{ Items []chamber.RepairRequest }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/repairs?status=open", nil), 200, &open)
	if len(open.Items) != 0 {
		t.Fatalf("open repairs %+v", open)
	}

	var rc chamber.Reception
	decodeInto(t, e.do("clerk", "POST", "/api/v1/receptions", map[string]any{"date": day(0), "visitor": "张主任", "organisation": "市工商联", "people": 3, "purpose": "调研商会工作"}), 201, &rc)
	if rc.Host != "李会计" || rc.People != 3 {
		t.Fatalf("reception %+v", rc)
	}
	decodeInto(t, e.do("clerk", "POST", "/api/v1/receptions", map[string]any{"date": "x", "visitor": "", "purpose": ""}), 422, nil)
	var log struct{ Items []chamber.Reception }
	decodeInto(t, e.do("clerk", "GET", "/api/v1/receptions?from="+day(-1), nil), 200, &log)
	if len(log.Items) != 1 {
		t.Fatalf("log %+v", log)
	}
	for lang, want := range map[string]string{"zh-CN": "已修复", "en": "Done"} {
		c := e.browser(lang)
		e.login(c, "clerk")
		resp, err := c.Get(e.srv.URL + "/facilities")
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.Contains(body, "市工商联") || !strings.Contains(body, "浙C·B0002") {
			t.Fatalf("%s page: %d", lang, resp.StatusCode)
		}
	}
}
