package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/demo"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// TestLedgerDateOrder: a voucher entered late (dated 01-08 after 11-20)
// sits in date order, and every running balance is right, across pages.
func TestLedgerDateOrder(t *testing.T) {
	db := openDB(t)
	if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01",
		Lines: []chamber.NewVoucherLine{dr("100201", 100000), cr("3101", 100000)}}); err != nil {
		t.Fatal(err)
	}
	mustPost(t, db, "2026-11-20", dr("520102", 30000), cr("100201", 30000))
	mustPost(t, db, "2026-03-05", dr("100201", 5000), cr("420101", 5000))
	late := mustPost(t, db, "2026-01-08", dr("520102", 90000), cr("100201", 90000))
	want := []struct {
		date string
		bal  int64
		dir  string
	}{{"2026-01-08", 10000, "debit"}, {"2026-03-05", 15000, "debit"}, {"2026-11-20", -15000, "credit"}}
	led, _, err := db.AccountLedger(sysCtx, "1002", "2026-01-01", "2026-12-31", chamber.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if led.OpeningFen != 100000 || led.OpeningDirection != "debit" || len(led.Entries) != 3 {
		t.Fatalf("opening %d %s, %d entries", led.OpeningFen, led.OpeningDirection, len(led.Entries))
	}
	for i, w := range want {
		e := led.Entries[i]
		if e.Date != w.date || e.BalanceFen != w.bal || e.Direction != w.dir {
			t.Errorf("line %d: %s %d %s, want %+v", i, e.Date, e.BalanceFen, e.Direction, w)
		}
	}
	if led.Entries[0].VoucherID != late.ID || !led.Entries[2].Overdrawn || !led.Overdrawn {
		t.Errorf("late voucher first and the overdraft flagged: %+v", led.Entries)
	}
	// One line a page: the balance carries through the cursor.
	cursor := ""
	for i, w := range want {
		page, next, err := db.AccountLedger(sysCtx, "100201", "2026-01-01", "2026-12-31", chamber.Page{Limit: 1, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Entries) != 1 || page.Entries[0].BalanceFen != w.bal {
			t.Fatalf("page %d: %+v", i, page.Entries)
		}
		cursor = next
	}
	if cursor != "" {
		t.Errorf("a fourth page: %q", cursor)
	}
	// The trial balance in 借/贷 columns ties to the ledger.
	accts, _ := db.ListAccounts(sysCtx)
	bal, err := db.Balances(sysCtx, "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	tb := chamber.BuildTrialBalance("2026-01-01", "2026-12-31", accts, bal)
	if !tb.Balanced || tb.OpeningDebitFen != 100000 || tb.OpeningCreditFen != 100000 {
		t.Errorf("trial balance: %+v", tb)
	}
	for _, r := range tb.Rows {
		if r.Code == "1002" && (r.ClosingCreditFen != 15000 || r.ClosingDebitFen != 0 || !r.Overdrawn || r.OpeningDebitFen != 100000) {
			t.Errorf("1002 row: %+v", r)
		}
	}
}

// TestLeafOnlyAndOverdraftGuard: with the settings on, a parent account is
// refused and an overdraft needs confirmation.
func TestLeafOnlyAndOverdraftGuard(t *testing.T) {
	db := openDB(t)
	// Off (the default, API.md): both post.
	mustPost(t, db, "2026-02-01", dr("5201", 100), cr("1002", 100))
	if _, err := db.UpdateFinanceSettings(sysCtx, chamber.FinanceSettings{LeafOnly: true, NoOverdraft: true}); err != nil {
		t.Fatal(err)
	}
	_, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-02-02", Lines: []chamber.NewVoucherLine{dr("100201", 100), cr("4201", 100)}})
	if chamber.ErrorCode(err) != chamber.EINVALID || !hasField(err, "lines[1].account", "ledger.err.not_leaf") {
		t.Fatalf("parent account: %v", err)
	}
	mustPost(t, db, "2026-02-02", dr("100201", 5000), cr("420101", 5000))
	over := chamber.NewVoucher{Date: "2026-02-03", Lines: []chamber.NewVoucherLine{dr("520102", 6000), cr("100201", 6000)}}
	_, err = db.PostVoucher(sysCtx, over)
	if chamber.ErrorCode(err) != chamber.EINVALID || !hasField(err, "confirm_overdraft", "ledger.err.overdraft") {
		t.Fatalf("overdraft: %v", err)
	}
	// Dated before the money came in, it is an overdraft too.
	early := chamber.NewVoucher{Date: "2026-02-01", Lines: []chamber.NewVoucherLine{dr("520102", 10), cr("100201", 10)}}
	if _, err := db.PostVoucher(sysCtx, early); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("early: %v", err)
	}
	over.ConfirmOverdraft = true
	if _, err := db.PostVoucher(sysCtx, over); err != nil {
		t.Fatalf("confirmed: %v", err)
	}
}

func hasField(err error, field, key string) bool {
	e, ok := err.(*chamber.Error)
	if !ok {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Key == key {
			return true
		}
	}
	return false
}

// TestDemoBooks: the demo's cash and bank never go below zero, and its
// cash flow ties out.
func TestDemoBooks(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	today := db.Today(sysCtx)
	for _, code := range []string{"1001", "100201", "100202", "100901", "100902"} {
		led, _, err := db.AccountLedger(sysCtx, code, today[:4]+"-01-01", today, chamber.Page{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if led.Overdrawn {
			t.Errorf("%s overdrawn in the demo", code)
		}
	}
	cf, items := cashFlow(t, db, today[:4]+"-01-01", today)
	t.Logf("demo cash flow to %s: opening %d closing %d net %d items %v", today, cf.OpeningCashFen, cf.ClosingCashFen, cf.NetIncreaseFen, items)
	if !cf.TiesOut || cf.OpeningCashFen != 86500000 {
		t.Errorf("demo cash flow: %+v", cf)
	}
}

// TestDemoDuesInLedger: the demo's 会费收入 is its dues payments, and some
// members are in arrears.
func TestDemoDuesInLedger(t *testing.T) {
	db := sqlstoretest.OpenSeeded(t, "demo", demo.Seed) // the demo chamber, seeded once per process
	today := db.Today(sysCtx)
	var paid, income int64
	if err := db.Reader().QueryRow(`SELECT COALESCE(SUM(amount_fen), 0) FROM dues_payments`).Scan(&paid); err != nil {
		t.Fatal(err)
	}
	if err := db.Reader().QueryRow(`SELECT COALESCE(SUM(credit_fen - debit_fen), 0) FROM voucher_lines WHERE account LIKE '4201%'`).Scan(&income); err != nil {
		t.Fatal(err)
	}
	if paid == 0 || paid != income {
		t.Errorf("dues paid %d, 会费收入 in the ledger %d", paid, income)
	}
	rates, err := db.DuesSchedule(sysCtx, mustAtoi(today[:4]))
	if err != nil || len(rates) < 5 {
		t.Fatalf("dues standards %v %v", rates, err)
	}
	ar, err := db.DuesArrears(sysCtx, today, chamber.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if today[5:] > "04-30" && ar.TotalFen == 0 {
		t.Errorf("no arrears in the demo: %+v", ar)
	}
}

func mustAtoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
