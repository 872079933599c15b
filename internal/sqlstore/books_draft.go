package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

const draftColumns = `id, status, date, summary, attachments, lines, total_fen, moves_cash, maker_id, maker, made_at,
	reviewer_id, reviewer, reviewed_at, cashier_id, cashier, cashier_at, poster_id, poster, posted_at, COALESCE(voucher_id, 0), reason`

func scanDraft(sc interface{ Scan(...any) error }) (*chamber.VoucherDraft, error) {
	var d chamber.VoucherDraft
	var lines string
	var madeAt int64
	var rev, cash, post struct {
		id   int64
		name string
		at   int64
	}
	if err := sc.Scan(&d.ID, &d.Status, &d.Date, &d.Summary, &d.Attachments, &lines, &d.TotalFen, &d.MovesCash,
		&d.Maker.UserID, &d.Maker.Name, &madeAt, &rev.id, &rev.name, &rev.at, &cash.id, &cash.name, &cash.at,
		&post.id, &post.name, &post.at, &d.VoucherID, &d.Reason); err != nil {
		return nil, err
	}
	d.Maker.At = fromMicros(madeAt)
	sig := func(id int64, name string, at int64) *chamber.Signature {
		if at == 0 {
			return nil
		}
		return &chamber.Signature{UserID: id, Name: name, At: fromMicros(at)}
	}
	d.Reviewer, d.Cashier, d.Poster = sig(rev.id, rev.name, rev.at), sig(cash.id, cash.name, cash.at), sig(post.id, post.name, post.at)
	if err := json.Unmarshal([]byte(lines), &d.Lines); err != nil {
		return nil, fmt.Errorf("draft %d lines: %w", d.ID, err)
	}
	return &d, nil
}

func signer(a *chamber.Actor) (chamber.ID, string) {
	if a == nil || a.System {
		return 0, "system"
	}
	if a.Name != "" {
		return a.UserID, a.Name
	}
	return a.UserID, a.Username
}

// CreateDraft enters a voucher for review (制单, finance.post): it is
// checked as a voucher is, but posts nothing yet.
func (db *DB) CreateDraft(ctx context.Context, in chamber.NewVoucher) (*chamber.VoucherDraft, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	in.Kind, in.ReversesID = chamber.VoucherManual, 0
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.Attachments < 0 || in.Attachments > 9999 {
		var f chamber.Fields
		f.Add("attachments", "err.invalid_value")
		return nil, f.Err()
	}
	var out *chamber.VoucherDraft
	err := db.Write(ctx, actor, func(tx *Tx) error {
		accounts, err := tx.chart()
		if err != nil {
			return err
		}
		var f chamber.Fields
		movesCash := false
		for i, l := range in.Lines {
			a := accounts[l.Account]
			if a == nil {
				f.Add(fmt.Sprintf("lines[%d].account", i), "ledger.err.unknown_account", l.Account)
				continue
			}
			movesCash = movesCash || a.Cash
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := tx.checkLeaves(in, accounts); err != nil {
			return err
		}
		if err := tx.checkEventLines(in); err != nil {
			return err
		}
		for i := range in.Lines {
			in.Lines[i].Memo, in.Lines[i].Project = strings.TrimSpace(in.Lines[i].Memo), strings.TrimSpace(in.Lines[i].Project)
		}
		lines, _ := json.Marshal(in.Lines)
		uid, name := signer(actor)
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO voucher_drafts(status, date, summary, attachments, lines, total_fen, moves_cash, maker_id, maker, made_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, chamber.DraftOpen, in.Date, strings.TrimSpace(in.Summary),
			in.Attachments, string(lines), in.Total(), movesCash, uid, name, micros(tx.now)).Scan(&id); err != nil {
			return err
		}
		if out, err = tx.findDraft(id); err != nil {
			return err
		}
		return tx.Audit("voucher_draft.create", "voucher_draft", id, nil, out)
	})
	return out, err
}

func (tx *Tx) findDraft(id chamber.ID) (*chamber.VoucherDraft, error) {
	d, err := scanDraft(tx.QueryRowContext(tx.ctx, `SELECT `+draftColumns+` FROM voucher_drafts WHERE id = $1`, id))
	return d, notFound(err, "ledger.err.draft_not_found")
}

// FindDraft returns one draft (finance.read).
func (db *DB) FindDraft(ctx context.Context, id chamber.ID) (*chamber.VoucherDraft, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	d, err := scanDraft(db.read.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM voucher_drafts WHERE id = $1`, id))
	return d, notFound(err, "ledger.err.draft_not_found")
}

// ListDrafts lists drafts of a status (all when empty), newest first.
func (db *DB) ListDrafts(ctx context.Context, status string, p chamber.Page) ([]*chamber.VoucherDraft, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	q, args := `SELECT `+draftColumns+` FROM voucher_drafts WHERE id < $1`, []any{before}
	if status != "" {
		args = append(args, status)
		q += ` AND status = $2`
	}
	args = append(args, p.Limit+1)
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT $%d`, len(args))
	out, err := queryAll(ctx, db.read, scanDraft, q, args...)
	if err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(v *chamber.VoucherDraft) chamber.ID { return v.ID })
	return out, next, nil
}

func draftConflict(reason, key string) error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: reason, Key: key}
}

// step runs one workflow step on a draft in its own transaction.
func (db *DB) draftStep(ctx context.Context, id chamber.ID, perm chamber.Permission, action string,
	fn func(tx *Tx, d *chamber.VoucherDraft, uid chamber.ID, name string) error) (*chamber.VoucherDraft, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(perm); err != nil {
		return nil, err
	}
	var out *chamber.VoucherDraft
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := tx.findDraft(id)
		if err != nil {
			return err
		}
		uid, name := signer(actor)
		if err := fn(tx, before, uid, name); err != nil {
			return err
		}
		if out, err = tx.findDraft(id); err != nil {
			return err
		}
		return tx.Audit(action, "voucher_draft", id, before, out)
	})
	return out, err
}

// ReviewDraft is 审核 (finance.review): by someone other than the maker.
func (db *DB) ReviewDraft(ctx context.Context, id chamber.ID) (*chamber.VoucherDraft, error) {
	return db.draftStep(ctx, id, chamber.PermFinanceReview, "voucher_draft.review", func(tx *Tx, d *chamber.VoucherDraft, uid chamber.ID, name string) error {
		if d.Status != chamber.DraftOpen {
			return draftConflict("not_draft", "ledger.err.not_draft")
		}
		if uid != 0 && uid == d.Maker.UserID {
			return draftConflict("same_person", "ledger.err.review_own")
		}
		_, err := tx.ExecContext(tx.ctx, `UPDATE voucher_drafts SET status = $1, reviewer_id = $2, reviewer = $3, reviewed_at = $4 WHERE id = $5`,
			chamber.DraftReviewed, uid, name, micros(tx.now), d.ID)
		return err
	})
}

// RejectDraft returns a draft unposted with the reviewer's reason (finance.review).
func (db *DB) RejectDraft(ctx context.Context, id chamber.ID, reason string) (*chamber.VoucherDraft, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		var f chamber.Fields
		f.Add("reason", "err.required")
		return nil, f.Err()
	}
	return db.draftStep(ctx, id, chamber.PermFinanceReview, "voucher_draft.reject", func(tx *Tx, d *chamber.VoucherDraft, uid chamber.ID, name string) error {
		if d.Status != chamber.DraftOpen && d.Status != chamber.DraftReviewed {
			return draftConflict("not_draft", "ledger.err.not_draft")
		}
		_, err := tx.ExecContext(tx.ctx, `UPDATE voucher_drafts SET status = $1, reason = $2, reviewer_id = $3, reviewer = $4, reviewed_at = $5 WHERE id = $6`,
			chamber.DraftRejected, reason, uid, name, micros(tx.now), d.ID)
		return err
	})
}

// ConfirmDraftCash is the 出纳's sign-off on the cash and bank lines of a
// reviewed draft (finance.cashier).
func (db *DB) ConfirmDraftCash(ctx context.Context, id chamber.ID) (*chamber.VoucherDraft, error) {
	return db.draftStep(ctx, id, chamber.PermFinanceCashier, "voucher_draft.cashier", func(tx *Tx, d *chamber.VoucherDraft, uid chamber.ID, name string) error {
		switch {
		case d.Status != chamber.DraftReviewed:
			return draftConflict("not_reviewed", "ledger.err.not_reviewed")
		case !d.MovesCash:
			return draftConflict("no_cash", "ledger.err.no_cash")
		case d.Cashier != nil:
			return draftConflict("already_confirmed", "ledger.err.cash_confirmed")
		case uid != 0 && uid == d.Maker.UserID:
			return draftConflict("same_person", "ledger.err.cashier_own")
		}
		_, err := tx.ExecContext(tx.ctx, `UPDATE voucher_drafts SET cashier_id = $1, cashier = $2, cashier_at = $3 WHERE id = $4`,
			uid, name, micros(tx.now), d.ID)
		return err
	})
}

// PostDraft is 记账 (finance.post): a reviewed draft, its cash lines
// confirmed by the 出纳, becomes a numbered voucher in the hash chain.
func (db *DB) PostDraft(ctx context.Context, id chamber.ID, confirmOverdraft bool) (*chamber.VoucherDraft, error) {
	return db.draftStep(ctx, id, chamber.PermFinancePost, "voucher_draft.post", func(tx *Tx, d *chamber.VoucherDraft, uid chamber.ID, name string) error {
		switch {
		case d.Status != chamber.DraftReviewed:
			return draftConflict("not_reviewed", "ledger.err.not_reviewed")
		case d.MovesCash && d.Cashier == nil:
			return draftConflict("cashier_required", "ledger.err.cashier_required")
		}
		in := chamber.NewVoucher{Date: d.Date, Summary: d.Summary, Lines: d.Lines, Kind: chamber.VoucherManual, ConfirmOverdraft: confirmOverdraft}
		accounts, err := tx.chart()
		if err != nil {
			return err
		}
		if err := tx.checkOverdraft(in, accounts); err != nil {
			return err
		}
		v, err := tx.postVoucher(in, accounts)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(tx.ctx, `UPDATE voucher_drafts SET status = $1, poster_id = $2, poster = $3, posted_at = $4, voucher_id = $5 WHERE id = $6`,
			chamber.DraftPosted, uid, name, micros(tx.now), v.ID, d.ID); err != nil {
			return err
		}
		return tx.Audit("voucher.post", "voucher", v.ID, nil, v)
	})
}

// VoucherSignoff names who made, reviewed, confirmed and posted a voucher:
// from its draft, or the poster alone for a voucher posted at once.
func (db *DB) VoucherSignoff(ctx context.Context, voucherID chamber.ID) (*chamber.Signoff, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	d, err := scanDraft(db.read.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM voucher_drafts WHERE voucher_id = $1`, voucherID))
	if err == nil {
		m := d.Maker
		return &chamber.Signoff{Attachments: d.Attachments, Maker: &m, Reviewer: d.Reviewer, Cashier: d.Cashier, Poster: d.Poster}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	v, err := db.findVoucher(ctx, db.read, voucherID)
	if err != nil {
		return nil, err
	}
	s := &chamber.Signature{UserID: v.CreatedBy, Name: v.Creator, At: v.CreatedAt}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM attachments WHERE owner_kind = $1 AND owner_id = $2`, chamber.OwnerVoucher, voucherID).Scan(&n); err != nil {
		n = 0
	}
	return &chamber.Signoff{Attachments: n, Maker: s, Poster: s}, nil
}
