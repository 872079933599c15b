package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestActionItemsCarryToNextStaffMeeting: an item decided at last week's
// 每周例会 starts this week's agenda while open, and not once done; a
// council meeting's agenda is left as given.
func TestActionItemsCarryToNextStaffMeeting(t *testing.T) {
	db := openDB(t)
	owner := mustCreateUser(t, db, "office_clerk", false)
	week := func(title string, agenda ...string) *chamber.Meeting {
		t.Helper()
		m, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "secretariat", Title: title, StartsAt: time.Now().AddDate(0, 0, 8),
			OverrideNotice: "例会", Agenda: agenda})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m1 := week("第45周例会", "各部门工作汇报")
	a, err := db.CreateActionItem(sysCtx, m1.ID, chamber.NewActionItem{Title: "落实年会场地", OwnerID: owner.ID, DueOn: "2026-11-20"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.CreateActionItem(sysCtx, m1.ID, chamber.NewActionItem{Title: "", OwnerID: owner.ID, DueOn: "x"})
	wantCode(t, err, chamber.EINVALID)
	_, err = db.CreateActionItem(actorCtx(t, db, owner.ID), m1.ID, chamber.NewActionItem{Title: "x", OwnerID: owner.ID, DueOn: "2026-11-20"})
	wantCode(t, err, chamber.EFORBIDDEN)
	m2 := week("第46周例会", "各部门工作汇报")
	ag, err := db.Agenda(sysCtx, m2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ag) != 2 || !strings.Contains(ag[0].Title, "落实年会场地") || ag[1].Title != "各部门工作汇报" {
		t.Fatalf("agenda = %+v, want the open item first", ag)
	}
	council, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "council", Title: "理事会", StartsAt: time.Now().AddDate(0, 0, 20), Agenda: []string{"审议年度报告"}})
	if err != nil {
		t.Fatal(err)
	}
	if ag, _ := db.Agenda(sysCtx, council.ID); len(ag) != 1 {
		t.Fatalf("council agenda = %+v", ag)
	}
	mine, err := db.ListActionItems(actorCtx(t, db, owner.ID), chamber.ActionFilter{Open: true})
	if err != nil || len(mine) != 1 {
		t.Fatalf("owner's open items: %v %v", mine, err)
	}
	if _, err := db.CompleteActionItem(actorCtx(t, db, owner.ID), a.ID, "已签约滨江宾馆"); err != nil {
		t.Fatal(err)
	}
	_, err = db.CompleteActionItem(actorCtx(t, db, owner.ID), a.ID, "")
	wantCode(t, err, chamber.ECONFLICT)
	m3 := week("第47周例会", "各部门工作汇报")
	if ag, _ := db.Agenda(sysCtx, m3.ID); len(ag) != 1 {
		t.Fatalf("agenda after done = %+v", ag)
	}
}
