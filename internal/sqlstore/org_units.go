package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/chamber-org/chamber"
)

// ---- departments

const departmentColumns = `id, code, name, body_id, duties, sort, since, until`

func scanDepartment(sc interface{ Scan(...any) error }) (*chamber.Department, error) {
	var d chamber.Department
	var code, since, until sql.NullString
	if err := sc.Scan(&d.ID, &code, &d.Name, &d.BodyID, &d.Duties, &d.Sort, &since, &until); err != nil {
		return nil, err
	}
	d.Code, d.Since, d.Until = code.String, since.String, until.String
	return &d, nil
}

func (db *DB) ListDepartments(ctx context.Context) ([]*chamber.Department, error) {
	return queryAll(ctx, db.read, scanDepartment, `SELECT `+departmentColumns+` FROM departments ORDER BY sort, id`)
}

func (db *DB) FindDepartment(ctx context.Context, id chamber.ID) (*chamber.Department, error) {
	d, err := scanDepartment(db.read.QueryRowContext(ctx, `SELECT `+departmentColumns+` FROM departments WHERE id = $1`, id))
	return d, notFound(err, "err.department_not_found")
}

func (tx *Tx) secretariatID() (chamber.ID, error) {
	var id chamber.ID
	err := tx.QueryRowContext(tx.ctx, `SELECT id FROM bodies WHERE kind = 'secretariat' ORDER BY id LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fieldErr("body_id", "err.body_not_found")
	}
	return id, err
}

func (db *DB) CreateDepartment(ctx context.Context, d chamber.Department) (*chamber.Department, error) {
	return db.saveDepartment(ctx, d, true)
}

func (db *DB) UpdateDepartment(ctx context.Context, d chamber.Department) (*chamber.Department, error) {
	return db.saveDepartment(ctx, d, false)
}

func (db *DB) saveDepartment(ctx context.Context, d chamber.Department, create bool) (*chamber.Department, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Department
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		if d.BodyID == 0 {
			if d.BodyID, err = tx.secretariatID(); err != nil {
				return err
			}
		} else if b, err := scanBody(tx.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = $1`, d.BodyID)); err != nil {
			return fieldErr("body_id", "err.body_not_found")
		} else if b.Kind != chamber.BodySecretariat && b.Kind != chamber.BodyBranch {
			return fieldErr("body_id", "err.department_body")
		}
		var before *chamber.Department
		if create {
			out, err = scanDepartment(tx.QueryRowContext(ctx, `INSERT INTO departments(code, name, body_id, duties, sort, since, until)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+departmentColumns,
				nullStr(d.Code), d.Name, d.BodyID, d.Duties, d.Sort, nullStr(d.Since), nullStr(d.Until)))
		} else {
			if before, err = scanDepartment(tx.QueryRowContext(ctx, `SELECT `+departmentColumns+` FROM departments WHERE id = $1`, d.ID)); err != nil {
				return notFound(err, "err.department_not_found")
			}
			out, err = scanDepartment(tx.QueryRowContext(ctx, `UPDATE departments SET code = $1, name = $2, body_id = $3, duties = $4, sort = $5,
				since = $6, until = $7 WHERE id = $8 RETURNING `+departmentColumns,
				nullStr(d.Code), d.Name, d.BodyID, d.Duties, d.Sort, nullStr(d.Since), nullStr(d.Until), d.ID))
		}
		if err != nil {
			return uniqueErr(err, "code", "err.code_taken")
		}
		action := "department.update"
		if create {
			action = "department.create"
		}
		return tx.Audit(action, "department", out.ID, before, out)
	})
	return out, err
}

// ---- positions

const positionColumns = `id, code, name, department_id, body_id, rank, reports_to, headcount, duties, sort, since, until`

func scanPosition(sc interface{ Scan(...any) error }) (*chamber.Position, error) {
	var p chamber.Position
	var code, since, until sql.NullString
	var dept, body, boss sql.NullInt64
	if err := sc.Scan(&p.ID, &code, &p.Name, &dept, &body, &p.Rank, &boss, &p.Headcount, &p.Duties, &p.Sort, &since, &until); err != nil {
		return nil, err
	}
	p.Code, p.Since, p.Until = code.String, since.String, until.String
	p.DepartmentID, p.BodyID, p.ReportsTo = dept.Int64, body.Int64, boss.Int64
	return &p, nil
}

func (db *DB) ListPositions(ctx context.Context) ([]*chamber.Position, error) {
	return queryAll(ctx, db.read, scanPosition, `SELECT `+positionColumns+` FROM positions ORDER BY sort, id`)
}

func (db *DB) FindPosition(ctx context.Context, id chamber.ID) (*chamber.Position, error) {
	p, err := scanPosition(db.read.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE id = $1`, id))
	return p, notFound(err, "err.position_not_found")
}

func (db *DB) CreatePosition(ctx context.Context, p chamber.Position) (*chamber.Position, error) {
	return db.savePosition(ctx, p, true)
}

func (db *DB) UpdatePosition(ctx context.Context, p chamber.Position) (*chamber.Position, error) {
	return db.savePosition(ctx, p, false)
}

func (db *DB) savePosition(ctx context.Context, p chamber.Position, create bool) (*chamber.Position, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	if create {
		p.ID = 0
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Position
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if p.DepartmentID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM departments WHERE id = $1`, p.DepartmentID).Scan(&n); err != nil || n == 0 {
				return fieldErr("department_id", "err.department_not_found")
			}
		}
		if p.BodyID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies WHERE id = $1`, p.BodyID).Scan(&n); err != nil || n == 0 {
				return fieldErr("body_id", "err.body_not_found")
			}
		}
		if p.ReportsTo != 0 {
			bosses, err := tx.reportsToMap()
			if err != nil {
				return err
			}
			if _, ok := bosses[p.ReportsTo]; !ok {
				return fieldErr("reports_to", "err.position_not_found")
			}
			if !create && chamber.ReportsToCycle(bosses, p.ID, p.ReportsTo) {
				return fieldErr("reports_to", "err.reports_to_cycle")
			}
		}
		var before *chamber.Position
		var err error
		if create {
			out, err = scanPosition(tx.QueryRowContext(ctx, `INSERT INTO positions(code, name, department_id, body_id, rank, reports_to, headcount, duties, sort, since, until)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING `+positionColumns,
				nullStr(p.Code), p.Name, nullID(p.DepartmentID), nullID(p.BodyID), p.Rank, nullID(p.ReportsTo), p.Headcount, p.Duties, p.Sort,
				nullStr(p.Since), nullStr(p.Until)))
		} else {
			if before, err = scanPosition(tx.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE id = $1`, p.ID)); err != nil {
				return notFound(err, "err.position_not_found")
			}
			if before.Code != "" && p.Code != before.Code {
				return fieldErr("code", "err.code_fixed")
			}
			out, err = scanPosition(tx.QueryRowContext(ctx, `UPDATE positions SET code = $1, name = $2, department_id = $3, body_id = $4, rank = $5,
				reports_to = $6, headcount = $7, duties = $8, sort = $9, since = $10, until = $11 WHERE id = $12 RETURNING `+positionColumns,
				nullStr(p.Code), p.Name, nullID(p.DepartmentID), nullID(p.BodyID), p.Rank, nullID(p.ReportsTo), p.Headcount, p.Duties, p.Sort,
				nullStr(p.Since), nullStr(p.Until), p.ID))
		}
		if err != nil {
			return uniqueErr(err, "code", "err.code_taken")
		}
		action := "position.update"
		if create {
			action = "position.create"
		}
		return tx.Audit(action, "position", out.ID, before, out)
	})
	return out, err
}

// reportsToMap is every position's boss (0 for none).
func (tx *Tx) reportsToMap() (map[chamber.ID]chamber.ID, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, reports_to FROM positions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[chamber.ID]chamber.ID{}
	for rows.Next() {
		var id chamber.ID
		var boss sql.NullInt64
		if err := rows.Scan(&id, &boss); err != nil {
			return nil, err
		}
		m[id] = boss.Int64
	}
	return m, rows.Err()
}
