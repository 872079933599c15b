package chamber

import "context"

// Approver is one step of an approval chain: the holder (or acting holder)
// of a position above the requester's.
type Approver struct {
	PositionID   ID     `json:"position_id"`
	PositionCode string `json:"position_code"` // e.g. "secretary_general", "president", "" for custom positions
	PositionName string `json:"position_name"`
	UserID       ID     `json:"user_id"`
	Name         string `json:"name"`
	Acting       bool   `json:"acting"` // an acting holder (代理) while the holder is away
}

// Approvals routes requests (leave, reimbursements, documents) along the
// org chart's reports-to lines.
type Approvals interface {
	// ApprovalChain lists, nearest first, who stands above userID's
	// position on date (YYYY-MM-DD): vacant positions are skipped and acting
	// holders stand in. A login that holds no position gets ENOTFOUND.
	ApprovalChain(ctx context.Context, userID ID, on string) ([]Approver, error)
}
