package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore"
)

// The ledger's part of the crash harness: vouchers posted (and reversed)
// concurrently while the process is killed must survive, balance and chain.
var _ = func() bool {
	crashWorkloads = append(crashWorkloads, crashWorkload{
		name: "voucher",
		write: func(ctx context.Context, db *sqlstore.DB, f *crashFixture) (int64, error) {
			v, err := db.PostVoucher(ctx, chamber.NewVoucher{Date: "2026-06-15", Summary: "压测",
				Lines: []chamber.NewVoucherLine{{Account: "1002", DebitFen: 12345}, {Account: "4201", CreditFen: 12345}}})
			if err != nil {
				return 0, err
			}
			if v.ID%3 == 0 {
				if _, err := db.ReverseVoucher(ctx, v.ID); err != nil {
					return 0, err
				}
			}
			return v.ID, nil
		},
		missing: missingIDs("vouchers"),
	})
	crashInvariants = append(crashInvariants, []struct {
		name  string
		check func(t *testing.T, db *sqlstore.DB)
	}{
		{"ledger balances and its chain verifies", func(t *testing.T, db *sqlstore.DB) { checkLedgerInvariants(t, db) }},
		{"no voucher beyond the ledger head", func(t *testing.T, db *sqlstore.DB) {
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM vouchers)`, `(SELECT seq FROM chain_heads WHERE name = 'ledger')`)
		}},
		{"each voucher has its audit record", func(t *testing.T, db *sqlstore.DB) {
			assertEqualCounts(t, db, `(SELECT COUNT(*) FROM vouchers)`, `(SELECT COUNT(*) FROM audit_log WHERE action IN ('voucher.post', 'voucher.reverse'))`)
		}},
		{"voucher numbers are unique and dense per period", func(t *testing.T, db *sqlstore.DB) {
			var n, last int64
			if err := db.Reader().QueryRow(`SELECT COUNT(*), COALESCE((SELECT last_seq FROM ledger_periods WHERE period = '2026-06'), 0) FROM vouchers WHERE period = '2026-06'`).Scan(&n, &last); err != nil {
				t.Fatal(err)
			}
			if n != last {
				t.Error(fmt.Sprintf("period 2026-06 has %d vouchers but its counter says %d", n, last))
			}
		}},
	}...)
	return true
}()
