package sqlstore_test

import (
	"sync"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestPayrollPostsOneBalancedVoucher: HR enters October's pay; the person
// reads only its own; finance posts the month once as one balanced voucher
// (Dr 520101 / Cr 2204) that the ledger holds and verifies; posting again,
// also at once, is refused, and a posted month's items stay as they are.
func TestPayrollPostsOneBalancedVoucher(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)}
	db := sqlstoretest.Open(t, sqlstoretest.Options{Options: optsWithClock(clock)})
	u, _ := staffOrg(t, db)
	fin := mustCreateUser(t, db, "pay_fin", false)
	ps, _ := db.ListPositions(sysCtx)
	for _, p := range ps {
		if p.Code == "finance_staff" {
			if _, err := db.Appoint(sysCtx, chamber.Post{PositionID: p.ID, UserID: fin.ID, StartsOn: "2020-01-01"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	hr := actorCtx(t, db, u["sg"].ID)
	clerk := actorCtx(t, db, u["clerk"].ID)
	finCtx := actorCtx(t, db, fin.ID)
	items := []chamber.PayItem{
		{Month: "2026-10", UserID: u["clerk"].ID, BasicFen: 600000, AllowanceFen: 80000, SIEmployeeFen: 54400, HFEmployeeFen: 40800, SIEmployerFen: 122400, HFEmployerFen: 40800},
		{Month: "2026-10", UserID: u["dir"].ID, BasicFen: 1200000, AllowanceFen: 150000, SIEmployeeFen: 108000, HFEmployeeFen: 81000, SIEmployerFen: 243000, HFEmployerFen: 81000},
	}
	for _, it := range items {
		if _, err := db.SavePayItem(hr, it); err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.SavePayItem(clerk, items[0])
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.SavePayItem(hr, chamber.PayItem{Month: "2026-13", UserID: u["clerk"].ID})
	wantCode(t, err, chamber.EINVALID)
	mine, err := db.ListPayItems(clerk, "", 0)
	if err != nil || len(mine) != 1 || mine[0].UserID != u["clerk"].ID || mine[0].NetFen != 680000-95200 {
		t.Fatalf("the clerk's pay = %+v %v", mine, err)
	}
	_, err = db.PayrollSummary(clerk, "2026-10")
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.PostPayroll(hr, "2026-10")
	wantCode(t, err, chamber.EFORBIDDEN) // posting needs finance.post

	var wg sync.WaitGroup
	results := make([]error, 5)
	var posted *chamber.Payroll
	var mu sync.Mutex
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p, err := db.PostPayroll(finCtx, "2026-10")
			results[i] = err
			if err == nil {
				mu.Lock()
				posted = p
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range results {
		if err == nil {
			ok++
		} else if chamber.ErrorCode(err) != chamber.ECONFLICT {
			t.Fatalf("second posting: %v, want a conflict", err)
		}
	}
	if ok != 1 || posted == nil {
		t.Fatalf("%d postings succeeded, want exactly one", ok)
	}
	cost := int64(680000 + 163200 + 1350000 + 324000)
	if posted.CostFen != cost || posted.People != 2 {
		t.Fatalf("payroll = %+v", posted)
	}
	v, err := db.FindVoucher(finCtx, posted.VoucherID)
	if err != nil {
		t.Fatal(err)
	}
	var dr, cr int64
	for _, l := range v.Lines {
		dr += l.DebitFen
		cr += l.CreditFen
		if (l.DebitFen > 0 && l.Account != "520101") || (l.CreditFen > 0 && l.Account != "2204") {
			t.Errorf("line %+v", l)
		}
	}
	if dr != cr || dr != cost || v.Kind != chamber.VoucherPayroll || v.Date != "2026-10-31" {
		t.Fatalf("voucher = %+v: Dr %d Cr %d, want balanced at %d", v, dr, cr, cost)
	}
	bs, err := db.Balances(finCtx, "2026-10-01", "2026-10-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if (b.Code == "2204" && b.CreditFen != cost) || (b.Code == "520101" && b.DebitFen != cost) {
			t.Errorf("balance %+v, want %d", b, cost)
		}
	}
	if res, err := db.VerifyLedger(sysCtx); err != nil || !res.OK {
		t.Fatalf("verify = %+v %v", res, err)
	}
	_, err = db.PostPayroll(finCtx, "2026-10")
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.SavePayItem(hr, items[0])
	wantCode(t, err, chamber.ECONFLICT)
	_, err = db.PostPayroll(finCtx, "2026-09")
	wantCode(t, err, chamber.EINVALID) // nothing to post

	// An import is all or nothing.
	_, err = db.ImportPayItems(hr, "2026-11", []chamber.PayImportRow{{Row: 2, Username: "sm_clerk", Item: chamber.PayItem{BasicFen: 600000}},
		{Row: 3, Username: "nobody", Item: chamber.PayItem{BasicFen: 1}}})
	wantCode(t, err, chamber.EINVALID)
	if got, _ := db.ListPayItems(hr, "2026-11", 0); len(got) != 0 {
		t.Fatalf("partial import: %+v", got)
	}
	if n, err := db.ImportPayItems(hr, "2026-11", []chamber.PayImportRow{{Row: 2, Username: "sm_clerk", Item: chamber.PayItem{BasicFen: 600000}}}); err != nil || n != 1 {
		t.Fatalf("import = %d %v", n, err)
	}
}
