package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// fillLedger posts n vouchers over a year in batches of 1,000 (the import path).
func fillLedger(b *testing.B, db *sqlstore.DB, n int) {
	b.Helper()
	accounts := []struct{ dr, cr string }{{"1002", "4201"}, {"520102", "1001"}, {"1001", "1002"}, {"5101", "1002"},
		{"100201", "410102"}, {"1501", "2202"}, {"2202", "1002"}, {"1002", "4401"}}
	batch := make([]chamber.NewVoucher, 0, 1000)
	for i := 0; i < n; i++ {
		a := accounts[i%len(accounts)]
		amt := int64(1000 + i%97*100)
		batch = append(batch, chamber.NewVoucher{Date: fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1), Summary: "批量",
			Lines: []chamber.NewVoucherLine{{Account: a.dr, DebitFen: amt, Memo: "借"}, {Account: a.cr, CreditFen: amt, Memo: "贷"}}})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := db.PostVouchers(sysCtx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

func yearStatements(b *testing.B, db *sqlstore.DB) {
	accts, err := db.ListAccounts(sysCtx)
	if err != nil {
		b.Fatal(err)
	}
	end, err := db.Balances(sysCtx, "", "2026-12-31")
	if err != nil {
		b.Fatal(err)
	}
	if bs := chamber.BuildBalanceSheet("2026-12-31", accts, end); !bs.Balanced {
		b.Fatal("balance sheet does not balance")
	}
	year, err := db.Balances(sysCtx, "2026-01-01", "2026-12-31")
	if err != nil {
		b.Fatal(err)
	}
	if a := chamber.BuildActivities("2026-01-01", "2026-12-31", accts, year); !a.TiesOut {
		b.Fatal("activities do not tie out")
	}
	if cf := chamber.BuildCashFlow("2026-01-01", "2026-12-31", accts, year); !cf.TiesOut {
		b.Fatal("cash flow does not tie out")
	}
	chamber.BuildTrialBalance("2026-01-01", "2026-12-31", accts, year)
}

// BenchmarkPost100kAndStatements posts 100,000 vouchers and produces the year's statements.
func BenchmarkPost100kAndStatements(b *testing.B) {
	for b.Loop() {
		db := sqlstoretest.Open(b, sqlstoretest.Options{})
		fillLedger(b, db, 100_000)
		yearStatements(b, db)
	}
}

// BenchmarkYearStatements100k: the statements alone over 100,000 vouchers.
func BenchmarkYearStatements100k(b *testing.B) {
	db := sqlstoretest.Open(b, sqlstoretest.Options{})
	fillLedger(b, db, 100_000)
	b.ResetTimer()
	for b.Loop() {
		yearStatements(b, db)
	}
}

// BenchmarkPostVoucher: one voucher per transaction, as the API posts them.
func BenchmarkPostVoucher(b *testing.B) {
	db := sqlstoretest.Open(b, sqlstoretest.Options{})
	for b.Loop() {
		if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-05-05", Summary: "单张",
			Lines: []chamber.NewVoucherLine{{Account: "1002", DebitFen: 100}, {Account: "4201", CreditFen: 100}}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify1M verifies a chain of 1,000,000 vouchers (goal < 10 s).
func BenchmarkVerify1M(b *testing.B) {
	db := sqlstoretest.Open(b, sqlstoretest.Options{})
	fillLedger(b, db, 1_000_000)
	b.ResetTimer()
	for b.Loop() {
		res, err := db.VerifyLedger(sysCtx)
		if err != nil || !res.OK || res.Vouchers != 1_000_000 {
			b.Fatalf("%+v %v", res, err)
		}
	}
}

// BenchmarkJournal100k: a page of the bank journal (明细账 in date order)
// and a page deep into it, over 100,000 vouchers.
func BenchmarkJournal100k(b *testing.B) {
	db := sqlstoretest.Open(b, sqlstoretest.Options{})
	fillLedger(b, db, 100_000)
	b.ResetTimer()
	for b.Loop() {
		led, _, err := db.AccountLedger(sysCtx, "1002", "2026-01-01", "2026-12-31", chamber.Page{Limit: 100})
		if err != nil || len(led.Entries) != 100 {
			b.Fatal(err)
		}
		if _, _, err := db.AccountLedger(sysCtx, "1002", "2026-01-01", "2026-12-31", chamber.Page{Limit: 100, Cursor: "2026-10-15.0.0"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGeneralLedger100k: the year's 总账 over 100,000 vouchers.
func BenchmarkGeneralLedger100k(b *testing.B) {
	db := sqlstoretest.Open(b, sqlstoretest.Options{})
	fillLedger(b, db, 100_000)
	b.ResetTimer()
	for b.Loop() {
		gl, err := db.GeneralLedger(sysCtx, 2026)
		if err != nil || !gl.Balanced || len(gl.Accounts) == 0 {
			b.Fatal(err)
		}
	}
}
