package sqlstore_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/chamber-org/chamber"
	"pgregory.net/rapid"
)

// TestBooksProperties: for random vouchers (an opening balance, entries
// out of date order), on every date 资产 = 负债 + 净资产, the cash flow
// ties to the change of cash, and each account's 明细账 in date order ends
// where the trial balance says.
func TestBooksProperties(t *testing.T) {
	codes := []string{"1001", "100201", "112101", "1501", "2101", "2204", "220901", "3101", "410101", "410102", "420101", "510102", "520101", "520102", "5301"}
	// Each case is a fresh database: on PostgreSQL, where that costs more, 20 cases.
	cases, max := 0, 100
	if os.Getenv("CHAMBER_TEST_POSTGRES_URL") != "" {
		max = 20
	}
	rapid.Check(t, func(rt *rapid.T) {
		if cases++; cases > max {
			return
		}
		db := openDB(t)
		if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01",
			Lines: []chamber.NewVoucherLine{dr("100201", 1000000), dr("1501", 50000), cr("3101", 1050000)}}); err != nil {
			rt.Fatalf("opening: %v", err)
		}
		n := rapid.IntRange(1, 12).Draw(rt, "vouchers")
		for i := 0; i < n; i++ {
			date := fmt.Sprintf("2026-%02d-%02d", rapid.IntRange(1, 12).Draw(rt, "month"), rapid.IntRange(1, 28).Draw(rt, "day"))
			amt := rapid.Int64Range(1, 500000).Draw(rt, "amount")
			a := rapid.SampledFrom(codes).Draw(rt, "debit")
			b := rapid.SampledFrom(codes).Draw(rt, "credit")
			if a == b {
				continue
			}
			if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: date, Lines: []chamber.NewVoucherLine{dr(a, amt), cr(b, amt)}}); err != nil {
				rt.Fatalf("post: %v", err)
			}
		}
		accts, err := db.ListAccounts(sysCtx)
		if err != nil {
			rt.Fatalf("%v", err)
		}
		for m := 1; m <= 12; m++ {
			to := fmt.Sprintf("2026-%02d-28", m)
			bal, err := db.Balances(sysCtx, "2026-01-01", to)
			if err != nil {
				rt.Fatalf("%v", err)
			}
			bs := chamber.BuildBalanceSheet(to, accts, bal)
			if !bs.Balanced || bs.TotalAssetsFen != bs.TotalLiabilitiesAndNetAssetsFen {
				rt.Fatalf("%s: assets %d ≠ liabilities + net assets %d", to, bs.TotalAssetsFen, bs.TotalLiabilitiesAndNetAssetsFen)
			}
			if cf := chamber.BuildCashFlow("2026-01-01", to, accts, bal); !cf.TiesOut {
				rt.Fatalf("%s: cash flow %d ≠ %d − %d", to, cf.NetIncreaseFen, cf.ClosingCashFen, cf.OpeningCashFen)
			}
			if a := chamber.BuildActivities("2026-01-01", to, accts, bal); !a.TiesOut {
				rt.Fatalf("%s: activities do not tie to net assets", to)
			}
			tb := chamber.BuildTrialBalance("2026-01-01", to, accts, bal)
			if !tb.Balanced {
				rt.Fatalf("%s: trial balance %+v", to, tb)
			}
			if m%4 != 0 {
				continue
			}
			for _, r := range tb.Rows {
				led, _, err := db.AccountLedger(sysCtx, r.Code, "2026-01-01", to, chamber.Page{Limit: 500})
				if err != nil {
					rt.Fatalf("%v", err)
				}
				end, prev := led.OpeningFen, ""
				for _, e := range led.Entries {
					if e.Date < prev {
						rt.Fatalf("%s: ledger out of date order", r.Code)
					}
					prev = e.Date
					end += e.DebitFen - e.CreditFen
					if end != e.BalanceFen {
						rt.Fatalf("%s: running balance %d, want %d", r.Code, e.BalanceFen, end)
					}
				}
				if led.OpeningFen != r.OpeningFen || end != r.ClosingFen {
					rt.Fatalf("%s to %s: ledger %d…%d, trial balance %d…%d", r.Code, to, led.OpeningFen, end, r.OpeningFen, r.ClosingFen)
				}
			}
		}
	})
}
