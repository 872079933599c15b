package sqlstore_test

import (
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestEventMoney: a fee taken posts Dr bank / Cr 提供服务收入 (not 会费),
// both lines tagged with the event, once; costs tagged with the event are
// its actual, a reversal takes them back out; the ledger still verifies
// and a line tagged with a missing event is refused.
func TestEventMoney(t *testing.T) {
	db := openDB(t)
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	ev, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: chamber.EventTraining, Title: "财税实务培训", StartsAt: start,
		EndsAt: start.Add(3 * time.Hour), Capacity: 30, FeeFen: 20000, BudgetFen: 300000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PublishEvent(sysCtx, ev.ID); err != nil {
		t.Fatal(err)
	}
	r, err := db.Register(sysCtx, ev.ID, chamber.NewRegistration{AttendeeName: "王会计", Phone: "13911112222"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.RecordEventFee(sysCtx, r.ID, chamber.NewEventFee{Method: "cheque"})
	wantCode(t, err, chamber.EINVALID)
	fee, err := db.RecordEventFee(sysCtx, r.ID, chamber.NewEventFee{Method: chamber.PayBank})
	if err != nil {
		t.Fatal(err)
	}
	if fee.AmountFen != 20000 || fee.IncomeAccount != "430101" || fee.CashAccount != "100201" {
		t.Fatalf("fee %+v", fee)
	}
	v, err := db.FindVoucher(sysCtx, fee.VoucherID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != chamber.VoucherEventFee || len(v.Lines) != 2 || v.Lines[1].Account != chamber.EventFeeIncome ||
		v.Lines[0].EventID != ev.ID || v.Lines[1].EventID != ev.ID {
		t.Fatalf("voucher %+v", v)
	}
	for _, l := range v.Lines {
		if l.Account == chamber.DuesIncome {
			t.Fatal("an event fee booked as dues")
		}
	}
	_, err = db.RecordEventFee(sysCtx, r.ID, chamber.NewEventFee{Method: chamber.PayCash})
	wantCode(t, err, chamber.ECONFLICT)
	if got, _ := db.FindRegistration(sysCtx, r.ID); got.PaidFen != 20000 || got.FeeVoucherID != v.ID {
		t.Fatalf("registration %+v", got)
	}

	today := db.Today(sysCtx)
	cost, err := db.PostVoucher(sysCtx, chamber.NewVoucher{Date: today, Summary: "培训场地费", Lines: []chamber.NewVoucherLine{
		{Account: "510102", DebitFen: 120000, Memo: "场地", EventID: ev.ID},
		{Account: "520102", DebitFen: 30000, Memo: "资料", EventID: ev.ID},
		{Account: "100201", CreditFen: 150000, Memo: "付款"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.PostVoucher(sysCtx, chamber.NewVoucher{Date: today, Summary: "x", Lines: []chamber.NewVoucherLine{
		{Account: "510102", DebitFen: 100, Memo: "x", EventID: 99999}, {Account: "100201", CreditFen: 100, Memo: "x"}}})
	wantCode(t, err, chamber.EINVALID)
	st, err := db.EventStats(sysCtx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.BudgetFen != 300000 || st.ActualFen != 150000 || st.IncomeFen != 20000 || st.Paid != 1 || len(st.Accounts) != 3 || st.Over() {
		t.Fatalf("stats %+v", st)
	}
	if _, err := db.ReverseVoucher(sysCtx, cost.ID); err != nil {
		t.Fatal(err)
	}
	if st, _ = db.EventStats(sysCtx, ev.ID); st.ActualFen != 0 || st.IncomeFen != 20000 {
		t.Fatalf("after reversal %+v", st)
	}
	res, err := db.VerifyLedger(sysCtx)
	if err != nil || !res.OK {
		t.Fatalf("verify %+v %v", res, err)
	}
}
