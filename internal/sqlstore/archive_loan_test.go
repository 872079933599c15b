package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestArchiveLoansAndDestruction: a staff member asks to borrow a filed
// record; the keeper approves (not their own request), a second loan of
// the record out is 409; past its date it is overdue and the borrower is
// reminded once; the keeper records the return. A record of 2010 kept 10
// years is past retention: a destruction list names it, the proposer
// cannot approve, the 秘书长 does, and it counts as destroyed (no loan);
// a permanent record is never listed; the filed records still refuse change.
func TestArchiveLoansAndDestruction(t *testing.T) {
	clock := newClock()
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: sqlstore.Options{Clock: clock}})
	keeper := mustCreateUser(t, db, "ar_keeper", false)
	sg := mustCreateUser(t, db, "ar_sg", false)
	staff := mustCreateUser(t, db, "ar_staff", false)
	appoint(t, db, "office_director", keeper, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, sg, "2020-01-01", "", false)
	appoint(t, db, "finance_staff", staff, "2020-01-01", "", false)
	kctx, sctx := actorCtx(t, db, keeper.ID), actorCtx(t, db, staff.ID)
	var ids []chamber.ID
	for i, title := range []string{"2010年会员代表大会", "2010年度财务凭证", "商会章程"} {
		d, err := db.CreateDocument(kctx, chamber.NewDocument{Direction: "incoming", Title: title, Sender: "市民政局", ReceivedOn: "2026-01-05", Classification: "internal"})
		if err != nil {
			t.Fatal(err)
		}
		ret, year := "10y", 2010
		if i == 2 {
			ret = "permanent"
		}
		rec, err := db.FileArchive(kctx, chamber.NewArchiveRecord{SourceKind: "document", SourceID: d.ID, Category: "文书档案", Retention: ret, Year: year})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Year != 2010 || (i < 2) != (rec.ExpiresOn == "2020-12-31") {
			t.Fatalf("filed %+v", rec)
		}
		ids = append(ids, rec.ID)
	}
	extra, err := db.CreateDocument(kctx, chamber.NewDocument{Direction: "incoming", Title: "来函", Sender: "市民政局", ReceivedOn: "2026-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.FileArchive(kctx, chamber.NewArchiveRecord{SourceKind: "document", SourceID: extra.ID, Category: "x", Retention: "10y", Year: 2099})
	wantCode(t, err, chamber.EINVALID)
	// Borrowing.
	_, err = db.RequestLoan(sctx, chamber.NewArchiveLoan{ArchiveID: ids[2], Purpose: "查阅章程", DueOn: "2027-12-31"})
	wantCode(t, err, chamber.EINVALID)
	loan, err := db.RequestLoan(sctx, chamber.NewArchiveLoan{ArchiveID: ids[2], Purpose: "查阅章程修订沿革", DueOn: "2026-12-01"})
	if err != nil || loan.Status != chamber.LoanRequested {
		t.Fatalf("request: %v %+v", err, loan)
	}
	_, err = db.DecideLoan(sctx, loan.ID, true, "")
	wantCode(t, err, chamber.EFORBIDDEN)
	own, err := db.RequestLoan(kctx, chamber.NewArchiveLoan{ArchiveID: ids[2], Purpose: "核对", DueOn: "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.DecideLoan(kctx, own.ID, true, "")
	wantCode(t, err, chamber.EFORBIDDEN)
	if loan, err = db.DecideLoan(kctx, loan.ID, true, "同意借阅"); err != nil || loan.Status != chamber.LoanApproved {
		t.Fatalf("approve: %v %+v", err, loan)
	}
	_, err = db.DecideLoan(actorCtx(t, db, sg.ID), own.ID, true, "")
	wantCode(t, err, chamber.ECONFLICT)
	mine, err := db.ListLoans(sctx, false)
	if err != nil || len(mine) != 1 || mine[0].ID != loan.ID {
		t.Fatalf("staff sees %v %+v", err, mine)
	}
	clock.Add(10 * 24 * time.Hour)
	late, err := db.ListLoans(kctx, true)
	if err != nil || len(late) != 1 || !late[0].Overdue {
		t.Fatalf("overdue: %v %+v", err, late)
	}
	for i, want := range []int{1, 0} {
		if n, err := db.RemindDocuments(sysCtx); err != nil || n != want {
			t.Fatalf("remind run %d: %d %v", i, n, err)
		}
	}
	if s := inboxTitles(t, sctx, db); !strings.Contains(s, "借阅档案已逾期") {
		t.Fatalf("borrower inbox: %s", s)
	}
	_, err = db.ReturnLoan(sctx, loan.ID)
	wantCode(t, err, chamber.EFORBIDDEN)
	if loan, err = db.ReturnLoan(kctx, loan.ID); err != nil || loan.Status != chamber.LoanReturned || loan.Overdue {
		t.Fatalf("return: %v %+v", err, loan)
	}
	_, err = db.ReturnLoan(kctx, loan.ID)
	wantCode(t, err, chamber.ECONFLICT)
	// Destruction.
	if n, err := db.ExpiredArchiveCount(kctx); err != nil || n != 2 {
		t.Fatalf("expired: %d %v", n, err)
	}
	list, err := db.ProposeDisposal(kctx, "2010年度到期档案")
	if err != nil || list.Status != chamber.DisposalProposed || len(list.Items) != 2 {
		t.Fatalf("propose: %v %+v", err, list)
	}
	_, err = db.ProposeDisposal(kctx, "")
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.DecideDisposal(kctx, list.ID, true, "")
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.DecideDisposal(actorCtx(t, db, sg.ID), list.ID, false, "")
	wantCode(t, err, chamber.EINVALID)
	if list, err = db.DecideDisposal(actorCtx(t, db, sg.ID), list.ID, true, "经鉴定无保存价值，同意销毁"); err != nil || list.Status != chamber.DisposalApproved {
		t.Fatalf("approve: %v %+v", err, list)
	}
	_, err = db.DecideDisposal(actorCtx(t, db, sg.ID), list.ID, true, "")
	wantCode(t, err, chamber.ECONFLICT)
	all, err := db.ListArchive(kctx)
	if err != nil {
		t.Fatal(err)
	}
	destroyed := 0
	for _, a := range all {
		if a.DisposalID == list.ID {
			destroyed++
		}
	}
	if destroyed != 2 {
		t.Fatalf("destroyed %d: %+v", destroyed, all)
	}
	_, err = db.RequestLoan(sctx, chamber.NewArchiveLoan{ArchiveID: ids[0], Purpose: "查阅", DueOn: "2026-12-20"})
	wantCode(t, err, chamber.ECONFLICT)
	// A confidential document's loan shows a keeper outside its need-to-know the 档号 only.
	clerk := mustCreateUser(t, db, "ar_clerk", false)
	appoint(t, db, "office_staff", clerk, "2020-01-01", "", false)
	secret, err := db.CreateDocument(kctx, chamber.NewDocument{Direction: "incoming", Title: "关于人事调整的密函", Sender: "市工商联",
		ReceivedOn: "2026-11-01", Classification: "confidential"})
	if err != nil {
		t.Fatal(err)
	}
	srec, err := db.FileArchive(kctx, chamber.NewArchiveRecord{SourceKind: "document", SourceID: secret.ID, Category: "机要", Retention: "permanent"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RequestLoan(kctx, chamber.NewArchiveLoan{ArchiveID: srec.ID, Purpose: "核对", DueOn: "2026-12-20"}); err != nil {
		t.Fatal(err)
	}
	_, err = db.RequestLoan(actorCtx(t, db, clerk.ID), chamber.NewArchiveLoan{ArchiveID: srec.ID, Purpose: "查阅", DueOn: "2026-12-20"})
	wantCode(t, err, chamber.EINVALID)
	seen, err := db.ListLoans(actorCtx(t, db, clerk.ID), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range seen {
		if l.ArchiveID == srec.ID && (l.Title != "" || l.ArchiveNo != srec.ArchiveNo) {
			t.Fatalf("clerk sees %+v", l)
		}
	}
	if _, err := db.Writer().ExecContext(sysCtx, `UPDATE archive_records SET title = 'x' WHERE id = $1`, ids[0]); err == nil {
		t.Fatal("an archive record changed")
	}
	if _, err := db.Writer().ExecContext(sysCtx, `DELETE FROM archive_records WHERE id = $1`, ids[0]); err == nil {
		t.Fatal("an archive record was deleted")
	}
}
