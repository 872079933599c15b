package sqlstore_test

import (
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

func cashFlow(t *testing.T, db *sqlstore.DB, from, to string) (*chamber.CashFlow, map[string]int64) {
	t.Helper()
	accts, err := db.ListAccounts(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	bal, err := db.Balances(sysCtx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	cf := chamber.BuildCashFlow(from, to, accts, bal)
	items := map[string]int64{}
	for _, s := range cf.Sections {
		for _, r := range append(append([]chamber.StatementRow{}, s.Inflows...), s.Outflows...) {
			if r.AmountFen != 0 {
				items[r.Key] = r.AmountFen
			}
		}
	}
	return cf, items
}

// TestCashFlowIssueFigures: the demo year of issue 11 (to 12-02): the
// opening-balance voucher is the opening cash, not a receipt; wages are
// 支付给员工; member events are goods and services, not donations paid.
func TestCashFlowIssueFigures(t *testing.T) {
	db := openDB(t)
	l := func(acct string, dr, cr int64) chamber.NewVoucherLine {
		return chamber.NewVoucherLine{Account: acct, DebitFen: dr, CreditFen: cr}
	}
	vs := []chamber.NewVoucher{{Date: "2026-01-02", Summary: "期初余额",
		Lines: []chamber.NewVoucherLine{l("100201", 86000000, 0), l("1001", 500000, 0), l("3101", 0, 86500000)}}}
	for m := 1; m <= 11; m++ {
		d := "2026-" + [...]string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11"}[m-1] + "-"
		vs = append(vs,
			chamber.NewVoucher{Date: d + "05", Lines: []chamber.NewVoucherLine{l("100201", 1200000+int64(m)*10000, 0), l("420101", 0, 1200000+int64(m)*10000)}},
			chamber.NewVoucher{Date: d + "10", Lines: []chamber.NewVoucherLine{l("520101", 2600000, 0), l("100201", 0, 2600000)}},
			chamber.NewVoucher{Date: d + "15", Lines: []chamber.NewVoucherLine{l("520102", 85000, 0), l("1001", 0, 85000)}},
			chamber.NewVoucher{Date: d + "20", Lines: []chamber.NewVoucherLine{l("510102", 320000, 0), l("100201", 0, 320000)}},
		)
	}
	// Entered late: the restricted donation of 01-08.
	vs = append(vs, chamber.NewVoucher{Date: "2026-01-08", Lines: []chamber.NewVoucherLine{l("100201", 10000000, 0), l("410102", 0, 10000000)}})
	if _, err := db.PostVouchers(sysCtx, vs); err != nil {
		t.Fatal(err)
	}
	cf, items := cashFlow(t, db, "2026-01-01", "2026-12-02")
	want := map[string]int64{"dues_in": 13860000, "donations_in": 10000000, "staff_out": 28600000,
		"purchases_out": 935000 + 3520000}
	for k, v := range want {
		if items[k] != v {
			t.Errorf("%s = %d, want %d", k, items[k], v)
		}
	}
	for _, k := range []string{"other_op_in", "grants_out", "other_op_out"} {
		if items[k] != 0 {
			t.Errorf("%s = %d, want 0", k, items[k])
		}
	}
	if cf.NetIncreaseFen != -9195000 || cf.OpeningCashFen != 86500000 || cf.ClosingCashFen != 86500000-9195000 || !cf.TiesOut {
		t.Errorf("net %d opening %d closing %d ties %v; want −91,950.00 from 865,000.00", cf.NetIncreaseFen, cf.OpeningCashFen, cf.ClosingCashFen, cf.TiesOut)
	}
	// A month inside the year: the opening voucher is history, not a flow.
	cf, _ = cashFlow(t, db, "2026-03-01", "2026-03-31")
	if want := int64(1230000 - 2600000 - 85000 - 320000); cf.NetIncreaseFen != want || !cf.TiesOut {
		t.Errorf("March: net %d, want %d (ties %v)", cf.NetIncreaseFen, want, cf.TiesOut)
	}
}

// TestCashFlowWorkedExample: one line of each kind of the standard form.
func TestCashFlowWorkedExample(t *testing.T) {
	type line = chamber.NewVoucherLine
	cases := []struct {
		name  string
		lines []line
		item  string
		fen   int64
	}{
		{"opening balance", []line{dr("100201", 500000), dr("1501", 100000), cr("3101", 600000)}, "", 0},
		{"opening against net assets alone", []line{dr("1001", 20000), cr("3101", 20000)}, "", 0},
		{"dues received", []line{dr("100201", 30000), cr("420101", 30000)}, "dues_in", 30000},
		{"dues receivable collected", []line{dr("100201", 7000), cr("112101", 7000)}, "dues_in", 7000},
		{"wages through 2204", []line{dr("2204", 40000), cr("100201", 40000)}, "staff_out", 40000},
		{"wages straight to expense", []line{dr("520101", 41000), cr("100201", 41000)}, "staff_out", 41000},
		{"staff flag on a line", []line{{Account: "510101", DebitFen: 4200, Staff: true}, cr("100201", 4200)}, "staff_out", 4200},
		{"member event", []line{dr("510102", 5000), cr("100201", 5000)}, "purchases_out", 5000},
		{"charitable grant", []line{dr("510103", 6000), cr("100201", 6000)}, "grants_out", 6000},
		{"fixed asset bought", []line{dr("1501", 80000), cr("100201", 80000)}, "capex_out", 80000},
		{"loan received", []line{dr("100201", 200000), cr("2101", 200000)}, "loans_in", 200000},
		{"loan repaid", []line{dr("2101", 50000), cr("100201", 50000)}, "repay_out", 50000},
		{"interest paid", []line{dr("5301", 3000), cr("100201", 3000)}, "interest_out", 3000},
		{"bank to petty cash", []line{dr("1001", 9000), cr("100201", 9000)}, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			if c.name != "opening balance" {
				if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01",
					Lines: []line{dr("100201", 1000000), dr("1001", 100000), cr("3101", 1100000)}}); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			if c.name == "opening balance" {
				_, err = db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: "2026-01-01", Lines: c.lines})
			} else {
				_, err = db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-02-03", Summary: c.name, Lines: c.lines})
			}
			if err != nil {
				t.Fatal(err)
			}
			cf, items := cashFlow(t, db, "2026-01-01", "2026-12-31")
			if !cf.TiesOut {
				t.Errorf("net %d ≠ closing %d − opening %d", cf.NetIncreaseFen, cf.ClosingCashFen, cf.OpeningCashFen)
			}
			if c.item == "" {
				if len(items) != 0 || cf.NetIncreaseFen != 0 {
					t.Errorf("no cash flow expected, got %v (net %d)", items, cf.NetIncreaseFen)
				}
				return
			}
			if len(items) != 1 || items[c.item] != c.fen {
				t.Errorf("items %v, want only %s = %d", items, c.item, c.fen)
			}
		})
	}
}
