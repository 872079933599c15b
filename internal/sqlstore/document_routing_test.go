package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

func inboxTitles(t *testing.T, ctx context.Context, db *sqlstore.DB) string {
	t.Helper()
	items, _, err := db.Inbox(ctx, chamber.Page{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.Title + "\n")
	}
	return b.String()
}

// TestDocumentRecipientsReceiptsAnnexes: 主送 and 抄送 are kept and fixed
// once submitted; annexes hang on a draft only (issued: 409); a reader's
// first open of the issued document is its read receipt, a second open
// changes nothing; receipts are for the author, not for a reader.
func TestDocumentRecipientsReceiptsAnnexes(t *testing.T) {
	db := openDB(t)
	author := mustCreateUser(t, db, "rr_author", false)
	sg := mustCreateUser(t, db, "rr_sg", false)
	r1 := mustCreateUser(t, db, "rr_r1", false)
	r2 := mustCreateUser(t, db, "rr_r2", false)
	appoint(t, db, "office_staff", author, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	ctx := actorCtx(t, db, author.ID)
	_, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: "通知", MainTo: strings.Repeat("各", 501)})
	wantCode(t, err, chamber.EINVALID)
	d, err := db.CreateDocument(ctx, chamber.NewDocument{DocType: "notice", Title: "关于缴纳会费的通知", Body: "请按期缴纳。", Classification: "internal",
		MainTo: "各会员单位", CopyTo: "市民政局", Distribution: []chamber.ID{r1.ID, r2.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if d.MainTo != "各会员单位" || d.CopyTo != "市民政局" {
		t.Fatalf("recipients %+v", d)
	}
	copyTo := "市民政局、市工商联"
	if d, err = db.UpdateRecipients(ctx, d.ID, nil, &copyTo); err != nil || d.CopyTo != copyTo || d.MainTo != "各会员单位" {
		t.Fatalf("update recipients: %v %+v", err, d)
	}
	hash := strings.Repeat("a", 64)
	att := chamber.NewAttachment{OwnerKind: chamber.OwnerDocument, OwnerID: d.ID, Name: "会费标准.xlsx", ContentType: "text/plain", Size: 3, Hash: hash}
	if _, err := db.AddAttachment(actorCtx(t, db, sg.ID), att); err == nil {
		t.Fatal("someone else attached to the author's draft")
	}
	a, err := db.AddAttachment(ctx, att)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindAttachment(actorCtx(t, db, r1.ID), a.ID); err != nil {
		t.Fatalf("a reader of an internal document opens its annex: %v", err)
	}
	if _, err := db.SubmitDocument(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.UpdateRecipients(ctx, d.ID, nil, &copyTo)
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.AddAttachment(ctx, att)
	wantCode(t, err, chamber.ECONFLICT)
	if _, err := db.DecideDocument(actorCtx(t, db, sg.ID), d.ID, true, "同意"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.IssueDocument(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	rec, err := db.DocumentReceipts(ctx, d.ID)
	if err != nil || len(rec) != 2 || rec[0].ReadAt != nil || rec[1].ReadAt != nil {
		t.Fatalf("receipts before reading: %v %+v", err, rec)
	}
	for i := 0; i < 2; i++ {
		if _, err := db.FindDocument(actorCtx(t, db, r1.ID), d.ID); err != nil {
			t.Fatal(err)
		}
	}
	rec, _ = db.DocumentReceipts(ctx, d.ID)
	if rec[0].UserID != r1.ID || rec[0].ReadAt == nil || rec[1].ReadAt != nil {
		t.Fatalf("receipts after r1 read: %+v", rec)
	}
	_, err = db.DocumentReceipts(actorCtx(t, db, r2.ID), d.ID)
	wantCode(t, err, chamber.EFORBIDDEN)
	// The register of the year holds it, with its recipients.
	reg, err := db.DocumentRegister(ctx, chamber.DocOutgoing, db.Now().Year())
	if err != nil || len(reg) != 1 || reg[0].CopyTo != copyTo {
		t.Fatalf("register: %v %+v", err, reg)
	}
	_, err = db.DocumentRegister(ctx, "sideways", 2026)
	wantCode(t, err, chamber.EINVALID)
}

// TestIncomingDeadlineReminders: routed 拟办 → 批办 → 承办 with a deadline;
// the day before it the holder is reminded once, after it the holder and
// the 办公室主任 are warned once; the document is overdue until done.
func TestIncomingDeadlineReminders(t *testing.T) {
	clock := newClock()
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: sqlstore.Options{Clock: clock}})
	clerk := mustCreateUser(t, db, "in_clerk", false)
	director := mustCreateUser(t, db, "in_director", false)
	sg := mustCreateUser(t, db, "in_sg", false)
	staff := mustCreateUser(t, db, "in_staff", false)
	appoint(t, db, "office_staff", clerk, "2020-01-01", "", false)
	appoint(t, db, "office_director", director, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	appoint(t, db, "finance_staff", staff, "2020-01-01", "", false)
	ctx := actorCtx(t, db, director.ID)
	in, err := db.CreateDocument(ctx, chamber.NewDocument{Direction: "incoming", Title: "关于报送年度统计报表的通知", Sender: "市统计局",
		ReceivedOn: "2026-11-26", Classification: "internal"})
	if err != nil {
		t.Fatal(err)
	}
	route := func(pos, step, due string) (*chamber.Document, error) {
		return db.RouteDocument(ctx, in.ID, chamber.RouteInput{PositionID: positionByCode(t, db, pos).ID, Instruction: "请办理", Step: step, DueOn: due})
	}
	_, err = route(chamber.PosSecretaryGeneral, "", "2026-11-01")
	wantCode(t, err, chamber.EINVALID)
	_, err = route(chamber.PosSecretaryGeneral, "sign", "")
	wantCode(t, err, chamber.EINVALID)
	if _, err := route("office_director", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := route(chamber.PosSecretaryGeneral, "", ""); err != nil {
		t.Fatal(err)
	}
	d, err := route("finance_staff", "", "2026-11-28")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Routes) != 3 || d.Routes[0].Step != "propose" || d.Routes[1].Step != "instruct" || d.Routes[2].Step != "handle" || d.DueOn != "2026-11-28" || d.Overdue {
		t.Fatalf("routes %+v due %s", d.Routes, d.DueOn)
	}
	if n, err := db.RemindDocuments(sysCtx); err != nil || n != 0 {
		t.Fatalf("two days ahead: %d %v", n, err)
	}
	clock.Add(24 * time.Hour)
	for i, want := range []int{1, 0} {
		if n, err := db.RemindDocuments(sysCtx); err != nil || n != want {
			t.Fatalf("the day before, run %d: %d %v", i, n, err)
		}
	}
	if s := inboxTitles(t, actorCtx(t, db, staff.ID), db); !strings.Contains(s, "收文即将到期") {
		t.Fatalf("staff inbox: %s", s)
	}
	clock.Add(48 * time.Hour)
	for i, want := range []int{1, 0} {
		if n, err := db.RemindDocuments(sysCtx); err != nil || n != want {
			t.Fatalf("after the deadline, run %d: %d %v", i, n, err)
		}
	}
	if s := inboxTitles(t, actorCtx(t, db, director.ID), db); !strings.Contains(s, "收文逾期未办结") {
		t.Fatalf("director inbox: %s", s)
	}
	if d, _ = db.FindDocument(ctx, in.ID); !d.Overdue {
		t.Fatal("not overdue past the deadline")
	}
	reg, err := db.DocumentRegister(ctx, chamber.DocIncoming, 2026)
	if err != nil || len(reg) != 1 || !reg[0].Overdue {
		t.Fatalf("register: %v %+v", err, reg)
	}
	if d, err = db.FinishDocument(actorCtx(t, db, staff.ID), in.ID, "已报送"); err != nil || d.Overdue {
		t.Fatalf("done: %v %+v", err, d)
	}
	_, err = db.RemindDocuments(actorCtx(t, db, director.ID))
	wantCode(t, err, chamber.EFORBIDDEN)
}
