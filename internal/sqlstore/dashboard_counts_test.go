package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
)

// TestDashboardCountsFollowWrites: the counts the dashboards read follow
// members created, moved between tiers and statuses and re-dated, vouchers
// and reversals posted; verify finds each kind edited in the database.
func TestDashboardCountsFollowWrites(t *testing.T) {
	db := openDB(t)
	var ids []chamber.ID
	for i, d := range []string{"2024-05-06", "2026-03-01", "2026-03-31", ""} {
		m, err := db.CreateMember(sysCtx, chamber.MemberInput{Kind: chamber.MemberIndividual, Name: "会员" + string(rune('甲'+i)), JoinedOn: d})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	tier, joined := "council", "2025-11-30"
	if _, err := db.UpdateMember(sysCtx, ids[0], chamber.MemberPatch{Tier: &tier, JoinedOn: &joined}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangeMemberStatus(sysCtx, ids[1], chamber.StatusChange{Status: chamber.StatusSuspended, Reason: "欠缴会费"}); err != nil {
		t.Fatal(err)
	}
	v, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-03-05", Summary: "办公用品",
		Lines: []chamber.NewVoucherLine{dr("520102", 30000), cr("100201", 30000)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReverseVoucher(sysCtx, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: "2026-04-10", Summary: "会议费",
		Lines: []chamber.NewVoucherLine{dr("520102", 45000), cr("100201", 45000)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateBudget(sysCtx, chamber.Budget{Year: 2026, Account: "5201", AmountFen: 50000}); err != nil {
		t.Fatal(err)
	}
	if res, err := db.VerifyAudit(sysCtx); err != nil || !res.OK {
		t.Fatalf("audit: %+v %v", res, err)
	}
	if res, err := db.VerifyLedger(sysCtx); err != nil || !res.OK {
		t.Fatalf("ledger: %+v %v", res, err)
	}
	d, err := db.Dashboard(sysCtx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	var rev int
	if err := db.Reader().QueryRowContext(sysCtx, `SELECT COUNT(*) FROM vouchers WHERE reverses_id IS NOT NULL`).Scan(&rev); err != nil {
		t.Fatal(err)
	}
	if d.Vouchers != 3 || d.Reversals != rev || rev != 1 {
		t.Fatalf("vouchers %d reversals %d (%d)", d.Vouchers, d.Reversals, rev)
	}
	if d.BudgetFen != 50000 || d.BudgetActualFen != 45000 || d.BudgetAlerts != 1 {
		t.Fatalf("budget %d spent %d alerts %d", d.BudgetFen, d.BudgetActualFen, d.BudgetAlerts)
	}
	// The trend as the members' rows give it: the first member moved to
	// 2025, the second suspended (still counted), the empty date before all.
	total := 0
	for _, m := range d.MemberTrend {
		var joined, upto int
		if err := db.Reader().QueryRowContext(sysCtx, `SELECT
			COALESCE(SUM(CASE WHEN substr(joined_on, 1, 7) = $1 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN joined_on <= $2 THEN 1 ELSE 0 END), 0)
			FROM members WHERE status IN ('active', 'suspended')`, m.Month, m.Month+"-31").Scan(&joined, &upto); err != nil {
			t.Fatal(err)
		}
		if m.Joined != joined || m.Total != upto {
			t.Fatalf("%s: joined %d total %d, rows say %d %d", m.Month, m.Joined, m.Total, joined, upto)
		}
		total = m.Total
	}
	if total != 4 || d.MemberTrend[2].Joined != 2 {
		t.Fatalf("trend %+v", d.MemberTrend)
	}
	for _, edit := range []struct{ q, undo, problem string }{
		{`UPDATE member_counts SET n = n + 1 WHERE joined_month = '2026-03'`, `UPDATE member_counts SET n = n - 1 WHERE joined_month = '2026-03'`,
			"member counts of 2026-03"},
		{`UPDATE voucher_month_counts SET reversals = reversals + 1`, `UPDATE voucher_month_counts SET reversals = reversals - 1`,
			"voucher counts of month 2026-03"},
		{`UPDATE ledger_spend_totals SET debit_fen = debit_fen + 1 WHERE account = '520102'`,
			`UPDATE ledger_spend_totals SET debit_fen = debit_fen - 1 WHERE account = '520102'`, "spending totals of 2026-03 520102"},
	} {
		if _, err := db.Writer().ExecContext(sysCtx, edit.q); err != nil {
			t.Fatal(err)
		}
		var res any
		problem := ""
		if strings.HasPrefix(edit.problem, "member") {
			r, err := db.VerifyAudit(sysCtx)
			if err != nil || r.OK {
				t.Fatalf("%s: %+v %v", edit.q, r, err)
			}
			res, problem = r, r.Problem
		} else {
			r, err := db.VerifyLedger(sysCtx)
			if err != nil || r.OK {
				t.Fatalf("%s: %+v %v", edit.q, r, err)
			}
			res, problem = r, r.Problem
		}
		if !strings.Contains(problem, edit.problem) {
			t.Fatalf("%s: %+v", edit.q, res)
		}
		if _, err := db.Writer().ExecContext(sysCtx, edit.undo); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := db.VerifyAudit(sysCtx); err != nil || !res.OK {
		t.Fatalf("audit undone: %+v %v", res, err)
	}
}
