package sqlstore_test

import (
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestProjects: workplan.manage starts a project linked to a plan item (the
// item shows the link); the owner, here a 副会长 with a member-linked
// login, adds and completes milestones and changes the status, and sees
// the active project in its to-do with the next open milestone as due;
// other staff read but may not write; another portal login sees nothing;
// unknown statuses are refused.
func TestProjects(t *testing.T) {
	db := openDB(t)
	m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "瓯越贸易有限公司", ContactName: "陈总", Phone: "13812345678"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "东海实业有限公司", ContactName: "李总", Phone: "13812345679"})
	if err != nil {
		t.Fatal(err)
	}
	vp, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "fuhuizhang", Name: "陈副会长", Password: "secret-password", MemberID: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "donghai", Name: "李总", Password: "secret-password", MemberID: other.ID})
	if err != nil {
		t.Fatal(err)
	}
	owner, portal := actorCtx(t, db, vp.ID), actorCtx(t, db, stranger.ID)
	clerk := actorCtx(t, db, mustCreateUser(t, db, "clerk", false).ID)

	plan, err := db.CreateWorkPlan(sysCtx, chamber.NewWorkPlan{Year: 2026, Title: "2026年度工作计划"})
	if err != nil {
		t.Fatal(err)
	}
	depts, _ := db.ListDepartments(sysCtx)
	item, err := db.AddWorkPlanItem(sysCtx, plan.ID, chamber.NewWorkPlanItem{Title: "产业园招商", DepartmentID: depts[0].ID, DueOn: time.Now().AddDate(0, 3, 0).Format("2006-01-02")})
	if err != nil {
		t.Fatal(err)
	}
	in := chamber.NewProject{Title: "温州产业园招商", Goal: "引进十家会员企业", OwnerID: vp.ID, Status: chamber.ProjectActive, PlanItemID: item.ID, MemberIDs: []chamber.ID{m.ID, other.ID}}
	_, err = db.CreateProject(clerk, in)
	wantCode(t, err, chamber.EFORBIDDEN)
	bad := in
	bad.Status = "paused"
	_, err = db.CreateProject(sysCtx, bad)
	wantCode(t, err, chamber.EINVALID)
	bad = in
	bad.MemberIDs = []chamber.ID{99999}
	_, err = db.CreateProject(sysCtx, bad)
	wantCode(t, err, chamber.EINVALID)
	p, err := db.CreateProject(sysCtx, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.Owner != "陈副会长" || len(p.Members) != 2 || p.PlanItem != "产业园招商" || p.Status != chamber.ProjectActive {
		t.Fatalf("project %+v", p)
	}
	got, err := db.FindWorkPlan(sysCtx, plan.ID)
	if err != nil || len(got.Items[0].Links) != 1 || got.Items[0].Links[0].Kind != "project" || got.Items[0].Links[0].Title != "温州产业园招商" {
		t.Fatalf("plan item link %v %+v", err, got.Items[0].Links)
	}

	// Milestones by the owner; the next open one is the to-do's due date.
	first := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	later := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	if p, err = db.AddMilestone(owner, p.ID, chamber.NewMilestone{Title: "签约首批企业", DueOn: later}); err != nil {
		t.Fatal(err)
	}
	if p, err = db.AddMilestone(owner, p.ID, chamber.NewMilestone{Title: "实地考察", DueOn: first}); err != nil || len(p.Milestones) != 2 || p.Milestones[0].DueOn != first {
		t.Fatalf("%v %+v", err, p)
	}
	_, err = db.AddMilestone(owner, p.ID, chamber.NewMilestone{Title: "x", DueOn: "2026-02-30"})
	wantCode(t, err, chamber.EINVALID)
	dueOf := func() string {
		t.Helper()
		todo, err := db.MyTodo(owner, vp.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range todo {
			if it.Kind == chamber.TodoProject && it.ID == p.ID {
				if it.DueAt == nil {
					return "none"
				}
				return it.DueAt.Format("2006-01-02")
			}
		}
		return ""
	}
	if d := dueOf(); d != first {
		t.Fatalf("to-do due %q, want %s", d, first)
	}
	if p, err = db.CompleteMilestone(owner, p.ID, p.Milestones[0].ID, chamber.MilestoneDone{Note: "已考察"}); err != nil || p.Milestones[0].DoneOn == "" || p.Milestones[0].Note != "已考察" {
		t.Fatalf("%v %+v", err, p.Milestones[0])
	}
	_, err = db.CompleteMilestone(owner, p.ID, p.Milestones[0].ID, chamber.MilestoneDone{})
	wantCode(t, err, chamber.ECONFLICT)
	if d := dueOf(); d != later {
		t.Fatalf("to-do due %q after the first milestone, want %s", d, later)
	}

	// Other staff read but may not write; another portal login sees nothing.
	if _, err := db.FindProject(clerk, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetProjectStatus(clerk, p.ID, chamber.ProjectDone)
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.AddMilestone(clerk, p.ID, chamber.NewMilestone{Title: "x", DueOn: first})
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.FindProject(portal, p.ID)
	wantCode(t, err, chamber.ENOTFOUND)
	_, err = db.SetProjectStatus(portal, p.ID, chamber.ProjectDone)
	wantCode(t, err, chamber.ENOTFOUND)
	if l, err := db.ListProjects(portal); err != nil || len(l) != 0 {
		t.Fatalf("portal list %v %v", l, err)
	}
	if l, err := db.ListProjects(owner); err != nil || len(l) != 1 {
		t.Fatalf("owner list %v %v", l, err)
	}
	_, err = db.SetProjectStatus(owner, p.ID, "finished")
	wantCode(t, err, chamber.EINVALID)
	if p, err = db.SetProjectStatus(owner, p.ID, chamber.ProjectSuspended); err != nil || p.Status != chamber.ProjectSuspended {
		t.Fatalf("%v %+v", err, p)
	}
	if d := dueOf(); d != "" {
		t.Fatal("a suspended project stays in the to-do")
	}
	var audits int
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'project' AND entity_id = $1`, p.ID).Scan(&audits); err != nil {
		t.Fatal(err)
	}
	if audits != 5 { // create, two milestones, one done, status
		t.Fatalf("audit records %d", audits)
	}
}
