package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestTicketRoutingSLAAndEscalation files a legal-aid request on the
// Friday before the National Day holiday with a fixed clock: the routing
// rule sends it to 法律维权部, its deadlines count working days over the
// weekend and the holiday (the 调休 Saturday counts), and the job escalates
// it once, to the handler and the department's director.
func TestTicketRoutingSLAAndEscalation(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	clock := &fakeClock{t: time.Date(2026, 9, 30, 10, 0, 0, 0, sh).UTC()}
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clock)})
	director := mustCreateUser(t, db, "fawu_director", false)
	handler := mustCreateUser(t, db, "fawu_staff", false)
	other := mustCreateUser(t, db, "office_staff", false)
	pos := map[string]chamber.ID{}
	ps, err := db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	for u, code := range map[chamber.ID]string{director.ID: "legal_rights_director", handler.ID: "legal_rights_staff", other.ID: "office_staff"} {
		if _, err := db.Appoint(sysCtx, chamber.Post{PositionID: pos[code], UserID: u, StartsOn: "2020-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "华南科技有限公司", ContactName: "孙经理", Phone: "13812345678"})
	if err != nil {
		t.Fatal(err)
	}
	staff := actorCtx(t, db, handler.ID)
	tk, err := db.CreateTicket(staff, chamber.NewTicket{Kind: chamber.TicketLegalAid, MemberID: m.ID, Subject: "货款纠纷", Body: "客户拖欠货款 30 万元",
		Parties: "某贸易公司", DisputeFen: 30000000})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status != chamber.TicketOpen || tk.Department != "法律维权部" || tk.Channel != "phone" {
		t.Fatalf("routed: %+v", tk)
	}
	// legal_aid: first answer 2, resolution 20 working days. From Wed 30 Sep:
	// 1–7 Oct are holidays, Sat 10 Oct is a working day.
	if got := tk.FirstDueAt.In(sh).Format("2006-01-02 15:04"); got != "2026-10-09 18:00" {
		t.Fatalf("first answer due %s", got)
	}
	if got := tk.DueAt.In(sh).Format("2006-01-02"); got != "2026-11-03" {
		t.Fatalf("due %s", got)
	}
	if _, err := db.AssignTicket(staff, tk.ID, handler.ID); err != nil {
		t.Fatal(err)
	}
	// A portal login of another member neither sees nor lists it.
	m2, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "另一家公司", ContactName: "李", Phone: "13912345678"})
	if err != nil {
		t.Fatal(err)
	}
	outsider, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "m2", Name: "另一会员", Password: "secret-password", MemberID: m2.ID})
	if err != nil {
		t.Fatal(err)
	}
	octx := actorCtx(t, db, outsider.ID)
	if _, err := db.FindTicket(octx, tk.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("outsider read: %v", err)
	}
	if list, _, err := db.ListTickets(octx, chamber.TicketFilter{}, chamber.Page{}); err != nil || len(list) != 0 {
		t.Fatalf("outsider list: %v %v", list, err)
	}
	// Nothing is late yet.
	if n, err := db.EscalateTickets(sysCtx); err != nil || n != 0 {
		t.Fatalf("escalate early: %d %v", n, err)
	}
	// Past the first-answer deadline: the handler is told; past the due date: escalated once.
	clock.Add(10 * 24 * time.Hour)
	if n, err := db.EscalateTickets(sysCtx); err != nil || n != 0 {
		t.Fatalf("escalate after first due: %d %v", n, err)
	}
	clock.Add(30 * 24 * time.Hour)
	if n, err := db.EscalateTickets(sysCtx); err != nil || n != 1 {
		t.Fatalf("escalate: %d %v", n, err)
	}
	if n, err := db.EscalateTickets(sysCtx); err != nil || n != 0 {
		t.Fatalf("escalate twice: %d %v", n, err)
	}
	inboxTitles := func(id chamber.ID) string {
		items, _, err := db.Inbox(actorCtx(t, db, id), chamber.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, it := range items {
			titles = append(titles, it.Title)
		}
		return strings.Join(titles, "|")
	}
	if got := inboxTitles(director.ID); strings.Count(got, "逾期未办结") != 1 {
		t.Fatalf("director inbox: %q", got)
	}
	if got := inboxTitles(handler.ID); strings.Count(got, "逾期未办结") != 1 || strings.Count(got, "待首次答复") != 1 {
		t.Fatalf("handler inbox: %q", got)
	}
	if got := inboxTitles(other.ID); got != "" {
		t.Fatalf("office inbox: %q", got)
	}
	overdue, _, err := db.ListTickets(staff, chamber.TicketFilter{Overdue: true}, chamber.Page{})
	if err != nil || len(overdue) != 1 || !overdue[0].Escalated {
		t.Fatalf("overdue list: %+v %v", overdue, err)
	}
	// A routing rule changed by an administrator applies to new tickets.
	admin := mustCreateUser(t, db, "admin", true)
	actx := actorCtx(t, db, admin.ID)
	depts, err := db.ListDepartments(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	var econ chamber.ID
	for _, d := range depts {
		if d.Code == "economic_cooperation" {
			econ = d.ID
		}
	}
	if err := db.SetTicketRoute(actx, chamber.TicketRoute{Kind: chamber.TicketLegalAid, DepartmentID: econ, HandlerID: other.ID, FirstDays: 0, ResolveDays: 1}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetTicketRoute(staff, chamber.TicketRoute{Kind: chamber.TicketLegalAid, DepartmentID: econ, ResolveDays: 1}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("route by staff: %v", err)
	}
	tk2, err := db.CreateTicket(staff, chamber.NewTicket{Kind: chamber.TicketLegalAid, MemberID: m.ID, Subject: "合同", Body: "审查"})
	if err != nil || tk2.DepartmentID != econ || tk2.AssigneeID != other.ID {
		t.Fatalf("rerouted: %+v %v", tk2, err)
	}
}
