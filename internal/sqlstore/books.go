package sqlstore

import (
	"context"

	"github.com/chamber-org/chamber"
)

// PostOpeningBalances posts the books' opening balances as one voucher of
// kind opening (finance.post): the 年初数 of the statements, no cash flow.
func (db *DB) PostOpeningBalances(ctx context.Context, in chamber.NewOpeningBalances) (*chamber.Voucher, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	n := in.Voucher()
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Voucher
	err := db.Write(ctx, actor, func(tx *Tx) error {
		v, err := tx.postVoucher(n, nil)
		if err != nil {
			return err
		}
		out = v
		return tx.Audit("voucher.opening", "voucher", v.ID, nil, v)
	})
	return out, err
}
