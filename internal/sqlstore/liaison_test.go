package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
)

// The contact log: staff record contacts; the members not contacted since
// a date come never-contacted first, then the longest ago, page by page.
func TestLiaisonAndUnvisited(t *testing.T) {
	db := openDB(t)
	ms := mustCreateMembers(t, db, 3, chamber.StatusActive)
	staff := grantUser(t, db, "huiyuan", chamber.PermMemberRead, chamber.PermMemberWrite)
	for _, l := range []chamber.Liaison{
		{MemberID: ms[0].ID, Date: "2026-01-10", Kind: "visit", Summary: "走访企业，了解用工需求"},
		{MemberID: ms[2].ID, Date: "2026-03-01", Kind: "call", Summary: "电话回访"},
		{MemberID: ms[2].ID, Date: "2026-11-20", Kind: "meeting", Summary: "座谈"},
	} {
		if _, err := db.LogLiaison(staff, l); err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.LogLiaison(staff, chamber.Liaison{MemberID: ms[0].ID, Date: "2999-01-01", Kind: "visit", Summary: "x"})
	wantField(t, err, "date")
	_, err = db.LogLiaison(staff, chamber.Liaison{MemberID: ms[0].ID, Date: "2026-01-10", Kind: "dinner", Summary: "x"})
	wantField(t, err, "kind")
	if _, err := db.LogLiaison(staff, chamber.Liaison{MemberID: 999999, Date: "2026-01-10", Kind: "visit", Summary: "x"}); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("unknown member: %v", err)
	}
	list, err := db.MemberLiaison(staff, ms[2].ID)
	if err != nil || len(list) != 2 || list[0].Date != "2026-11-20" || list[0].By == "" {
		t.Fatalf("log: %+v %v", list, err)
	}
	var got []chamber.ID
	cursor := ""
	for i := 0; i < 5; i++ {
		rows, next, err := db.Unvisited(staff, "2026-06-01", chamber.Page{Limit: 1, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			got = append(got, r.MemberID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(got) != 2 || got[0] != ms[1].ID || got[1] != ms[0].ID {
		t.Fatalf("unvisited: %v (want never-contacted %d, then %d)", got, ms[1].ID, ms[0].ID)
	}
	member := portalCtx(t, db, "rep", ms[0].ID)
	if _, err := db.MemberLiaison(member, ms[0].ID); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("a member reads the staff's notes: %v", err)
	}
}

// A nomination keeps the basis the records gave when proposed; the
// deciding body decides once.
func TestNominationBasisAndDecision(t *testing.T) {
	db := openDB(t)
	ms := mustCreateMembers(t, db, 2, chamber.StatusActive)
	council, err := db.FindBodyByCode(sysCtx, "council")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Appoint(sysCtx, chamber.Post{BodyID: council.ID, MemberID: ms[0].ID, StartsOn: "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	m := openAssembly(t, db)
	if _, err := db.CheckIn(sysCtx, m.ID, ms[0].ID, nil); err != nil {
		t.Fatal(err)
	}
	staff := grantUser(t, db, "huiyuan", chamber.PermMemberRead, chamber.PermMemberWrite)
	n, err := db.ProposeNomination(staff, chamber.Nomination{MemberID: ms[0].ID, Person: "张秀英", Kind: "political", Reason: "热心公益，履职尽责"})
	if err != nil {
		t.Fatal(err)
	}
	if n.Basis.MeetingsSat != 1 || len(n.Basis.Posts) != 1 || n.Status != "proposed" {
		t.Fatalf("basis: %+v", n.Basis)
	}
	_, err = db.ProposeNomination(staff, chamber.Nomination{MemberID: ms[0].ID, Person: "", Kind: "knighthood", Reason: ""})
	wantField(t, err, "kind")
	d, err := db.DecideNomination(staff, n.ID, "approved", council.ID, "2026-11-30", "理事会审议通过")
	if err != nil || d.Status != "approved" || d.Body == "" {
		t.Fatalf("decide: %+v %v", d, err)
	}
	if _, err := db.DecideNomination(staff, n.ID, "rejected", council.ID, "2026-12-01", ""); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("decided twice: %v", err)
	}
	list, _, err := db.ListNominations(staff, chamber.Page{})
	if err != nil || len(list) != 1 || list[0].Basis.MeetingsSat != 1 {
		t.Fatalf("register: %+v %v", list, err)
	}
	if _, _, err := db.ListNominations(portalCtx(t, db, "rep", ms[1].ID), chamber.Page{}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("a member reads the register: %v", err)
	}
}
