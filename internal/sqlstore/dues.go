package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// DuesSchedule lists a year's rates per tier (finance.read).
func (db *DB) DuesSchedule(ctx context.Context, year int) ([]chamber.DuesRate, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT r.year, r.tier, r.amount_fen, r.resolution FROM dues_rates r
		JOIN member_tiers t ON t.code = r.tier WHERE r.year = $1 ORDER BY t.rank, r.tier`, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []chamber.DuesRate
	for rows.Next() {
		var r chamber.DuesRate
		if err := rows.Scan(&r.Year, &r.Tier, &r.AmountFen, &r.Resolution); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetDuesRate sets what a tier pays in a year (finance.post).
func (db *DB) SetDuesRate(ctx context.Context, r chamber.DuesRate) (*chamber.DuesRate, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	r.Tier, r.Resolution = strings.TrimSpace(r.Tier), strings.TrimSpace(r.Resolution)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_tiers WHERE code = $1`, r.Tier).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fieldErr("tier", "dues.err.tier")
		}
		var before *chamber.DuesRate
		var old chamber.DuesRate
		err := tx.QueryRowContext(ctx, `SELECT year, tier, amount_fen, resolution FROM dues_rates WHERE year = $1 AND tier = $2`, r.Year, r.Tier).
			Scan(&old.Year, &old.Tier, &old.AmountFen, &old.Resolution)
		if err == nil {
			before = &old
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO dues_rates(year, tier, amount_fen, resolution) VALUES ($1, $2, $3, $4)
			ON CONFLICT (year, tier) DO UPDATE SET amount_fen = excluded.amount_fen, resolution = excluded.resolution`,
			r.Year, r.Tier, r.AmountFen, r.Resolution); err != nil {
			return err
		}
		return tx.Audit("dues.rate", "dues_rate", 0, before, r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// InvoiceYear invoices every active member whose tier has a rate for the
// year, once: members already invoiced for the year are left alone, so
// running it again (after new members join) adds only the new ones. One
// INSERT … SELECT does the work, so it takes one statement for any number
// of members (finance.post).
func (db *DB) InvoiceYear(ctx context.Context, year int, dueDate string) (*chamber.InvoiceRun, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if year < 2000 || year > 2100 {
		f.Add("year", "err.invalid_value")
	}
	if dueDate == "" && year >= 2000 && year <= 2100 {
		dueDate = strconv.Itoa(year) + "-03-31"
	}
	if !chamber.ValidDate(dueDate) {
		f.Add("due_date", "ledger.err.date")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	run := &chamber.InvoiceRun{Year: year, DueDate: dueDate}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM dues_invoices i WHERE i.member_id = m.id AND i.year = $1) THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM dues_rates r WHERE r.year = $1 AND r.tier = m.tier)
				AND NOT EXISTS (SELECT 1 FROM dues_invoices i WHERE i.member_id = m.id AND i.year = $1) THEN 1 ELSE 0 END), 0)
			FROM members m WHERE m.status = 'active'`, year).Scan(&run.Existing, &run.NoSchedule); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO dues_invoices(number, member_id, year, tier, amount_fen, due_date, created_at)
			SELECT 'FEE-' || $2 || '-' || m.member_no, m.id, r.year, m.tier, r.amount_fen, $3, $4
			FROM members m JOIN dues_rates r ON r.tier = m.tier
			WHERE r.year = $1 AND m.status = 'active'
			AND NOT EXISTS (SELECT 1 FROM dues_invoices i WHERE i.member_id = m.id AND i.year = $1)
			ON CONFLICT (member_id, year) DO NOTHING`, year, strconv.Itoa(year), dueDate, micros(tx.now))
		if err != nil {
			return err
		}
		if run.Created, err = res.RowsAffected(); err != nil {
			return err
		}
		return tx.Audit("dues.invoice_year", "dues_invoice", 0, nil, run)
	})
	if err != nil {
		return nil, err
	}
	return run, nil
}

const invoiceColumns = `i.id, i.number, i.member_id, m.member_no, m.name, i.year, i.tier, i.amount_fen, i.adjusted_fen, i.paid_fen, i.due_date, i.created_at`

func scanInvoice(sc interface{ Scan(...any) error }) (*chamber.DuesInvoice, error) {
	var d chamber.DuesInvoice
	var at int64
	if err := sc.Scan(&d.ID, &d.Number, &d.MemberID, &d.MemberNo, &d.Member, &d.Year, &d.Tier, &d.AmountFen, &d.AdjustedFen,
		&d.PaidFen, &d.DueDate, &at); err != nil {
		return nil, err
	}
	d.CreatedAt = fromMicros(at)
	d.Fill()
	return &d, nil
}

// statusWhere is the SQL condition of a derived invoice status.
var statusWhere = map[string]string{
	chamber.DuesOpen:    `i.amount_fen - i.adjusted_fen - i.paid_fen > 0 AND i.paid_fen = 0`,
	chamber.DuesPartial: `i.amount_fen - i.adjusted_fen - i.paid_fen > 0 AND i.paid_fen > 0`,
	chamber.DuesPaid:    `i.amount_fen - i.adjusted_fen - i.paid_fen = 0 AND (i.paid_fen > 0 OR i.adjusted_fen <= 0)`,
	chamber.DuesWaived:  `i.amount_fen - i.adjusted_fen - i.paid_fen = 0 AND i.paid_fen = 0 AND i.adjusted_fen > 0`,
	"unpaid":            `i.amount_fen - i.adjusted_fen - i.paid_fen > 0`,
}

func parseCursor(c string) (int64, error) {
	if c == "" {
		return 1<<62 - 1, nil
	}
	v, err := strconv.ParseInt(c, 10, 64)
	if err != nil || v <= 0 {
		return 0, chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
	}
	return v, nil
}

// ListDuesInvoices lists invoices newest first (finance.read).
func (db *DB) ListDuesInvoices(ctx context.Context, f chamber.DuesFilter, p chamber.Page) ([]*chamber.DuesInvoice, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, "", err
	}
	return db.listInvoices(ctx, f, p)
}

func (db *DB) listInvoices(ctx context.Context, f chamber.DuesFilter, p chamber.Page) ([]*chamber.DuesInvoice, string, error) {
	p = p.Normalize()
	before, err := parseCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT ` + invoiceColumns + ` FROM dues_invoices i JOIN members m ON m.id = i.member_id WHERE i.id < $1`
	args := []any{before}
	if f.Year != 0 {
		args = append(args, f.Year)
		q += fmt.Sprintf(" AND i.year = $%d", len(args))
	}
	if f.MemberID != 0 {
		args = append(args, f.MemberID)
		q += fmt.Sprintf(" AND i.member_id = $%d", len(args))
	}
	if f.Status != "" {
		w, ok := statusWhere[f.Status]
		if !ok {
			return nil, "", fieldErr("status", "err.invalid_value")
		}
		q += " AND " + w
	}
	args = append(args, p.Limit+1)
	q += fmt.Sprintf(" ORDER BY i.id DESC LIMIT $%d", len(args))
	out, err := queryAll(ctx, db.read, scanInvoice, q, args...)
	if err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(x *chamber.DuesInvoice) chamber.ID { return x.ID })
	return out, next, nil
}

// mayReadDues: finance.read, or the member's own portal login.
func mayReadDues(a *chamber.Actor, memberID chamber.ID) bool {
	return a.Can(chamber.PermFinanceRead) || (a != nil && a.MemberID != 0 && a.MemberID == memberID && a.Can(chamber.PermPortal))
}

// FindDuesInvoice returns an invoice with its payments and adjustments.
func (db *DB) FindDuesInvoice(ctx context.Context, id chamber.ID) (*chamber.DuesInvoice, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	d, err := db.loadInvoice(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !mayReadDues(actor, d.MemberID) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "dues.err.not_found")
	}
	if err := db.invoiceDetails(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

func (db *DB) loadInvoice(ctx context.Context, q rowQuerier, id chamber.ID) (*chamber.DuesInvoice, error) {
	d, err := scanInvoice(q.QueryRowContext(ctx, `SELECT `+invoiceColumns+` FROM dues_invoices i JOIN members m ON m.id = i.member_id WHERE i.id = $1`, id))
	return d, notFound(err, "dues.err.not_found")
}

const paymentColumns = `p.id, p.invoice_id, p.member_id, m.name, i.year, p.date, p.amount_fen, p.method, p.cash_account, p.reference,
	p.receipt_no, p.voucher_id, p.created_by, p.created_at`

func scanPayment(sc interface{ Scan(...any) error }) (*chamber.DuesPayment, error) {
	var p chamber.DuesPayment
	var at int64
	if err := sc.Scan(&p.ID, &p.InvoiceID, &p.MemberID, &p.Member, &p.Year, &p.Date, &p.AmountFen, &p.Method, &p.CashAccount, &p.Reference,
		&p.ReceiptNo, &p.VoucherID, &p.CreatedBy, &at); err != nil {
		return nil, err
	}
	p.CreatedAt = fromMicros(at)
	return &p, nil
}

func scanAdjust(sc interface{ Scan(...any) error }) (*chamber.DuesAdjust, error) {
	var a chamber.DuesAdjust
	var at int64
	if err := sc.Scan(&a.ID, &a.InvoiceID, &a.AmountFen, &a.Reason, &a.ApprovedBy, &a.CreatedBy, &at); err != nil {
		return nil, err
	}
	a.CreatedAt = fromMicros(at)
	return &a, nil
}

func (db *DB) invoiceDetails(ctx context.Context, d *chamber.DuesInvoice) error {
	ps, err := queryAll(ctx, db.read, scanPayment, `SELECT `+paymentColumns+` FROM dues_payments p
		JOIN dues_invoices i ON i.id = p.invoice_id JOIN members m ON m.id = p.member_id WHERE p.invoice_id = $1 ORDER BY p.id`, d.ID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		d.Payments = append(d.Payments, *p)
	}
	as, err := queryAll(ctx, db.read, scanAdjust, `SELECT id, invoice_id, amount_fen, reason, approved_by, created_by, created_at
		FROM dues_adjustments WHERE invoice_id = $1 ORDER BY id`, d.ID)
	if err != nil {
		return err
	}
	for _, a := range as {
		d.Adjustments = append(d.Adjustments, *a)
	}
	return nil
}

// RecordDuesPayment takes a payment against an invoice (finance.post): it
// posts Dr cash (bank 1002, cash 1001, WeChat 100901, Alipay 100902) / Cr
// 会费收入 420101 and numbers the receipt. More than is owed is refused.
func (db *DB) RecordDuesPayment(ctx context.Context, invoiceID chamber.ID, in chamber.NewDuesPayment) (*chamber.DuesPayment, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	in.Reference, in.Method = strings.TrimSpace(in.Reference), strings.TrimSpace(in.Method)
	if in.Date == "" {
		in.Date = db.Today(ctx)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.DuesPayment
	err := db.Write(ctx, actor, func(tx *Tx) error {
		inv, err := db.loadInvoice(ctx, tx, invoiceID)
		if err != nil {
			return err
		}
		if err := chamber.CheckPayment(inv, in.AmountFen); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE dues_invoices SET paid_fen = paid_fen + $1
			WHERE id = $2 AND amount_fen - adjusted_fen - paid_fen >= $1`, in.AmountFen, inv.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err != nil {
				return err
			}
			return fieldErr("amount_fen", "dues.err.overpay", chamber.FormatYuan(inv.DueFen))
		}
		cash := chamber.PayMethodAccount[in.Method]
		memo := fmt.Sprintf("%d年会费 %s", inv.Year, inv.Member)
		v, err := tx.postVoucher(chamber.NewVoucher{Date: in.Date, Kind: chamber.VoucherDues, Summary: "收到会费 " + inv.Member,
			Lines: []chamber.NewVoucherLine{
				{Account: cash, DebitFen: in.AmountFen, Memo: memo, MemberID: inv.MemberID},
				{Account: chamber.DuesIncome, CreditFen: in.AmountFen, Memo: memo, MemberID: inv.MemberID},
			}}, nil)
		if err != nil {
			return err
		}
		if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
			return err
		}
		seq, err := tx.nextNumber("dues-receipt-" + in.Date[:4])
		if err != nil {
			return err
		}
		p := &chamber.DuesPayment{InvoiceID: inv.ID, MemberID: inv.MemberID, Member: inv.Member, Year: inv.Year, Date: in.Date,
			AmountFen: in.AmountFen, Method: in.Method, CashAccount: cash, Reference: in.Reference,
			ReceiptNo: chamber.DuesReceipt(in.Date[:4], seq), VoucherID: v.ID, CreatedBy: actorName(actor), CreatedAt: tx.now}
		if err := tx.QueryRowContext(ctx, `INSERT INTO dues_payments(invoice_id, member_id, date, amount_fen, method, cash_account,
			reference, receipt_no, voucher_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			p.InvoiceID, p.MemberID, p.Date, p.AmountFen, p.Method, p.CashAccount, p.Reference, p.ReceiptNo, p.VoucherID,
			p.CreatedBy, micros(tx.now)).Scan(&p.ID); err != nil {
			return err
		}
		out = p
		return tx.Audit("dues.payment", "dues_invoice", inv.ID, map[string]any{"paid_fen": inv.PaidFen},
			map[string]any{"paid_fen": inv.PaidFen + in.AmountFen, "payment": p})
	})
	return out, err
}

// AdjustDues records a waiver (positive) or an increase (negative) of an
// invoice with the reason and who approved it (finance.post).
func (db *DB) AdjustDues(ctx context.Context, invoiceID chamber.ID, in chamber.NewDuesAdjust) (*chamber.DuesAdjust, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	in.Reason, in.ApprovedBy = strings.TrimSpace(in.Reason), strings.TrimSpace(in.ApprovedBy)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.DuesAdjust
	err := db.Write(ctx, actor, func(tx *Tx) error {
		inv, err := db.loadInvoice(ctx, tx, invoiceID)
		if err != nil {
			return err
		}
		if err := chamber.CheckAdjustment(inv, in.AmountFen); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE dues_invoices SET adjusted_fen = adjusted_fen + $1
			WHERE id = $2 AND amount_fen - adjusted_fen - paid_fen - $1 >= 0`, in.AmountFen, inv.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err != nil {
				return err
			}
			return fieldErr("amount_fen", "dues.err.waive_too_much", chamber.FormatYuan(inv.DueFen))
		}
		a := &chamber.DuesAdjust{InvoiceID: inv.ID, AmountFen: in.AmountFen, Reason: in.Reason, ApprovedBy: in.ApprovedBy,
			CreatedBy: actorName(actor), CreatedAt: tx.now}
		if err := tx.QueryRowContext(ctx, `INSERT INTO dues_adjustments(invoice_id, amount_fen, reason, approved_by, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.InvoiceID, a.AmountFen, a.Reason, a.ApprovedBy, a.CreatedBy, micros(tx.now)).Scan(&a.ID); err != nil {
			return err
		}
		out = a
		return tx.Audit("dues.adjust", "dues_invoice", inv.ID, map[string]any{"adjusted_fen": inv.AdjustedFen},
			map[string]any{"adjusted_fen": inv.AdjustedFen + in.AmountFen, "adjustment": a})
	})
	return out, err
}

// DuesReceiptOf returns one payment for its printable receipt.
func (db *DB) DuesReceiptOf(ctx context.Context, paymentID chamber.ID) (*chamber.DuesPayment, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	p, err := scanPayment(db.read.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM dues_payments p
		JOIN dues_invoices i ON i.id = p.invoice_id JOIN members m ON m.id = p.member_id WHERE p.id = $1`, paymentID))
	if err != nil {
		return nil, notFound(err, "dues.err.not_found")
	}
	if !mayReadDues(actor, p.MemberID) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "dues.err.not_found")
	}
	return p, nil
}

// DuesArrears lists unpaid invoices (newest first, cursor paged) with
// days overdue and aging bucket at asOf, and the totals per bucket
// (finance.read). The totals group by due date, so they read only the
// unpaid invoices through their partial index.
func (db *DB) DuesArrears(ctx context.Context, asOf string, p chamber.Page) (*chamber.Arrears, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	if asOf == "" {
		asOf = db.Today(ctx)
	}
	if !chamber.ValidDate(asOf) {
		return nil, fieldErr("as_of", "ledger.err.date")
	}
	ar := &chamber.Arrears{AsOf: asOf, Totals: map[string]int64{}}
	for _, b := range chamber.AgingBuckets {
		ar.Totals[b] = 0
	}
	rows, err := db.read.QueryContext(ctx, `SELECT due_date, SUM(amount_fen - adjusted_fen - paid_fen) FROM dues_invoices
		WHERE amount_fen - adjusted_fen - paid_fen > 0 GROUP BY due_date`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var due string
		var sum int64
		if err := rows.Scan(&due, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		ar.Totals[chamber.AgingBucket(chamber.DaysOverdue(due, asOf))] += sum
		ar.TotalFen += sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	items, next, err := db.listInvoices(ctx, chamber.DuesFilter{Status: "unpaid"}, p)
	if err != nil {
		return nil, err
	}
	for _, d := range items {
		d.DaysOverdue = chamber.DaysOverdue(d.DueDate, asOf)
		d.Bucket = chamber.AgingBucket(d.DaysOverdue)
	}
	ar.Items, ar.Next = items, next
	if ar.Items == nil {
		ar.Items = []*chamber.DuesInvoice{}
	}
	return ar, nil
}

// MyDues lists the invoices of the caller's own member, with payments (portal).
func (db *DB) MyDues(ctx context.Context) ([]*chamber.DuesInvoice, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermPortal); err != nil {
		return nil, err
	}
	if actor.MemberID == 0 {
		return []*chamber.DuesInvoice{}, nil
	}
	out, err := queryAll(ctx, db.read, scanInvoice, `SELECT `+invoiceColumns+` FROM dues_invoices i JOIN members m ON m.id = i.member_id
		WHERE i.member_id = $1 ORDER BY i.year DESC LIMIT 50`, actor.MemberID)
	if err != nil {
		return nil, err
	}
	for _, d := range out {
		if err := db.invoiceDetails(ctx, d); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []*chamber.DuesInvoice{}
	}
	return out, nil
}

// RemindDues sends a reminder to every member with an overdue balance.
func (db *DB) RemindDues(ctx context.Context, title, body string) (chamber.ID, int, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return 0, 0, err
	}
	today := db.Today(ctx)
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT member_id FROM dues_invoices
		WHERE amount_fen - adjusted_fen - paid_fen > 0 AND due_date < $1 ORDER BY member_id`, today)
	if err != nil {
		return 0, 0, err
	}
	var ids []chamber.ID
	for rows.Next() {
		var id chamber.ID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	if len(ids) == 0 {
		return 0, 0, &chamber.Error{Code: chamber.ECONFLICT, Reason: "no_arrears", Key: "dues.err.no_arrears"}
	}
	var id chamber.ID
	err = db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		if id, err = tx.Notify(chamber.Notification{Key: "dues:reminder:" + today, Kind: chamber.KindNotice, Title: title, Body: body, Members: ids}); err != nil {
			return err
		}
		return tx.Audit("dues.remind", "dues", 0, nil, map[string]any{"announcement_id": id, "members": len(ids), "date": today})
	})
	return id, len(ids), err
}
