package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// findNode finds a node by name anywhere in the tree.
func findNode(nodes []*chamber.OrgNode, name string) *chamber.OrgNode {
	for _, n := range nodes {
		if n.Name == name {
			return n
		}
		if f := findNode(n.Children, name); f != nil {
			return f
		}
	}
	return nil
}

func positionByCode(t *testing.T, db *sqlstore.DB, code string) *chamber.Position {
	t.Helper()
	ps, err := db.ListPositions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("no position %s", code)
	return nil
}

func appoint(t *testing.T, db *sqlstore.DB, posCode string, u *chamber.User, from, to string, acting bool) *chamber.Post {
	t.Helper()
	p, err := db.Appoint(sysCtx, chamber.Post{PositionID: positionByCode(t, db, posCode).ID, UserID: u.ID, StartsOn: from, EndsOn: to, Acting: acting})
	if err != nil {
		t.Fatalf("appoint %s to %s: %v", u.Username, posCode, err)
	}
	return p
}

func TestStandardStructure(t *testing.T) {
	db := openDB(t)
	tree, err := db.OrgTree(sysCtx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"会员大会", "理事会", "常务理事会", "监事会", "会长会议", "秘书处", "财务委员会", "办公室", "会员发展部", "财务部", "人力资源部"} {
		if findNode(tree, name) == nil {
			t.Errorf("standard structure lacks %s", name)
		}
	}
	if len(tree) != 1 || tree[0].Kind != chamber.BodyGeneralAssembly {
		t.Fatalf("root: %+v", tree)
	}
	sg := findNode(tree, "秘书长")
	president := findNode(tree, "会长")
	if sg == nil || president == nil || sg.ReportsTo == nil || *sg.ReportsTo != president.ID || sg.Duties == nil || *sg.Duties == "" {
		t.Fatalf("秘书长: %+v", sg)
	}
	dir := findNode(tree, "财务部总监")
	if dir == nil || *dir.ReportsTo != sg.ID || *dir.Rank != 2 {
		t.Fatalf("财务部总监: %+v", dir)
	}
	// Seeding is once: a second migrate adds nothing.
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	bodies, _ := db.ListBodies(context.Background())
	if len(bodies) != 10 {
		t.Fatalf("%d bodies after a second migrate", len(bodies))
	}
}

func TestPermissionsFollowPosts(t *testing.T) {
	clk := newClock() // 2026-11-26 09:00 UTC = 17:00 in Shanghai
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clk)})
	li := mustCreateUser(t, db, "li", false)
	a := actorFor(t, db, li.ID)
	if a.Can(chamber.PermFinancePost) {
		t.Fatal("no post, yet finance.post")
	}
	post := appoint(t, db, "finance_director", li, "2026-11-01", "", false)
	a = actorFor(t, db, li.ID)
	if !a.Can(chamber.PermFinancePost) || !a.Can(chamber.PermFinanceRead) {
		t.Fatal("the finance director cannot post vouchers")
	}
	for _, p := range []chamber.Permission{chamber.PermMemberWrite, chamber.PermUserManage, chamber.PermOrgWrite, chamber.PermMeetingManage} {
		if a.Can(p) {
			t.Errorf("the finance director also holds %s", p)
		}
	}
	// Ending the post today keeps it through today and takes it away tomorrow.
	if _, err := db.EndPost(sysCtx, post.ID, "2026-11-26"); err != nil {
		t.Fatal(err)
	}
	if !actorFor(t, db, li.ID).Can(chamber.PermFinancePost) {
		t.Fatal("permission gone on the post's last day")
	}
	clk.Add(24 * time.Hour)
	if actorFor(t, db, li.ID).Can(chamber.PermFinancePost) {
		t.Fatal("permission kept after the post ended")
	}
	// Who held it on a past date, and who may post today.
	holders, err := db.HoldersOn(context.Background(), positionByCode(t, db, "finance_director").ID, 0, "2026-11-15")
	if err != nil || len(holders) != 1 || holders[0].UserID != li.ID {
		t.Fatalf("holders on 2026-11-15: %v %v", holders, err)
	}
	who, err := db.WhoMay(sysCtx, chamber.PermFinancePost, "2026-11-15")
	if err != nil || len(who) != 1 || who[0].ID != li.ID {
		t.Fatalf("who may post on 2026-11-15: %v %v", who, err)
	}
	who, _ = db.WhoMay(sysCtx, chamber.PermFinancePost, "2026-11-27")
	if len(who) != 0 {
		t.Fatalf("who may post on 2026-11-27: %v", who)
	}
}

func TestSupervisorSeatReadsFinance(t *testing.T) {
	db := openDB(t)
	zhao := mustCreateUser(t, db, "zhao", false)
	sb, err := db.FindBodyByCode(context.Background(), "supervisory_board")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Appoint(sysCtx, chamber.Post{BodyID: sb.ID, UserID: zhao.ID, StartsOn: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	a := actorFor(t, db, zhao.ID)
	if !a.Can(chamber.PermFinanceRead) || !a.Can(chamber.PermAuditRead) || a.Can(chamber.PermFinancePost) {
		t.Fatalf("supervisor permissions: %v", a.Permissions)
	}
}

func TestInvalidOrgEdits(t *testing.T) {
	db := openDB(t)
	ctx := sysCtx
	sg := positionByCode(t, db, chamber.PosSecretaryGeneral)
	dir := positionByCode(t, db, "finance_director")
	// A reports-to cycle: 秘书长 reporting to one of its own directors.
	sg.ReportsTo = dir.ID
	_, err := db.UpdatePosition(ctx, *sg)
	wantField(t, err, "reports_to")
	// A position with no department.
	_, err = db.CreatePosition(ctx, chamber.Position{Name: "无部门岗位", Headcount: 1})
	wantField(t, err, "department_id")
	_, err = db.CreatePosition(ctx, chamber.Position{Name: "x", DepartmentID: 99999, Headcount: 1})
	wantField(t, err, "department_id")
	// A post overlapping its own dates.
	u := mustCreateUser(t, db, "wang", false)
	appoint(t, db, "office_staff", u, "2026-01-01", "2026-12-31", false)
	_, err = db.Appoint(ctx, chamber.Post{PositionID: positionByCode(t, db, "office_staff").ID, UserID: u.ID, StartsOn: "2026-06-01"})
	wantField(t, err, "starts_on")
	// A later, separate post is fine.
	appoint(t, db, "office_staff", u, "2027-01-01", "", false)
	// A full position: 秘书长 has a headcount of one.
	appoint(t, db, chamber.PosSecretaryGeneral, u, "2026-01-01", "", false)
	v := mustCreateUser(t, db, "liu", false)
	_, err = db.Appoint(ctx, chamber.Post{PositionID: sg.ID, UserID: v.ID, StartsOn: "2026-03-01"})
	wantCode(t, err, chamber.ECONFLICT)
	// …but an acting holder may stand in.
	appoint(t, db, chamber.PosSecretaryGeneral, v, "2026-03-01", "2026-03-10", true)
	// A body term overlapping another term of the same body.
	council, _ := db.FindBodyByCode(context.Background(), "council")
	if _, err := db.CreateTerm(ctx, chamber.Term{BodyID: council.ID, Number: 1, StartsOn: "2021-06-01", EndsOn: "2026-05-31"}); err != nil {
		t.Fatal(err)
	}
	_, err = db.CreateTerm(ctx, chamber.Term{BodyID: council.ID, Number: 2, StartsOn: "2026-05-01", EndsOn: "2031-05-31"})
	wantField(t, err, "starts_on")
	if _, err := db.CreateTerm(ctx, chamber.Term{BodyID: council.ID, Number: 2, StartsOn: "2026-06-01", EndsOn: "2031-05-31"}); err != nil {
		t.Fatal(err)
	}
	// Dates that are not dates, an end before the start.
	_, err = db.Appoint(ctx, chamber.Post{PositionID: sg.ID, UserID: v.ID, StartsOn: "2026-02-30"})
	wantField(t, err, "starts_on")
	_, err = db.CreateTerm(ctx, chamber.Term{BodyID: council.ID, Number: 3, StartsOn: "2031-06-01", EndsOn: "2030-01-01"})
	wantField(t, err, "ends_on")
	// Only org.write may edit.
	_, err = db.CreatePosition(actorCtx(t, db, u.ID), chamber.Position{Name: "x", DepartmentID: dir.DepartmentID, Headcount: 1})
	wantCode(t, err, chamber.EFORBIDDEN)
}

func TestApprovalChain(t *testing.T) {
	db := openDB(t)
	staff := mustCreateUser(t, db, "staff1", false)
	director := mustCreateUser(t, db, "dir", false)
	sg := mustCreateUser(t, db, "sg", false)
	deputy := mustCreateUser(t, db, "deputy", false)
	president := mustCreateUser(t, db, "pres", false)
	appoint(t, db, "finance_staff", staff, "2026-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2026-01-01", "", false)
	appoint(t, db, chamber.PosPresident, president, "2026-01-01", "", false)
	// The director's post is vacant: the request goes straight to the 秘书长.
	chain, err := db.ApprovalChain(context.Background(), staff.ID, "2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	if len(chain) != 2 || chain[0].UserID != sg.ID || chain[0].PositionCode != chamber.PosSecretaryGeneral || chain[1].UserID != president.ID {
		t.Fatalf("chain with a vacant director: %+v", chain)
	}
	appoint(t, db, "finance_director", director, "2026-01-01", "", false)
	// While the 秘书长 is away, the deputy acts.
	appoint(t, db, chamber.PosSecretaryGeneral, deputy, "2026-11-20", "2026-11-30", true)
	chain, _ = db.ApprovalChain(context.Background(), staff.ID, "2026-11-26")
	if len(chain) != 3 || chain[0].UserID != director.ID || chain[1].UserID != deputy.ID || !chain[1].Acting {
		t.Fatalf("chain with an acting 秘书长: %+v", chain)
	}
	chain, _ = db.ApprovalChain(context.Background(), staff.ID, "2026-12-01")
	if chain[1].UserID != sg.ID || chain[1].Acting {
		t.Fatalf("after the acting period: %+v", chain)
	}
	// Amount thresholds pick how far up it goes.
	limits := []chamber.ApprovalLimit{{AboveFen: 500000, PositionCode: chamber.PosSecretaryGeneral}, {AboveFen: 5000000, PositionCode: chamber.PosPresident}}
	for amount, want := range map[int64]int{100000: 1, 500000: 1, 500001: 2, 5000001: 3} {
		if got := chamber.ApprovalSteps(chain, amount, limits); len(got) != want {
			t.Errorf("amount %d: %d steps, want %d", amount, len(got), want)
		}
	}
	// Someone with no position has no chain.
	nobody := mustCreateUser(t, db, "nobody", false)
	_, err = db.ApprovalChain(context.Background(), nobody.ID, "2026-11-26")
	wantCode(t, err, chamber.ENOTFOUND)
}

func TestChartOfAPastDate(t *testing.T) {
	db := openDB(t)
	a := mustCreateUser(t, db, "first", false)
	b := mustCreateUser(t, db, "second", false)
	post := appoint(t, db, chamber.PosSecretaryGeneral, a, "2021-06-01", "", false)
	if _, err := db.EndPost(sysCtx, post.ID, "2026-05-31"); err != nil {
		t.Fatal(err)
	}
	appoint(t, db, chamber.PosSecretaryGeneral, b, "2026-06-01", "", false)
	for date, want := range map[string]string{"2023-01-01": "用户first", "2026-11-26": "用户second"} {
		tree, err := db.OrgTree(sysCtx, date)
		if err != nil {
			t.Fatal(err)
		}
		n := findNode(tree, "秘书长")
		if len(n.Holders) != 1 || n.Holders[0].Name != want {
			t.Errorf("%s: holders %+v, want %s", date, n.Holders, want)
		}
	}
}

func TestGrantsMatrix(t *testing.T) {
	db := openDB(t)
	admin := mustCreateUser(t, db, "root", true)
	ctx := actorCtx(t, db, admin.ID)
	u := mustCreateUser(t, db, "wu", false)
	pos := positionByCode(t, db, "logistics_staff")
	appoint(t, db, "logistics_staff", u, "2026-01-01", "", false)
	if actorFor(t, db, u.ID).Can(chamber.PermDocumentWrite) {
		t.Fatal("precondition")
	}
	if err := db.SetGrants(ctx, "position", itoa(pos.ID), []chamber.Permission{chamber.PermOrgRead, chamber.PermDocumentWrite}); err != nil {
		t.Fatal(err)
	}
	if !actorFor(t, db, u.ID).Can(chamber.PermDocumentWrite) {
		t.Fatal("new grant not in force")
	}
	wantField(t, db.SetGrants(ctx, "position", itoa(pos.ID), []chamber.Permission{"rule.world"}), "permissions")
	wantCode(t, db.SetGrants(ctx, "position", "999999", nil), chamber.ENOTFOUND)
	wantField(t, db.SetGrants(ctx, "role", "admin", []chamber.Permission{chamber.PermOrgRead}), "permissions")
	wantCode(t, db.SetGrants(actorCtx(t, db, u.ID), "position", itoa(pos.ID), nil), chamber.EFORBIDDEN)
	// The change is in the audit trail with before and after.
	recs, _, _ := db.ListAudit(ctx, chamber.AuditFilter{Entity: "grants"}, chamber.Page{})
	if len(recs) == 0 || recs[0].Action != "grants.set" {
		t.Fatalf("audit: %+v", recs)
	}
}

func actorFor(t *testing.T, db *sqlstore.DB, id chamber.ID) *chamber.Actor {
	t.Helper()
	a, err := db.Actor(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	e, ok := err.(*chamber.Error)
	if !ok || !chamber.Fields(e.Fields).Has(field) {
		t.Fatalf("got %v, want an error naming field %q", err, field)
	}
}

func itoa(n int64) string { return fmt.Sprint(n) }

// TestWhoMayEqualsEachActor: WhoMay's one query names exactly the logins
// whose actor, built as a request builds it, holds the permission, for
// every permission on the demo chamber (roles, posts, seats, a portal
// login), today, before the chamber existed and after every post ended.
func TestWhoMayEqualsEachActor(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	held := 0
	for _, date := range []string{db.Today(sysCtx), "2000-01-01", "2099-12-31"} {
		for _, p := range chamber.AllPermissions {
			want, err := db.WhoMayOneByOne(sysCtx, p, date)
			if err != nil {
				t.Fatal(err)
			}
			users, err := db.WhoMay(sysCtx, p, date)
			if err != nil {
				t.Fatal(err)
			}
			var got []chamber.ID
			for _, u := range users {
				got = append(got, u.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s on %s: WhoMay %v, each actor %v", p, date, got, want)
			}
			held += len(got)
		}
	}
	if held < 50 {
		t.Fatalf("only %d holders in all: the demo should grant more", held)
	}
}
