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
}
