package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// CreateBudget adds a budget line (finance.post).
func (db *DB) CreateBudget(ctx context.Context, b chamber.Budget) (*chamber.Budget, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	b.Department, b.Project, b.Resolution = strings.TrimSpace(b.Department), strings.TrimSpace(b.Project), strings.TrimSpace(b.Resolution)
	if err := b.Validate(); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM budget_adoptions WHERE year = $1 AND kind = 'budget'`, b.Year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "budget_adopted", Key: "budget.err.adopted", Args: []any{b.Year}}
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts WHERE code = $1`, b.Account).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("account", "ledger.err.unknown_account", b.Account)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO budgets(year, department_id, department, project, account, amount_fen, resolution, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			b.Year, b.DepartmentID, b.Department, b.Project, b.Account, b.AmountFen, b.Resolution, micros(tx.now)).Scan(&b.ID); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "duplicate", Key: "budget.err.duplicate"}
			}
			return err
		}
		return tx.Audit("budget.create", "budget", b.ID, nil, b)
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// BudgetReport compares each budget line of a year with the expense lines
// posted against its account (and sub-accounts), department and project;
// the 期末结转 voucher, which empties the expense accounts, is no spending.
func (db *DB) BudgetReport(ctx context.Context, year int) ([]*chamber.Budget, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, year, department_id, department, project, account, amount_fen, resolution
		FROM budgets WHERE year = $1 ORDER BY department_id, project, account LIMIT 1000`, year)
	if err != nil {
		return nil, err
	}
	var out []*chamber.Budget
	for rows.Next() {
		var b chamber.Budget
		if err := rows.Scan(&b.ID, &b.Year, &b.DepartmentID, &b.Department, &b.Project, &b.Account, &b.AmountFen, &b.Resolution); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	spend, err := db.yearSpend(ctx, year)
	if err != nil {
		return nil, err
	}
	for _, b := range out {
		for _, g := range spend {
			if covers(b, g) {
				b.ActualFen += g.fen
			}
		}
		if b.AmountFen > 0 {
			b.Percent = b.ActualFen * 100 / b.AmountFen
		}
		b.Alert = chamber.BudgetAlert(b.ActualFen, b.AmountFen)
	}
	return out, nil
}

// RecordDonation records a donation and posts its voucher: Dr cash,
// Cr 捐赠收入 (限定性 410102 or 非限定性 410101) (finance.post).
func (db *DB) RecordDonation(ctx context.Context, in chamber.NewDonation) (*chamber.Donation, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	in.Donor, in.Purpose = strings.TrimSpace(in.Donor), strings.TrimSpace(in.Purpose)
	if in.CashAccount == "" {
		in.CashAccount = "100201"
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var d *chamber.Donation
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		d, err = tx.recordDonation(in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// recordDonation is RecordDonation inside the caller's transaction (the
// form validated): the voucher, the numbered donation row, their audits.
func (tx *Tx) recordDonation(in chamber.NewDonation) (*chamber.Donation, error) {
	ctx := tx.ctx
	income := "410101"
	if in.Restricted {
		income = "410102"
	}
	d := &chamber.Donation{Donor: in.Donor, Date: in.Date, AmountFen: in.AmountFen, Restricted: in.Restricted, Purpose: in.Purpose,
		CashAccount: in.CashAccount, MemberID: in.MemberID, EventID: in.EventID}
	v, err := tx.postVoucher(chamber.NewVoucher{Date: in.Date, Kind: chamber.VoucherDonation, Summary: "收到捐赠 " + in.Donor,
		Lines: []chamber.NewVoucherLine{{Account: in.CashAccount, DebitFen: in.AmountFen, Memo: in.Purpose, MemberID: in.MemberID, EventID: in.EventID},
			{Account: income, CreditFen: in.AmountFen, Memo: in.Purpose, MemberID: in.MemberID, EventID: in.EventID}}}, nil)
	if err != nil {
		var e *chamber.Error
		if errors.As(err, &e) {
			for i := range e.Fields {
				if strings.HasSuffix(e.Fields[i].Field, "account") {
					e.Fields[i].Field = "cash_account"
				}
				if strings.HasSuffix(e.Fields[i].Field, "event_id") {
					e.Fields[i].Field = "event_id"
				}
			}
		}
		return nil, err
	}
	d.VoucherID, d.CreatedAt = v.ID, tx.now
	// The receipt number needs the id: insert, then number it (the row is not append-only).
	if err := tx.QueryRowContext(ctx, `INSERT INTO donations(donor, date, amount_fen, restricted, purpose, receipt_no, cash_account, voucher_id, member_id, created_at, event_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		d.Donor, d.Date, d.AmountFen, d.Restricted, d.Purpose, "pending-"+strconv.FormatInt(v.ID, 10), d.CashAccount, d.VoucherID, d.MemberID, micros(tx.now), d.EventID).Scan(&d.ID); err != nil {
		return nil, err
	}
	d.ReceiptNo = chamber.DonationReceipt(d.Date[:4], d.ID)
	if _, err := tx.ExecContext(ctx, `UPDATE donations SET receipt_no = $1 WHERE id = $2`, d.ReceiptNo, d.ID); err != nil {
		return nil, err
	}
	if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
		return nil, err
	}
	return d, tx.Audit("donation.record", "donation", d.ID, nil, d)
}

const donationColumns = `id, donor, date, amount_fen, restricted, purpose, receipt_no, cash_account, voucher_id, released_fen, member_id, created_at, event_id`

func scanDonation(sc interface{ Scan(...any) error }) (*chamber.Donation, error) {
	var d chamber.Donation
	var at int64
	if err := sc.Scan(&d.ID, &d.Donor, &d.Date, &d.AmountFen, &d.Restricted, &d.Purpose, &d.ReceiptNo, &d.CashAccount,
		&d.VoucherID, &d.ReleasedFen, &d.MemberID, &at, &d.EventID); err != nil {
		return nil, err
	}
	d.CreatedAt = fromMicros(at)
	return &d, nil
}

// ListDonations lists donations, newest first (finance.read).
func (db *DB) ListDonations(ctx context.Context, p chamber.Page) ([]*chamber.Donation, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+donationColumns+` FROM donations WHERE id < $1 ORDER BY id DESC LIMIT $2`, before, p.Limit+1)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*chamber.Donation
	for rows.Next() {
		d, err := scanDonation(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(x *chamber.Donation) chamber.ID { return x.ID })
	return out, next, nil
}

// ReleaseDonation releases (part of) a restricted donation's restriction:
// Dr 限定性净资产 3102, Cr 非限定性净资产 3101 (finance.post).
func (db *DB) ReleaseDonation(ctx context.Context, id chamber.ID, in chamber.DonationRelease) (*chamber.Donation, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Date == "" {
		in.Date = db.Today(ctx)
	}
	var f chamber.Fields
	if in.AmountFen <= 0 || in.AmountFen > chamber.MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	if in.Reason == "" {
		f.Add("reason", "err.required")
	}
	if !chamber.ValidDate(in.Date) {
		f.Add("date", "ledger.err.date")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Donation
	err := db.Write(ctx, actor, func(tx *Tx) error {
		d, err := scanDonation(tx.QueryRowContext(ctx, `SELECT `+donationColumns+` FROM donations WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
		} else if err != nil {
			return err
		}
		if !d.Restricted {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_restricted", Key: "donation.err.not_restricted"}
		}
		if d.ReleasedFen+in.AmountFen > d.AmountFen {
			return fieldErr("amount_fen", "donation.err.release_too_much", chamber.FormatYuan(d.AmountFen-d.ReleasedFen))
		}
		v, err := tx.postVoucher(chamber.NewVoucher{Date: in.Date, Kind: chamber.VoucherRelease, Summary: "解除限定 " + d.ReceiptNo + " " + in.Reason,
			Lines: []chamber.NewVoucherLine{{Account: "3102", DebitFen: in.AmountFen, Memo: in.Reason}, {Account: "3101", CreditFen: in.AmountFen, Memo: in.Reason}}}, nil)
		if err != nil {
			return err
		}
		before := *d
		d.ReleasedFen += in.AmountFen
		if _, err := tx.ExecContext(ctx, `UPDATE donations SET released_fen = $1 WHERE id = $2`, d.ReleasedFen, d.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO donation_releases(donation_id, amount_fen, reason, voucher_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
			d.ID, in.AmountFen, in.Reason, v.ID, micros(tx.now)); err != nil {
			return err
		}
		if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
			return err
		}
		out = d
		return tx.Audit("donation.release", "donation", d.ID, before, d)
	})
	return out, err
}
