package sqlstore

import (
	"database/sql"
	"errors"

	"github.com/chamber-org/chamber"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The ledger's guards, run inside the posting and closing transactions
// after the ledger head (chain_heads 'ledger') is locked, so that a post
// and a close never pass each other on PostgreSQL either:
//   - periods close in order, and a voucher dated in or before a closed
//     month is refused (period_closed);
//   - the books' running total stays within chamber.MaxLedgerFen, so no
//     report sum can overflow.

// guardVoucher refuses a voucher of period (its total totalFen) that lands
// in or before a closed month, or that would take the books past
// MaxLedgerFen; else it adds the total to the running total.
func (tx *Tx) guardVoucher(period string, totalFen int64) error {
	var closed string
	err := tx.QueryRowContext(tx.ctx, `SELECT period FROM ledger_periods WHERE period >= $1 AND closed_at IS NOT NULL
		ORDER BY period DESC LIMIT 1`, period).Scan(&closed)
	switch {
	case err == nil:
		return periodClosedError(period) // the month itself or a later one is closed
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if totalFen < 0 || totalFen > chamber.MaxAmountFen {
		return ledgerFullError()
	}
	var total int64
	err = tx.QueryRowContext(tx.ctx, `UPDATE ledger_totals SET total_fen = total_fen + $1
		WHERE name = 'ledger' AND total_fen <= $2 RETURNING total_fen`, totalFen, chamber.MaxLedgerFen-totalFen).Scan(&total)
	if errors.Is(err, sql.ErrNoRows) {
		return ledgerFullError()
	}
	return err
}

// guardClose refuses to close period while an earlier month that holds
// vouchers is still open.
func (tx *Tx) guardClose(period string) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE chain_heads SET seq = seq WHERE name = 'ledger'`); err != nil {
		return err // takes the ledger head's lock: no voucher is posted while we look
	}
	var open string
	err := tx.QueryRowContext(tx.ctx, `SELECT period FROM ledger_periods WHERE period < $1 AND closed_at IS NULL AND last_seq > 0
		ORDER BY period LIMIT 1`, period).Scan(&open)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "earlier_period_open", Key: "ledger.err.earlier_period_open", Args: []any{open},
		Fields: []chamber.FieldError{{Field: "period", Key: "ledger.err.earlier_period_open", Args: []any{open}}}}
}

func periodClosedError(period string) error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "period_closed", Key: "ledger.err.period_closed", Args: []any{period},
		Fields: []chamber.FieldError{{Field: "date", Key: "ledger.err.period_closed", Args: []any{period}}}}
}

func ledgerFullError() error {
	return &chamber.Error{Code: chamber.EINVALID, Reason: "ledger_full", Key: "ledger.err.ledger_full",
		Fields: []chamber.FieldError{{Field: "lines", Key: "ledger.err.ledger_full"}}}
}

// isPeriodClosedErr recognises the closed-period trigger by its error code:
// SQLSTATE CH001 on PostgreSQL (0011_ledger_bounds), a trigger abort on
// SQLite (the only trigger on inserting a voucher).
func isPeriodClosedErr(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "CH001"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER
	}
	return false
}
