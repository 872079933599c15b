package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestProjectsDemo: the demo's 副会长 (fuhuizhang) logs in linked to a
// 副会长单位 member, owns three projects on the year's plan items with
// milestones done and open, and has the two active ones in his to-do.
func TestProjectsDemo(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	u, err := db.FindUserByUsername(sysCtx, "fuhuizhang")
	if err != nil {
		t.Fatal(err)
	}
	if u.MemberID == 0 {
		t.Fatal("fuhuizhang is not linked to a member")
	}
	m, err := db.FindMember(sysCtx, u.MemberID)
	if err != nil || m.Tier != "vice_president" {
		t.Fatalf("member %v %+v", err, m)
	}
	owner := actorCtx(t, db, u.ID)
	ps, err := db.ListProjects(owner)
	if err != nil || len(ps) != 3 {
		t.Fatalf("projects %v %d", err, len(ps))
	}
	var done, open int
	for _, p := range ps {
		if p.PlanItemID == 0 || p.OwnerID != u.ID {
			t.Fatalf("project %+v", p)
		}
		full, err := db.FindProject(owner, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ms := range full.Milestones {
			if ms.DoneOn != "" {
				done++
			} else {
				open++
			}
		}
	}
	if done == 0 || open == 0 {
		t.Fatalf("milestones done %d open %d", done, open)
	}
	todo, err := db.MyTodo(owner, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range todo {
		if it.Kind == chamber.TodoProject {
			n++
			if it.DueAt == nil {
				t.Fatalf("no due date: %+v", it)
			}
		}
	}
	if n != 2 {
		t.Fatalf("to-do projects %d", n)
	}
}
