package sqlstore_test

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chamber-org/chamber"
	"pgregory.net/rapid"
)

// TestMonthTotalsEqualLines: for random books over two years (an opening
// balance, cash and wage lines, entries out of date order, a 期末结转),
// the balances read from the month totals equal those read from every
// line, for ranges that start at the beginning, on a month's first day or
// mid-month, and end on a month's last day, mid-month or on its first.
func TestMonthTotalsEqualLines(t *testing.T) {
	codes := []string{"1001", "100201", "112101", "1501", "2101", "2204", "220901", "3101", "410101", "410102", "420101", "510102", "520101", "520102"}
	froms := []string{"", "2025-01-01", "2025-07-01", "2026-03-01", "2025-05-17", "2026-12-01"}
	tos := []string{"2025-12-31", "2026-02-28", "2026-03-15", "2026-12-31", "2025-06-30", "2026-01-01", "2024-12-31"}
	cases, max := 0, 40
	if os.Getenv("CHAMBER_TEST_POSTGRES_URL") != "" {
		max = 10
	}
	rapid.Check(t, func(rt *rapid.T) {
		if cases++; cases > max {
			return
		}
		db := openDB(t)
		month := rapid.IntRange(1, 12).Draw(rt, "opening month")
		if _, err := db.PostOpeningBalances(sysCtx, chamber.NewOpeningBalances{Date: fmt.Sprintf("2025-%02d-01", month),
			Lines: []chamber.NewVoucherLine{dr("100201", 1000000), dr("1501", 50000), cr("3101", 1050000)}}); err != nil {
			rt.Fatalf("opening: %v", err)
		}
		post := func(year int) {
			n := rapid.IntRange(0, 10).Draw(rt, "vouchers")
			for i := 0; i < n; i++ {
				date := fmt.Sprintf("%d-%02d-%02d", year, rapid.IntRange(1, 12).Draw(rt, "month"), rapid.IntRange(1, 28).Draw(rt, "day"))
				amt := rapid.Int64Range(1, 500000).Draw(rt, "amount")
				a, b := rapid.SampledFrom(codes).Draw(rt, "debit"), rapid.SampledFrom(codes).Draw(rt, "credit")
				if a == b {
					continue
				}
				d := dr(a, amt)
				d.Staff = a == "220901" && rapid.Bool().Draw(rt, "staff")
				if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: date, Summary: "随机", Lines: []chamber.NewVoucherLine{d, cr(b, amt)},
					ConfirmOverdraft: true}); err != nil {
					rt.Fatalf("post %s %s→%s: %v", date, a, b, err)
				}
			}
		}
		post(2025)
		if rapid.Bool().Draw(rt, "close 2025") {
			if _, err := db.CloseYear(sysCtx, 2025); err != nil {
				rt.Logf("close year: %v", err) // nothing to carry is fine
			}
		}
		post(2026)
		for _, from := range froms {
			for _, to := range tos {
				got, err := db.Balances(sysCtx, from, to)
				if err != nil {
					rt.Fatalf("%s–%s: %v", from, to, err)
				}
				want, err := db.BalancesByLines(sysCtx, from, to)
				if err != nil {
					rt.Fatalf("%s–%s by lines: %v", from, to, err)
				}
				if len(got) == 0 && len(want) == 0 {
					continue
				}
				if !reflect.DeepEqual(got, want) {
					rt.Fatalf("%s–%s: month totals\n%+v\nlines\n%+v", from, to, got, want)
				}
			}
		}
	})
}

// TestVerifyRecomputesMonthTotals: a month total edited in the database
// (the statements would show it) is found by verify.
func TestVerifyRecomputesMonthTotals(t *testing.T) {
	db := openDB(t)
	if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-03-05", Summary: "会费", Lines: []chamber.NewVoucherLine{dr("100201", 120000), cr("420101", 120000)}}); err != nil {
		t.Fatal(err)
	}
	if res, err := db.VerifyLedger(sysCtx); err != nil || !res.OK {
		t.Fatalf("clean books: %+v %v", res, err)
	}
	if _, err := db.Writer().ExecContext(sysCtx, `UPDATE ledger_month_totals SET credit_fen = credit_fen + 100 WHERE account = '420101'`); err != nil {
		t.Fatal(err)
	}
	res, err := db.VerifyLedger(sysCtx)
	if err != nil || res.OK || !strings.Contains(res.Problem, "420101") || !strings.Contains(res.Problem, "2026-03") {
		t.Fatalf("edited month total: %+v %v", res, err)
	}
}

// TestVerifyRecomputesPresence: the quorum reads the presence each meeting
// keeps; verify recomputes it from the check-ins and names the meeting
// whose counter was edited.
func TestVerifyRecomputesPresence(t *testing.T) {
	db := openDB(t)
	var ids []chamber.ID
	for _, name := range []string{"甲", "乙", "丙"} {
		m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: "会员" + name})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	mt, err := db.CreateMeeting(sysCtx, chamber.NewMeeting{Body: "general_assembly", Title: "会员大会", StartsAt: time.Now().AddDate(0, 0, 20)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenMeeting(sysCtx, mt.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CheckIn(sysCtx, mt.ID, ids[0], []chamber.ID{ids[1]}); err != nil { // in person, with a proxy
		t.Fatal(err)
	}
	q, err := db.Quorum(sysCtx, mt.ID)
	if err != nil || q.Present != 1 || q.Represented != 2 || q.Entitled != 3 {
		t.Fatalf("quorum %+v %v", q, err)
	}
	if res, err := db.VerifyAudit(sysCtx); err != nil || !res.OK {
		t.Fatalf("clean: %+v %v", res, err)
	}
	if _, err := db.Writer().ExecContext(sysCtx, `UPDATE meetings SET checked_in_weight = 3 WHERE id = $1`, mt.ID); err != nil {
		t.Fatal(err)
	}
	res, err := db.VerifyAudit(sysCtx)
	if err != nil || res.OK || !strings.Contains(res.Problem, "presence") {
		t.Fatalf("edited presence: %+v %v", res, err)
	}
}
