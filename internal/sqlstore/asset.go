package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/chamber-org/chamber"
)

// The asset register (财产) and office supplies (物品): filled by receiving
// approved purchases; custody, transfers, inventory checks (盘点), disposal
// and issues against stock, all staff.manage (行政后勤部).

// requireAssetRead: the register and the stock are the secretariat's
// (org.read) and the keepers' (staff.manage).
func requireAssetRead(a *chamber.Actor) error {
	if a.Can(chamber.PermStaffManage) {
		return nil
	}
	return a.Require(chamber.PermOrgRead)
}

// userName is a login's display name, or a field error on field.
func userName(ctx context.Context, q rowQuerier, id chamber.ID, field string) (string, error) {
	var name, username string
	err := q.QueryRowContext(ctx, `SELECT name, username FROM users WHERE id = $1 AND NOT disabled`, id).Scan(&name, &username)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fieldErr(field, "purchase.err.no_user")
	} else if err != nil {
		return "", err
	}
	if name == "" {
		name = username
	}
	return name, nil
}

func (tx *Tx) assetEvent(id chamber.ID, kind, detail string) error {
	_, err := tx.ExecContext(tx.ctx, `INSERT INTO asset_events(asset_id, kind, detail, user_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
		id, kind, detail, tx.actor.UserID, micros(tx.now))
	return err
}

// ReceivePurchase takes in the goods of an approved purchase: one asset
// per unit of each asset item, stock for the others, and one voucher —
// Dr 固定资产 1501 for the assets, Dr 办公费 520102 for the supplies, Cr
// 应付账款 2202 (or the bank or cash account paid from).
func (db *DB) ReceivePurchase(ctx context.Context, id chamber.ID, in chamber.PurchaseReceipt) (*chamber.Purchase, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if in.Date == "" {
		in.Date = db.Today(ctx)
	}
	if in.PayAccount == "" {
		in.PayAccount = chamber.AccountPayable
	}
	in.Location = strings.TrimSpace(in.Location)
	var f chamber.Fields
	if !chamber.ValidDate(in.Date) {
		f.Add("date", "ledger.err.date")
	}
	if in.PayAccount != chamber.AccountPayable && !containsStr(chamber.CashCodes, topCode(in.PayAccount)) {
		f.Add("pay_account", "purchase.err.pay_account")
	}
	if len([]rune(in.Location)) > 100 {
		f.Add("location", "err.too_long", 100)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Purchase
	err := db.Write(ctx, actor, func(tx *Tx) error {
		p, err := db.loadPurchase(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != chamber.PurchaseApproved {
			return &chamber.Error{Code: chamber.ECONFLICT, Reason: "not_approved", Key: "purchase.err.not_approved"}
		}
		var deptID chamber.ID
		var project string
		if err := tx.QueryRowContext(ctx, `SELECT department_id, project FROM budgets WHERE id = $1`, p.BudgetID).Scan(&deptID, &project); err != nil {
			return err
		}
		custodian := in.CustodianID
		if custodian == 0 {
			custodian = p.RequesterID
		}
		holder, err := userName(ctx, tx, custodian, "custodian_user_id")
		if err != nil {
			return err
		}
		memo := p.Number + " " + p.Title
		nv := chamber.NewVoucher{Date: in.Date, Kind: chamber.VoucherPurchase, Summary: truncRunes("采购入库 "+memo, 200)}
		var assets, supplies int64
		for _, it := range p.Items {
			if it.Asset {
				assets += it.AmountFen()
			} else {
				supplies += it.AmountFen()
			}
		}
		for _, l := range []struct {
			account string
			fen     int64
		}{{chamber.AccountFixedAssets, assets}, {chamber.AccountOfficeCosts, supplies}} {
			if l.fen > 0 {
				nv.Lines = append(nv.Lines, chamber.NewVoucherLine{Account: l.account, DebitFen: l.fen, Memo: truncRunes(memo, 100),
					DepartmentID: deptID, Project: project})
			}
		}
		nv.Lines = append(nv.Lines, chamber.NewVoucherLine{Account: in.PayAccount, CreditFen: p.TotalFen, Memo: truncRunes(memo, 100)})
		v, err := tx.postVoucher(nv, nil)
		if err != nil {
			var e *chamber.Error
			if errors.As(err, &e) {
				for i := range e.Fields {
					if strings.HasSuffix(e.Fields[i].Field, "account") {
						e.Fields[i].Field = "pay_account"
					}
				}
			}
			return err
		}
		if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
			return err
		}
		year := in.Date[:4]
		for _, it := range p.Items {
			if !it.Asset {
				var sid chamber.ID
				if err := tx.QueryRowContext(ctx, `INSERT INTO supplies(name, unit, stock, created_at) VALUES ($1, $2, $3, $4)
					ON CONFLICT (name) DO UPDATE SET stock = supplies.stock + EXCLUDED.stock RETURNING id`,
					it.Name, it.Unit, it.Qty, micros(tx.now)).Scan(&sid); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO supply_moves(supply_id, qty, purchase_id, user_id, taker, note, created_at)
					VALUES ($1, $2, $3, $4, '', $5, $6)`, sid, it.Qty, p.ID, actor.UserID, p.Number, micros(tx.now)); err != nil {
					return err
				}
				continue
			}
			for k := int64(0); k < it.Qty; k++ {
				seq, err := tx.nextNumber("asset-" + year)
				if err != nil {
					return err
				}
				var aid chamber.ID
				if err := tx.QueryRowContext(ctx, `INSERT INTO assets(number, name, purchase_id, cost_fen, acquired_on, custodian_id, custodian,
					location, status, voucher_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
					chamber.AssetNumber(year, seq), it.Name, p.ID, it.UnitPriceFen, in.Date, custodian, holder, in.Location,
					chamber.AssetInUse, v.ID, micros(tx.now)).Scan(&aid); err != nil {
					return err
				}
				if err := tx.assetEvent(aid, "received", p.Number+" → "+holder); err != nil {
					return err
				}
			}
		}
		p.Status, p.VoucherID, p.ReceivedOn = chamber.PurchaseReceived, v.ID, in.Date
		if _, err := tx.ExecContext(ctx, `UPDATE purchases SET status = $1, voucher_id = $2, received_on = $3, updated_at = $4 WHERE id = $5`,
			p.Status, v.ID, in.Date, micros(tx.now), p.ID); err != nil {
			return err
		}
		out = p
		return tx.Audit("purchase.receive", "purchase", p.ID, map[string]any{"status": chamber.PurchaseApproved},
			map[string]any{"status": p.Status, "voucher_id": v.ID, "pay_account": in.PayAccount, "custodian_user_id": custodian})
	})
	return out, err
}

func truncRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

const assetColumns = `id, number, name, purchase_id, cost_fen, acquired_on, custodian_id, custodian, location, status,
	COALESCE(checked_on, ''), COALESCE(voucher_id, 0), COALESCE(disposal_voucher_id, 0), COALESCE(disposed_on, ''), created_at,
	life_months, residual_fen, (SELECT COALESCE(SUM(d.amount_fen), 0) FROM asset_depreciation d WHERE d.asset_id = assets.id)`

func scanAsset(sc interface{ Scan(...any) error }) (*chamber.Asset, error) {
	var a chamber.Asset
	var at int64
	if err := sc.Scan(&a.ID, &a.Number, &a.Name, &a.PurchaseID, &a.CostFen, &a.AcquiredOn, &a.CustodianID, &a.Custodian, &a.Location,
		&a.Status, &a.CheckedOn, &a.VoucherID, &a.DisposalVoucherID, &a.DisposedOn, &at, &a.LifeMonths, &a.ResidualFen, &a.DepreciatedFen); err != nil {
		return nil, err
	}
	a.CreatedAt = fromMicros(at)
	return &a, nil
}

// ListAssets lists the register (org.read), optionally of one status.
func (db *DB) ListAssets(ctx context.Context, status string) ([]*chamber.Asset, error) {
	if err := requireAssetRead(chamber.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	if status != "" && !containsStr([]string{chamber.AssetInUse, chamber.AssetMissing, chamber.AssetDisposed}, status) {
		return nil, fieldErr("status", "err.invalid_value")
	}
	return queryAll(ctx, db.read, scanAsset, `SELECT `+assetColumns+` FROM assets WHERE $1 = '' OR status = $1 ORDER BY id LIMIT 2000`, status)
}

// FindAsset returns one asset with its history (org.read).
func (db *DB) FindAsset(ctx context.Context, id chamber.ID) (*chamber.Asset, error) {
	if err := requireAssetRead(chamber.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	return db.loadAsset(ctx, db.read, id)
}

func (db *DB) loadAsset(ctx context.Context, q querier, id chamber.ID) (*chamber.Asset, error) {
	a, err := scanAsset(q.QueryRowContext(ctx, `SELECT `+assetColumns+` FROM assets WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "asset.err.not_found")
	}
	a.Events, err = queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.AssetEvent, error) {
		var e chamber.AssetEvent
		var at int64
		err := sc.Scan(&e.Kind, &e.Detail, &e.UserID, &at)
		e.CreatedAt = fromMicros(at)
		return e, err
	}, `SELECT kind, detail, user_id, created_at FROM asset_events WHERE asset_id = $1 ORDER BY id`, id)
	return a, err
}

// liveAsset loads an asset inside tx that is not disposed (409 otherwise).
func (db *DB) liveAsset(tx *Tx, id chamber.ID) (*chamber.Asset, error) {
	a, err := db.loadAsset(tx.ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if a.Status == chamber.AssetDisposed {
		return nil, &chamber.Error{Code: chamber.ECONFLICT, Reason: "disposed", Key: "asset.err.disposed"}
	}
	return a, nil
}

// TransferAsset hands an asset to another custodian and/or place.
func (db *DB) TransferAsset(ctx context.Context, id chamber.ID, in chamber.AssetTransfer) (*chamber.Asset, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	in.Location, in.Note = strings.TrimSpace(in.Location), strings.TrimSpace(in.Note)
	var f chamber.Fields
	if in.CustodianID <= 0 {
		f.Add("custodian_user_id", "err.required")
	}
	if len([]rune(in.Location)) > 100 {
		f.Add("location", "err.too_long", 100)
	}
	if len([]rune(in.Note)) > 200 {
		f.Add("note", "err.too_long", 200)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Asset
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := db.liveAsset(tx, id)
		if err != nil {
			return err
		}
		holder, err := userName(ctx, tx, in.CustodianID, "custodian_user_id")
		if err != nil {
			return err
		}
		before := map[string]any{"custodian_user_id": a.CustodianID, "location": a.Location}
		detail := a.Custodian + " → " + holder
		if in.Location != "" && in.Location != a.Location {
			detail += " · " + a.Location + " → " + in.Location
			a.Location = in.Location
		}
		if in.Note != "" {
			detail += " · " + in.Note
		}
		a.CustodianID, a.Custodian = in.CustodianID, holder
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET custodian_id = $1, custodian = $2, location = $3 WHERE id = $4`,
			a.CustodianID, a.Custodian, a.Location, a.ID); err != nil {
			return err
		}
		if err := tx.assetEvent(a.ID, "transfer", detail); err != nil {
			return err
		}
		a.Events = append(a.Events, chamber.AssetEvent{Kind: "transfer", Detail: detail, UserID: actor.UserID, CreatedAt: tx.now})
		out = a
		return tx.Audit("asset.transfer", "asset", a.ID, before, map[string]any{"custodian_user_id": a.CustodianID, "location": a.Location})
	})
	return out, err
}

// CheckAssets records an inventory check (盘点): found assets are in use,
// missing ones marked missing, both with the check's date.
func (db *DB) CheckAssets(ctx context.Context, in chamber.AssetCheck) (*chamber.AssetCheckResult, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if in.Date == "" {
		in.Date = db.Today(ctx)
	}
	var f chamber.Fields
	if !chamber.ValidDate(in.Date) {
		f.Add("date", "err.date")
	}
	if len(in.Found)+len(in.Missing) == 0 {
		f.Add("found", "err.required")
	} else if len(in.Found)+len(in.Missing) > 2000 {
		f.Add("found", "err.too_many", 2000)
	}
	seen := map[chamber.ID]bool{}
	for i, id := range append(append([]chamber.ID(nil), in.Found...), in.Missing...) {
		if seen[id] {
			name, k := "found", i
			if i >= len(in.Found) {
				name, k = "missing", i-len(in.Found)
			}
			f.Add(fmt.Sprintf("%s[%d]", name, k), "asset.err.twice")
		}
		seen[id] = true
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	res := &chamber.AssetCheckResult{Date: in.Date, Found: len(in.Found), Missing: len(in.Missing)}
	err := db.Write(ctx, actor, func(tx *Tx) error {
		for _, set := range []struct {
			field  string
			ids    []chamber.ID
			status string
		}{{"found", in.Found, chamber.AssetInUse}, {"missing", in.Missing, chamber.AssetMissing}} {
			for i, id := range set.ids {
				res, err := tx.ExecContext(ctx, `UPDATE assets SET status = $1, checked_on = $2 WHERE id = $3 AND status <> 'disposed'`,
					set.status, in.Date, id)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 0 {
					return fieldErr(fmt.Sprintf("%s[%d]", set.field, i), "asset.err.not_found")
				}
				if err := tx.assetEvent(id, "check", in.Date+" "+set.field); err != nil {
					return err
				}
			}
		}
		return tx.Audit("asset.check", "asset", 0, nil, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// DisposeAsset writes an asset off (报废): Dr 其他费用 5401 / Cr 固定资产 1501
// at its cost; a disposed asset stays in the register.
func (db *DB) DisposeAsset(ctx context.Context, id chamber.ID, in chamber.AssetDisposal) (*chamber.Asset, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermStaffManage); err != nil {
		return nil, err
	}
	if in.Date == "" {
		in.Date = db.Today(ctx)
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var f chamber.Fields
	if !chamber.ValidDate(in.Date) {
		f.Add("date", "ledger.err.date")
	}
	if in.Reason == "" {
		f.Add("reason", "err.required")
	} else if len([]rune(in.Reason)) > 200 {
		f.Add("reason", "err.too_long", 200)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Asset
	err := db.Write(ctx, actor, func(tx *Tx) error {
		a, err := db.liveAsset(tx, id)
		if err != nil {
			return err
		}
		if in.Date < a.AcquiredOn {
			return fieldErr("date", "err.date_before_start")
		}
		if a.CostFen > 0 {
			// Dr 累计折旧 what was charged, Dr 其他费用 the book value left, Cr 固定资产 the cost.
			memo := truncRunes(a.Number+" "+a.Name+" "+in.Reason, 100)
			var lines []chamber.NewVoucherLine
			if a.DepreciatedFen > 0 {
				lines = append(lines, chamber.NewVoucherLine{Account: chamber.AccountAccumulatedDepreciation, DebitFen: a.DepreciatedFen, Memo: memo})
			}
			if book := a.CostFen - a.DepreciatedFen; book > 0 {
				lines = append(lines, chamber.NewVoucherLine{Account: chamber.AccountOtherExpense, DebitFen: book, Memo: memo})
			}
			lines = append(lines, chamber.NewVoucherLine{Account: chamber.AccountFixedAssets, CreditFen: a.CostFen, Memo: memo})
			v, err := tx.postVoucher(chamber.NewVoucher{Date: in.Date, Kind: chamber.VoucherAssetDisposal,
				Summary: truncRunes("固定资产报废 "+a.Number+" "+a.Name, 200), Lines: lines}, nil)
			if err != nil {
				return err
			}
			if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
				return err
			}
			a.DisposalVoucherID = v.ID
		}
		before := a.Status
		a.Status, a.DisposedOn = chamber.AssetDisposed, in.Date
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET status = $1, disposed_on = $2, disposal_voucher_id = $3 WHERE id = $4`,
			a.Status, a.DisposedOn, nullID(a.DisposalVoucherID), a.ID); err != nil {
			return err
		}
		if err := tx.assetEvent(a.ID, "disposal", in.Reason); err != nil {
			return err
		}
		out = a
		return tx.Audit("asset.dispose", "asset", a.ID, map[string]any{"status": before},
			map[string]any{"status": a.Status, "voucher_id": a.DisposalVoucherID, "reason": in.Reason})
	})
	return out, err
}
