package sqlstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestLeaveRoutingActingAndOverlap: a staff member's leave goes to the
// department director; with the director's post vacant it goes to the
// 秘书长. The director's approved leave with an acting holder sends a claim
// filed during the leave to the acting holder, and one filed after it to
// the director again. Overlapping leave is refused, also when sent at once;
// days are working days by the holiday calendar.
func TestLeaveRoutingActingAndOverlap(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	clock := &fakeClock{t: time.Date(2026, 9, 21, 10, 0, 0, 0, sh).UTC()}
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clock)})
	sg := mustCreateUser(t, db, "mishuzhang", false)
	dir := mustCreateUser(t, db, "office_dir", false)
	clerk := mustCreateUser(t, db, "office_clerk", false)
	deputy := mustCreateUser(t, db, "office_deputy", false)
	legal := mustCreateUser(t, db, "legal_clerk", false)
	pos := map[string]chamber.ID{}
	ps, err := db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	for u, code := range map[chamber.ID]string{sg.ID: chamber.PosSecretaryGeneral, dir.ID: "office_director", clerk.ID: "office_staff",
		deputy.ID: "office_staff", legal.ID: "legal_rights_staff"} {
		if _, err := db.Appoint(sysCtx, chamber.Post{PositionID: pos[code], UserID: u, StartsOn: "2020-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreateStaff(sysCtx, chamber.Staff{UserID: clerk.ID, Name: "王专员", PositionID: pos["office_staff"], HiredOn: "2014-03-01", Employment: "full_time"}); err != nil {
		t.Fatal(err)
	}

	// The clerk's leave over the National Day holiday: 9/28 (Mon) to 10/9 (Fri).
	l, err := db.CreateLeave(actorCtx(t, db, clerk.ID), chamber.NewLeave{Kind: "annual", From: "2026-09-28", To: "2026-10-09", Reason: "探亲"})
	if err != nil {
		t.Fatal(err)
	}
	if l.ApproverID != dir.ID || l.Status != chamber.LeavePending {
		t.Fatalf("approver = %d, status %s; want the director %d", l.ApproverID, l.Status, dir.ID)
	}
	// 10 weekdays, minus the 国庆 holidays on weekdays (10/1, 2, 5, 6, 7); the 调休 Saturday 10/10 is outside.
	if l.Days != 5 {
		t.Errorf("days = %d, want 5 working days", l.Days)
	}
	_, err = db.CreateLeave(actorCtx(t, db, clerk.ID), chamber.NewLeave{Kind: "sick", From: "2026-10-09", To: "2026-10-12"})
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.DecideLeave(actorCtx(t, db, sg.ID), l.ID, true, "")
	wantCode(t, err, chamber.EFORBIDDEN)
	if _, err := db.DecideLeave(actorCtx(t, db, dir.ID), l.ID, true, "同意"); err != nil {
		t.Fatal(err)
	}
	bs, err := db.LeaveBalances(actorCtx(t, db, clerk.ID), 0, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if bs[0].Kind != "annual" || bs[0].Entitlement != 10 || bs[0].Taken != 5 || bs[0].Remaining != 5 {
		t.Errorf("annual balance = %+v, want 10 entitled (12 years), 5 taken, 5 left", bs[0])
	}

	// No director in 法律维权部: the legal clerk's leave goes to the 秘书长.
	l2, err := db.CreateLeave(actorCtx(t, db, legal.ID), chamber.NewLeave{Kind: "personal", From: "2026-11-02", To: "2026-11-02"})
	if err != nil {
		t.Fatal(err)
	}
	if l2.ApproverID != sg.ID {
		t.Errorf("vacant director: approver = %d, want the 秘书长 %d", l2.ApproverID, sg.ID)
	}

	// The director on leave 10/12–10/16 with the deputy acting.
	dl, err := db.CreateLeave(actorCtx(t, db, dir.ID), chamber.NewLeave{Kind: "business_trip", From: "2026-10-12", To: "2026-10-16", ActingUserID: deputy.ID})
	if err != nil {
		t.Fatal(err)
	}
	if dl.ApproverID != sg.ID {
		t.Fatalf("director's approver = %d, want %d", dl.ApproverID, sg.ID)
	}
	if dl, err = db.DecideLeave(actorCtx(t, db, sg.ID), dl.ID, true, ""); err != nil || dl.ActingPostID == 0 {
		t.Fatalf("approve: %v, acting post %d", err, dl.ActingPostID)
	}
	claim := func() chamber.ID {
		t.Helper()
		r, err := db.CreateReimbursement(actorCtx(t, db, clerk.ID), chamber.NewReimbursement{Summary: "办公用品",
			Lines: []chamber.NewReimbursementLine{{Date: "2026-10-01", Account: "520103", AmountFen: 5000, Memo: "纸"}}})
		if err != nil {
			t.Fatal(err)
		}
		return r.Steps[0].ApproverID
	}
	clock.t = time.Date(2026, 10, 13, 10, 0, 0, 0, sh).UTC()
	if got := claim(); got != deputy.ID {
		t.Errorf("claim during the leave goes to %d, want the acting holder %d", got, deputy.ID)
	}
	clock.t = time.Date(2026, 10, 19, 10, 0, 0, 0, sh).UTC()
	if got := claim(); got != dir.ID {
		t.Errorf("claim after the leave goes to %d, want the director %d", got, dir.ID)
	}

	// Ten overlapping requests at once: exactly one is filed.
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	ctx := actorCtx(t, db, deputy.ID)
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.CreateLeave(ctx, chamber.NewLeave{Kind: "personal", From: "2026-12-01", To: "2026-12-03"})
			if err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			} else if chamber.ErrorCode(err) != chamber.ECONFLICT {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 {
		t.Errorf("%d overlapping requests filed, want 1", ok)
	}
}

// TestColleagues: the acting-holder picker lists each login holding a
// position today once (its highest post), not a login without a post, a
// disabled one or a post that has ended; a portal login may not ask.
func TestColleagues(t *testing.T) {
	db := openDB(t)
	pos := map[string]chamber.ID{}
	ps, err := db.ListPositions(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		pos[p.Code] = p.ID
	}
	sg := mustCreateUser(t, db, "sg", false)
	clerk := mustCreateUser(t, db, "clerk", false)
	gone := mustCreateUser(t, db, "gone", false)
	mustCreateUser(t, db, "nopost", false)
	for _, p := range []chamber.Post{{PositionID: pos[chamber.PosSecretaryGeneral], UserID: sg.ID, StartsOn: "2020-01-01"},
		{PositionID: pos["office_staff"], UserID: sg.ID, StartsOn: "2020-01-01"},
		{PositionID: pos["office_staff"], UserID: clerk.ID, StartsOn: "2020-01-01"},
		{PositionID: pos["office_staff"], UserID: gone.ID, StartsOn: "2020-01-01", EndsOn: "2021-01-01"}} {
		if _, err := db.Appoint(sysCtx, p); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := db.Colleagues(chamber.WithActor(sysCtx, actorFor(t, db, clerk.ID)))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].UserID != sg.ID || cs[1].UserID != clerk.ID || cs[0].Position == cs[1].Position {
		t.Fatalf("colleagues %+v", cs)
	}
	m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "individual", Name: "会员甲"})
	if err != nil {
		t.Fatal(err)
	}
	portal, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "portal", Name: "会员甲", Password: "secret-password", MemberID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Colleagues(chamber.WithActor(sysCtx, actorFor(t, db, portal.ID))); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("a portal login listed the staff: %v", err)
	}
}
