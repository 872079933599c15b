package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
)

func TestDuesInvoicePayWaive(t *testing.T) {
	db := openDB(t)
	var ms []*chamber.Member
	for i := 0; i < 4; i++ {
		ms = append(ms, mustCreateMember(t, db, fmt.Sprintf("会费测试%d公司", i), "张三", 600+i))
	}
	if _, err := db.ChangeMemberStatus(sysCtx, ms[3].ID, chamber.StatusChange{Status: chamber.StatusWithdrawn, DecidedOn: "2026-01-05", Reason: "退会"}); err != nil {
		t.Fatal(err)
	}
	// council tier (理事单位) pays ¥5,000; one member is moved to a tier without a rate.
	if _, err := db.SetDuesRate(sysCtx, chamber.DuesRate{Year: 2026, Tier: "council", AmountFen: 500000, Resolution: "第三届会员大会第二次会议决议"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetDuesRate(sysCtx, chamber.DuesRate{Year: 2026, Tier: "nonsense", AmountFen: 1}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("unknown tier: %v", err)
	}
	tier := "member"
	if _, err := db.UpdateMember(sysCtx, ms[2].ID, chamber.MemberPatch{Tier: &tier}); err != nil {
		t.Fatal(err)
	}
	run, err := db.InvoiceYear(sysCtx, 2026, "2026-03-31")
	if err != nil || run.Created != 2 || run.NoSchedule != 1 || run.Existing != 0 {
		t.Fatalf("first run: %+v %v", run, err)
	}
	// Idempotent: nothing new the second time; the member tier gets a rate, the third run adds it.
	if run, err = db.InvoiceYear(sysCtx, 2026, ""); err != nil || run.Created != 0 || run.Existing != 2 {
		t.Fatalf("second run: %+v %v", run, err)
	}
	db.SetDuesRate(sysCtx, chamber.DuesRate{Year: 2026, Tier: "member", AmountFen: 100000})
	if run, err = db.InvoiceYear(sysCtx, 2026, ""); err != nil || run.Created != 1 || run.Existing != 2 || run.NoSchedule != 0 {
		t.Fatalf("third run: %+v %v", run, err)
	}
	invs, _, err := db.ListDuesInvoices(sysCtx, chamber.DuesFilter{Year: 2026, MemberID: ms[0].ID}, chamber.Page{})
	if err != nil || len(invs) != 1 || invs[0].AmountFen != 500000 || invs[0].Status != chamber.DuesOpen {
		t.Fatalf("invoice: %+v %v", invs, err)
	}
	inv := invs[0]
	// Pay ¥2,000 by WeChat, then try to overpay, then pay the rest by bank.
	p1, err := db.RecordDuesPayment(sysCtx, inv.ID, chamber.NewDuesPayment{Date: "2026-02-01", AmountFen: 200000, Method: chamber.PayWeChat, Reference: "wx123"})
	if err != nil || p1.ReceiptNo != "会-2026-00001" || p1.CashAccount != "100901" {
		t.Fatalf("pay 1: %+v %v", p1, err)
	}
	if _, err := db.RecordDuesPayment(sysCtx, inv.ID, chamber.NewDuesPayment{Date: "2026-02-02", AmountFen: 300001, Method: chamber.PayBank}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("overpay: %v", err)
	}
	for _, bad := range []chamber.NewDuesPayment{{Date: "x", AmountFen: 1, Method: "bank"}, {Date: "2026-02-02", AmountFen: 0, Method: "bank"}, {Date: "2026-02-02", AmountFen: 1, Method: "gold"}} {
		if _, err := db.RecordDuesPayment(sysCtx, inv.ID, bad); chamber.ErrorCode(err) != chamber.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if _, err := db.RecordDuesPayment(sysCtx, 999999, chamber.NewDuesPayment{Date: "2026-02-02", AmountFen: 1, Method: "bank"}); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("no invoice: %v", err)
	}
	p2, err := db.RecordDuesPayment(sysCtx, inv.ID, chamber.NewDuesPayment{Date: "2026-02-03", AmountFen: 300000, Method: chamber.PayBank})
	if err != nil || p2.ReceiptNo != "会-2026-00002" {
		t.Fatalf("pay 2: %+v %v", p2, err)
	}
	inv, _ = db.FindDuesInvoice(sysCtx, inv.ID)
	if inv.Status != chamber.DuesPaid || inv.DueFen != 0 || len(inv.Payments) != 2 {
		t.Fatalf("paid invoice: %+v", inv)
	}
	v, _ := db.FindVoucher(sysCtx, p2.VoucherID)
	if v.Kind != chamber.VoucherDues || v.Lines[0].Account != "100201" || v.Lines[1].Account != "420101" || v.Lines[1].CreditFen != 300000 || v.Lines[1].MemberID != ms[0].ID {
		t.Fatalf("dues voucher: %+v", v)
	}
	// Receipts and waivers never change.
	if _, err := db.Writer().Exec(`UPDATE dues_payments SET amount_fen = 1`); err == nil {
		t.Fatal("a receipt was edited")
	}
	// Waive the second member's dues in full: needs a reason and an approver; no more than is owed.
	invs, _, _ = db.ListDuesInvoices(sysCtx, chamber.DuesFilter{MemberID: ms[1].ID}, chamber.Page{})
	if _, err := db.AdjustDues(sysCtx, invs[0].ID, chamber.NewDuesAdjust{AmountFen: 500000}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("waiver without reason: %v", err)
	}
	if _, err := db.AdjustDues(sysCtx, invs[0].ID, chamber.NewDuesAdjust{AmountFen: 500001, Reason: "受灾", ApprovedBy: "秘书长"}); chamber.ErrorCode(err) != chamber.EINVALID {
		t.Fatalf("waive too much: %v", err)
	}
	if _, err := db.AdjustDues(sysCtx, invs[0].ID, chamber.NewDuesAdjust{AmountFen: 500000, Reason: "受灾企业减免", ApprovedBy: "秘书长 王五"}); err != nil {
		t.Fatal(err)
	}
	w, _ := db.FindDuesInvoice(sysCtx, invs[0].ID)
	if w.Status != chamber.DuesWaived || w.DueFen != 0 || len(w.Adjustments) != 1 {
		t.Fatalf("waived: %+v", w)
	}
	// Arrears: only the member-tier invoice is left, 100 days overdue at 2026-07-09.
	ar, err := db.DuesArrears(sysCtx, "2026-07-09", chamber.Page{})
	if err != nil || len(ar.Items) != 1 || ar.TotalFen != 100000 || ar.Totals[chamber.Aging180] != 100000 || ar.Items[0].DaysOverdue != 100 {
		t.Fatalf("arrears: %+v %v", ar, err)
	}
	// The member's own login sees its dues and receipts, nobody else's.
	u, err := db.CreateUser(sysCtx, chamber.NewUser{Username: "m0", Name: "会员0", Password: "secret-password", MemberID: ms[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	mctx := actorCtx(t, db, u.ID)
	mine, err := db.MyDues(mctx)
	if err != nil || len(mine) != 1 || len(mine[0].Payments) != 2 {
		t.Fatalf("my dues: %+v %v", mine, err)
	}
	if _, err := db.DuesReceiptOf(mctx, p1.ID); err != nil {
		t.Fatalf("own receipt: %v", err)
	}
	if _, err := db.FindDuesInvoice(mctx, invs[0].ID); chamber.ErrorCode(err) != chamber.ENOTFOUND {
		t.Fatalf("another member's invoice: %v", err)
	}
	if _, err := db.RecordDuesPayment(mctx, inv.ID, chamber.NewDuesPayment{Date: "2026-02-03", AmountFen: 1, Method: chamber.PayBank}); chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		t.Fatalf("member records a payment: %v", err)
	}
	if res, err := db.VerifyLedger(sysCtx); err != nil || !res.OK {
		t.Fatalf("verify: %+v %v", res, err)
	}
}
