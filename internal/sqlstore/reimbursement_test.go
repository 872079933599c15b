package sqlstore_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// claimOrg appoints a clerk, the finance director, the 秘书长 and the 会长.
type claimOrg struct {
	clerk, dir, sg, pres, nobody context.Context
	clerkU, dirU, sgU, presU     *chamber.User
}

func newClaimOrg(t *testing.T, db *sqlstore.DB) *claimOrg {
	t.Helper()
	o := &claimOrg{}
	o.clerkU = mustCreateUser(t, db, "clerk", false)
	o.dirU = mustCreateUser(t, db, "director", false)
	o.sgU = mustCreateUser(t, db, "sg", false)
	o.presU = mustCreateUser(t, db, "pres", false)
	nob := mustCreateUser(t, db, "nobody", false)
	appoint(t, db, "finance_staff", o.clerkU, "2020-01-01", "", false)
	appoint(t, db, "finance_director", o.dirU, "2020-01-01", "", false)
	appoint(t, db, chamber.PosSecretaryGeneral, o.sgU, "2020-01-01", "", false)
	appoint(t, db, chamber.PosPresident, o.presU, "2020-01-01", "", false)
	o.clerk, o.dir, o.sg, o.pres = actorCtx(t, db, o.clerkU.ID), actorCtx(t, db, o.dirU.ID), actorCtx(t, db, o.sgU.ID), actorCtx(t, db, o.presU.ID)
	o.nobody = actorCtx(t, db, nob.ID)
	return o
}

func claim(db *sqlstore.DB, ctx context.Context, fen ...int64) (*chamber.Reimbursement, error) {
	in := chamber.NewReimbursement{Summary: "出差北京", Receipts: "发票3张.pdf"}
	for i, f := range fen {
		in.Lines = append(in.Lines, chamber.NewReimbursementLine{Date: "2026-01-0" + strconv.Itoa(i+1), Account: "520103", AmountFen: f, Memo: "高铁"})
	}
	return db.CreateReimbursement(ctx, in)
}

func TestReimbursementRouting(t *testing.T) {
	db := openDB(t)
	o := newClaimOrg(t, db)
	for _, c := range []struct {
		fen   int64
		steps []string
	}{
		{60000, []string{"finance_director"}},
		{500000, []string{"finance_director"}}, // ¥5,000 exactly: not above
		{500001, []string{"finance_director", chamber.PosSecretaryGeneral}},
		{6000000, []string{"finance_director", chamber.PosSecretaryGeneral, chamber.PosPresident}},
	} {
		r, err := claim(db, o.clerk, c.fen)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range r.Steps {
			got = append(got, s.PositionCode)
		}
		if len(got) != len(c.steps) {
			t.Fatalf("%d fen: steps %v, want %v", c.fen, got, c.steps)
		}
		for i := range got {
			if got[i] != c.steps[i] {
				t.Fatalf("%d fen: steps %v, want %v", c.fen, got, c.steps)
			}
		}
	}
	// The limits are settings: raise the 秘书长 limit to ¥10,000.
	if _, err := db.SetReimbursementLimits(o.clerk, nil); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("clerk sets limits: %v", err)
	}
	if _, err := db.SetReimbursementLimits(sysCtx, []chamber.ApprovalLimit{{AboveFen: 1000000, PositionCode: chamber.PosSecretaryGeneral}}); err != nil {
		t.Fatal(err)
	}
	if r, err := claim(db, o.clerk, 600000); err != nil || len(r.Steps) != 1 {
		t.Fatalf("after raising the limit: %v %v", r, err)
	}
	// No position: a clear error; the top of the chart has no one above.
	if _, err := claim(db, o.nobody, 100); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("no position: %v", err)
	} else if e := err.(*chamber.Error); e.Reason != "no_position" {
		t.Fatalf("reason %q", e.Reason)
	}
	if _, err := claim(db, o.pres, 100); err.(*chamber.Error).Reason != "no_approver" {
		t.Fatalf("president: %v", err)
	}
	// Junk.
	for _, in := range []chamber.NewReimbursement{
		{},
		{Summary: "x", Lines: []chamber.NewReimbursementLine{{Date: "2026-13-01", Account: "1002", AmountFen: -1}}},
		{Summary: "x", Lines: []chamber.NewReimbursementLine{{Date: "2026-01-01", Account: "5999", AmountFen: 1}}},
	} {
		if _, err := db.CreateReimbursement(o.clerk, in); chamber.ErrorCode(err) != chamber.EINVALID {
			t.Errorf("%+v: %v", in, err)
		}
	}
}

func TestReimbursementApprovePay(t *testing.T) {
	db := openDB(t)
	o := newClaimOrg(t, db)
	year, _ := strconv.Atoi(db.Today(context.Background())[:4])
	dept := positionByCode(t, db, "finance_director").DepartmentID
	if _, err := db.CreateBudget(sysCtx, chamber.Budget{Year: year, DepartmentID: dept, Department: "财务部", Account: "5201", AmountFen: 1000000}); err != nil {
		t.Fatal(err)
	}
	r, err := claim(db, o.clerk, 500000, 350000) // ¥8,500 of ¥10,000: 85%
	if err != nil {
		t.Fatal(err)
	}
	if r.Budget == nil || r.Budget.Alert != "80" || r.Budget.Percent != 85 || r.Number == "" || r.DepartmentID != dept {
		t.Fatalf("claim: %+v budget %+v", r, r.Budget)
	}
	// Only the current approver acts; the claimant never approves; others do not see it.
	if _, err := db.ApproveReimbursement(o.sg, r.ID, chamber.ClaimDecision{}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("sg before director: %v", err)
	}
	if _, err := db.ApproveReimbursement(o.clerk, r.ID, chamber.ClaimDecision{}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("claimant: %v", err)
	}
	if _, err := db.FindReimbursement(o.nobody, r.ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("stranger reads: %v", err)
	}
	if n, _ := db.WaitingCount(o.dir); n != 1 {
		t.Fatalf("director waiting %d", n)
	}
	r, err = db.ApproveReimbursement(o.dir, r.ID, chamber.ClaimDecision{Comment: "同意"})
	if err != nil || r.Status != chamber.ClaimPending || r.CurrentStep != 1 || r.WaitingFor != "用户sg" {
		t.Fatalf("director approves: %+v %v", r, err)
	}
	if ws, _, _ := db.ListReimbursements(o.sg, chamber.ClaimFilter{View: "waiting"}, chamber.Page{}); len(ws) != 1 {
		t.Fatalf("sg waiting list: %d", len(ws))
	}
	r, err = db.ApproveReimbursement(o.sg, r.ID, chamber.ClaimDecision{Comment: "同意支付"})
	if err != nil || r.Status != chamber.ClaimApproved || r.VoucherID == 0 {
		t.Fatalf("sg approves: %+v %v", r, err)
	}
	if _, err := db.ApproveReimbursement(o.sg, r.ID, chamber.ClaimDecision{}); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("approve twice: %v", err)
	}
	v, err := db.FindVoucher(sysCtx, r.VoucherID)
	if err != nil || v.Kind != chamber.VoucherReimbursement || len(v.Lines) != 3 || v.Lines[2].Account != "220901" ||
		v.Lines[2].CreditFen != 850000 || v.Lines[0].DepartmentID != dept {
		t.Fatalf("voucher: %+v %v", v, err)
	}
	// The budget report now shows the spending.
	rep, _ := db.BudgetReport(sysCtx, year)
	if len(rep) != 1 || rep[0].ActualFen != 850000 || rep[0].Alert != "80" {
		t.Fatalf("budget report: %+v", rep[0])
	}
	// Paying needs finance.post; the 秘书长's grants lack it, the director holds it.
	if _, err := db.PayReimbursement(o.sg, r.ID, chamber.ClaimPayment{}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("sg pays: %v", err)
	}
	r, err = db.PayReimbursement(o.dir, r.ID, chamber.ClaimPayment{CashAccount: "100201"})
	if err != nil || r.Status != chamber.ClaimPaid || r.PayVoucherID == 0 {
		t.Fatalf("pay: %+v %v", r, err)
	}
	pv, _ := db.FindVoucher(sysCtx, r.PayVoucherID)
	if pv.Lines[0].Account != "220901" || pv.Lines[0].DebitFen != 850000 || pv.Lines[1].Account != "100201" {
		t.Fatalf("pay voucher: %+v", pv.Lines)
	}
	if _, err := db.PayReimbursement(o.dir, r.ID, chamber.ClaimPayment{}); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("pay twice: %v", err)
	}
	if res, err := db.VerifyLedger(sysCtx); err != nil || !res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}

	// Reject: a reason is required, and the claim stops there.
	r2, _ := claim(db, o.clerk, 2000000) // over budget: 100
	if r2.Budget.Alert != "100" {
		t.Fatalf("over budget: %+v", r2.Budget)
	}
	if _, err := db.RejectReimbursement(o.dir, r2.ID, chamber.ClaimDecision{}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("reject without reason: %v", err)
	}
	r2, err = db.RejectReimbursement(o.dir, r2.ID, chamber.ClaimDecision{Comment: "超预算"})
	if err != nil || r2.Status != chamber.ClaimRejected || r2.Steps[0].Decision != "rejected" {
		t.Fatalf("reject: %+v %v", r2, err)
	}
	if _, err := db.PayReimbursement(o.dir, r2.ID, chamber.ClaimPayment{}); chamber.ErrorCode(err) != chamber.ECONFLICT {
		t.Fatalf("pay rejected: %v", err)
	}
	mine, _, err := db.ListReimbursements(o.clerk, chamber.ClaimFilter{View: "mine"}, chamber.Page{})
	if err != nil || len(mine) != 2 {
		t.Fatalf("mine: %d %v", len(mine), err)
	}
	if _, _, err := db.ListReimbursements(o.clerk, chamber.ClaimFilter{View: "all"}, chamber.Page{}); err != nil {
		t.Fatalf("clerk holds finance.read: %v", err)
	}
	if _, _, err := db.ListReimbursements(o.nobody, chamber.ClaimFilter{View: "all"}, chamber.Page{}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("nobody lists all: %v", err)
	}
}
