package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

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

// FinanceSettings reads how strict the books are (finance.read).
func (db *DB) FinanceSettings(ctx context.Context) (*chamber.FinanceSettings, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return loadFinanceSettings(ctx, db.read)
}

func loadFinanceSettings(ctx context.Context, q rowQuerier) (*chamber.FinanceSettings, error) {
	var s chamber.FinanceSettings
	err := q.QueryRowContext(ctx, `SELECT review, leaf_only, no_overdraft FROM finance_settings WHERE id = 1`).Scan(&s.Review, &s.LeafOnly, &s.NoOverdraft)
	if errors.Is(err, sql.ErrNoRows) {
		return &s, nil
	}
	return &s, err
}

// UpdateFinanceSettings sets how strict the books are (settings.write).
func (db *DB) UpdateFinanceSettings(ctx context.Context, in chamber.FinanceSettings) (*chamber.FinanceSettings, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermSettingsWrite); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := loadFinanceSettings(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE finance_settings SET review = $1, leaf_only = $2, no_overdraft = $3 WHERE id = 1`, in.Review, in.LeafOnly, in.NoOverdraft); err != nil {
			return err
		}
		return tx.Audit("finance.settings", "finance_settings", 1, before, in)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

func (tx *Tx) financeSettings() (*chamber.FinanceSettings, error) {
	if tx.books == nil {
		s, err := loadFinanceSettings(tx.ctx, tx)
		if err != nil {
			return nil, err
		}
		tx.books = s
	}
	return tx.books, nil
}

// checkLeaves refuses, when the books post to leaf accounts only, a line
// on an account that has sub-accounts.
func (tx *Tx) checkLeaves(in chamber.NewVoucher, accounts map[string]*chamber.Account) error {
	s, err := tx.financeSettings()
	if err != nil || !s.LeafOnly {
		return err
	}
	parents := map[string]bool{}
	for _, a := range accounts {
		if a.Parent != "" {
			parents[a.Parent] = true
		}
	}
	var f chamber.Fields
	for i, l := range in.Lines {
		if parents[l.Account] {
			f.Add(fmt.Sprintf("lines[%d].account", i), "ledger.err.not_leaf", l.Account)
		}
	}
	return f.Err()
}

// checkOverdraft refuses (with the no_overdraft setting) a voucher that would leave a cash or bank account
// below zero on its date or at the end of the books, unless confirmed.
func (tx *Tx) checkOverdraft(in chamber.NewVoucher, accounts map[string]*chamber.Account) error {
	if in.ConfirmOverdraft {
		return nil
	}
	if s, err := tx.financeSettings(); err != nil || !s.NoOverdraft {
		return err
	}
	net := map[string]int64{}
	var order []string
	for _, l := range in.Lines {
		if a := accounts[l.Account]; a != nil && a.Cash {
			if _, ok := net[l.Account]; !ok {
				order = append(order, l.Account)
			}
			net[l.Account] += l.DebitFen - l.CreditFen
		}
	}
	var f chamber.Fields
	for _, code := range order {
		if net[code] >= 0 {
			continue
		}
		var atDate, atEnd int64
		if err := tx.QueryRowContext(tx.ctx, `SELECT COALESCE(SUM(CASE WHEN date <= $2 THEN debit_fen - credit_fen ELSE 0 END), 0),
			COALESCE(SUM(debit_fen - credit_fen), 0) FROM voucher_lines WHERE account = $1`, code, in.Date).Scan(&atDate, &atEnd); err != nil {
			return err
		}
		low := min(atDate, atEnd) + net[code]
		if low < 0 {
			f.Add("confirm_overdraft", "ledger.err.overdraft", code+" "+accounts[code].Name, chamber.FormatYuan(low))
		}
	}
	if err := f.Err(); err != nil {
		var e *chamber.Error
		if errors.As(err, &e) {
			e.Reason = "overdraft"
		}
		return err
	}
	return nil
}
