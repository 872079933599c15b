package chamber

import (
	"context"
	"strings"
)

// CharityCampaign is a charity drive (公益募捐) run with a charity event:
// pledges (认捐) become the finance donations of the event when received;
// what it raised and spent is read from the ledger (lines tagged with the
// event) and, when public, disclosed on its public report (信息公开).
type CharityCampaign struct {
	ID         ID     `json:"id"`
	EventID    ID     `json:"event_id"`
	EventTitle string `json:"event_title"`
	Title      string `json:"title"`
	Purpose    string `json:"purpose"`
	GoalFen    int64  `json:"goal_fen"`
	Public     bool   `json:"public"`
	PledgedFen int64  `json:"pledged_fen"`
	// RaisedFen is Σ the donations received for the event.
	RaisedFen int64 `json:"raised_fen"`
	// SpentFen is Σ the expense lines tagged with the event.
	SpentFen     int64            `json:"spent_fen"`
	Participants int              `json:"participants"`
	Pledges      []*CharityPledge `json:"pledges,omitempty"`
}

// NewCharityCampaign opens a campaign for a charity event.
type NewCharityCampaign struct {
	EventID ID     `json:"event_id"`
	Title   string `json:"title"`
	Purpose string `json:"purpose"`
	GoalFen int64  `json:"goal_fen"`
	Public  bool   `json:"public"`
}

// Validate checks the form.
func (n *NewCharityCampaign) Validate() error {
	n.Title, n.Purpose = strings.TrimSpace(n.Title), strings.TrimSpace(n.Purpose)
	var f Fields
	if n.EventID <= 0 {
		f.Add("event_id", "err.required")
	}
	textField(&f, "title", n.Title, true, 120)
	textField(&f, "purpose", n.Purpose, true, 200)
	if n.GoalFen < 0 || n.GoalFen > MaxAmountFen {
		f.Add("goal_fen", "err.invalid_value")
	}
	return f.Err()
}

// CharityPledge is a donor's pledge (认捐); DonationID is set once the
// money is received (the finance donation, with its receipt number).
type CharityPledge struct {
	ID         ID     `json:"id"`
	CampaignID ID     `json:"campaign_id"`
	Donor      string `json:"donor"`
	MemberID   ID     `json:"member_id,omitempty"`
	AmountFen  int64  `json:"amount_fen"`
	Note       string `json:"note,omitempty"`
	DonationID ID     `json:"donation_id,omitempty"`
	ReceiptNo  string `json:"receipt_no,omitempty"`
}

// NewCharityPledge is the form of a pledge.
type NewCharityPledge struct {
	Donor     string `json:"donor"`
	MemberID  ID     `json:"member_id"`
	AmountFen int64  `json:"amount_fen"`
	Note      string `json:"note"`
}

// Validate checks the form.
func (n *NewCharityPledge) Validate() error {
	n.Donor, n.Note = strings.TrimSpace(n.Donor), strings.TrimSpace(n.Note)
	var f Fields
	textField(&f, "donor", n.Donor, true, 100)
	textField(&f, "note", n.Note, false, 200)
	if n.AmountFen <= 0 || n.AmountFen > MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	if n.MemberID < 0 {
		f.Add("member_id", "err.invalid_value")
	}
	return f.Err()
}

// PledgeReceipt receives a pledge's money: the date and the cash account
// (default 100201).
type PledgeReceipt struct {
	Date        string `json:"date"`
	CashAccount string `json:"cash_account"`
}

// CharityReport is a campaign's public report (募捐公示): what was raised,
// from whom, and what it was spent on.
type CharityReport struct {
	Campaign *CharityCampaign     `json:"campaign"`
	Donors   []CharityReportGift  `json:"donors"`
	Spending []CharityReportSpend `json:"spending"`
	// BalanceFen is raised minus spent.
	BalanceFen int64 `json:"balance_fen"`
}

// CharityReportGift is one donation in the report.
type CharityReportGift struct {
	Donor     string `json:"donor"`
	Date      string `json:"date"`
	AmountFen int64  `json:"amount_fen"`
	ReceiptNo string `json:"receipt_no"`
}

// CharityReportSpend is one expense line in the report.
type CharityReportSpend struct {
	Date        string `json:"date"`
	Memo        string `json:"memo"`
	AccountName string `json:"account_name"`
	AmountFen   int64  `json:"amount_fen"`
}

// CharityService runs charity campaigns.
type CharityService interface {
	CreateCharityCampaign(ctx context.Context, n NewCharityCampaign) (*CharityCampaign, error)
	ListCharityCampaigns(ctx context.Context) ([]*CharityCampaign, error)
	FindCharityCampaign(ctx context.Context, id ID) (*CharityCampaign, error)
	Pledge(ctx context.Context, campaignID ID, n NewCharityPledge) (*CharityPledge, error)
	ReceivePledge(ctx context.Context, pledgeID ID, in PledgeReceipt) (*Donation, error)
	CharityReportOf(ctx context.Context, id ID) (*CharityReport, error)
}
