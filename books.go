package chamber

import "context"

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
