package sqlstore

import (
	"context"
	"database/sql"
	"errors"

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
