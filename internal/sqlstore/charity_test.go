package sqlstore_test

import (
	"testing"
	"time"

	"github.com/chamber-org/chamber"
)

// TestCharityCampaign: pledges received become restricted finance
// donations tagged with the charity event (once); raised and spent come
// from the ledger; the public sees the report of a public campaign only.
func TestCharityCampaign(t *testing.T) {
	db := openDB(t)
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	mk := func(kind chamber.EventKind, title string, aud chamber.EventAudience) *chamber.Event {
		e, err := db.CreateEvent(sysCtx, chamber.NewEvent{Kind: kind, Title: title, StartsAt: start, EndsAt: start.Add(4 * time.Hour), Audience: aud})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	ev := mk(chamber.EventCharity, "助学公益行", chamber.EventPublic)
	seminar := mk(chamber.EventSeminar, "研讨会", chamber.EventAllMembers)
	_, err := db.CreateCharityCampaign(sysCtx, chamber.NewCharityCampaign{EventID: seminar.ID, Title: "x", Purpose: "y"})
	wantCode(t, err, chamber.EINVALID)
	c, err := db.CreateCharityCampaign(sysCtx, chamber.NewCharityCampaign{EventID: ev.ID, Title: "山区助学募捐", Purpose: "资助山区学生", GoalFen: 10000000, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.CreateCharityCampaign(sysCtx, chamber.NewCharityCampaign{EventID: ev.ID, Title: "again", Purpose: "y"})
	wantCode(t, err, chamber.ECONFLICT)
	p1, err := db.Pledge(sysCtx, c.ID, chamber.NewCharityPledge{Donor: "瓯越贸易有限公司", AmountFen: 5000000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pledge(sysCtx, c.ID, chamber.NewCharityPledge{Donor: "张先生", AmountFen: 200000}); err != nil {
		t.Fatal(err)
	}
	_, err = db.Pledge(sysCtx, c.ID, chamber.NewCharityPledge{Donor: "", AmountFen: 0})
	wantCode(t, err, chamber.EINVALID)
	d, err := db.ReceivePledge(sysCtx, p1.ID, chamber.PledgeReceipt{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Restricted || d.EventID != ev.ID || d.Purpose != "资助山区学生" || d.ReceiptNo == "" {
		t.Fatalf("donation %+v", d)
	}
	v, _ := db.FindVoucher(sysCtx, d.VoucherID)
	if v.Lines[1].Account != "410102" || v.Lines[1].EventID != ev.ID {
		t.Fatalf("voucher %+v", v.Lines)
	}
	_, err = db.ReceivePledge(sysCtx, p1.ID, chamber.PledgeReceipt{})
	wantCode(t, err, chamber.ECONFLICT)
	// A gift at the door, straight into the finance donations for the event.
	today := db.Today(sysCtx)
	if _, err := db.RecordDonation(sysCtx, chamber.NewDonation{Donor: "李女士", Date: today, AmountFen: 100000, EventID: ev.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = db.RecordDonation(sysCtx, chamber.NewDonation{Donor: "王", Date: today, AmountFen: 100, EventID: 999999})
	wantCode(t, err, chamber.EINVALID)
	if _, err := db.PostVouchers(sysCtx, []chamber.NewVoucher{{Date: today, Summary: "助学金发放", Lines: []chamber.NewVoucherLine{
		{Account: "510103", DebitFen: 3000000, Memo: "助学金 30 名", EventID: ev.ID}, {Account: "100201", CreditFen: 3000000, Memo: "转账"}}}}); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindCharityCampaign(sysCtx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PledgedFen != 5200000 || got.RaisedFen != 5100000 || got.SpentFen != 3000000 || len(got.Pledges) != 2 || got.Pledges[0].ReceiptNo != d.ReceiptNo {
		t.Fatalf("campaign %+v", got)
	}
	anon := chamber.WithActor(sysCtx, nil)
	_, err = db.CharityReportOf(anon, c.ID)
	wantCode(t, err, chamber.ENOTFOUND) // the event is still a draft
	if _, err := db.PublishEvent(sysCtx, ev.ID); err != nil {
		t.Fatal(err)
	}
	rep, err := db.CharityReportOf(anon, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Donors) != 2 || len(rep.Spending) != 1 || rep.BalanceFen != 2100000 || rep.Campaign.Pledges != nil {
		t.Fatalf("report %+v", rep)
	}
	if l, _ := db.ListCharityCampaigns(anon); len(l) != 1 {
		t.Fatalf("public list %v", l)
	}
	res, err := db.VerifyLedger(sysCtx)
	if err != nil || !res.OK {
		t.Fatalf("verify %+v %v", res, err)
	}
}
