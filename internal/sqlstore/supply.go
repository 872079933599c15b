package sqlstore

import (
	"context"
	"strings"

	"github.com/chamber-org/chamber"
)

const supplyColumns = `id, name, unit, stock, created_at`

func scanSupply(sc interface{ Scan(...any) error }) (*chamber.Supply, error) {
	var s chamber.Supply
	var at int64
	if err := sc.Scan(&s.ID, &s.Name, &s.Unit, &s.Stock, &at); err != nil {
		return nil, err
	}
	s.CreatedAt = fromMicros(at)
	return &s, nil
}

// CreateSupply adds an office supply with its opening stock (staff.manage).
func (db *DB) CreateSupply(ctx context.Context, s chamber.Supply) (*chamber.Supply, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	s.Name, s.Unit = strings.TrimSpace(s.Name), strings.TrimSpace(s.Unit)
	var f chamber.Fields
	if s.Name == "" {
		f.Add("name", "err.required")
	} else if len([]rune(s.Name)) > 100 {
		f.Add("name", "err.too_long", 100)
	}
	if len([]rune(s.Unit)) > 10 {
		f.Add("unit", "err.too_long", 10)
	}
	if s.Stock < 0 || s.Stock > 1e9 {
		f.Add("stock", "err.invalid_value")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Supply
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var err error
		out, err = scanSupply(tx.QueryRowContext(ctx, `INSERT INTO supplies(name, unit, stock, created_at) VALUES ($1, $2, $3, $4)
			RETURNING `+supplyColumns, s.Name, s.Unit, s.Stock, micros(tx.now)))
		if isUniqueViolation(err) {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "supply_exists", Key: "supply.err.exists",
				Fields: []chamber.FieldError{{Field: "name", Key: "supply.err.exists"}}}
		} else if err != nil {
			return err
		}
		if s.Stock > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO supply_moves(supply_id, qty, user_id, note, created_at) VALUES ($1, $2, $3, $4, $5)`,
				out.ID, s.Stock, actor.UserID, "期初", micros(tx.now)); err != nil {
				return err
			}
		}
		return tx.Audit("supply.create", "supply", out.ID, nil, out)
	})
	return out, err
}

// ListSupplies lists the office supplies with their stock (org.read).
func (db *DB) ListSupplies(ctx context.Context) ([]*chamber.Supply, error) {
	if err := requireAssetRead(chamber.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanSupply, `SELECT `+supplyColumns+` FROM supplies ORDER BY name LIMIT 2000`)
}

// IssueSupply hands out qty of a supply to a person (staff.manage). The
// stock is taken down only where it covers the issue, in one statement,
// so concurrent issues never take it below zero: 409 when it does not.
func (db *DB) IssueSupply(ctx context.Context, id chamber.ID, in chamber.SupplyIssue) (*chamber.SupplyMove, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	var f chamber.Fields
	if in.Qty <= 0 || in.Qty > 1e6 {
		f.Add("qty", "err.invalid_value")
	}
	if in.UserID <= 0 {
		f.Add("user_id", "err.required")
	}
	if len([]rune(in.Note)) > 200 {
		f.Add("note", "err.too_long", 200)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.SupplyMove
	err := db.Write(ctx, actor, func(tx *Tx) error {
		var stock int64
		if err := tx.QueryRowContext(ctx, `SELECT stock FROM supplies WHERE id = $1`, id).Scan(&stock); err != nil {
			return notFound(err, "supply.err.not_found")
		}
		taker, err := userName(ctx, tx, in.UserID, "user_id")
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE supplies SET stock = stock - $1 WHERE id = $2 AND stock >= $1`, in.Qty, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT stock FROM supplies WHERE id = $1`, id).Scan(&stock); err != nil {
				return err
			}
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "out_of_stock", Key: "supply.err.out_of_stock", Args: []any{stock}}
		}
		out = &chamber.SupplyMove{SupplyID: id, Qty: -in.Qty, UserID: in.UserID, Taker: taker, Note: in.Note, CreatedAt: tx.now}
		if err := tx.QueryRowContext(ctx, `INSERT INTO supply_moves(supply_id, qty, user_id, taker, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)
			RETURNING id`, id, out.Qty, in.UserID, taker, in.Note, micros(tx.now)).Scan(&out.ID); err != nil {
			return err
		}
		return tx.Audit("supply.issue", "supply", id, nil, out)
	})
	return out, err
}

// ListSupplyMoves lists a supply's stock changes, newest first (org.read).
func (db *DB) ListSupplyMoves(ctx context.Context, id chamber.ID) ([]*chamber.SupplyMove, error) {
	if err := requireAssetRead(chamber.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, func(sc interface{ Scan(...any) error }) (*chamber.SupplyMove, error) {
		var m chamber.SupplyMove
		var at int64
		err := sc.Scan(&m.ID, &m.SupplyID, &m.Qty, &m.PurchaseID, &m.UserID, &m.Taker, &m.Note, &at)
		m.CreatedAt = fromMicros(at)
		return &m, err
	}, `SELECT id, supply_id, qty, purchase_id, user_id, taker, note, created_at FROM supply_moves WHERE supply_id = $1 ORDER BY id DESC LIMIT 500`, id)
}
