package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

var _ = addRouteAccess(map[string]string{
	"PATCH /api/v1/staff/{id}": "staff.manage",
	"POST /staff/{id}":         "staff.manage",
})

// adminEnv is claimEnv with a 人力资源部总监 ("hr") and a 行政后勤部总监
// ("houqin") besides the finance clerk, director and 秘书长.
func adminEnv(t *testing.T) *env {
	t.Helper()
	e := claimEnv(t)
	for _, u := range []struct{ name, display, code string }{{"hr", "钱人事", "human_resources_director"}, {"houqin", "孙后勤", "logistics_director"}} {
		e.appointLogin(u.name, u.display, u.code)
	}
	return e
}

// appointLogin creates a login holding the position with code since 2020.
func (e *env) appointLogin(name, display, code string) chamber.ID {
	e.t.Helper()
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		e.t.Fatal(err)
	}
	var pos chamber.ID
	for _, p := range ps {
		if p.Code == code {
			pos = p.ID
		}
	}
	u, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: name, Name: display, Password: testPassword})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: pos, UserID: u.ID, StartsOn: "2020-01-01"}); err != nil {
		e.t.Fatal(err)
	}
	secret, _, err := e.db.CreateToken(sysCtx, u.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	e.tokens[name] = secret
	return u.ID
}

func (e *env) userID(login string) chamber.ID {
	e.t.Helper()
	var me struct{ ID chamber.ID }
	decodeInto(e.t, e.do(login, "GET", "/api/v1/me", nil), 200, &me)
	return me.ID
}

func todoOf(t *testing.T, e *env, login string) []chamber.TodoItem {
	t.Helper()
	var todo struct{ Items []chamber.TodoItem }
	decodeInto(t, e.do(login, "GET", "/api/v1/me/todo", nil), 200, &todo)
	return todo.Items
}

func todoHas(items []chamber.TodoItem, kind string, id chamber.ID) bool {
	for _, it := range items {
		if it.Kind == kind && it.ID == id {
			return true
		}
	}
	return false
}

// TestStaffRegister: HR keeps contract dates and the emergency contact; a
// contract ending within 30 days is in the HR director's to-do and inbox
// (once) until renewed; the training history holds HR's courses and the
// training events the person was checked in at; the record is 404 to other
// staff, the 行政后勤部's staff.manage included, who sees the register
// without its private columns and may not change it.
func TestStaffRegister(t *testing.T) {
	e := adminEnv(t)
	today, _ := chamber.ParseDate(e.db.Today(sysCtx))
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	var st chamber.Staff
	decodeInto(t, e.do("hr", "POST", "/api/v1/staff", map[string]any{"user_id": e.userID("clerk"), "name": "李会计", "hired_on": "2018-07-01",
		"employment": "full_time", "phone": "139 0577 1005", "contract_starts_on": day(-700), "contract_ends_on": day(20)}), 201, &st)
	sid := "/api/v1/staff/" + strconv.FormatInt(st.ID, 10)
	decodeInto(t, e.do("hr", "PATCH", sid, map[string]any{"contract_ends_on": day(-800)}), 422, nil)                             // before its start
	decodeInto(t, e.do("hr", "PATCH", sid, map[string]any{"emergency_contact": "李强（配偶）13905772005", "hired_on": "x"}), 422, nil) // unknown field
	decodeInto(t, e.do("hr", "PATCH", sid, map[string]any{"emergency_contact": "李强（配偶）13905772005"}), 200, &st)
	if st.Emergency != "李强（配偶）13905772005" || st.ContractEndsOn != day(20) || st.Phone != "13905771005" {
		t.Fatalf("updated: %+v", st)
	}
	decodeInto(t, e.do("houqin", "PATCH", sid, map[string]any{"phone": "13900000000"}), 404, nil)

	// Private: the person and HR read it; others, 行政后勤部 included, get 404.
	for _, who := range []string{"director", "houqin", "supervisor", "staff"} {
		decodeInto(t, e.do(who, "GET", sid, nil), 404, nil)
	}
	var list struct{ Items []chamber.Staff }
	decodeInto(t, e.do("houqin", "GET", "/api/v1/staff", nil), 200, &list)
	if len(list.Items) != 1 || list.Items[0].Emergency != "" || list.Items[0].ContractEndsOn != "" || list.Items[0].Name != "李会计" {
		t.Fatalf("register outside HR: %+v", list.Items)
	}
	decodeInto(t, e.do("director", "GET", "/api/v1/staff", nil), 403, nil)

	// The contract's renewal: in the HR director's to-do, not the clerk's.
	if items := todoOf(t, e, "hr"); !todoHas(items, chamber.TodoContract, st.ID) {
		t.Fatalf("hr todo: %+v", items)
	}
	if items := todoOf(t, e, "clerk"); todoHas(items, chamber.TodoContract, st.ID) {
		t.Fatalf("clerk todo: %+v", items)
	}
	if n, err := e.db.RemindDueDates(sysCtx); err != nil || n != 1 {
		t.Fatalf("reminders sent %d, %v", n, err)
	}
	if n, err := e.db.RemindDueDates(sysCtx); err != nil || n != 0 {
		t.Fatalf("second sweep sent %d, %v (want once)", n, err)
	}
	var inbox struct{ Items []struct{ Title string } }
	decodeInto(t, e.do("hr", "GET", "/api/v1/inbox", nil), 200, &inbox)
	if len(inbox.Items) != 1 || !strings.Contains(inbox.Items[0].Title, "李会计") {
		t.Fatalf("hr inbox: %+v", inbox.Items)
	}
	decodeInto(t, e.do("hr", "PATCH", sid, map[string]any{"contract_starts_on": day(21), "contract_ends_on": day(21 + 3*365)}), 200, &st)
	if items := todoOf(t, e, "hr"); todoHas(items, chamber.TodoContract, st.ID) {
		t.Fatalf("renewed contract still in the to-do: %+v", items)
	}

	// Training: a course recorded by HR and a training event attended.
	decodeInto(t, e.do("hr", "POST", sid+"/trainings", map[string]any{"title": "民非会计制度培训", "date": "2026-05-10", "hours": 8}), 201, nil)
	decodeInto(t, e.do("houqin", "POST", sid+"/trainings", map[string]any{"title": "x", "date": "2026-05-10"}), 404, nil)
	start := time.Now().Add(3 * time.Hour).UTC()
	ev := evJSON(t, e.do("admin", "POST", "/api/v1/events", map[string]any{"kind": "training", "title": "商会工作人员业务培训班", "starts_at": start.Format(time.RFC3339),
		"ends_at": start.Add(2 * time.Hour).Format(time.RFC3339), "location": "商会大厦", "capacity": 0, "audience": "all_members"}), 201)
	evID := strconv.Itoa(int(ev["id"].(float64)))
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+evID+"/publish", nil), 200)
	reg := evJSON(t, e.do("admin", "POST", "/api/v1/events/"+evID+"/registrations", map[string]any{"attendee_name": "李会计", "phone": "13905771005"}), 201)
	evJSON(t, e.do("admin", "POST", "/api/v1/events/"+evID+"/check-ins", map[string]any{"code": reg["code"]}), 201)
	decodeInto(t, e.do("clerk", "GET", sid, nil), 200, &st)
	var sources []string
	for _, tr := range st.Trainings {
		sources = append(sources, tr.Source+":"+tr.Title)
	}
	if len(st.Trainings) != 2 || !strings.Contains(strings.Join(sources, ","), "event:商会工作人员业务培训班") || st.Trainings[0].Hours != 2 {
		t.Fatalf("training history: %v %+v", sources, st.Trainings)
	}

	// The page: HR sees the contract and its badge, in both languages.
	decodeInto(t, e.do("hr", "PATCH", sid, map[string]any{"contract_ends_on": day(5), "contract_starts_on": day(-365)}), 200, nil)
	for lang, want := range map[string]string{"zh-CN": "即将到期", "en": "Ends soon"} {
		c := e.browser(lang)
		e.login(c, "hr")
		resp, err := c.Get(e.srv.URL + "/staff")
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, want) || !strings.Contains(body, "李强（配偶）") {
			t.Fatalf("%s staff page: %d", lang, resp.StatusCode)
		}
		// The row's form renews the contract; a bad date is 422 on the page.
		form := url.Values{"phone": {"13905771005"}, "emergency_contact": {"李强（配偶）13905772005"}, "contract_starts_on": {day(6)}, "contract_ends_on": {day(2)}}
		resp, err = c.PostForm(e.srv.URL+"/staff/"+strconv.FormatInt(st.ID, 10), form)
		if err != nil {
			t.Fatal(err)
		}
		if body := readBody(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "field-error") {
			t.Fatalf("%s bad renewal: %d", lang, resp.StatusCode)
		}
	}
	c := e.browser("zh-CN")
	e.login(c, "hr")
	form := url.Values{"phone": {"13905771005"}, "emergency_contact": {"李强（配偶）13905772005"}, "contract_starts_on": {day(6)}, "contract_ends_on": {day(6 + 3*365)}}
	resp, err := c.PostForm(e.srv.URL+"/staff/"+strconv.FormatInt(st.ID, 10), form)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	decodeInto(t, e.do("hr", "GET", sid, nil), 200, &st)
	if st.ContractEndsOn != day(6+3*365) || todoHas(todoOf(t, e, "hr"), chamber.TodoContract, st.ID) {
		t.Fatalf("renewed on the page: %+v", st)
	}
	c = e.browser("zh-CN")
	e.login(c, "houqin")
	resp, err = c.Get(e.srv.URL + "/staff")
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != http.StatusOK || strings.Contains(body, "李强") || !strings.Contains(body, "李会计") {
		t.Fatalf("the register outside HR: %d", resp.StatusCode)
	}
}

// TestVehicleRemindersAndFuelClaims: insurance and inspection ending within
// 30 days are in the 行政后勤部's to-do and inbox (once), nobody else's; a
// trip's fuel is the driver's claim on 520103 routed to the director, and
// without a route for the claim the trip is not logged either.
func TestVehicleRemindersAndFuelClaims(t *testing.T) {
	e := adminEnv(t)
	today, _ := chamber.ParseDate(e.db.Today(sysCtx))
	day := func(n int) string { return today.AddDate(0, 0, n).Format("2006-01-02") }
	var v chamber.Vehicle
	decodeInto(t, e.do("houqin", "POST", "/api/v1/vehicles", map[string]any{"plate": "浙C·H0001", "name": "别克GL8", "seats": 7}), 201, &v)
	vid := "/api/v1/vehicles/" + strconv.FormatInt(v.ID, 10)
	decodeInto(t, e.do("houqin", "POST", vid+"/dates", map[string]any{"insurance_until": day(10), "inspection_until": day(45)}), 200, nil)
	items := todoOf(t, e, "houqin")
	if !todoHas(items, chamber.TodoVehicleInsurance, v.ID) || todoHas(items, chamber.TodoVehicleInspection, v.ID) {
		t.Fatalf("houqin todo: %+v", items)
	}
	for _, who := range []string{"clerk", "hr", "sg"} {
		if todoHas(todoOf(t, e, who), chamber.TodoVehicleInsurance, v.ID) {
			t.Fatalf("%s has the vehicle in the to-do", who)
		}
	}
	if n, err := e.db.RemindDueDates(sysCtx); err != nil || n != 1 {
		t.Fatalf("reminders %d, %v", n, err)
	}
	if n, err := e.db.RemindDueDates(sysCtx); err != nil || n != 0 {
		t.Fatalf("second sweep %d, %v", n, err)
	}
	var inbox struct{ Items []struct{ Title string } }
	decodeInto(t, e.do("houqin", "GET", "/api/v1/inbox", nil), 200, &inbox)
	if len(inbox.Items) != 1 || !strings.Contains(inbox.Items[0].Title, "浙C·H0001") {
		t.Fatalf("houqin inbox: %+v", inbox.Items)
	}
	decodeInto(t, e.do("houqin", "POST", vid+"/dates", map[string]any{"insurance_until": day(375), "inspection_until": day(45)}), 200, nil)
	if todoHas(todoOf(t, e, "houqin"), chamber.TodoVehicleInsurance, v.ID) {
		t.Fatalf("renewed insurance still in the to-do")
	}

	var trip chamber.VehicleTrip
	decodeInto(t, e.do("clerk", "POST", vid+"/trips", map[string]any{"date": day(0), "start_km": 1000, "end_km": 1086, "purpose": "走访会员企业", "fuel_fen": 12000}), 201, &trip)
	if trip.ReimbursementID == 0 {
		t.Fatalf("no claim: %+v", trip)
	}
	var claim chamber.Reimbursement
	decodeInto(t, e.do("clerk", "GET", "/api/v1/finance/reimbursements/"+strconv.FormatInt(trip.ReimbursementID, 10), nil), 200, &claim)
	if claim.TotalFen != 12000 || len(claim.Lines) != 1 || claim.Lines[0].Account != chamber.FuelAccount || claim.Status != "pending" ||
		len(claim.Steps) != 1 || claim.Steps[0].Approver != "王总监" || !strings.Contains(claim.Summary, "浙C·H0001") {
		t.Fatalf("fuel claim: %+v", claim)
	}
	if !todoHas(todoOf(t, e, "director"), chamber.TodoReimbursement, claim.ID) {
		t.Fatalf("the director's to-do lacks the fuel claim")
	}
	var plain chamber.VehicleTrip
	decodeInto(t, e.do("clerk", "POST", vid+"/trips", map[string]any{"date": day(0), "start_km": 1086, "end_km": 1100, "purpose": "送文件"}), 201, &plain)
	if plain.ReimbursementID != 0 {
		t.Fatalf("a trip without fuel made a claim: %+v", plain)
	}
	drv := e.permLogin("drv", []chamber.Permission{chamber.PermOrgRead}) // a post with nobody above it
	decodeInto(t, e.do(drv, "POST", vid+"/trips", map[string]any{"date": day(0), "start_km": 1100, "end_km": 1150, "purpose": "x", "fuel_fen": 5000}), 422, nil)
	var trips struct{ Items []chamber.VehicleTrip }
	decodeInto(t, e.do("clerk", "GET", vid+"/trips", nil), 200, &trips)
	if len(trips.Items) != 2 {
		t.Fatalf("trips: %d, want 2 (the refused one not logged)", len(trips.Items))
	}
	c := e.browser("zh-CN")
	e.login(c, "clerk")
	resp, err := c.Get(e.srv.URL + "/facilities")
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(body, `data-claim="`+strconv.FormatInt(claim.ID, 10)+`"`) {
		t.Fatalf("facilities page: %d", resp.StatusCode)
	}
}
