package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
)

// TestRecordReviews: one outcome for several members in one transaction,
// one audit record each; a duplicate counts once, an unknown member fails all.
func TestRecordReviews(t *testing.T) {
	db := openDB(t)
	a := mustCreateMember(t, db, "甲科技有限公司", "张三", 1)
	b := mustCreateMember(t, db, "乙贸易有限公司", "李四", 2)
	c := mustCreateMember(t, db, "丙实业有限公司", "王五", 3)
	staff := actorCtx(t, db, mustCreateUser(t, db, "admin", true).ID)
	audits := func() int {
		var n int
		db.Reader().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'member.review'`).Scan(&n)
		return n
	}
	wantField(t, db.RecordReviews(staff, 2026, nil, "qualified", ""), "member_id")
	wantCode(t, db.RecordReviews(staff, 2026, []chamber.ID{a.ID, 999999}, "qualified", ""), chamber.ENOTFOUND)
	if n := audits(); n != 0 {
		t.Fatalf("refused bulk left %d audit records", n)
	}
	if err := db.RecordReviews(staff, 2026, []chamber.ID{a.ID, b.ID, a.ID}, "rectify", "材料待补"); err != nil {
		t.Fatal(err)
	}
	list, _, err := db.ListReviews(staff, 2026, chamber.Page{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		want := "rectify"
		if r.MemberID == c.ID {
			want = ""
		}
		if r.Outcome != want || (want != "" && r.Note != "材料待补") {
			t.Errorf("member %d: %+v", r.MemberID, r)
		}
	}
	if n := audits(); n != 2 {
		t.Fatalf("%d audit records, want 2", n)
	}
}
