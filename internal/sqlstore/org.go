package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// today is the date in the chamber's time zone.
func (db *DB) today(ctx context.Context) string {
	st, err := db.Settings(ctx)
	if err != nil {
		st = &chamber.Settings{TimeZone: chamber.DefaultTimeZone}
	}
	return chamber.Today(db.Now(), st.Location())
}

// Today is the date in the chamber's time zone (YYYY-MM-DD).
func (db *DB) Today(ctx context.Context) string { return db.today(ctx) }

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id chamber.ID) any {
	if id == 0 {
		return nil
	}
	return id
}

// queryAll runs q and scans each row with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func fieldErr(field, key string, args ...any) error {
	var f chamber.Fields
	f.Add(field, key, args...)
	return f.Err()
}

// ---- bodies

const bodyColumns = `id, kind, code, name, committee_kind, parent_id, seats, description, sort, since, until`

func scanBody(sc interface{ Scan(...any) error }) (*chamber.Body, error) {
	var b chamber.Body
	var code, since, until sql.NullString
	var parent sql.NullInt64
	if err := sc.Scan(&b.ID, &b.Kind, &code, &b.Name, &b.CommitteeKind, &parent, &b.Seats, &b.Description, &b.Sort, &since, &until); err != nil {
		return nil, err
	}
	b.Code, b.ParentID, b.Since, b.Until = code.String, parent.Int64, since.String, until.String
	return &b, nil
}

func (db *DB) ListBodies(ctx context.Context) ([]*chamber.Body, error) {
	return queryAll(ctx, db.read, scanBody, `SELECT `+bodyColumns+` FROM bodies ORDER BY sort, id`)
}

func (db *DB) FindBody(ctx context.Context, id chamber.ID) (*chamber.Body, error) {
	b, err := scanBody(db.read.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = $1`, id))
	return b, notFound(err, "err.body_not_found")
}

func (db *DB) FindBodyByCode(ctx context.Context, code string) (*chamber.Body, error) {
	b, err := scanBody(db.read.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE code = $1`, code))
	return b, notFound(err, "err.body_not_found")
}

func (db *DB) CreateBody(ctx context.Context, b chamber.Body) (*chamber.Body, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Body
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if err := tx.checkBodyParent(b.ID, b.ParentID); err != nil {
			return err
		}
		row := tx.QueryRowContext(ctx, `INSERT INTO bodies(kind, code, name, committee_kind, parent_id, seats, description, sort, since, until)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+bodyColumns,
			b.Kind, nullStr(b.Code), b.Name, b.CommitteeKind, nullID(b.ParentID), b.Seats, b.Description, b.Sort, nullStr(b.Since), nullStr(b.Until))
		var err error
		if out, err = scanBody(row); err != nil {
			return uniqueErr(err, "code", "err.code_taken")
		}
		return tx.Audit("body.create", "body", out.ID, nil, out)
	})
	return out, err
}

func uniqueErr(err error, field, key string) error {
	if isUniqueViolation(err) {
		return &chamber.Error{Code: chamber.ECONFLICT, Reason: "duplicate", Key: key, Fields: []chamber.FieldError{{Field: field, Key: key}}}
	}
	return err
}

func (tx *Tx) checkBodyParent(id, parent chamber.ID) error {
	if parent == 0 {
		return nil
	}
	ctx := tx.ctx
	seen := map[chamber.ID]bool{}
	for cur := parent; cur != 0; {
		if cur == id || seen[cur] {
			return fieldErr("parent_id", "err.parent_cycle")
		}
		seen[cur] = true
		var next sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT parent_id FROM bodies WHERE id = $1`, cur).Scan(&next); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fieldErr("parent_id", "err.body_not_found")
			}
			return err
		}
		cur = next.Int64
	}
	return nil
}

func (db *DB) UpdateBody(ctx context.Context, b chamber.Body) (*chamber.Body, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Body
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanBody(tx.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = $1`, b.ID))
		if err != nil {
			return notFound(err, "err.body_not_found")
		}
		if before.Code != "" && b.Code != before.Code {
			// Other domains find the standard bodies by code.
			return fieldErr("code", "err.code_fixed")
		}
		if err := tx.checkBodyParent(b.ID, b.ParentID); err != nil {
			return err
		}
		row := tx.QueryRowContext(ctx, `UPDATE bodies SET kind = $1, code = $2, name = $3, committee_kind = $4, parent_id = $5, seats = $6,
			description = $7, sort = $8, since = $9, until = $10 WHERE id = $11 RETURNING `+bodyColumns,
			b.Kind, nullStr(b.Code), b.Name, b.CommitteeKind, nullID(b.ParentID), b.Seats, b.Description, b.Sort, nullStr(b.Since), nullStr(b.Until), b.ID)
		if out, err = scanBody(row); err != nil {
			return uniqueErr(err, "code", "err.code_taken")
		}
		return tx.Audit("body.update", "body", out.ID, before, out)
	})
	return out, err
}

// ---- terms

const termColumns = `id, body_id, number, starts_on, ends_on`

func scanTerm(sc interface{ Scan(...any) error }) (*chamber.Term, error) {
	var t chamber.Term
	var ends sql.NullString
	if err := sc.Scan(&t.ID, &t.BodyID, &t.Number, &t.StartsOn, &ends); err != nil {
		return nil, err
	}
	t.EndsOn = ends.String
	return &t, nil
}

func (db *DB) ListTerms(ctx context.Context, bodyID chamber.ID) ([]*chamber.Term, error) {
	return queryAll(ctx, db.read, scanTerm, `SELECT `+termColumns+` FROM terms WHERE body_id = $1 ORDER BY number`, bodyID)
}

// CreateTerm opens a new term (届) of a body; terms of one body never overlap.
func (db *DB) CreateTerm(ctx context.Context, t chamber.Term) (*chamber.Term, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	var out *chamber.Term
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies WHERE id = $1`, t.BodyID).Scan(&n); err != nil || n == 0 {
			return chamber.Errorf(chamber.ENOTFOUND, "err.body_not_found")
		}
		others, err := queryAll(ctx, tx, scanTerm, `SELECT `+termColumns+` FROM terms WHERE body_id = $1`, t.BodyID)
		if err != nil {
			return err
		}
		for _, o := range others {
			if o.Number == t.Number {
				return &chamber.Error{Code: chamber.ECONFLICT, Reason: "duplicate", Key: "err.term_number_taken",
					Fields: []chamber.FieldError{{Field: "number", Key: "err.term_number_taken"}}}
			}
			if chamber.Overlaps(o.StartsOn, o.EndsOn, t.StartsOn, t.EndsOn) {
				return &chamber.Error{Code: chamber.EINVALID, Reason: "term_overlap", Key: "err.term_overlap", Args: []any{o.Number},
					Fields: []chamber.FieldError{{Field: "starts_on", Key: "err.term_overlap", Args: []any{o.Number}}}}
			}
		}
		if out, err = scanTerm(tx.QueryRowContext(ctx, `INSERT INTO terms(body_id, number, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING `+termColumns,
			t.BodyID, t.Number, t.StartsOn, nullStr(t.EndsOn))); err != nil {
			return err
		}
		return tx.Audit("term.create", "body", t.BodyID, nil, out)
	})
	return out, err
}

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

// ---- posts

const postColumns = `id, position_id, body_id, term_id, user_id, member_id, name, starts_on, ends_on, acting, note`

func scanPost(sc interface{ Scan(...any) error }) (*chamber.Post, error) {
	var p chamber.Post
	var pos, body, term, user, member sql.NullInt64
	var ends sql.NullString
	if err := sc.Scan(&p.ID, &pos, &body, &term, &user, &member, &p.Name, &p.StartsOn, &ends, &p.Acting, &p.Note); err != nil {
		return nil, err
	}
	p.PositionID, p.BodyID, p.TermID, p.UserID, p.MemberID = pos.Int64, body.Int64, term.Int64, user.Int64, member.Int64
	p.EndsOn = ends.String
	return &p, nil
}

func (db *DB) FindPost(ctx context.Context, id chamber.ID) (*chamber.Post, error) {
	p, err := scanPost(db.read.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts WHERE id = $1`, id))
	return p, notFound(err, "err.post_not_found")
}

func (db *DB) PostsOf(ctx context.Context, positionID, bodyID chamber.ID) ([]*chamber.Post, error) {
	if positionID != 0 {
		return queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE position_id = $1 ORDER BY starts_on DESC, id DESC`, positionID)
	}
	return queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE body_id = $1 ORDER BY starts_on DESC, id DESC`, bodyID)
}

func (db *DB) HoldersOn(ctx context.Context, positionID, bodyID chamber.ID, date string) ([]*chamber.Post, error) {
	if _, ok := chamber.ParseDate(date); !ok {
		return nil, fieldErr("date", "err.date")
	}
	col, id := "position_id", positionID
	if positionID == 0 {
		col, id = "body_id", bodyID
	}
	return queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE `+col+` = $1 AND starts_on <= $2
		AND (ends_on IS NULL OR ends_on >= $2) ORDER BY acting, starts_on, id`, id, date)
}

// Appoint records a post after checking the holder does not already hold
// the same position or seat over any of those days, and that the position
// has room (acting holders stand in and do not count).
func (db *DB) Appoint(ctx context.Context, p chamber.Post) (*chamber.Post, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	p.Name = strings.TrimSpace(p.Name)
	var out *chamber.Post
	err := db.Write(ctx, actor, func(tx *Tx) error {
		if p.TermID != 0 {
			t, err := scanTerm(tx.QueryRowContext(ctx, `SELECT `+termColumns+` FROM terms WHERE id = $1`, p.TermID))
			if err != nil || (p.BodyID != 0 && t.BodyID != p.BodyID) {
				return fieldErr("term_id", "err.term_not_found")
			}
			if p.StartsOn == "" {
				p.StartsOn = t.StartsOn
			}
			if p.EndsOn == "" {
				p.EndsOn = t.EndsOn
			}
		}
		if p.UserID != 0 && p.Name == "" {
			if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, p.UserID).Scan(&p.Name); err != nil {
				return fieldErr("user_id", "err.user_not_found")
			}
		} else if p.UserID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1`, p.UserID).Scan(&n); err != nil || n == 0 {
				return fieldErr("user_id", "err.user_not_found")
			}
		}
		if err := p.Validate(); err != nil {
			return err
		}
		headcount := 1 << 30
		if p.PositionID != 0 {
			pos, err := scanPosition(tx.QueryRowContext(ctx, `SELECT `+positionColumns+` FROM positions WHERE id = $1`, p.PositionID))
			if err != nil {
				return fieldErr("position_id", "err.position_not_found")
			}
			headcount = pos.Headcount
		} else {
			b, err := scanBody(tx.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = $1`, p.BodyID))
			if err != nil {
				return fieldErr("body_id", "err.body_not_found")
			}
			if b.Seats > 0 {
				headcount = b.Seats
			}
		}
		col, id := "position_id", p.PositionID
		if p.PositionID == 0 {
			col, id = "body_id", p.BodyID
		}
		existing, err := queryAll(ctx, tx, scanPost, `SELECT `+postColumns+` FROM posts WHERE `+col+` = $1`, id)
		if err != nil {
			return err
		}
		regular := 0
		for _, e := range existing {
			if !chamber.Overlaps(e.StartsOn, e.EndsOn, p.StartsOn, p.EndsOn) {
				continue
			}
			same := (p.UserID != 0 && e.UserID == p.UserID) || (p.MemberID != 0 && e.MemberID == p.MemberID) ||
				(p.UserID == 0 && p.MemberID == 0 && e.UserID == 0 && e.MemberID == 0 && e.Name == p.Name)
			if same {
				return &chamber.Error{Code: chamber.EINVALID, Reason: "post_overlap", Key: "err.post_overlap",
					Fields: []chamber.FieldError{{Field: "starts_on", Key: "err.post_overlap"}}}
			}
			if !e.Acting {
				regular++
			}
		}
		if !p.Acting && regular >= headcount {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "position_full", Key: "err.position_full", Args: []any{headcount}}
		}
		out, err = scanPost(tx.QueryRowContext(ctx, `INSERT INTO posts(position_id, body_id, term_id, user_id, member_id, name, starts_on, ends_on, acting, note, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING `+postColumns,
			nullID(p.PositionID), nullID(p.BodyID), nullID(p.TermID), nullID(p.UserID), nullID(p.MemberID), p.Name, p.StartsOn,
			nullStr(p.EndsOn), p.Acting, p.Note, micros(tx.Now())))
		if err != nil {
			return err
		}
		return tx.Audit("post.appoint", "post", out.ID, nil, out)
	})
	return out, err
}

// EndPost sets the last day a post is held (the holder keeps its
// permissions through that day).
func (db *DB) EndPost(ctx context.Context, postID chamber.ID, endsOn string) (*chamber.Post, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermOrgWrite); err != nil {
		return nil, err
	}
	if _, ok := chamber.ParseDate(endsOn); !ok {
		return nil, fieldErr("ends_on", "err.date")
	}
	var out *chamber.Post
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := scanPost(tx.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts WHERE id = $1`, postID))
		if err != nil {
			return notFound(err, "err.post_not_found")
		}
		if endsOn < before.StartsOn {
			return fieldErr("ends_on", "err.date_before_start")
		}
		if out, err = scanPost(tx.QueryRowContext(ctx, `UPDATE posts SET ends_on = $1 WHERE id = $2 RETURNING `+postColumns, endsOn, postID)); err != nil {
			return err
		}
		return tx.Audit("post.end", "post", postID, before, out)
	})
	return out, err
}

// ---- permissions by post

// addPostGrants adds the grants of every post the user (or the member the
// login acts for) holds on date.
func (db *DB) addPostGrants(ctx context.Context, a *chamber.Actor, date string) error {
	rows, err := db.read.QueryContext(ctx, `SELECT g.permission FROM posts p
		JOIN grants g ON (g.subject_kind = 'position' AND p.position_id IS NOT NULL AND g.subject = CAST(p.position_id AS TEXT))
		              OR (g.subject_kind = 'body_seat' AND p.body_id IS NOT NULL AND g.subject = CAST(p.body_id AS TEXT))
		WHERE (p.user_id = $1 OR (p.member_id = $2 AND $2 <> 0)) AND p.starts_on <= $3 AND (p.ends_on IS NULL OR p.ends_on >= $3)`,
		a.UserID, a.MemberID, date)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		a.Permissions[chamber.Permission(p)] = true
	}
	return rows.Err()
}

// Grants lists every grant.
func (db *DB) Grants(ctx context.Context) ([]chamber.Grant, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (chamber.Grant, error) {
		var g chamber.Grant
		err := sc.Scan(&g.SubjectKind, &g.Subject, &g.Permission)
		return g, err
	}, `SELECT subject_kind, subject, permission FROM grants ORDER BY subject_kind, subject, permission`)
}

// SetGrants replaces what one subject grants. Only the administrator
// (user.manage) may: permissions are the keys to everything.
func (db *DB) SetGrants(ctx context.Context, kind, subject string, perms []chamber.Permission) error {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermUserManage); err != nil {
		return err
	}
	for _, p := range perms {
		if !chamber.KnownPermission(p) {
			return fieldErr("permissions", "err.unknown_permission", string(p))
		}
	}
	return db.Write(ctx, actor, func(tx *Tx) error {
		switch kind {
		case "role":
			if subject != string(chamber.RoleAdmin) && subject != string(chamber.RoleMember) {
				return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
			}
			if subject == string(chamber.RoleAdmin) && !containsPerm(perms, chamber.PermUserManage) {
				// The administrator must keep the key to give permissions back.
				return fieldErr("permissions", "err.admin_keeps_user_manage")
			}
		case "position", "body_seat":
			table := "positions"
			if kind == "body_seat" {
				table = "bodies"
			}
			id, err := strconv.ParseInt(subject, 10, 64)
			var n int
			if err == nil {
				err = tx.QueryRowContext(tx.ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1`, id).Scan(&n)
			}
			if err != nil || n == 0 {
				return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
			}
		default:
			return fieldErr("subject_kind", "err.invalid_value")
		}
		var before []string
		rows, err := tx.QueryContext(tx.ctx, `SELECT permission FROM grants WHERE subject_kind = $1 AND subject = $2 ORDER BY permission`, kind, subject)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			before = append(before, p)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return err
		}
		rows.Close()
		if _, err := tx.ExecContext(tx.ctx, `DELETE FROM grants WHERE subject_kind = $1 AND subject = $2`, kind, subject); err != nil {
			return err
		}
		after := []string{}
		for _, p := range perms {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO grants(subject_kind, subject, permission) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				kind, subject, string(p)); err != nil {
				return err
			}
			after = append(after, string(p))
		}
		sort.Strings(after)
		return tx.Audit("grants.set", "grants", 0, map[string]any{"subject_kind": kind, "subject": subject, "permissions": before},
			map[string]any{"subject_kind": kind, "subject": subject, "permissions": after})
	})
}

func containsPerm(list []chamber.Permission, p chamber.Permission) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

// WhoMay lists the enabled logins that hold perm on date.
func (db *DB) WhoMay(ctx context.Context, perm chamber.Permission, date string) ([]*chamber.User, error) {
	// The org chart's readers may ask; so may a holder of perm (who else handles tickets).
	if actor := chamber.ActorFrom(ctx); !actor.Can(perm) {
		if err := actor.Require(chamber.PermOrgRead); err != nil {
			return nil, err
		}
	}
	if !chamber.KnownPermission(perm) {
		return nil, fieldErr("permission", "err.unknown_permission", string(perm))
	}
	if _, ok := chamber.ParseDate(date); !ok {
		return nil, fieldErr("date", "err.date")
	}
	users, err := queryAll(ctx, db.read, scanUser, `SELECT `+userColumns+` FROM users WHERE disabled = FALSE ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []*chamber.User
	for _, u := range users {
		a, err := db.actorOn(ctx, u, date)
		if err != nil {
			return nil, err
		}
		if a.Can(perm) {
			out = append(out, u)
		}
	}
	return out, nil
}

// ---- approval routing

// ApprovalChain walks the reports-to lines above the user's position.
func (db *DB) ApprovalChain(ctx context.Context, userID chamber.ID, on string) ([]chamber.Approver, error) {
	if _, ok := chamber.ParseDate(on); !ok {
		return nil, fieldErr("date", "err.date")
	}
	// The user's own position: a regular post first, the highest rank (lowest number) first.
	var start chamber.ID
	err := db.read.QueryRowContext(ctx, `SELECT p.position_id FROM posts p JOIN positions q ON q.id = p.position_id
		WHERE p.user_id = $1 AND p.starts_on <= $2 AND (p.ends_on IS NULL OR p.ends_on >= $2)
		ORDER BY p.acting, CASE WHEN q.rank = 0 THEN 999 ELSE q.rank END, p.id LIMIT 1`, userID, on).Scan(&start)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "err.no_position")
	}
	if err != nil {
		return nil, err
	}
	positions, err := db.ListPositions(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[chamber.ID]*chamber.Position{}
	for _, p := range positions {
		byID[p.ID] = p
	}
	var chain []chamber.Approver
	seen := map[chamber.ID]bool{start: true}
	for cur := byID[start].ReportsTo; cur != 0 && !seen[cur]; cur = byID[cur].ReportsTo {
		seen[cur] = true
		pos := byID[cur]
		if pos == nil {
			break
		}
		holders, err := db.HoldersOn(ctx, cur, 0, on)
		if err != nil {
			return nil, err
		}
		// An acting holder stands in while there is one; else the first regular holder with a login.
		var pick *chamber.Post
		for _, h := range holders {
			if h.UserID == 0 || h.UserID == userID {
				continue
			}
			if h.Acting {
				pick = h
				break
			}
			if pick == nil {
				pick = h
			}
		}
		if pick == nil {
			continue // vacant: the request goes one step higher
		}
		chain = append(chain, chamber.Approver{PositionID: pos.ID, PositionCode: pos.Code, PositionName: pos.Name,
			UserID: pick.UserID, Name: pick.Name, Acting: pick.Acting})
	}
	return chain, nil
}

// ---- the tree

// OrgTree builds the org tree as it stood on date: bodies nested by
// parent, departments under their body, positions under their department
// or body, each with its holders on that date.
func (db *DB) OrgTree(ctx context.Context, date string) ([]*chamber.OrgNode, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermOrgRead); err != nil {
		return nil, err
	}
	if date == "" {
		date = db.today(ctx)
	}
	if _, ok := chamber.ParseDate(date); !ok {
		return nil, fieldErr("date", "err.date")
	}
	live := func(since, until string) bool {
		return (since == "" || since <= date) && (until == "" || until >= date)
	}
	bodies, err := db.ListBodies(ctx)
	if err != nil {
		return nil, err
	}
	depts, err := db.ListDepartments(ctx)
	if err != nil {
		return nil, err
	}
	positions, err := db.ListPositions(ctx)
	if err != nil {
		return nil, err
	}
	posts, err := queryAll(ctx, db.read, scanPost, `SELECT `+postColumns+` FROM posts WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $1)
		ORDER BY acting, starts_on, id`, date)
	if err != nil {
		return nil, err
	}
	terms, err := queryAll(ctx, db.read, scanTerm, `SELECT `+termColumns+` FROM terms WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $1)`, date)
	if err != nil {
		return nil, err
	}
	bodyNode := map[chamber.ID]*chamber.OrgNode{}
	var roots []*chamber.OrgNode
	for _, b := range bodies {
		if !live(b.Since, b.Until) {
			continue
		}
		bodyNode[b.ID] = &chamber.OrgNode{ID: b.ID, Kind: b.Kind, Name: b.Name, Code: b.Code, CommitteeKind: b.CommitteeKind, Children: []*chamber.OrgNode{}}
	}
	for _, b := range bodies {
		n := bodyNode[b.ID]
		if n == nil {
			continue
		}
		if parent := bodyNode[b.ParentID]; parent != nil {
			parent.Children = append(parent.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	for _, t := range terms {
		if n := bodyNode[t.BodyID]; n != nil {
			n.Term = t
		}
	}
	deptNode := map[chamber.ID]*chamber.OrgNode{}
	for _, d := range depts {
		if !live(d.Since, d.Until) {
			continue
		}
		n := &chamber.OrgNode{ID: d.ID, Kind: "department", Name: d.Name, Code: d.Code, Duties: strPtr(d.Duties), Children: []*chamber.OrgNode{}}
		deptNode[d.ID] = n
		if parent := bodyNode[d.BodyID]; parent != nil {
			parent.Children = append(parent.Children, n)
		}
	}
	posNode := map[chamber.ID]*chamber.OrgNode{}
	for _, p := range positions {
		if !live(p.Since, p.Until) {
			continue
		}
		rank, boss := p.Rank, p.ReportsTo
		n := &chamber.OrgNode{ID: p.ID, Kind: "position", Name: p.Name, Code: p.Code, Rank: &rank, Duties: strPtr(p.Duties),
			Headcount: p.Headcount, Holders: []*chamber.Post{}, Children: []*chamber.OrgNode{}}
		if boss != 0 {
			n.ReportsTo = &boss
		}
		posNode[p.ID] = n
		switch {
		case p.DepartmentID != 0 && deptNode[p.DepartmentID] != nil:
			deptNode[p.DepartmentID].Children = append(deptNode[p.DepartmentID].Children, n)
		case p.BodyID != 0 && bodyNode[p.BodyID] != nil:
			// Officer positions first, before sub-bodies and departments.
			parent := bodyNode[p.BodyID]
			parent.Children = append([]*chamber.OrgNode{n}, parent.Children...)
		}
	}
	// Keep officer positions in their sort order (the prepend above reversed them).
	for _, n := range bodyNode {
		var officers, rest []*chamber.OrgNode
		for _, c := range n.Children {
			if c.Kind == "position" {
				officers = append(officers, c)
			} else {
				rest = append(rest, c)
			}
		}
		sort.SliceStable(officers, func(i, j int) bool { return sortKey(positions, officers[i].ID) < sortKey(positions, officers[j].ID) })
		n.Children = append(officers, rest...)
	}
	for _, p := range posts {
		if p.PositionID != 0 && posNode[p.PositionID] != nil {
			posNode[p.PositionID].Holders = append(posNode[p.PositionID].Holders, p)
		} else if p.BodyID != 0 && bodyNode[p.BodyID] != nil {
			bodyNode[p.BodyID].Seats = append(bodyNode[p.BodyID].Seats, p)
		}
	}
	return roots, nil
}

func sortKey(positions []*chamber.Position, id chamber.ID) string {
	for _, p := range positions {
		if p.ID == id {
			return fmt.Sprintf("%08d-%012d", p.Sort, p.ID)
		}
	}
	return ""
}

func strPtr(s string) *string { return &s }
