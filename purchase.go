package chamber

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Purchasing (物品采购), the asset register (财产) and office supplies (物品).

// Purchase statuses.
const (
	PurchasePending  = "pending"  // on its way along the approval chain
	PurchaseApproved = "approved" // every step said yes; waiting for the goods
	PurchaseRejected = "rejected"
	PurchaseReceived = "received" // goods in: assets registered, supplies stocked, voucher posted
)

// PurchaseStatuses lists the statuses in their order.
var PurchaseStatuses = []string{PurchasePending, PurchaseApproved, PurchaseRejected, PurchaseReceived}

// TodoPurchase is a purchase request waiting for the caller's approval.
const TodoPurchase = "purchase"

// Asset statuses.
const (
	AssetInUse    = "in_use"
	AssetMissing  = "missing" // not found at the last inventory check (盘点)
	AssetDisposed = "disposed"
)

// Accounts a purchase and a disposal post to.
const (
	AccountFixedAssets  = "1501"   // 固定资产
	AccountPayable      = "2202"   // 应付账款
	AccountOfficeCosts  = "520102" // 办公费 (consumables)
	AccountOtherExpense = "5401"   // 其他费用 (an asset written off)
)

// PurchaseNumber is a purchase request's number, CG-YYYY-NNNN.
func PurchaseNumber(year string, seq int64) string { return fmt.Sprintf("CG-%s-%04d", year, seq) }

// AssetNumber is an asset's register number, ZC-YYYY-NNNN.
func AssetNumber(year string, seq int64) string { return fmt.Sprintf("ZC-%s-%04d", year, seq) }

// PurchaseItem is one line of a purchase request; Asset items become fixed
// assets (one per unit), the others office supplies of that name.
type PurchaseItem struct {
	LineNo       int    `json:"line_no"`
	Name         string `json:"name"`
	Unit         string `json:"unit"`
	Qty          int64  `json:"qty"`
	UnitPriceFen int64  `json:"unit_price_fen"`
	Asset        bool   `json:"asset"`
}

// AmountFen is the line's amount.
func (it PurchaseItem) AmountFen() int64 { return it.Qty * it.UnitPriceFen }

// NewPurchase is a purchase request as filed.
type NewPurchase struct {
	Title    string         `json:"title"`
	Items    []PurchaseItem `json:"items"`
	BudgetID ID             `json:"budget_id"`
}

// Validate checks a request's fields.
func (in *NewPurchase) Validate() error {
	var f Fields
	in.Title = strings.TrimSpace(in.Title)
	textField(&f, "title", in.Title, true, 200)
	if in.BudgetID <= 0 {
		f.Add("budget_id", "err.required")
	}
	if len(in.Items) == 0 {
		f.Add("items", "err.required")
	} else if len(in.Items) > 50 {
		f.Add("items", "err.too_many", 50)
	}
	for i := range in.Items {
		it := &in.Items[i]
		it.Name, it.Unit = strings.TrimSpace(it.Name), strings.TrimSpace(it.Unit)
		textField(&f, fmt.Sprintf("items[%d].name", i), it.Name, true, 100)
		textField(&f, fmt.Sprintf("items[%d].unit", i), it.Unit, false, 10)
		if it.Qty <= 0 || it.Qty > 10000 {
			f.Add(fmt.Sprintf("items[%d].qty", i), "err.invalid_value")
		}
		if it.UnitPriceFen < 0 || it.UnitPriceFen > 1e11 {
			f.Add(fmt.Sprintf("items[%d].unit_price_fen", i), "err.invalid_value")
		}
		if it.Asset && it.Qty > 100 {
			f.Add(fmt.Sprintf("items[%d].qty", i), "purchase.err.too_many_assets", 100)
		}
	}
	if f.Err() == nil && in.Total() <= 0 {
		f.Add("items", "purchase.err.zero_total")
	}
	return f.Err()
}

// Total is the sum of the items.
func (in *NewPurchase) Total() int64 {
	var t int64
	for _, it := range in.Items {
		t += it.AmountFen()
	}
	return t
}

// Purchase is a purchase request with its items and approval steps.
type Purchase struct {
	ID           ID                  `json:"id"`
	Number       string              `json:"number"`
	Title        string              `json:"title"`
	RequesterID  ID                  `json:"requester_id"`
	Requester    string              `json:"requester"`
	DepartmentID ID                  `json:"department_id"`
	Department   string              `json:"department"`
	BudgetID     ID                  `json:"budget_id"`
	TotalFen     int64               `json:"total_fen"`
	Status       string              `json:"status"`
	CurrentStep  int                 `json:"current_step"`
	WaitingFor   string              `json:"waiting_for,omitempty"`
	VoucherID    ID                  `json:"voucher_id,omitempty"`
	ReceivedOn   string              `json:"received_on,omitempty"`
	Items        []PurchaseItem      `json:"items"`
	Steps        []ReimbursementStep `json:"steps"`
	Budget       *PurchaseBudget     `json:"budget,omitempty"`
	CreatedAt    time.Time           `json:"created_at"`
}

// CurrentApprover is the login that must act now, 0 when none.
func (p *Purchase) CurrentApprover() ID {
	if p.Status != PurchasePending || p.CurrentStep < 0 || p.CurrentStep >= len(p.Steps) {
		return 0
	}
	return p.Steps[p.CurrentStep].ApproverID
}

// PurchaseBudget is a budget line's room: what it allows, what other
// vouchers posted against it and what its purchases (not rejected) commit.
type PurchaseBudget struct {
	BudgetID     ID     `json:"budget_id"`
	Year         int    `json:"year"`
	Account      string `json:"account"`
	Department   string `json:"department"`
	Project      string `json:"project"`
	AmountFen    int64  `json:"amount_fen"`
	SpentFen     int64  `json:"spent_fen"`
	CommittedFen int64  `json:"committed_fen"`
	AvailableFen int64  `json:"available_fen"`
}

// PurchaseFilter selects purchase requests: View "mine" (default),
// "waiting" (for the caller's decision) or "all" (staff.manage).
type PurchaseFilter struct {
	View   string
	Status string
}

// PurchaseReceipt records the goods of an approved purchase arriving; the
// voucher credits PayAccount (应付账款 2202 unless a bank or cash account).
type PurchaseReceipt struct {
	Date        string `json:"date"`
	PayAccount  string `json:"pay_account"`
	CustodianID ID     `json:"custodian_user_id"`
	Location    string `json:"location"`
}

// Asset is one fixed asset in the register.
type Asset struct {
	ID                ID     `json:"id"`
	Number            string `json:"number"`
	Name              string `json:"name"`
	PurchaseID        ID     `json:"purchase_id,omitempty"`
	CostFen           int64  `json:"cost_fen"`
	AcquiredOn        string `json:"acquired_on"`
	CustodianID       ID     `json:"custodian_user_id"`
	Custodian         string `json:"custodian"`
	Location          string `json:"location"`
	Status            string `json:"status"`
	CheckedOn         string `json:"checked_on,omitempty"`
	VoucherID         ID     `json:"voucher_id,omitempty"`
	DisposalVoucherID ID     `json:"disposal_voucher_id,omitempty"`
	DisposedOn        string `json:"disposed_on,omitempty"`
	// Straight-line depreciation: useful life, residual value, and what
	// the monthly runs have charged so far (累计折旧).
	LifeMonths     int          `json:"life_months"`
	ResidualFen    int64        `json:"residual_fen"`
	DepreciatedFen int64        `json:"depreciated_fen"`
	Events         []AssetEvent `json:"events,omitempty"`
	CreatedAt      time.Time    `json:"created_at"`
}

// AssetEvent is one line of an asset's history: received, transfer, check, disposal.
type AssetEvent struct {
	Kind      string    `json:"kind"`
	Detail    string    `json:"detail"`
	UserID    ID        `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
}

// AssetTransfer hands an asset to another custodian or place.
type AssetTransfer struct {
	CustodianID ID     `json:"custodian_user_id"`
	Location    string `json:"location"`
	Note        string `json:"note"`
}

// AssetCheck is an inventory check (盘点): the assets found and missing.
type AssetCheck struct {
	Date    string `json:"date"`
	Found   []ID   `json:"found"`
	Missing []ID   `json:"missing"`
}

// AssetCheckResult counts an inventory check.
type AssetCheckResult struct {
	Date    string `json:"date"`
	Found   int    `json:"found"`
	Missing int    `json:"missing"`
}

// AssetDisposal writes an asset off: Dr 其他费用 / Cr 固定资产.
type AssetDisposal struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// Supply is an office supply (物品) kept in stock.
type Supply struct {
	ID        ID        `json:"id"`
	Name      string    `json:"name"`
	Unit      string    `json:"unit"`
	Stock     int64     `json:"stock"`
	CreatedAt time.Time `json:"created_at"`
}

// SupplyIssue hands out office supplies to a person; stock never goes below zero.
type SupplyIssue struct {
	Qty    int64  `json:"qty"`
	UserID ID     `json:"user_id"`
	Note   string `json:"note"`
}

// SupplyMove is one change of stock: positive from a purchase, negative an issue.
type SupplyMove struct {
	ID         ID        `json:"id"`
	SupplyID   ID        `json:"supply_id"`
	Qty        int64     `json:"qty"`
	PurchaseID ID        `json:"purchase_id,omitempty"`
	UserID     ID        `json:"user_id"`
	Taker      string    `json:"taker"`
	Note       string    `json:"note"`
	CreatedAt  time.Time `json:"created_at"`
}

// PurchaseService keeps purchases, assets and office supplies.
type PurchaseService interface {
	// PurchaseBudgets are the year's budget lines a purchase may draw on, with their room.
	PurchaseBudgets(ctx context.Context, year int) ([]*PurchaseBudget, error)
	CreatePurchase(ctx context.Context, in NewPurchase) (*Purchase, error)
	FindPurchase(ctx context.Context, id ID) (*Purchase, error)
	ListPurchases(ctx context.Context, f PurchaseFilter) ([]*Purchase, error)
	DecidePurchase(ctx context.Context, id ID, approve bool, comment string) (*Purchase, error)
	ReceivePurchase(ctx context.Context, id ID, in PurchaseReceipt) (*Purchase, error)
	ListAssets(ctx context.Context, status string) ([]*Asset, error)
	FindAsset(ctx context.Context, id ID) (*Asset, error)
	TransferAsset(ctx context.Context, id ID, in AssetTransfer) (*Asset, error)
	CheckAssets(ctx context.Context, in AssetCheck) (*AssetCheckResult, error)
	DisposeAsset(ctx context.Context, id ID, in AssetDisposal) (*Asset, error)
	CreateSupply(ctx context.Context, s Supply) (*Supply, error)
	ListSupplies(ctx context.Context) ([]*Supply, error)
	IssueSupply(ctx context.Context, id ID, in SupplyIssue) (*SupplyMove, error)
	ListSupplyMoves(ctx context.Context, id ID) ([]*SupplyMove, error)
}

// Voucher kinds of purchasing.
const (
	VoucherPurchase      = "purchase"       // goods received
	VoucherAssetDisposal = "asset_disposal" // an asset written off
)
