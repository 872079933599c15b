package sqlstore_test

import (
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

func todoOf(t *testing.T, db *sqlstore.DB, u *chamber.User) []chamber.TodoItem {
	t.Helper()
	items, err := db.MyTodo(actorCtx(t, db, u.ID), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func hasTodo(items []chamber.TodoItem, kind string, id chamber.ID) bool {
	for _, it := range items {
		if it.Kind == kind && it.ID == id {
			return true
		}
	}
	return false
}

// TestMyTodoAreas: a document waits for its first pending signer (the
// acting holder standing in for the 秘书长), then for the next, and a
// claim for the acting holder too; an action
// item for its owner until done; unsent notices and unsigned minutes for
// those who send and sign them (not the minutes' author); a voucher draft
// for a reviewer other than its maker. Nobody reads another's list.
func TestMyTodoAreas(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "todo_author", false)
	sg := mustCreateUser(t, db, "todo_sg", false)
	acting := mustCreateUser(t, db, "todo_acting", false)
	pres := mustCreateUser(t, db, "todo_pres", false)
	admin := mustCreateUser(t, db, "todo_admin", true)
	admin2 := mustCreateUser(t, db, "todo_admin2", true)
	appoint(t, db, "office_staff", author, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, acting, "2020-01-01", "2099-12-31", true)
	appoint(t, db, chamber.PosPresident, pres, "2020-01-01", "", false)

	ctx := actorCtx(t, db, author.ID)
	d, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "decision", Title: "关于表彰优秀会员企业的决定", Classification: "internal"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SubmitDocument(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if !hasTodo(todoOf(t, db, acting), chamber.TodoDocument, d.ID) || hasTodo(todoOf(t, db, pres), chamber.TodoDocument, d.ID) ||
		hasTodo(todoOf(t, db, author), chamber.TodoDocument, d.ID) {
		t.Fatalf("first step: acting %+v, pres %+v", todoOf(t, db, acting), todoOf(t, db, pres))
	}
	if _, err := db.DecideDocument(actorCtx(t, db, acting.ID), d.ID, true, "同意"); err != nil {
		t.Fatal(err)
	}
	if hasTodo(todoOf(t, db, acting), chamber.TodoDocument, d.ID) || !hasTodo(todoOf(t, db, pres), chamber.TodoDocument, d.ID) {
		t.Fatalf("second step: acting %+v, pres %+v", todoOf(t, db, acting), todoOf(t, db, pres))
	}

	// A claim goes the same way: to the acting holder, not the absent 秘书长.
	c, err := db.CreateReimbursement(ctx, chamber.NewReimbursement{Summary: "会员走访交通费",
		Lines: []chamber.NewReimbursementLine{{Date: "2026-11-20", Account: "520103", AmountFen: 12000, Memo: "出租车"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !hasTodo(todoOf(t, db, acting), chamber.TodoReimbursement, c.ID) || hasTodo(todoOf(t, db, sg), chamber.TodoReimbursement, c.ID) ||
		hasTodo(todoOf(t, db, author), chamber.TodoReimbursement, c.ID) {
		t.Fatalf("claim: acting %+v, sg %+v", todoOf(t, db, acting), todoOf(t, db, sg))
	}

	// Meetings: an unsent notice, an action item, draft minutes.
	adminCtx := actorCtx(t, db, admin.ID)
	m, err := db.CreateMeeting(adminCtx, chamber.NewMeeting{Body: "secretariat", Title: "第48周例会", StartsAt: time.Now().AddDate(0, 0, 8), OverrideNotice: "例会"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.CreateActionItem(adminCtx, m.ID, chamber.NewActionItem{Title: "落实年会场地", OwnerID: author.ID, DueOn: "2026-12-20"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveMinutes(adminCtx, m.ID, "一、各部门汇报。"); err != nil {
		t.Fatal(err)
	}
	mine := todoOf(t, db, author)
	if !hasTodo(mine, chamber.TodoActionItem, a.ID) || hasTodo(mine, chamber.TodoMinutes, m.ID) {
		t.Fatalf("author: %+v", mine)
	}
	if nobody := mustCreateUser(t, db, "todo_nobody", false); len(todoOf(t, db, nobody)) != 0 {
		t.Fatalf("a login without posts: %+v", todoOf(t, db, nobody))
	}
	for _, it := range mine {
		if it.Kind == chamber.TodoActionItem && (it.DueAt == nil || it.DueAt.UTC().Format("2006-01-02 15") != "2026-12-19 16") {
			t.Fatalf("action item due: %+v", it)
		}
	}
	adm := todoOf(t, db, admin)
	if !hasTodo(adm, chamber.TodoNotice, m.ID) || hasTodo(adm, chamber.TodoMinutes, m.ID) || hasTodo(adm, chamber.TodoActionItem, a.ID) {
		t.Fatalf("admin (minutes author): %+v", adm)
	}
	if !hasTodo(todoOf(t, db, admin2), chamber.TodoMinutes, m.ID) {
		t.Fatalf("admin2: %+v", todoOf(t, db, admin2))
	}
	if _, err := db.SignMinutes(actorCtx(t, db, admin2.ID), m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CompleteActionItem(actorCtx(t, db, author.ID), a.ID, "已签约"); err != nil {
		t.Fatal(err)
	}
	if hasTodo(todoOf(t, db, admin2), chamber.TodoMinutes, m.ID) || hasTodo(todoOf(t, db, author), chamber.TodoActionItem, a.ID) {
		t.Fatal("signed minutes or a done action item still waiting")
	}

	// A voucher draft waits for a reviewer who did not make it.
	dr, err := db.CreateDraft(adminCtx, chamber.NewVoucher{Date: "2026-11-20", Summary: "收到会费", Lines: []chamber.NewVoucherLine{
		{Account: "100201", DebitFen: 500000}, {Account: "4101", CreditFen: 500000}}})
	if err != nil {
		t.Fatal(err)
	}
	if hasTodo(todoOf(t, db, admin), chamber.TodoVoucherDraft, dr.ID) || !hasTodo(todoOf(t, db, admin2), chamber.TodoVoucherDraft, dr.ID) {
		t.Fatalf("draft: maker %+v, reviewer %+v", todoOf(t, db, admin), todoOf(t, db, admin2))
	}

	// Only one's own list; the system may read anyone's.
	_, err = db.MyTodo(ctx, pres.ID)
	wantCode(t, err, chamber.EFORBIDDEN)
	if items, err := db.MyTodo(sysCtx, pres.ID); err != nil || !hasTodo(items, chamber.TodoDocument, d.ID) {
		t.Fatalf("system reads the 会长's list: %v %+v", err, items)
	}
}
