package chamber

import (
	"context"
	"time"
)

// Depreciation (折旧) of the fixed assets (1501) by the straight-line
// method, one run per month posting one voucher: Dr 520105 折旧费 /
// Cr 1502 累计折旧. An asset is depreciated from the month after it was
// acquired (当月增加，下月计提) through the month it is disposed of (当月
// 减少，当月照提), until its cost less residual value is charged.

// Accounts of depreciation.
const (
	AccountAccumulatedDepreciation = "1502"   // 累计折旧
	AccountDepreciationExpense     = "520105" // 管理费用-折旧费
)

// VoucherDepreciation is the voucher kind of a monthly run.
const VoucherDepreciation = "depreciation"

// DefaultLifeMonths is an asset's useful life unless set (5 years, 办公设备).
const DefaultLifeMonths = 60

// MonthlyDepreciation is month k's charge (k = 0 is the first month) of an
// asset: the straight line over lifeMonths of cost less residual, the
// remainder of the division spread so that the months sum to it exactly;
// 0 past the life or when nothing is left to charge.
func MonthlyDepreciation(costFen, residualFen int64, lifeMonths, k int, chargedFen int64) int64 {
	base := costFen - residualFen
	if lifeMonths <= 0 || k < 0 || k >= lifeMonths || base <= 0 {
		return 0
	}
	amount := base*int64(k+1)/int64(lifeMonths) - base*int64(k)/int64(lifeMonths)
	if left := base - chargedFen; amount > left {
		amount = left
	}
	if amount < 0 {
		return 0
	}
	return amount
}

// DepreciationLine is one asset's charge in a run.
type DepreciationLine struct {
	AssetID   ID     `json:"asset_id"`
	Number    string `json:"number"`
	Name      string `json:"name"`
	AmountFen int64  `json:"amount_fen"`
}

// DepreciationRun is one month's depreciation.
type DepreciationRun struct {
	Month     string             `json:"month"` // YYYY-MM
	VoucherID ID                 `json:"voucher_id"`
	AmountFen int64              `json:"amount_fen"`
	Assets    int                `json:"assets"`
	Lines     []DepreciationLine `json:"lines,omitempty"`
	CreatedAt time.Time          `json:"created_at"`
}

// AssetLife sets an asset's useful life and residual value.
type AssetLife struct {
	LifeMonths  int   `json:"life_months"`
	ResidualFen int64 `json:"residual_fen"`
}

// DepreciationService runs the monthly depreciation.
type DepreciationService interface {
	// Depreciate runs month (YYYY-MM) once; created is false when the
	// month had run already (the same run is returned, nothing posted).
	Depreciate(ctx context.Context, month string) (run *DepreciationRun, created bool, err error)
	ListDepreciation(ctx context.Context) ([]*DepreciationRun, error)
	SetAssetLife(ctx context.Context, id ID, l AssetLife) (*Asset, error)
}
