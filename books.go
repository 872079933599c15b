package chamber

import (
	"context"
	"time"
)

// NewOpeningBalances are the books' opening balances (期初余额): posted as
// one voucher of kind opening, which is the 年初数 of every statement and
// no cash flow.
type NewOpeningBalances struct {
	Date    string           `json:"date"`
	Summary string           `json:"summary"`
	Lines   []NewVoucherLine `json:"lines"`
}

// Voucher is the voucher the opening balances post.
func (n *NewOpeningBalances) Voucher() NewVoucher {
	s := n.Summary
	if s == "" {
		s = "期初余额"
	}
	return NewVoucher{Date: n.Date, Summary: s, Lines: n.Lines, Kind: VoucherOpening}
}

// BooksService is the accountant's side of the ledger: opening balances,
// the voucher workflow, journals and period end.
type BooksService interface {
	PostOpeningBalances(ctx context.Context, in NewOpeningBalances) (*Voucher, error)
	FinanceSettings(ctx context.Context) (*FinanceSettings, error)
	UpdateFinanceSettings(ctx context.Context, in FinanceSettings) (*FinanceSettings, error)
	// The voucher workflow: 制单 → 审核 → (出纳) → 记账.
	CreateDraft(ctx context.Context, in NewVoucher) (*VoucherDraft, error)
	FindDraft(ctx context.Context, id ID) (*VoucherDraft, error)
	ListDrafts(ctx context.Context, status string, p Page) ([]*VoucherDraft, string, error)
	ReviewDraft(ctx context.Context, id ID) (*VoucherDraft, error)
	RejectDraft(ctx context.Context, id ID, reason string) (*VoucherDraft, error)
	ConfirmDraftCash(ctx context.Context, id ID) (*VoucherDraft, error)
	PostDraft(ctx context.Context, id ID, confirmOverdraft bool) (*VoucherDraft, error)
	// VoucherSignoff names who made, reviewed, confirmed and posted a voucher.
	VoucherSignoff(ctx context.Context, voucherID ID) (*Signoff, error)
}

// Draft statuses.
const (
	DraftOpen     = "draft"    // 制单: entered, waiting for 审核
	DraftReviewed = "reviewed" // 审核 done, waiting for 出纳 (cash) and 记账
	DraftPosted   = "posted"   // 记账: in the ledger as VoucherID
	DraftRejected = "rejected" // 审核 refused it
)

// VoucherDraft is a voucher entered but not yet posted. Unlike a posted
// voucher it is not in the hash chain.
type VoucherDraft struct {
	ID          ID               `json:"id"`
	Status      string           `json:"status"`
	Date        string           `json:"date"`
	Summary     string           `json:"summary"`
	Attachments int              `json:"attachments"`
	Lines       []NewVoucherLine `json:"lines"`
	TotalFen    int64            `json:"total_fen"`
	MovesCash   bool             `json:"moves_cash"`
	Maker       Signature        `json:"maker"`
	Reviewer    *Signature       `json:"reviewer,omitempty"`
	Cashier     *Signature       `json:"cashier,omitempty"`
	Poster      *Signature       `json:"poster,omitempty"`
	VoucherID   ID               `json:"voucher_id,omitempty"`
	Reason      string           `json:"reason,omitempty"`
}

// Signature is one person's sign-off on a voucher.
type Signature struct {
	UserID ID        `json:"user_id"`
	Name   string    `json:"name"`
	At     time.Time `json:"at"`
}

// Signoff is the bottom line of a 记账凭证: 制单, 审核, 出纳, 记账.
type Signoff struct {
	Attachments int        `json:"attachments"`
	Maker       *Signature `json:"maker,omitempty"`
	Reviewer    *Signature `json:"reviewer,omitempty"`
	Cashier     *Signature `json:"cashier,omitempty"`
	Poster      *Signature `json:"poster,omitempty"`
}

// FinanceSettings are how strict the books are. Review turns on the
// voucher workflow: a voucher entered is a draft (制单), reviewed by
// someone else holding finance.review (审核), then posted (记账), with the
// 出纳 confirming cash lines; off, POST posts at once (API.md). LeafOnly
// refuses postings to an account that has sub-accounts. NoOverdraft asks
// for an explicit confirmation (confirm_overdraft) before a voucher leaves
// 现金 or 银行存款 below zero. The demo turns all three on.
type FinanceSettings struct {
	Review      bool `json:"review"`
	LeafOnly    bool `json:"leaf_only"`
	NoOverdraft bool `json:"no_overdraft"`
}

// LeafAccounts are the accounts without sub-accounts, in the given order.
func LeafAccounts(accounts []*Account) []*Account {
	parents := map[string]bool{}
	for _, a := range accounts {
		if a.Parent != "" {
			parents[a.Parent] = true
		}
	}
	var out []*Account
	for _, a := range accounts {
		if !parents[a.Code] {
			out = append(out, a)
		}
	}
	return out
}
