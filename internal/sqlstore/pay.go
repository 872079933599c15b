package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
)

// Pay (薪资福利): HR (staff.manage) enters or imports each person's pay
// items per month; the person reads its own; finance (finance.post) posts
// the month's payroll once, as one balanced voucher.

const payColumns = `id, month, user_id, name, department_id, basic_fen, allowance_fen, si_employee_fen, hf_employee_fen,
	si_employer_fen, hf_employer_fen, note, updated_at`

func scanPayItem(sc interface{ Scan(...any) error }) (*chamber.PayItem, error) {
	var p chamber.PayItem
	var at int64
	if err := sc.Scan(&p.ID, &p.Month, &p.UserID, &p.Name, &p.DepartmentID, &p.BasicFen, &p.AllowanceFen, &p.SIEmployeeFen, &p.HFEmployeeFen,
		&p.SIEmployerFen, &p.HFEmployerFen, &p.Note, &at); err != nil {
		return nil, err
	}
	p.UpdatedAt = fromMicros(at)
	p.Totals()
	return &p, nil
}

func payrollPosted() error {
	return &chamber.Error{Code: chamber.ECONFLICT, Reason: "payroll_posted", Key: "pay.err.posted"}
}

// monthEnd is the month's last day.
func monthEnd(month string) string {
	t, _ := time.Parse("2006-01", month)
	return t.AddDate(0, 1, -1).Format("2006-01-02")
}

// lockPayMonth serialises a month's item changes with its posting across
// instances (on SQLite the one writer already does).
func (tx *Tx) lockPayMonth(month string) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	n, _ := strconv.Atoi(month[:4] + month[5:])
	_, err := tx.ExecContext(tx.ctx, `SELECT pg_advisory_xact_lock(24, CAST($1 AS INTEGER))`, n)
	return err
}

// savePayItem upserts one item inside tx.
func (tx *Tx) savePayItem(p chamber.PayItem) (*chamber.PayItem, error) {
	ctx := tx.ctx
	if err := tx.lockPayMonth(p.Month); err != nil {
		return nil, err
	}
	var posted int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM payrolls WHERE month = $1`, p.Month).Scan(&posted); err != nil {
		return nil, err
	}
	if posted > 0 {
		return nil, payrollPosted()
	}
	var name string
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(st.name, u.name) FROM users u LEFT JOIN staff st ON st.user_id = u.id WHERE u.id = $1`, p.UserID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fieldErr("user_id", "err.user_not_found")
	} else if err != nil {
		return nil, err
	}
	var dept sql.NullInt64
	end := monthEnd(p.Month)
	if err := tx.QueryRowContext(ctx, `SELECT pos.department_id FROM posts ps JOIN positions pos ON pos.id = ps.position_id
		WHERE ps.user_id = $1 AND ps.starts_on <= $2 AND (ps.ends_on IS NULL OR ps.ends_on >= $3) AND NOT ps.acting ORDER BY ps.id LIMIT 1`,
		p.UserID, end, p.Month+"-01").Scan(&dept); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	before, err := scanPayItem(tx.QueryRowContext(ctx, `SELECT `+payColumns+` FROM pay_items WHERE month = $1 AND user_id = $2`, p.Month, p.UserID))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	args := []any{p.Month, p.UserID, name, dept.Int64, p.BasicFen, p.AllowanceFen, p.SIEmployeeFen, p.HFEmployeeFen, p.SIEmployerFen, p.HFEmployerFen,
		p.Note, tx.actor.UserID, micros(tx.now)}
	var id chamber.ID
	if before == nil {
		err = tx.QueryRowContext(ctx, `INSERT INTO pay_items(month, user_id, name, department_id, basic_fen, allowance_fen, si_employee_fen, hf_employee_fen,
			si_employer_fen, hf_employer_fen, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`, args...).Scan(&id)
	} else {
		id = before.ID
		_, err = tx.ExecContext(ctx, `UPDATE pay_items SET name = $3, department_id = $4, basic_fen = $5, allowance_fen = $6, si_employee_fen = $7,
			hf_employee_fen = $8, si_employer_fen = $9, hf_employer_fen = $10, note = $11, updated_by = $12, updated_at = $13 WHERE month = $1 AND user_id = $2`, args...)
	}
	if err != nil {
		if isUniqueViolation(err) {
			return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "busy", Key: "err.busy"}
		}
		return nil, err
	}
	out, err := scanPayItem(tx.QueryRowContext(ctx, `SELECT `+payColumns+` FROM pay_items WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	var b any
	if before != nil {
		b = before
	}
	return out, tx.Audit("pay.item", "pay_item", id, b, out)
}

// SavePayItem enters or corrects one person's pay of a month (staff.manage);
// a posted month's items no longer change (409).
func (db *DB) SavePayItem(ctx context.Context, p chamber.PayItem) (*chamber.PayItem, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.PayItem
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = tx.savePayItem(p)
		return err
	})
	return out, err
}

// ImportPayItems saves a month's sheet, all rows or none; rows name the
// person by login name.
func (db *DB) ImportPayItems(ctx context.Context, month string, rows []chamber.PayImportRow) (int, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return 0, err
	}
	if !chamber.ValidMonth(month) {
		return 0, fieldErr("month", "pay.err.month")
	}
	if len(rows) == 0 || len(rows) > 2000 {
		return 0, fieldErr("file", "pay.err.empty_sheet")
	}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		for _, r := range rows {
			item := r.Item
			item.Month = month
			if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE username = $1`, r.Username).Scan(&item.UserID); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return fieldErr(fmt.Sprintf("rows[%d].username", r.Row), "pay.err.row_user", r.Row, r.Username)
				}
				return err
			}
			if err := item.Validate(); err != nil {
				e, _ := chamber.AsError(err)
				if e != nil && len(e.Fields) > 0 {
					return fieldErr(fmt.Sprintf("rows[%d].%s", r.Row, e.Fields[0].Field), "pay.err.row", r.Row)
				}
				return err
			}
			if _, err := tx.savePayItem(item); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

// ListPayItems lists a month's items (or a person's months): HR any, every
// other login only its own.
func (db *DB) ListPayItems(ctx context.Context, month string, userID chamber.ID) ([]*chamber.PayItem, error) {
	actor := chamber.ActorFrom(ctx)
	if actor == nil {
		return nil, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if !actor.System && !actor.Can(chamber.PermStaffManage) {
		userID = actor.UserID
	}
	if month != "" && !chamber.ValidMonth(month) {
		return nil, fieldErr("month", "pay.err.month")
	}
	q := `SELECT ` + payColumns + ` FROM pay_items WHERE 1 = 1`
	var args []any
	if month != "" {
		args = append(args, month)
		q += ` AND month = $` + strconv.Itoa(len(args))
	}
	if userID != 0 {
		args = append(args, userID)
		q += ` AND user_id = $` + strconv.Itoa(len(args))
	}
	return queryAll(ctx, db.read, scanPayItem, q+` ORDER BY month DESC, department_id, name, id LIMIT 5000`, args...)
}

func mayReadPayroll(a *chamber.Actor) error {
	if a == nil {
		return chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized")
	}
	if a.System || a.Can(chamber.PermStaffManage) || a.Can(chamber.PermFinancePost) {
		return nil
	}
	return a.Require(chamber.PermStaffManage)
}

func payrollOf(ctx context.Context, q querier, month string) (*chamber.Payroll, error) {
	p := &chamber.Payroll{Month: month}
	var vid sql.NullInt64
	var at sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT voucher_id, posted_at FROM payrolls WHERE month = $1`, month).Scan(&vid, &at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	p.Posted, p.VoucherID, p.PostedAt = vid.Valid, vid.Int64, nullMicros(at)
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(basic_fen + allowance_fen), 0), COALESCE(SUM(si_employee_fen + hf_employee_fen), 0),
		COALESCE(SUM(si_employer_fen + hf_employer_fen), 0) FROM pay_items WHERE month = $1`, month).Scan(&p.People, &p.GrossFen, &p.EmployeeFen, &p.EmployerFen); err != nil {
		return nil, err
	}
	p.NetFen, p.CostFen = p.GrossFen-p.EmployeeFen, p.GrossFen+p.EmployerFen
	return p, nil
}

// PayrollSummary is a month's totals (HR and finance.post).
func (db *DB) PayrollSummary(ctx context.Context, month string) (*chamber.Payroll, error) {
	if err := mayReadPayroll(chamber.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	if !chamber.ValidMonth(month) {
		return nil, fieldErr("month", "pay.err.month")
	}
	return payrollOf(ctx, db.read, month)
}

// ListPayrolls lists the months that have pay items, newest first.
func (db *DB) ListPayrolls(ctx context.Context) ([]*chamber.Payroll, error) {
	if err := mayReadPayroll(chamber.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	months, err := queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (string, error) {
		var m string
		return m, sc.Scan(&m)
	}, `SELECT DISTINCT month FROM pay_items ORDER BY month DESC LIMIT 36`)
	if err != nil {
		return nil, err
	}
	out := make([]*chamber.Payroll, 0, len(months))
	for _, m := range months {
		p, err := payrollOf(ctx, db.read, m)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PostPayroll posts the month's payroll as one voucher (finance.post):
// Dr 520101 工资福利 per department with the gross pay and the employer's
// social insurance and housing fund; Cr 2204 应付工资 in three lines — the
// net pay, the employee's part withheld, the employer's part. A month is
// posted once (409 afterwards).
func (db *DB) PostPayroll(ctx context.Context, month string) (*chamber.Payroll, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	if !chamber.ValidMonth(month) {
		return nil, fieldErr("month", "pay.err.month")
	}
	var out *chamber.Payroll
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.lockPayMonth(month); err != nil {
			return err
		}
		sum, err := payrollOf(ctx, tx, month)
		if err != nil {
			return err
		}
		if sum.Posted {
			return payrollPosted()
		}
		if sum.People == 0 || sum.CostFen == 0 {
			return &chamber.Error{Code: chamber.EINVALID, Reason: "payroll_empty", Key: "pay.err.empty",
				Fields: []chamber.FieldError{{Field: "month", Key: "pay.err.empty"}}}
		}
		type dept struct {
			id   chamber.ID
			cost int64
		}
		depts, err := queryAll(ctx, tx, func(sc interface{ Scan(...any) error }) (dept, error) {
			var d dept
			return d, sc.Scan(&d.id, &d.cost)
		}, `SELECT department_id, SUM(basic_fen + allowance_fen + si_employer_fen + hf_employer_fen) FROM pay_items WHERE month = $1
			GROUP BY department_id ORDER BY department_id`, month)
		if err != nil {
			return err
		}
		date := min(monthEnd(month), chamber.Today(tx.now, mustZone(ctx, tx)))
		if date < month+"-01" {
			date = monthEnd(month)
		}
		label := month[:4] + "年" + month[5:] + "月"
		nv := chamber.NewVoucher{Date: date, Kind: chamber.VoucherPayroll, Summary: "计提" + label + "工资（" + strconv.Itoa(sum.People) + "人）"}
		for _, d := range depts {
			if d.cost > 0 {
				nv.Lines = append(nv.Lines, chamber.NewVoucherLine{Account: chamber.PayExpenseAccount, DebitFen: d.cost, Memo: label + "工资福利", DepartmentID: d.id})
			}
		}
		for _, c := range []struct {
			memo string
			fen  int64
		}{{"实发工资", sum.NetFen}, {"代扣个人社保公积金", sum.EmployeeFen}, {"单位社保公积金", sum.EmployerFen}} {
			if c.fen > 0 {
				nv.Lines = append(nv.Lines, chamber.NewVoucherLine{Account: chamber.PayPayableAccount, CreditFen: c.fen, Memo: label + c.memo})
			}
		}
		if err := nv.Validate(); err != nil {
			return err
		}
		v, err := tx.postVoucher(nv, nil)
		if err != nil {
			return err
		}
		if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payrolls(month, voucher_id, people, gross_fen, employee_fen, employer_fen, posted_by, posted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, month, v.ID, sum.People, sum.GrossFen, sum.EmployeeFen, sum.EmployerFen, actor.UserID, micros(tx.now)); err != nil {
			if isUniqueViolation(err) {
				return payrollPosted()
			}
			return err
		}
		now := tx.now
		sum.Posted, sum.VoucherID, sum.PostedAt = true, v.ID, &now
		out = sum
		return tx.Audit("payroll.post", "payroll", v.ID, nil, sum)
	})
	return out, err
}

func mustZone(ctx context.Context, q querier) *time.Location {
	loc, err := zoneOf(ctx, q)
	if err != nil {
		return time.UTC
	}
	return loc
}
