package sqlstore

import (
	"context"
	"database/sql"

	"github.com/chamber-org/chamber"
)

// VerifyInTx runs verify inside tx (a test edits the tables in tx, checks,
// and rolls back).
func (db *DB) VerifyInTx(ctx context.Context, tx *sql.Tx, head *chamber.AuditHead) (*chamber.VerifyResult, error) {
	return db.verifyIn(ctx, tx, head)
}

// IsPeriodClosedErr is isPeriodClosedErr, for the tests of package sqlstore_test.
var IsPeriodClosedErr = isPeriodClosedErr

// IsTriggerAbort exposes the trigger-error test.
func IsTriggerAbort(err error) bool { return isTriggerAbort(err) }

// BalancesByLines is Balances read from every line, never the month totals.
func (db *DB) BalancesByLines(ctx context.Context, from, to string) ([]chamber.AccountBalance, error) {
	return db.accountBalances(ctx, from, to, false)
}
