package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

var _ = addRouteAccess(map[string]string{
	"GET /legal":                                   "legal.handle",
	"POST /legal":                                  "legal.handle",
	"GET /legal/calendar":                          "legal.handle",
	"POST /legal/calendar":                         "legal.handle",
	"POST /legal/calendar/{id}/end":                "legal.handle",
	"GET /legal/{id}":                              "legal.handle",
	"POST /legal/{id}/steps":                       "legal.handle",
	"POST /legal/{id}/adviser":                     "legal.handle",
	"POST /legal/{id}/close":                       "legal.handle",
	"POST /tickets/{id}/legal-case":                "legal.handle",
	"GET /portal/legal":                            "portal",
	"GET /portal/legal/{id}":                       "portal",
	"POST /portal/legal/bookings":                  "portal",
	"POST /portal/legal/bookings/{id}/cancel":      "portal",
	"POST /api/v1/legal-cases":                     "legal.handle",
	"GET /api/v1/legal-cases":                      "login",
	"GET /api/v1/legal-cases/{id}":                 "login",
	"PATCH /api/v1/legal-cases/{id}":               "legal.handle",
	"POST /api/v1/legal-cases/{id}/steps":          "legal.handle",
	"POST /api/v1/legal-cases/{id}/close":          "legal.handle",
	"GET /api/v1/legal-office-hours":               "login",
	"POST /api/v1/legal-office-hours":              "legal.handle",
	"POST /api/v1/legal-office-hours/{id}/end":     "legal.handle",
	"GET /api/v1/legal-office-hours/slots":         "login",
	"POST /api/v1/legal-consultations":             "login",
	"GET /api/v1/legal-consultations":              "login",
	"POST /api/v1/legal-consultations/{id}/cancel": "login",
})

// legalEnv is claimEnv (the 秘书长 "sg" …) plus a 法律维权部 专员 "fawu",
// an 办公室 专员 "office" (ticket.handle, not legal.handle), member 1's
// portal login "member" and member 2's "member2".
func legalEnv(t *testing.T) *env {
	t.Helper()
	e := claimEnv(t)
	for _, name := range []string{"华南科技有限公司", "东莞精密模具厂"} {
		if _, err := e.db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: name, ContactName: "孙经理", Phone: "13812345678", Industry: "制造业", Region: "东莞"}); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := e.db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]chamber.ID{}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	for _, u := range []struct {
		name, position string
		member         chamber.ID
	}{{"fawu", "legal_rights_staff", 0}, {"office", "office_staff", 0}, {"member2", "", 2}} {
		created, err := e.db.CreateUser(sysCtx, chamber.NewUser{Username: u.name, Name: u.name, Password: testPassword, MemberID: u.member})
		if err != nil {
			t.Fatal(err)
		}
		if u.position != "" {
			if _, err := e.db.Appoint(sysCtx, chamber.Post{PositionID: pos[u.position], UserID: created.ID, StartsOn: "2020-01-01"}); err != nil {
				t.Fatal(err)
			}
		}
		secret, _, err := e.db.CreateToken(sysCtx, created.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[u.name] = secret
	}
	return e
}

// TestLegalCaseAccess opens a case from a member's legal-aid request and
// works it; only the 法律维权部, the 秘书长 and the member itself (without
// notes and internal steps) read it; the audit trail names the acts, not
// the facts.
func TestLegalCaseAccess(t *testing.T) {
	e := legalEnv(t)
	var tk chamber.Ticket
	decodeInto(t, e.do("member", "POST", "/api/v1/tickets", map[string]any{"kind": "legal_aid", "subject": "货款被拖欠", "body": "深圳某贸易公司拖欠货款三十万元。",
		"parties": "深圳某贸易公司", "dispute_amount_fen": 30000000}), 201, &tk)
	var inquiry chamber.Ticket
	decodeInto(t, e.do("member", "POST", "/api/v1/tickets", map[string]any{"kind": "inquiry", "subject": "问询", "body": "会费标准？"}), 201, &inquiry)

	// Only legal.handle opens cases, and only from legal_aid/rights tickets.
	decodeInto(t, e.do("office", "POST", "/api/v1/legal-cases", map[string]any{"ticket_id": tk.ID}), 403, nil)
	decodeInto(t, e.do("admin", "POST", "/api/v1/legal-cases", map[string]any{"ticket_id": tk.ID}), 403, nil)
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-cases", map[string]any{"ticket_id": inquiry.ID}), 422, nil)
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-cases", map[string]any{"subject": "x"}), 422, nil)
	var c chamber.LegalCase
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-cases", map[string]any{"ticket_id": tk.ID, "notes": "对方或有偿付能力问题，内部评估"}), 201, &c)
	if c.MemberID != 1 || c.TicketID != tk.ID || c.DisputeFen != 30000000 || len(c.Parties) != 2 || c.Parties[1].Name != "深圳某贸易公司" || c.Status != "open" {
		t.Fatalf("opened: %+v", c)
	}
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-cases", map[string]any{"ticket_id": tk.ID}), 409, nil)
	var linked chamber.Ticket
	decodeInto(t, e.do("office", "GET", "/api/v1/tickets/"+strconv.FormatInt(tk.ID, 10), nil), 200, &linked)
	if linked.LegalCaseID != c.ID || linked.Status != "in_progress" {
		t.Fatalf("ticket link: %+v", linked)
	}

	id := "/api/v1/legal-cases/" + strconv.FormatInt(c.ID, 10)
	var law chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "law_firm", "name": "广东正义律师事务所"}), 201, &law)
	decodeInto(t, e.do("fawu", "PATCH", id, map[string]any{"adviser_contact_id": 9999}), 422, nil)
	decodeInto(t, e.do("fawu", "PATCH", id, map[string]any{"dispute_amount_fen": -1}), 422, nil)
	decodeInto(t, e.do("fawu", "PATCH", id, map[string]any{"adviser_contact_id": law.ID, "adviser_person": "陈律师"}), 200, &c)
	if c.Adviser != "广东正义律师事务所" || c.AdviserPerson != "陈律师" {
		t.Fatalf("adviser: %+v", c)
	}
	decodeInto(t, e.do("fawu", "POST", id+"/steps", map[string]any{"date": "2099-01-01", "kind": "letter", "note": "x"}), 422, nil)
	decodeInto(t, e.do("fawu", "POST", id+"/steps", map[string]any{"date": "2026-11-02", "kind": "fight", "note": "x"}), 422, nil)
	decodeInto(t, e.do("fawu", "POST", id+"/steps", map[string]any{"date": "2026-11-02", "kind": "letter", "note": "陈律师发出律师函，限期十日付款"}), 201, nil)
	decodeInto(t, e.do("fawu", "POST", id+"/steps", map[string]any{"date": "2026-11-03", "kind": "other", "note": "内部：对方法人为本会理事亲属，注意回避", "internal": true}), 201, nil)

	// Who reads it.
	for _, x := range []struct {
		role  string
		want  int
		notes bool
	}{{"fawu", 200, true}, {"sg", 200, true}, {"member", 200, false}, {"member2", 404, false}, {"office", 404, false}, {"admin", 404, false}, {"clerk", 404, false}, {"supervisor", 404, false}, {"", 401, false}} {
		resp := e.do(x.role, "GET", id, nil)
		body := readBody(t, resp)
		if resp.StatusCode != x.want {
			t.Fatalf("%s reads the case: %d %s", x.role, resp.StatusCode, body)
		}
		if x.want == 200 && (strings.Contains(body, "内部评估") != x.notes || strings.Contains(body, "注意回避") != x.notes || !strings.Contains(body, "律师函")) {
			t.Fatalf("%s sees: %s", x.role, body)
		}
		var lst struct{ Items []chamber.LegalCase }
		if x.role != "" {
			decodeInto(t, e.do(x.role, "GET", "/api/v1/legal-cases", nil), 200, &lst)
			if (len(lst.Items) == 1) != (x.want == 200) {
				t.Fatalf("%s lists: %+v", x.role, lst)
			}
		}
	}
	// The member's portal page shows its case without the notes; the staff page is not its.
	b := e.browser("")
	e.login(b, "member")
	resp, err := b.Get(e.srv.URL + "/portal/legal/" + strconv.FormatInt(c.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, resp); resp.StatusCode != 200 || strings.Contains(page, "注意回避") || strings.Contains(page, "内部评估") || !strings.Contains(page, "律师函") {
		t.Fatalf("portal case page: %d %s", resp.StatusCode, page)
	}
	b2 := e.browser("")
	e.login(b2, "member2")
	if resp, err = b2.Get(e.srv.URL + "/portal/legal/" + strconv.FormatInt(c.ID, 10)); err != nil || resp.StatusCode != 404 {
		t.Fatalf("another member's portal view: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()

	decodeInto(t, e.do("member", "POST", id+"/close", map[string]any{"outcome": "settled", "result": "x"}), 403, nil)
	decodeInto(t, e.do("fawu", "POST", id+"/close", map[string]any{"outcome": "bogus", "result": "x"}), 422, nil)
	decodeInto(t, e.do("fawu", "POST", id+"/close", map[string]any{"outcome": "settled", "result": "对方付清货款二十八万元，双方和解。"}), 200, &c)
	if c.Status != "closed" || c.ClosedAt == nil || c.Outcome != "settled" {
		t.Fatalf("closed: %+v", c)
	}
	decodeInto(t, e.do("fawu", "PATCH", id, map[string]any{"notes": "again"}), 409, nil)
	decodeInto(t, e.do("fawu", "POST", id+"/steps", map[string]any{"date": "2026-11-04", "kind": "other", "note": "x"}), 409, nil)

	// Every write is audited, without the case's facts.
	recs, _, err := e.db.ListAudit(sysCtx, chamber.AuditFilter{Entity: "legal_case", EntityID: c.ID}, chamber.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, r := range recs {
		actions[r.Action]++
		if strings.Contains(string(r.After), "回避") || strings.Contains(string(r.After), "内部评估") || strings.Contains(string(r.After), "律师函") {
			t.Fatalf("audit holds the facts: %s", r.After)
		}
	}
	if actions["legal.open"] != 1 || actions["legal.update"] != 1 || actions["legal.step"] != 2 || actions["legal.close"] != 1 {
		t.Fatalf("audit: %v", actions)
	}
}

// workday is the first Monday–Friday at least days ahead that is no
// holiday of the seeded calendar.
func workday(days int) time.Time {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	d := time.Now().In(loc).AddDate(0, 0, days)
	off := map[string]bool{}
	for _, h := range sqlstore.China2026Holidays {
		off[h.Date] = !h.Workday
	}
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || off[d.Format("2006-01-02")] {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// TestConsultationBooking: advisers' weekly and dated hours give slots;
// a member books one, nobody books it twice (of many at once exactly one
// wins), members see their own bookings only, staff all.
func TestConsultationBooking(t *testing.T) {
	e := legalEnv(t)
	var law chamber.Contact
	decodeInto(t, e.do("sg", "POST", "/api/v1/contacts", map[string]any{"kind": "law_firm", "name": "东莞明理律师事务所"}), 201, &law)
	day := workday(7)
	date := day.Format("2006-01-02")
	wd := int(day.Weekday())
	decodeInto(t, e.do("member", "POST", "/api/v1/legal-office-hours", map[string]any{"adviser_contact_id": law.ID, "weekday": wd, "from": "2026-01-01", "start": "14:00", "end": "16:00", "slot_minutes": 30}), 403, nil)
	for _, bad := range []map[string]any{
		{"adviser_contact_id": law.ID, "start": "14:00", "end": "16:00", "slot_minutes": 30},
		{"adviser_contact_id": law.ID, "weekday": wd, "date": date, "from": "2026-01-01", "start": "14:00", "end": "16:00", "slot_minutes": 30},
		{"adviser_contact_id": law.ID, "weekday": wd, "from": "2026-01-01", "start": "16:00", "end": "14:00", "slot_minutes": 30},
		{"adviser_contact_id": law.ID, "weekday": wd, "from": "2026-01-01", "start": "14:00", "end": "16:00", "slot_minutes": 45},
		{"adviser_contact_id": law.ID, "weekday": wd, "from": "2026-01-01", "start": "25:00", "end": "26:00", "slot_minutes": 30},
		{"adviser_contact_id": 9999, "weekday": wd, "from": "2026-01-01", "start": "14:00", "end": "16:00", "slot_minutes": 30},
	} {
		decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-office-hours", bad), 422, nil)
	}
	var weekly, dated chamber.OfficeHours
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-office-hours", map[string]any{"adviser_contact_id": law.ID, "adviser_person": "李律师",
		"weekday": wd, "from": "2026-01-01", "start": "14:00", "end": "16:00", "slot_minutes": 30, "place": "商会三楼会议室"}), 201, &weekly)
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-office-hours", map[string]any{"adviser_contact_id": law.ID,
		"date": date, "start": "09:00", "end": "10:00", "slot_minutes": 60}), 201, &dated)
	// One adviser, one place at a time: hours that overlap are refused.
	for _, clash := range []map[string]any{
		{"adviser_person": "李律师", "weekday": wd, "from": "2026-06-01", "start": "15:00", "end": "17:00", "slot_minutes": 60},
		{"adviser_person": "李律师", "date": date, "start": "15:30", "end": "16:30", "slot_minutes": 60},
		{"date": date, "start": "09:30", "end": "10:30", "slot_minutes": 60},
	} {
		clash["adviser_contact_id"] = law.ID
		decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-office-hours", clash), 409, nil)
	}
	// Another weekday, or another person of the firm, is no clash (and adds no slot on date).
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-office-hours", map[string]any{"adviser_contact_id": law.ID, "adviser_person": "李律师",
		"weekday": wd%7 + 1, "from": "2026-01-01", "start": "14:00", "end": "16:00", "slot_minutes": 30}), 201, nil)

	var slots struct{ Items []chamber.ConsultationSlot }
	decodeInto(t, e.do("member", "GET", "/api/v1/legal-office-hours/slots?from="+date+"&to="+date, nil), 200, &slots)
	if len(slots.Items) != 5 || slots.Items[0].Start != "14:00" && slots.Items[0].Start != "09:00" {
		t.Fatalf("slots: %+v", slots.Items)
	}
	decodeInto(t, e.do("member", "GET", "/api/v1/legal-office-hours/slots?from="+date+"&to=2099-01-01", nil), 422, nil)

	book := func(role string, start string, hours chamber.ID) *http.Response {
		return e.do(role, "POST", "/api/v1/legal-consultations", map[string]any{"office_hours_id": hours, "date": date, "start": start, "topic": "合同纠纷咨询"})
	}
	decodeInto(t, book("member", "14:10", weekly.ID), 422, nil)
	decodeInto(t, book("member", "16:00", weekly.ID), 422, nil)
	decodeInto(t, book("office", "14:00", weekly.ID), 403, nil)
	decodeInto(t, e.do("member", "POST", "/api/v1/legal-consultations", map[string]any{"office_hours_id": weekly.ID, "date": date, "start": "14:00", "topic": ""}), 422, nil)
	var mine chamber.Consultation
	decodeInto(t, book("member", "14:00", weekly.ID), 201, &mine)
	if mine.MemberID != 1 || mine.End != "14:30" || mine.Status != "booked" || mine.Adviser != "东莞明理律师事务所" {
		t.Fatalf("booked: %+v", mine)
	}
	decodeInto(t, book("member2", "14:00", weekly.ID), 409, nil)

	// Many at once for one slot: exactly one wins.
	const n = 8
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			role := []string{"member", "member2"}[i%2]
			resp := book(role, "09:00", dated.ID)
			codes[i] = resp.StatusCode
			resp.Body.Close()
		}(i)
	}
	wg.Wait()
	won := 0
	for _, c := range codes {
		switch c {
		case 201:
			won++
		case 409:
		default:
			t.Fatalf("concurrent booking answered %d: %v", c, codes)
		}
	}
	if won != 1 {
		t.Fatalf("%d bookings won one slot: %v", won, codes)
	}

	// Members see their own bookings, staff all; the slot list names no one else's.
	var lst struct{ Items []chamber.Consultation }
	decodeInto(t, e.do("fawu", "GET", "/api/v1/legal-consultations?upcoming=true", nil), 200, &lst)
	if len(lst.Items) != 2 {
		t.Fatalf("staff bookings: %+v", lst)
	}
	for _, role := range []string{"member", "member2"} {
		decodeInto(t, e.do(role, "GET", "/api/v1/legal-consultations", nil), 200, &lst)
		for _, b := range lst.Items {
			if (role == "member") != (b.MemberID == 1) {
				t.Fatalf("%s sees %+v", role, b)
			}
		}
	}
	decodeInto(t, e.do("office", "GET", "/api/v1/legal-consultations", nil), 200, &lst)
	if len(lst.Items) != 0 {
		t.Fatalf("office sees bookings: %+v", lst)
	}
	decodeInto(t, e.do("member2", "GET", "/api/v1/legal-office-hours/slots?from="+date+"&to="+date, nil), 200, &slots)
	for _, s := range slots.Items {
		if s.OfficeHoursID == weekly.ID && s.Start == "14:00" && (!s.Booked || s.Mine || s.BookingID != 0) {
			t.Fatalf("member2 sees member's slot as %+v", s)
		}
	}
	cancel := "/api/v1/legal-consultations/" + strconv.FormatInt(mine.ID, 10) + "/cancel"
	decodeInto(t, e.do("member2", "POST", cancel, nil), 404, nil)
	decodeInto(t, e.do("member", "POST", cancel, nil), 200, &mine)
	if mine.Status != "cancelled" {
		t.Fatalf("cancelled: %+v", mine)
	}
	decodeInto(t, e.do("member", "POST", cancel, nil), 409, nil)
	decodeInto(t, book("member2", "14:00", weekly.ID), 201, nil)

	// The portal page books through a form too; a taken slot says so.
	b := e.browser("")
	e.login(b, "member")
	resp, err := b.Get(e.srv.URL + "/portal/legal?from=" + date + "&to=" + date)
	if err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(page, "14:30–15:00") || !strings.Contains(page, "已约满") {
		t.Fatalf("portal page: %d %s", resp.StatusCode, page)
	}
	form := url.Values{"office_hours_id": {fmt.Sprint(weekly.ID)}, "date": {date}, "start": {"14:30"}, "topic": {"劳动合同咨询"}}
	if resp, err = b.PostForm(e.srv.URL+"/portal/legal/bookings", form); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("portal booking: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	if resp, err = b.PostForm(e.srv.URL+"/portal/legal/bookings", form); err != nil {
		t.Fatal(err)
	}
	if page := readBody(t, resp); resp.StatusCode != http.StatusConflict || !strings.Contains(page, "该时段已被预约") {
		t.Fatalf("portal double booking: %d %s", resp.StatusCode, page)
	}
	// Ending weekly hours keeps what was booked.
	decodeInto(t, e.do("fawu", "POST", "/api/v1/legal-office-hours/"+strconv.FormatInt(weekly.ID, 10)+"/end", nil), 200, nil)
	decodeInto(t, e.do("fawu", "GET", "/api/v1/legal-consultations?upcoming=true", nil), 200, &lst)
	if len(lst.Items) != 3 {
		t.Fatalf("bookings after end: %+v", lst)
	}
}
