package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/chamber-org/chamber"
)

const accountColumns = `code, name, name_en, kind, parent, contra, restriction, cash, staff, cf_in, cf_out`

func scanAccount(sc interface{ Scan(...any) error }) (*chamber.Account, error) {
	var a chamber.Account
	var kind string
	if err := sc.Scan(&a.Code, &a.Name, &a.NameEN, &kind, &a.Parent, &a.Contra, &a.Restriction, &a.Cash, &a.Staff, &a.CashIn, &a.CashOut); err != nil {
		return nil, err
	}
	a.Kind = chamber.AccountKind(kind)
	return &a, nil
}

type ledgerQuerier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func loadAccounts(ctx context.Context, q ledgerQuerier) ([]*chamber.Account, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chamber.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ListAccounts returns the chart of accounts in code order (finance.read).
func (db *DB) ListAccounts(ctx context.Context) ([]*chamber.Account, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return loadAccounts(ctx, db.read)
}

// ClaimAccounts lists the expense accounts a reimbursement claim may name:
// their codes and names only, to any staff login (a claimant needs them
// without finance.read). A portal login gets none.
func (db *DB) ClaimAccounts(ctx context.Context) ([]*chamber.Account, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil || actor.UserID == 0 && !actor.System {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if actor.MemberID != 0 {
		return nil, nil
	}
	all, err := loadAccounts(ctx, db.read)
	if err != nil {
		return nil, err
	}
	var out []*chamber.Account
	for _, a := range all {
		if a.Kind == chamber.AccountExpense {
			out = append(out, &chamber.Account{Code: a.Code, Name: a.Name, NameEN: a.NameEN, Kind: a.Kind, Parent: a.Parent})
		}
	}
	return out, nil
}

// CreateAccount adds a sub-account (finance.post). It inherits its parent's
// kind, cash flag and (unless given) restriction.
func (db *DB) CreateAccount(ctx context.Context, in chamber.NewAccount) (*chamber.Account, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Account
	err := db.Write(ctx, actor, func(tx *Tx) error {
		p, err := scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE code = $1`, in.Parent))
		if errors.Is(err, sql.ErrNoRows) {
			var f chamber.Fields
			f.Add("parent", "ledger.err.unknown_account", in.Parent)
			return f.Err()
		} else if err != nil {
			return err
		}
		a := &chamber.Account{Code: in.Code, Name: in.Name, NameEN: in.NameEN, Kind: p.Kind, Parent: p.Code,
			Contra: p.Contra, Restriction: p.Restriction, Cash: p.Cash, Staff: p.Staff}
		if in.Restriction != "" {
			a.Restriction = in.Restriction
		}
		if a.NameEN == "" {
			a.NameEN = a.Name
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO accounts(`+accountColumns+`, sort)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, (SELECT COALESCE(MAX(sort), 0) + 1 FROM accounts))`,
			a.Code, a.Name, a.NameEN, string(a.Kind), a.Parent, a.Contra, a.Restriction, a.Cash, a.Staff, a.CashIn, a.CashOut); err != nil {
			if isUniqueViolation(err) {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "duplicate", Key: "ledger.err.account_exists",
					Fields: []chamber.FieldError{{Field: "code", Key: "ledger.err.account_exists"}}}
			}
			return err
		}
		out = a
		return tx.Audit("account.create", "account", 0, nil, a)
	})
	return out, err
}

// PostVoucher validates and posts one voucher (finance.post).
func (db *DB) PostVoucher(ctx context.Context, in chamber.NewVoucher) (*chamber.Voucher, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	in.Kind, in.ReversesID = chamber.VoucherManual, 0
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Voucher
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if s, err := tx.financeSettings(); err != nil {
			return err
		} else if s.Review {
			return draftConflict("review_required", "ledger.err.review_required")
		}
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
		out = v
		return tx.Audit("voucher.post", "voucher", v.ID, nil, v)
	})
	return out, err
}

// PostVouchers posts a batch in one transaction, all or nothing, with one
// audit record naming the range (an import of a year's books).
func (db *DB) PostVouchers(ctx context.Context, in []chamber.NewVoucher) ([]chamber.ID, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	for i := range in {
		in[i].Kind, in[i].ReversesID = chamber.VoucherManual, 0
		if err := in[i].Validate(); err != nil {
			var e *chamber.Error
			if errors.As(err, &e) {
				for j := range e.Fields {
					e.Fields[j].Field = fmt.Sprintf("vouchers[%d].%s", i, e.Fields[j].Field)
				}
			}
			return nil, err
		}
	}
	ids := make([]chamber.ID, 0, len(in))
	err := db.Write(ctx, actor, func(tx *Tx) error {
		accounts, err := tx.chart()
		if err != nil {
			return err
		}
		for _, n := range in {
			v, err := tx.postVoucher(n, accounts)
			if err != nil {
				return err
			}
			ids = append(ids, v.ID)
		}
		if len(ids) == 0 {
			return nil
		}
		return tx.Audit("voucher.post_batch", "voucher", ids[0], nil,
			map[string]any{"first_id": ids[0], "last_id": ids[len(ids)-1], "count": len(ids)})
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func (tx *Tx) chart() (map[string]*chamber.Account, error) {
	list, err := loadAccounts(tx.ctx, tx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*chamber.Account, len(list))
	for _, a := range list {
		m[a.Code] = a
	}
	return m, nil
}

// postVoucher posts an already validated voucher inside tx: it numbers it
// in its period, links it into the ledger's hash chain and writes it. The
// caller writes the audit record. accounts may be nil (loaded here).
func (tx *Tx) postVoucher(in chamber.NewVoucher, accounts map[string]*chamber.Account) (*chamber.Voucher, error) {
	ctx := tx.ctx
	if accounts == nil {
		var err error
		if accounts, err = tx.chart(); err != nil {
			return nil, err
		}
	}
	var f chamber.Fields
	movesCash, netAssetsOnly, netAssets := false, true, false
	for i, l := range in.Lines {
		a := accounts[l.Account]
		if a == nil {
			f.Add(fmt.Sprintf("lines[%d].account", i), "ledger.err.unknown_account", l.Account)
			continue
		}
		movesCash = movesCash || a.Cash
		if !a.Cash && a.Kind != chamber.AccountNetAssets {
			netAssetsOnly = false
		}
		netAssets = netAssets || a.Kind == chamber.AccountNetAssets
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := tx.checkLeaves(in, accounts); err != nil {
		return nil, err
	}
	if err := tx.checkEventLines(in); err != nil {
		return nil, err
	}
	if err := tx.guardClosedYear(in); err != nil {
		return nil, err
	}
	// Opening balances are the books' 年初数, no cash flow: a voucher posted
	// as such, or one that moved cash against net assets alone (API.md).
	// A transfer between cash accounts (提现, 存现) is neither.
	opening := in.Kind == chamber.VoucherOpening || (movesCash && netAssetsOnly && netAssets)
	period := chamber.PeriodOf(in.Date)
	var seq int64
	var closed sql.NullInt64
	if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_periods(period, last_seq) VALUES ($1, 1)
		ON CONFLICT (period) DO UPDATE SET last_seq = ledger_periods.last_seq + 1
		RETURNING last_seq, closed_at`, period).Scan(&seq, &closed); err != nil {
		return nil, fmt.Errorf("voucher number: %w", err)
	}
	if closed.Valid {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "period_closed", Key: "ledger.err.period_closed", Args: []any{period},
			Fields: []chamber.FieldError{{Field: "date", Key: "ledger.err.period_closed", Args: []any{period}}}}
	}
	v := &chamber.Voucher{Number: chamber.VoucherNumber(period, seq), Period: period, Date: in.Date,
		Summary: strings.TrimSpace(in.Summary), Kind: in.Kind, ReversesID: in.ReversesID, CreatedAt: tx.now, Creator: "system"}
	if v.Kind == "" {
		v.Kind = chamber.VoucherManual
	}
	if v.Summary == "" && len(in.Lines) > 0 {
		v.Summary = in.Lines[0].Memo
	}
	if a := tx.actor; a != nil && !a.System {
		v.CreatedBy, v.Creator = a.UserID, a.Username
	}
	for i, l := range in.Lines {
		v.Lines = append(v.Lines, chamber.VoucherLine{LineNo: i + 1, Account: l.Account, AccountName: accounts[l.Account].Name,
			DebitFen: l.DebitFen, CreditFen: l.CreditFen, Memo: strings.TrimSpace(l.Memo),
			DepartmentID: l.DepartmentID, Project: strings.TrimSpace(l.Project), MemberID: l.MemberID, Staff: l.Staff, EventID: l.EventID})
		v.TotalFen += l.DebitFen
	}
	if err := tx.QueryRowContext(ctx, `UPDATE chain_heads SET seq = seq + 1 WHERE name = 'ledger' RETURNING seq, hash`).
		Scan(&v.ID, &v.PrevHash); err != nil {
		return nil, fmt.Errorf("ledger head: %w", err)
	}
	if err := tx.guardVoucher(period, v.TotalFen); err != nil {
		return nil, err
	}
	v.Hash = v.ComputeHash()
	var reverses any
	if v.ReversesID != 0 {
		reverses = v.ReversesID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO vouchers(id, number, period, date, summary, kind, reverses_id, total_fen,
		moves_cash, created_at, created_by, creator, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		v.ID, v.Number, v.Period, v.Date, v.Summary, v.Kind, reverses, v.TotalFen, movesCash,
		micros(v.CreatedAt), v.CreatedBy, v.Creator, v.PrevHash, v.Hash); err != nil {
		if isUniqueViolation(err) && v.ReversesID != 0 {
			return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_reversed", Key: "ledger.err.already_reversed"}
		}
		if isPeriodClosedErr(err) {
			return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "period_closed", Key: "ledger.err.period_closed", Args: []any{period}}
		}
		return nil, fmt.Errorf("voucher insert: %w", err)
	}
	for _, l := range v.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO voucher_lines(voucher_id, line_no, account, date, debit_fen, credit_fen,
			memo, department_id, project, member_id, moves_cash, opening, staff, closing, event_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			v.ID, l.LineNo, l.Account, v.Date, l.DebitFen, l.CreditFen, l.Memo, l.DepartmentID, l.Project, l.MemberID,
			movesCash && !accounts[l.Account].Cash, opening, l.Staff, v.Kind == chamber.VoucherClosing, l.EventID); err != nil {
			return nil, fmt.Errorf("voucher line: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE chain_heads SET hash = $1 WHERE name = 'ledger'`, v.Hash); err != nil {
		return nil, fmt.Errorf("ledger head: %w", err)
	}
	return v, nil
}

const voucherColumns = `id, number, period, date, summary, kind, COALESCE(reverses_id, 0), total_fen, created_at, created_by, creator, prev_hash, hash`

func scanVoucher(sc interface{ Scan(...any) error }) (*chamber.Voucher, error) {
	var v chamber.Voucher
	var at int64
	if err := sc.Scan(&v.ID, &v.Number, &v.Period, &v.Date, &v.Summary, &v.Kind, &v.ReversesID, &v.TotalFen,
		&at, &v.CreatedBy, &v.Creator, &v.PrevHash, &v.Hash); err != nil {
		return nil, err
	}
	v.CreatedAt = fromMicros(at)
	return &v, nil
}

// FindVoucher returns a voucher with its lines (finance.read).
func (db *DB) FindVoucher(ctx context.Context, id chamber.ID) (*chamber.Voucher, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return db.findVoucher(ctx, db.read, id)
}

type rowQuerier interface {
	ledgerQuerier
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (db *DB) findVoucher(ctx context.Context, q rowQuerier, id chamber.ID) (*chamber.Voucher, error) {
	v, err := scanVoucher(q.QueryRowContext(ctx, `SELECT `+voucherColumns+` FROM vouchers WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "ledger.err.voucher_not_found")
	}
	rows, err := q.QueryContext(ctx, `SELECT l.line_no, l.account, a.name, l.debit_fen, l.credit_fen, l.memo, l.department_id, l.project, l.member_id, l.staff, l.event_id
		FROM voucher_lines l JOIN accounts a ON a.code = l.account WHERE l.voucher_id = $1 ORDER BY l.line_no`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l chamber.VoucherLine
		if err := rows.Scan(&l.LineNo, &l.Account, &l.AccountName, &l.DebitFen, &l.CreditFen, &l.Memo, &l.DepartmentID, &l.Project, &l.MemberID, &l.Staff, &l.EventID); err != nil {
			return nil, err
		}
		v.Lines = append(v.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM vouchers WHERE reverses_id = $1`, id).Scan(&v.ReversedBy); err != nil {
		return nil, err
	}
	return v, nil
}

// ListVouchers lists vouchers newest first; the cursor is the last id seen.
func (db *DB) ListVouchers(ctx context.Context, f chamber.VoucherFilter, p chamber.Page) ([]*chamber.Voucher, string, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, "", err
	}
	p = p.Normalize()
	before, err := idBefore(p)
	if err != nil {
		return nil, "", err
	}
	q := `SELECT ` + voucherColumns + ` FROM vouchers WHERE id < $1`
	args := []any{before}
	if f.Period != "" {
		args = append(args, f.Period)
		q += fmt.Sprintf(" AND period = $%d", len(args))
	}
	if f.Account != "" {
		tree, err := accountTree(ctx, db.read, f.Account)
		if err != nil {
			return nil, "", err
		}
		q += " AND id IN (SELECT voucher_id FROM voucher_lines WHERE account IN " + inList(len(args), len(tree)) + ")"
		args = append(args, tree...)
	}
	args = append(args, p.Limit+1)
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args))
	out, err := queryAll(ctx, db.read, scanVoucher, q, args...)
	if err != nil {
		return nil, "", err
	}
	out, next := idPage(out, p.Limit, func(v *chamber.Voucher) chamber.ID { return v.ID })
	return out, next, nil
}

// ReverseVoucher posts the reversing voucher of id, dated today
// (finance.post). A voucher is reversed once; a reversal is not reversed.
func (db *DB) ReverseVoucher(ctx context.Context, id chamber.ID) (*chamber.Voucher, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	today := db.Today(ctx)
	var out *chamber.Voucher
	err := db.Write(ctx, actor, func(tx *Tx) error {
		orig, err := db.findVoucher(ctx, tx, id)
		if err != nil {
			return err
		}
		if orig.Kind == chamber.VoucherReversal {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "is_reversal", Key: "ledger.err.is_reversal"}
		}
		if orig.Kind == chamber.VoucherClosing {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "is_closing", Key: "ledger.err.is_closing"}
		}
		if orig.ReversedBy != 0 {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "already_reversed", Key: "ledger.err.already_reversed"}
		}
		v, err := tx.postVoucher(chamber.Reversal(orig, today), nil)
		if err != nil {
			return err
		}
		out = v
		return tx.Audit("voucher.reverse", "voucher", v.ID, map[string]any{"reverses": orig.ID, "number": orig.Number}, v)
	})
	return out, err
}

// ListPeriods lists the periods that have vouchers, newest first.
func (db *DB) ListPeriods(ctx context.Context) ([]*chamber.Period, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT period, last_seq, closed_at, COALESCE(closed_by, 0) FROM ledger_periods ORDER BY period DESC LIMIT 240`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*chamber.Period
	for rows.Next() {
		var p chamber.Period
		var closed sql.NullInt64
		if err := rows.Scan(&p.Period, &p.Vouchers, &closed, &p.ClosedBy); err != nil {
			return nil, err
		}
		p.ClosedAt = nullMicros(closed)
		out = append(out, &p)
	}
	return out, rows.Err()
}

// ClosePeriod closes a month for good (finance.post): no voucher may be
// dated in it afterwards. Closing an already closed period is a conflict;
// a month in the future cannot be closed; months close in order, and
// December only after the year's 期末结转 (books_period.go).
func (db *DB) ClosePeriod(ctx context.Context, period string) (*chamber.Period, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if !chamber.ValidPeriod(period) {
		f.Add("period", "err.invalid_value")
	} else if period > chamber.PeriodOf(db.Today(ctx)) {
		f.Add("period", "ledger.err.period_future")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	p := &chamber.Period{Period: period}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.guardClose(period); err != nil {
			return err
		}
		if err := tx.guardYearEnd(period); err != nil {
			return err
		}
		var closed sql.NullInt64
		if err := tx.QueryRowContext(ctx, `INSERT INTO ledger_periods(period, last_seq) VALUES ($1, 0)
			ON CONFLICT (period) DO UPDATE SET last_seq = ledger_periods.last_seq
			RETURNING last_seq, closed_at`, period).Scan(&p.Vouchers, &closed); err != nil {
			return err
		}
		if closed.Valid {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "period_closed", Key: "ledger.err.period_closed", Args: []any{period}}
		}
		now := tx.now
		p.ClosedAt = &now
		if actor != nil {
			p.ClosedBy = actor.UserID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ledger_periods SET closed_at = $1, closed_by = $2 WHERE period = $3`,
			micros(now), p.ClosedBy, period); err != nil {
			return err
		}
		return tx.Audit("period.close", "period", 0, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
