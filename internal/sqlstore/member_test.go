package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// creditCode makes a valid 统一社会信用代码 from a number.
func creditCode(n int) string {
	body := fmt.Sprintf("91330100MA%07d", n)
	return body + string(chamber.CreditCodeCheckChar(body))
}

func mustCreateMember(t *testing.T, db *sqlstore.DB, name, contact string, n int) *chamber.Member {
	t.Helper()
	m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: name, ContactName: contact, CreditCode: creditCode(n), Phone: "13812345678", Tier: "理事单位"})
	if err != nil {
		t.Fatalf("create member %s: %v", name, err)
	}
	return m
}

func search(t *testing.T, db *sqlstore.DB, f chamber.MemberFilter) []string {
	t.Helper()
	ms, _, err := db.ListMembers(sysCtx, f, chamber.Page{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	return names
}

func TestMemberCreateSearchHistory(t *testing.T) {
	db := openDB(t)
	a := mustCreateMember(t, db, "杭州建国科技有限公司", "张建国", 1)
	mustCreateMember(t, db, "温州华明贸易有限公司", "李华明", 2)
	if a.Status != "active" || a.MemberNo == "" || a.Tier != "council" {
		t.Fatalf("created: %+v", a)
	}
	_, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: "unit", Name: "重复公司", CreditCode: creditCode(1)})
	wantCode(t, err, chamber.ECONFLICT)
	for q, want := range map[string]int{"建国": 1, "zhangjianguo": 1, "zjg": 1, "有限公司": 2, "华明": 1, "lhm": 1, "上海": 0, "jianguo": 1} {
		if got := search(t, db, chamber.MemberFilter{Q: q}); len(got) != want {
			t.Errorf("q=%s: %v, want %d", q, got, want)
		}
	}
	if got := search(t, db, chamber.MemberFilter{Q: "有限", Tier: "council", Status: "active"}); len(got) != 2 {
		t.Errorf("filters: %v", got)
	}
	name := "杭州建华科技有限公司"
	if _, err := db.UpdateMember(sysCtx, a.ID, chamber.MemberPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if got := search(t, db, chamber.MemberFilter{Q: "建华"}); len(got) != 1 {
		t.Errorf("after rename: %v", got)
	}
	if got := search(t, db, chamber.MemberFilter{Q: "hzjgkj"}); len(got) != 0 {
		t.Errorf("old name still found: %v", got)
	}
	if _, err := db.ChangeMemberStatus(sysCtx, a.ID, chamber.StatusChange{Status: "suspended", Reason: "未参加活动"}); err != nil {
		t.Fatal(err)
	}
	_, err = db.ChangeMemberStatus(sysCtx, a.ID, chamber.StatusChange{Status: "suspended", Reason: "again"})
	wantCode(t, err, chamber.ECONFLICT)
	h, err := db.MemberHistory(sysCtx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[0].Action != "member.create" || h[1].Changes["name"].To != name || h[2].Changes["status"].To != "suspended" {
		t.Fatalf("history: %+v", h)
	}
	// Paging by name and by id.
	ms, next, err := db.ListMembers(sysCtx, chamber.MemberFilter{Sort: "name"}, chamber.Page{Limit: 1})
	if err != nil || len(ms) != 1 || next == "" {
		t.Fatalf("page 1: %v %q %v", ms, next, err)
	}
	ms2, _, err := db.ListMembers(sysCtx, chamber.MemberFilter{Sort: "name"}, chamber.Page{Limit: 1, Cursor: next})
	if err != nil || len(ms2) != 1 || ms2[0].ID == ms[0].ID {
		t.Fatalf("page 2: %v %v", ms2, err)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	db := openDB(t)
	var rows []chamber.ImportRow
	for i := 0; i < 1000; i++ {
		rows = append(rows, chamber.ImportRow{Row: i + 2, Input: chamber.MemberInput{Kind: "unit", Name: fmt.Sprintf("导入公司%d", i), CreditCode: creditCode(100 + i)}})
	}
	rows[700].Input.CreditCode = "91330100MA00000000" // wrong check digit
	res, bad, err := db.ImportMembers(sysCtx, rows)
	if err != nil || res != nil || len(bad) != 1 || bad[0].Row != 702 || bad[0].Field != "credit_code" {
		t.Fatalf("import: %v %+v %v", res, bad, err)
	}
	if got := search(t, db, chamber.MemberFilter{}); len(got) != 0 {
		t.Fatalf("half-written: %d members", len(got))
	}
	rows[700].Input.CreditCode = creditCode(5000)
	res, bad, err = db.ImportMembers(sysCtx, rows)
	if err != nil || len(bad) != 0 || res.Created != 1000 {
		t.Fatalf("import: %v %+v %v", res, bad, err)
	}
	// Again: every row is now a duplicate.
	_, bad, err = db.ImportMembers(sysCtx, rows[:3])
	if err != nil || len(bad) != 3 || bad[0].Key != "err.credit_code_taken" {
		t.Fatalf("reimport: %+v %v", bad, err)
	}
}
