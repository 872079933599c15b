package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
)

// Depreciate runs one month's straight-line depreciation (finance.post):
// every fixed asset acquired before the month and not disposed of before it
// is charged its month's share, all in one voucher dated the month's last
// day. A month runs once: the run is the primary key of depreciation_runs,
// and a second call (also one sent at the same time) returns the first run
// without posting anything.
func (db *DB) Depreciate(ctx context.Context, month string) (*chamber.DepreciationRun, bool, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, false, err
	}
	first, err := time.Parse("2006-01", month)
	if err != nil || len(month) != 7 || !chamber.DateInRange(first) {
		return nil, false, fieldErr("month", "err.invalid_value")
	}
	if month > db.today(ctx)[:7] {
		return nil, false, fieldErr("month", "depreciation.err.future")
	}
	last := first.AddDate(0, 1, -1).Format("2006-01-02")
	var out *chamber.DepreciationRun
	created := false
	err = db.Write(ctx, actor, func(tx *Tx) error {
		if db.Dialect == Postgres { // one run of a month at a time, across instances
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(50, CAST($1 AS INTEGER))`, first.Year()*100+int(first.Month())); err != nil {
				return err
			}
		}
		if run, err := loadRun(ctx, tx, month); err == nil {
			out = run
			return nil
		} else if chamber.ErrorCode(err) != chamber.ENOTFOUND {
			return err
		}
		assets, err := queryAll(ctx, tx, scanAsset, `SELECT `+assetColumns+` FROM assets
			WHERE acquired_on < $1 AND cost_fen > 0 AND (status <> 'disposed' OR COALESCE(disposed_on, '') >= $1) ORDER BY id`, month+"-01")
		if err != nil {
			return err
		}
		run := &chamber.DepreciationRun{Month: month, CreatedAt: tx.now}
		for _, a := range assets {
			var k int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM asset_depreciation WHERE asset_id = $1`, a.ID).Scan(&k); err != nil {
				return err
			}
			amount := chamber.MonthlyDepreciation(a.CostFen, a.ResidualFen, a.LifeMonths, k, a.DepreciatedFen)
			if amount <= 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO asset_depreciation(asset_id, month, amount_fen) VALUES ($1, $2, $3)`, a.ID, month, amount); err != nil {
				return err
			}
			run.Lines = append(run.Lines, chamber.DepreciationLine{AssetID: a.ID, Number: a.Number, Name: a.Name, AmountFen: amount})
			run.AmountFen += amount
		}
		run.Assets = len(run.Lines)
		if run.AmountFen > 0 {
			memo := fmt.Sprintf("%s 固定资产 %d 项", month, run.Assets)
			v, err := tx.postVoucher(chamber.NewVoucher{Date: last, Kind: chamber.VoucherDepreciation, Summary: "计提 " + month + " 固定资产折旧",
				Lines: []chamber.NewVoucherLine{
					{Account: chamber.AccountDepreciationExpense, DebitFen: run.AmountFen, Memo: memo},
					{Account: chamber.AccountAccumulatedDepreciation, CreditFen: run.AmountFen, Memo: memo}}}, nil)
			if err != nil {
				return err
			}
			if err := tx.Audit("voucher.post", "voucher", v.ID, nil, v); err != nil {
				return err
			}
			run.VoucherID = v.ID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO depreciation_runs(month, voucher_id, amount_fen, assets, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, month, run.VoucherID, run.AmountFen, run.Assets, actor.UserID, micros(tx.now)); err != nil {
			return err
		}
		out, created = run, true
		return tx.Audit("depreciation.run", "depreciation", int64(first.Year()*100+int(first.Month())), nil, run)
	})
	if err != nil {
		return nil, false, err
	}
	return out, created, nil
}

func scanRun(sc interface{ Scan(...any) error }) (*chamber.DepreciationRun, error) {
	var r chamber.DepreciationRun
	var at int64
	if err := sc.Scan(&r.Month, &r.VoucherID, &r.AmountFen, &r.Assets, &at); err != nil {
		return nil, err
	}
	r.CreatedAt = fromMicros(at)
	return &r, nil
}

// loadRun reads a month's run with its lines.
func loadRun(ctx context.Context, q querier, month string) (*chamber.DepreciationRun, error) {
	r, err := scanRun(q.QueryRowContext(ctx, `SELECT month, voucher_id, amount_fen, assets, created_at FROM depreciation_runs WHERE month = $1`, month))
	if err != nil {
		return nil, notFound(err, "depreciation.err.not_found")
	}
	r.Lines, err = queryAll(ctx, q, func(sc interface{ Scan(...any) error }) (chamber.DepreciationLine, error) {
		var l chamber.DepreciationLine
		return l, sc.Scan(&l.AssetID, &l.Number, &l.Name, &l.AmountFen)
	}, `SELECT a.id, a.number, a.name, d.amount_fen FROM asset_depreciation d JOIN assets a ON a.id = d.asset_id
		WHERE d.month = $1 ORDER BY a.id`, month)
	return r, err
}

// ListDepreciation lists the runs, latest month first (finance.read).
func (db *DB) ListDepreciation(ctx context.Context) ([]*chamber.DepreciationRun, error) {
	if err := chamber.ActorFrom(ctx).Require(chamber.PermFinanceRead); err != nil {
		return nil, err
	}
	return queryAll(ctx, db.read, scanRun, `SELECT month, voucher_id, amount_fen, assets, created_at FROM depreciation_runs ORDER BY month DESC LIMIT 600`)
}

// SetAssetLife sets an asset's useful life (1–600 months) and residual
// value (below its cost) for the months still to run (finance.post).
func (db *DB) SetAssetLife(ctx context.Context, id chamber.ID, l chamber.AssetLife) (*chamber.Asset, error) {
	actor := chamber.ActorFrom(ctx)
	if err := actor.Require(chamber.PermFinancePost); err != nil {
		return nil, err
	}
	var f chamber.Fields
	if l.LifeMonths < 1 || l.LifeMonths > 600 {
		f.Add("life_months", "err.invalid_value")
	}
	if l.ResidualFen < 0 {
		f.Add("residual_fen", "err.invalid_value")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *chamber.Asset
	err := db.Write(ctx, actor, func(tx *Tx) error {
		before, err := db.liveAsset(tx, id)
		if err != nil {
			return err
		}
		if l.ResidualFen >= before.CostFen && before.CostFen > 0 {
			return fieldErr("residual_fen", "depreciation.err.residual")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET life_months = $1, residual_fen = $2 WHERE id = $3`, l.LifeMonths, l.ResidualFen, id); err != nil {
			return err
		}
		if out, err = db.loadAsset(ctx, tx, id); err != nil {
			return err
		}
		if err := tx.assetEvent(id, "life", strconv.Itoa(l.LifeMonths)+" / "+chamber.FormatYuan(l.ResidualFen)); err != nil {
			return err
		}
		return tx.Audit("asset.life", "asset", id, map[string]any{"life_months": before.LifeMonths, "residual_fen": before.ResidualFen},
			map[string]any{"life_months": l.LifeMonths, "residual_fen": l.ResidualFen})
	})
	return out, err
}
