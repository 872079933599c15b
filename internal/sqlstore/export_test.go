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

// WriteBatched is the group commit the ballots use, for its own test.
func (db *DB) WriteBatched(ctx context.Context, fn func(tx *Tx) error) error {
	return db.writeBatched(ctx, voter, fn)
}

// Refuse marks a batched request's refusal made before it wrote anything.
var Refuse = refuse

// WhoMayOneByOne is WhoMay the slow way, each login's actor built as a
// request builds it: the oracle of WhoMay's one query.
func (db *DB) WhoMayOneByOne(ctx context.Context, perm chamber.Permission, date string) ([]chamber.ID, error) {
	users, err := queryAll(ctx, db.read, scanUser, `SELECT `+userColumns+` FROM users WHERE disabled = FALSE ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []chamber.ID
	for _, u := range users {
		a, err := db.actorOn(ctx, u, date)
		if err != nil {
			return nil, err
		}
		if a.Can(perm) {
			out = append(out, u.ID)
		}
	}
	return out, nil
}
