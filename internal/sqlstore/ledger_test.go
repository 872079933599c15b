package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"pgregory.net/rapid"
)

func mustPost(t testing.TB, db *sqlstore.DB, date string, lines ...chamber.NewVoucherLine) *chamber.Voucher {
	t.Helper()
	v, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: date, Summary: "测试", Lines: lines})
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	return v
}

func dr(acct string, fen int64) chamber.NewVoucherLine {
	return chamber.NewVoucherLine{Account: acct, DebitFen: fen}
}
func cr(acct string, fen int64) chamber.NewVoucherLine {
	return chamber.NewVoucherLine{Account: acct, CreditFen: fen}
}

func TestPostedVouchersNeverChange(t *testing.T) {
	db := openDB(t)
	v := mustPost(t, db, "2026-03-01", dr("1002", 100), cr("4201", 100))
	for _, q := range []string{
		`UPDATE vouchers SET summary = 'x' WHERE id = $1`,
		`DELETE FROM vouchers WHERE id = $1`,
		`UPDATE voucher_lines SET debit_fen = 1 WHERE voucher_id = $1`,
		`DELETE FROM voucher_lines WHERE voucher_id = $1`,
	} {
		if _, err := db.Writer().Exec(q, v.ID); err == nil {
			t.Errorf("%s: the database allowed it", q)
		}
	}
	if _, err := db.ClosePeriod(sysCtx, "2026-03"); err != nil {
		t.Fatal(err)
	}
	// Past the service, straight into the table: the trigger refuses a closed period.
	if _, err := db.Writer().Exec(`INSERT INTO vouchers(id, number, period, date, summary, kind, total_fen, moves_cash, created_at, created_by, creator, prev_hash, hash)
		VALUES (999, 'x', '2026-03', '2026-03-02', '', 'manual', 0, FALSE, 0, 0, '', '', '')`); err == nil {
		t.Error("a voucher went into a closed period")
	}
	if _, err := db.Writer().Exec(`UPDATE ledger_periods SET closed_at = NULL WHERE period = '2026-03'`); err == nil {
		t.Error("a closed period was reopened")
	}
	_, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-03-31", Lines: []chamber.NewVoucherLine{dr("1001", 1), cr("4901", 1)}})
	wantCode(t, err, chamber.ECONFLICT)
	res, err := db.VerifyLedger(sysCtx)
	if err != nil || !res.OK || res.Vouchers != 1 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

func TestLedgerPermissions(t *testing.T) {
	db := openDB(t)
	u := mustCreateUser(t, db, "clerk", false)
	ctx := actorCtx(t, db, u.ID)
	_, err := db.PostVoucher(ctx, chamber.NewVoucher{Date: "2026-03-01", Lines: []chamber.NewVoucherLine{dr("1001", 1), cr("4901", 1)}})
	wantCode(t, err, chamber.EFORBIDDEN)
	_, err = db.VerifyLedger(ctx)
	wantCode(t, err, chamber.EFORBIDDEN)
}

// TestLedgerProperties: any sequence of postings and reversals keeps every
// voucher and the whole ledger balanced, the balance sheet balances, the
// statements tie out and the chain verifies.
func TestLedgerProperties(t *testing.T) {
	db := openDB(t)
	accts, err := db.ListAccounts(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]string, len(accts))
	for i, a := range accts {
		codes[i] = a.Code
	}
	var posted []chamber.ID
	rapid.Check(t, func(rt *rapid.T) {
		steps := rapid.IntRange(1, 5).Draw(rt, "steps")
		for range steps {
			if len(posted) > 0 && rapid.IntRange(0, 3).Draw(rt, "reverse?") == 0 {
				id := rapid.SampledFrom(posted).Draw(rt, "victim")
				v, err := db.ReverseVoucher(sysCtx, id)
				if err == nil {
					posted = append(posted, v.ID)
				} else if c := chamber.ErrorCode(err); c != chamber.ECONFLICT {
					rt.Fatalf("reverse %d: %v", id, err)
				}
				continue
			}
			n := rapid.IntRange(1, 3).Draw(rt, "debits")
			var lines []chamber.NewVoucherLine
			var total int64
			for range n {
				amt := rapid.Int64Range(1, 1_000_000_00).Draw(rt, "amount")
				total += amt
				lines = append(lines, dr(rapid.SampledFrom(codes).Draw(rt, "debit account"), amt))
			}
			// Split the total over 1–3 credits.
			m := rapid.IntRange(1, 3).Draw(rt, "credits")
			left := total
			for i := range m {
				amt := left
				if i < m-1 && left > 1 {
					amt = rapid.Int64Range(1, left-1).Draw(rt, "credit")
				}
				if amt == 0 {
					break
				}
				left -= amt
				lines = append(lines, cr(rapid.SampledFrom(codes).Draw(rt, "credit account"), amt))
			}
			date := fmt.Sprintf("2026-%02d-%02d", rapid.IntRange(1, 12).Draw(rt, "month"), rapid.IntRange(1, 28).Draw(rt, "day"))
			if rapid.IntRange(0, 5).Draw(rt, "spoil?") == 0 {
				// An unbalanced voucher is refused and changes nothing.
				bad := append([]chamber.NewVoucherLine{}, lines...)
				bad[0].DebitFen++
				if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: date, Lines: bad}); chamber.ErrorCode(err) != chamber.EINVALID {
					rt.Fatalf("unbalanced voucher: %v", err)
				}
			}
			v, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: date, Summary: "性质测试", Lines: lines})
			if err != nil {
				rt.Fatalf("post: %v", err)
			}
			posted = append(posted, v.ID)
		}
		checkLedgerInvariants(rt, db)
	})
}

// checkLedgerInvariants is shared with the crash harness.
func checkLedgerInvariants(t interface {
	Fatalf(string, ...any)
	Helper()
}, db *sqlstore.DB) {
	t.Helper()
	res, err := db.VerifyLedger(sysCtx)
	if err != nil || !res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}
	var d, c, bad int64
	if err := db.Reader().QueryRow(`SELECT COALESCE(SUM(debit_fen), 0), COALESCE(SUM(credit_fen), 0) FROM voucher_lines`).Scan(&d, &c); err != nil {
		t.Fatalf("%v", err)
	}
	if d != c {
		t.Fatalf("Σdebit %d ≠ Σcredit %d", d, c)
	}
	if err := db.Reader().QueryRow(`SELECT COUNT(*) FROM (SELECT voucher_id FROM voucher_lines GROUP BY voucher_id
		HAVING SUM(debit_fen) <> SUM(credit_fen)) x`).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("%d unbalanced vouchers (%v)", bad, err)
	}
	accts, err := db.ListAccounts(sysCtx)
	if err != nil {
		t.Fatalf("%v", err)
	}
	today := db.Today(sysCtx)
	bal, err := db.Balances(sysCtx, "", "2099-12-31")
	if err != nil {
		t.Fatalf("%v", err)
	}
	if bs := chamber.BuildBalanceSheet(today, accts, bal); !bs.Balanced || bs.TotalAssetsFen != bs.TotalLiabilitiesAndNetAssetsFen {
		t.Fatalf("balance sheet: assets %d, liabilities + net assets %d", bs.TotalAssetsFen, bs.TotalLiabilitiesAndNetAssetsFen)
	}
	bal, err = db.Balances(sysCtx, "2026-04-01", "2026-09-30")
	if err != nil {
		t.Fatalf("%v", err)
	}
	if a := chamber.BuildActivities("2026-04-01", "2026-09-30", accts, bal); !a.TiesOut {
		t.Fatalf("activities do not tie out: %+v", a.ChangeNetAssets)
	}
	if cf := chamber.BuildCashFlow("2026-04-01", "2026-09-30", accts, bal); !cf.TiesOut {
		t.Fatalf("cash flow does not tie out: net %d, cash %d → %d", cf.NetIncreaseFen, cf.OpeningCashFen, cf.ClosingCashFen)
	}
	if tb := chamber.BuildTrialBalance("2026-04-01", "2026-09-30", accts, bal); !tb.Balanced {
		t.Fatalf("trial balance: %+v", tb)
	}
}
