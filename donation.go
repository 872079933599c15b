package chamber

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"
)

// Donation is a gift received (捐赠): restricted to a purpose (限定性) or
// not. Recording it posts the voucher; releasing a restriction posts
// 限定性净资产转为非限定性净资产.
type Donation struct {
	ID          ID     `json:"id"`
	Donor       string `json:"donor"`
	Date        string `json:"date"`
	AmountFen   int64  `json:"amount_fen"`
	Restricted  bool   `json:"restricted"`
	Purpose     string `json:"purpose"`
	ReceiptNo   string `json:"receipt_no"`
	CashAccount string `json:"cash_account"`
	VoucherID   ID     `json:"voucher_id"`
	ReleasedFen int64  `json:"released_fen"`
	MemberID    ID     `json:"member_id,omitempty"`
	// EventID is the charity event (公益) the gift is for; its voucher's
	// lines carry it, so the campaign's report reads the ledger.
	EventID   ID        `json:"event_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// NewDonation records a donation.
type NewDonation struct {
	Donor       string `json:"donor"`
	Date        string `json:"date"`
	AmountFen   int64  `json:"amount_fen"`
	Restricted  bool   `json:"restricted"`
	Purpose     string `json:"purpose"`
	CashAccount string `json:"cash_account"` // default 100201 基本存款户
	MemberID    ID     `json:"member_id"`
	EventID     ID     `json:"event_id,omitempty"`
}

// Validate checks the form.
func (n *NewDonation) Validate() error {
	var f Fields
	if c := utf8.RuneCountInString(n.Donor); c == 0 {
		f.Add("donor", "err.required")
	} else if c > 100 {
		f.Add("donor", "err.too_long", 100)
	}
	if !ValidDate(n.Date) {
		f.Add("date", "ledger.err.date")
	}
	if n.AmountFen <= 0 || n.AmountFen > MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	if n.Restricted && n.Purpose == "" {
		f.Add("purpose", "donation.err.purpose")
	}
	if utf8.RuneCountInString(n.Purpose) > 200 {
		f.Add("purpose", "err.too_long", 200)
	}
	if n.CashAccount != "" && !isCashCode(n.CashAccount) {
		f.Add("cash_account", "donation.err.cash_account")
	}
	if n.MemberID < 0 {
		f.Add("member_id", "err.invalid_value")
	}
	if n.EventID < 0 {
		f.Add("event_id", "err.invalid_value")
	}
	return f.Err()
}

// DonationReceipt numbers a donation's receipt (捐赠收据).
func DonationReceipt(year string, id ID) string { return fmt.Sprintf("捐-%s-%05d", year, id) }

// DonationRelease releases (part of) a restricted donation's restriction.
type DonationRelease struct {
	AmountFen int64  `json:"amount_fen"`
	Reason    string `json:"reason"`
	Date      string `json:"date"`
}

// DonationService records donations and releases restrictions.
type DonationService interface {
	RecordDonation(ctx context.Context, in NewDonation) (*Donation, error)
	ListDonations(ctx context.Context, p Page) ([]*Donation, string, error)
	ReleaseDonation(ctx context.Context, id ID, in DonationRelease) (*Donation, error)
}
