package sqlstore_test

import (
	"errors"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

func wantReason(t *testing.T, err error, code, reason string) {
	t.Helper()
	var e *chamber.Error
	if !errors.As(err, &e) || e.Code != code || e.Reason != reason {
		t.Fatalf("got %v, want %s/%s", err, code, reason)
	}
}

// TestPeriodsCloseInOrder replays issue 10 item 5: closing a month left the
// earlier months open, and a voucher dated before the closed month still
// changed its statement.
func TestPeriodsCloseInOrder(t *testing.T) {
	db := openDB(t)
	mustPost(t, db, "2026-01-10", dr("1002", 1000), cr("4201", 1000))
	mustPost(t, db, "2026-03-05", dr("1002", 500), cr("4201", 500))

	// March cannot close while January (with vouchers) is open.
	_, err := db.ClosePeriod(sysCtx, "2026-03")
	wantReason(t, err, chamber.ECONFLICT, "earlier_period_open")
	if _, err := db.ClosePeriod(sysCtx, "2026-01"); err != nil {
		t.Fatal(err)
	}
	// February holds nothing: March may close now.
	if _, err := db.ClosePeriod(sysCtx, "2026-03"); err != nil {
		t.Fatal(err)
	}
	before, err := db.Balances(sysCtx, "", "2026-03-31")
	if err != nil {
		t.Fatal(err)
	}

	// A voucher dated before the closed month (February, never closed
	// itself) is refused, and so is one in a closed month.
	for _, d := range []string{"2026-02-15", "2026-03-31", "2026-01-01", "2025-12-31"} {
		_, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: d, Lines: []chamber.NewVoucherLine{dr("1001", 7), cr("4901", 7)}})
		wantReason(t, err, chamber.ECONFLICT, "period_closed")
	}
	after, err := db.Balances(sysCtx, "", "2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != len(after) {
		t.Fatalf("the statement changed: %v → %v", before, after)
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("the statement changed: %v → %v", before[i], after[i])
		}
	}
	// April is still open.
	mustPost(t, db, "2026-04-01", dr("1001", 7), cr("4901", 7))

	// Past the service, straight into the table: the trigger refuses a
	// month before the closed one, recognised by its error code.
	_, err = db.Writer().Exec(`INSERT INTO vouchers(id, number, period, date, summary, kind, total_fen, moves_cash, created_at, created_by, creator, prev_hash, hash)
		VALUES (999, 'x', '2026-02', '2026-02-02', '', 'manual', 0, FALSE, 0, 0, '', '', '')`)
	if err == nil || !sqlstore.IsPeriodClosedErr(err) {
		t.Fatalf("a voucher went in before a closed month: %v", err)
	}
}

// TestHugeVouchersCannotOverflowReports replays the attack: 95 vouchers of
// huge amounts made every report sum overflow into permanent 500s.
func TestHugeVouchersCannotOverflowReports(t *testing.T) {
	db := openDB(t)
	// The attack's voucher: many lines at the old per-line bound.
	var lines []chamber.NewVoucherLine
	for i := 0; i < 50; i++ {
		lines = append(lines, dr("1002", 1e15), cr("4201", 1e15))
	}
	for i := 0; i < 3; i++ {
		_, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-03-01", Lines: lines})
		wantCode(t, err, chamber.EINVALID)
	}
	// A voucher whose lines are each in bounds but whose total is not.
	_, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-03-01", Lines: []chamber.NewVoucherLine{
		dr("1002", chamber.MaxAmountFen), dr("1001", chamber.MaxAmountFen), cr("4201", chamber.MaxAmountFen), cr("4101", chamber.MaxAmountFen)}})
	wantCode(t, err, chamber.EINVALID)

	// 95 vouchers at the bound are fine, and the reports add up.
	for i := 0; i < 95; i++ {
		mustPost(t, db, "2026-03-02", dr("1002", chamber.MaxAmountFen), cr("4201", chamber.MaxAmountFen))
	}
	bal, err := db.Balances(sysCtx, "", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bal {
		if b.Code == "1002" && b.ClosingFen != 95*chamber.MaxAmountFen {
			t.Fatalf("1002: %+v", b)
		}
	}

	// The books' running total stops the voucher that would take them past
	// MaxLedgerFen (a ledger of ~100,000 vouchers at the bound, simulated).
	if _, err := db.Writer().Exec(`UPDATE ledger_totals SET total_fen = $1 WHERE name = 'ledger'`, chamber.MaxLedgerFen-chamber.MaxAmountFen/2); err != nil {
		t.Fatal(err)
	}
	_, err = db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-03-03", Lines: []chamber.NewVoucherLine{dr("1002", chamber.MaxAmountFen), cr("4201", chamber.MaxAmountFen)}})
	wantReason(t, err, chamber.EINVALID, "ledger_full")
	mustPost(t, db, "2026-03-03", dr("1002", chamber.MaxAmountFen/2), cr("4201", chamber.MaxAmountFen/2))
	_, err = db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-03-03", Lines: []chamber.NewVoucherLine{dr("1002", 1), cr("4201", 1)}})
	wantReason(t, err, chamber.EINVALID, "ledger_full")
	if _, err := db.Balances(sysCtx, "", "2026-12-31"); err != nil {
		t.Fatal(err)
	}
}
