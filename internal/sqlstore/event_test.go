package sqlstore_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestEventRegistrationConcurrency: 200 simultaneous registrations for a
// capacity of 50 give exactly 50 confirmed and waitlist positions 1…150
// without gaps; 20 simultaneous cancellations promote exactly 20, in order.
func TestEventRegistrationConcurrency(t *testing.T) {
	db := openDB(t)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
	ev, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventSeminar, Title: "数字化转型研讨会", StartsAt: start,
		EndsAt: start.Add(3 * time.Hour), Location: "商会大厦三楼", Capacity: 50, BudgetFen: 2000000})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status != chamber.EventDraft {
		t.Fatalf("status %s", ev.Status)
	}
	_, err = db.Register(sysCtx, ev.ID, chamber.NewRegistration{AttendeeName: "甲", Phone: "13800000000"})
	wantCode(t, err, chamber.ECONFLICT) // a draft takes no registrations
	if ev, err = db.PublishEvent(sysCtx, ev.ID); err != nil || ev.Status != chamber.EventOpen {
		t.Fatalf("publish: %v %+v", err, ev)
	}
	const n = 200
	regs := make([]*chamber.Registration, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := db.Register(sysCtx, ev.ID, chamber.NewRegistration{AttendeeName: fmt.Sprintf("来宾%d", i), Phone: fmt.Sprintf("1390000%04d", i)})
			if err != nil {
				errs <- err
				return
			}
			regs[i] = r
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var confirmed []*chamber.Registration
	var positions []int
	waitByPos := map[int]*chamber.Registration{}
	for _, r := range regs {
		switch r.Status {
		case chamber.RegConfirmed:
			confirmed = append(confirmed, r)
		case chamber.RegWaitlisted:
			positions = append(positions, *r.WaitlistPosition)
			waitByPos[*r.WaitlistPosition] = r
		}
	}
	sort.Ints(positions)
	if len(confirmed) != 50 || len(positions) != 150 {
		t.Fatalf("confirmed %d, waitlisted %d", len(confirmed), len(positions))
	}
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("waitlist positions %v", positions)
		}
	}
	_, err = db.Register(sysCtx, ev.ID, chamber.NewRegistration{AttendeeName: "重复", Phone: "13900000007"})
	wantCode(t, err, chamber.ECONFLICT)

	// 20 cancel at once: the first 20 of the waitlist move up, no more.
	errs = make(chan error, 20)
	for _, r := range confirmed[:20] {
		wg.Add(1)
		go func(id chamber.ID) {
			defer wg.Done()
			if _, err := db.CancelRegistration(sysCtx, id); err != nil {
				errs <- err
			}
		}(r.ID)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	_, err = db.CancelRegistration(sysCtx, confirmed[0].ID)
	wantCode(t, err, chamber.ECONFLICT)
	st, err := db.EventStats(sysCtx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Confirmed != 50 || st.Waitlisted != 130 || st.Cancelled != 20 || st.Capacity != 50 || st.BudgetFen != 2000000 {
		t.Fatalf("stats %+v", st)
	}
	for p := 1; p <= 150; p++ {
		r, err := db.FindRegistration(sysCtx, waitByPos[p].ID)
		if err != nil {
			t.Fatal(err)
		}
		if p <= 20 && r.Status != chamber.RegConfirmed || p > 20 && (r.Status != chamber.RegWaitlisted || *r.WaitlistPosition != p-20) {
			t.Fatalf("waitlist %d now %s %v", p, r.Status, r.WaitlistPosition)
		}
	}

	// Check-in and feedback.
	in := confirmed[30]
	err = db.Feedback(sysCtx, ev.ID, chamber.EventFeedback{Code: in.Code, Rating: 5})
	wantCode(t, err, chamber.ECONFLICT) // not checked in
	if _, err := db.CheckInEvent(sysCtx, ev.ID, in.Code); err != nil {
		t.Fatal(err)
	}
	_, err = db.CheckInEvent(sysCtx, ev.ID, in.Code)
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.CheckInEvent(sysCtx, ev.ID, waitByPos[100].Code)
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.CheckInEvent(sysCtx, ev.ID, confirmed[0].Code) // cancelled
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.CheckInEvent(sysCtx, ev.ID, "NOSUCHCODE")
	wantCode(t, err, chamber.ENOTFOUND)
	if err := db.Feedback(sysCtx, ev.ID, chamber.EventFeedback{Code: in.Code, Rating: 4, Comment: "很有收获"}); err != nil {
		t.Fatal(err)
	}
	err = db.Feedback(sysCtx, ev.ID, chamber.EventFeedback{Code: in.Code, Rating: 1})
	wantCode(t, err, chamber.ECONFLICT)
	err = db.Feedback(sysCtx, ev.ID, chamber.EventFeedback{Code: in.Code, Rating: 9})
	wantCode(t, err, chamber.EINVALID)
	st, _ = db.EventStats(sysCtx, ev.ID)
	if st.CheckedIn != 1 || st.Feedback != 1 || st.RatingAvg == nil || *st.RatingAvg != 4 {
		t.Fatalf("stats %+v", st)
	}
}

// TestEventPortalAndPublic: a portal login registers its own member; the
// public registers only for a public event; a staff login without
// event.manage may not plan one.
func TestEventPortalAndPublic(t *testing.T) {
	db := openDB(t)
	m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越贸易有限公司", ContactName: "陈总", Phone: "13812345678"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "ouyue", Name: "陈总", Password: "secret-password", MemberID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	portal := actorCtx(t, db, u.ID)
	clerk := mustCreateUser(t, db, "clerk", false)
	_, err = db.CreateEvent(actorCtx(t, db, clerk.ID), chamber.NewEvent{Kind: chamber.EventTraining, Title: "x", StartsAt: time.Now().Add(time.Hour), EndsAt: time.Now().Add(2 * time.Hour)})
	wantCode(t, err, chamber.EFORBIDDEN)
	start := time.Now().Add(24 * time.Hour)
	members, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventTraining, Title: "财税培训", StartsAt: start, EndsAt: start.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	public, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventCharity, Title: "公益植树", StartsAt: start, EndsAt: start.Add(time.Hour), Audience: chamber.EventPublic})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []*chamber.Event{members, public} {
		if _, err := db.PublishEvent(sysCtx, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	r, err := db.Register(portal, members.ID, chamber.NewRegistration{MemberID: 999})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberID != m.ID || r.Channel != "portal" || r.AttendeeName != "陈总" || r.Status != chamber.RegConfirmed {
		t.Fatalf("portal registration %+v", r)
	}
	anon := chamber.WithActor(sysCtx, nil)
	_, err = db.Register(anon, members.ID, chamber.NewRegistration{AttendeeName: "路人", Phone: "13700000000"})
	wantCode(t, err, chamber.ENOTFOUND)
	pr, err := db.Register(anon, public.ID, chamber.NewRegistration{AttendeeName: "路人", Phone: "13700000000"})
	if err != nil || pr.Channel != "public" || pr.MemberID != 0 {
		t.Fatalf("public registration %+v %v", pr, err)
	}
	mine, err := db.ListRegistrations(portal, 0)
	if err != nil || len(mine) != 1 || mine[0].ID != r.ID {
		t.Fatalf("own registrations %v %v", mine, err)
	}
	_, err = db.FindRegistration(portal, pr.ID)
	wantCode(t, err, chamber.ENOTFOUND)
	if _, err := db.CancelRegistration(portal, r.ID); err != nil {
		t.Fatal(err)
	}
}

// TestWorkPlan: items take their status from the percent and the due date;
// links carry the event's title.
func TestWorkPlan(t *testing.T) {
	db := openDB(t)
	p, err := db.CreateWorkPlan(sysCtx, chamber.NewWorkPlan{Year: 2026, Title: "2026年度工作计划"})
	if err != nil {
		t.Fatal(err)
	}
	depts, err := db.ListDepartments(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	past := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
	future := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	late, err := db.AddWorkPlanItem(sysCtx, p.ID, chamber.NewWorkPlanItem{Title: "会员大会", DepartmentID: depts[0].ID, DueOn: past})
	if err != nil {
		t.Fatal(err)
	}
	if late.Status != chamber.ItemOverdue {
		t.Fatalf("status %s", late.Status)
	}
	next, err := db.AddWorkPlanItem(sysCtx, p.ID, chamber.NewWorkPlanItem{Title: "会员培训", DepartmentID: depts[0].ID, DueOn: future})
	if err != nil || next.Status != chamber.ItemPlanned {
		t.Fatalf("%v %+v", err, next)
	}
	_, err = db.AddWorkPlanItem(sysCtx, p.ID, chamber.NewWorkPlanItem{Title: "x", DepartmentID: depts[0].ID, DueOn: "2026-02-30"})
	wantCode(t, err, chamber.EINVALID)
	if next, err = db.ReportProgress(sysCtx, next.ID, chamber.ItemProgressReport{Percent: 40, Note: "已定讲师"}); err != nil || next.Status != chamber.ItemInProgress {
		t.Fatalf("%v %+v", err, next)
	}
	if late, err = db.ReportProgress(sysCtx, late.ID, chamber.ItemProgressReport{Percent: 100}); err != nil || late.Status != chamber.ItemDone {
		t.Fatalf("%v %+v", err, late)
	}
	start := time.Now().Add(24 * time.Hour)
	ev, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventTraining, Title: "财税培训", StartsAt: start, EndsAt: start.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	it, err := db.LinkWorkPlanItem(sysCtx, next.ID, chamber.WorkPlanLink{Kind: "event", ID: ev.ID})
	if err != nil || len(it.Links) != 1 || it.Links[0].Title != "财税培训" {
		t.Fatalf("%v %+v", err, it)
	}
	_, err = db.LinkWorkPlanItem(sysCtx, next.ID, chamber.WorkPlanLink{Kind: "event", ID: 9999})
	wantCode(t, err, chamber.EINVALID)
	clerk := mustCreateUser(t, db, "clerk", false)
	_, err = db.ReportProgress(actorCtx(t, db, clerk.ID), next.ID, chamber.ItemProgressReport{Percent: 50})
	wantCode(t, err, chamber.EFORBIDDEN)
	got, err := db.FindWorkPlan(sysCtx, p.ID)
	if err != nil || len(got.Items) != 2 {
		t.Fatalf("%v %+v", err, got)
	}
}
