package chamber

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Reimbursement statuses: pending approval, approved (its voucher posted,
// waiting in the payment queue), paid, or rejected.
const (
	ClaimPending  = "pending"
	ClaimApproved = "approved"
	ClaimPaid     = "paid"
	ClaimRejected = "rejected"
)

// ClaimStatuses lists the statuses in display order.
var ClaimStatuses = []string{ClaimPending, ClaimApproved, ClaimPaid, ClaimRejected}

// ReimbursementPayable is the liability an approved claim is owed on: 应付报销款.
const ReimbursementPayable = "220901"

// Reimbursement is an expense claim (报销) by a staff login. It routes up
// the reports-to chain; when the last approver approves, it posts Dr expense
// / Cr 应付报销款 and waits to be paid; paying posts Dr 应付报销款 / Cr cash.
type Reimbursement struct {
	ID           ID     `json:"id"`
	Number       string `json:"number"` // 报-2026-00001
	ClaimantID   ID     `json:"claimant_id"`
	Claimant     string `json:"claimant"`
	DepartmentID ID     `json:"department_id"`
	Department   string `json:"department"`
	Date         string `json:"date"`
	Summary      string `json:"summary"`
	Receipts     string `json:"receipts"` // 附件: file names or a note
	TotalFen     int64  `json:"total_fen"`
	Status       string `json:"status"`
	CurrentStep  int    `json:"current_step"` // index into Steps while pending
	// WaitingFor is the current approver's name (lists; "" when none).
	WaitingFor   string              `json:"waiting_for,omitempty"`
	Lines        []ReimbursementLine `json:"lines"`
	Steps        []ReimbursementStep `json:"steps"`
	VoucherID    ID                  `json:"voucher_id,omitempty"`
	PayVoucherID ID                  `json:"pay_voucher_id,omitempty"`
	PaidAt       *time.Time          `json:"paid_at"`
	CreatedAt    time.Time           `json:"created_at"`
	// Budget is the claimant's department budget check (filled on read).
	Budget *BudgetCheck `json:"budget,omitempty"`
}

// ReimbursementLine is one expense of a claim.
type ReimbursementLine struct {
	LineNo      int    `json:"line_no"`
	Date        string `json:"date"`
	Account     string `json:"account"` // an expense account (5xxx)
	AccountName string `json:"account_name,omitempty"`
	AmountFen   int64  `json:"amount_fen"`
	Memo        string `json:"memo"`
}

// ReimbursementStep is one approver of a claim, in order.
type ReimbursementStep struct {
	Seq          int        `json:"seq"`
	PositionCode string     `json:"position_code"`
	PositionName string     `json:"position_name"`
	ApproverID   ID         `json:"approver_id"`
	Approver     string     `json:"approver"`
	Acting       bool       `json:"acting"`
	Decision     string     `json:"decision"` // "", "approved", "rejected"
	Comment      string     `json:"comment"`
	DecidedAt    *time.Time `json:"decided_at"`
}

// CurrentApprover is the login that must act now, 0 when none.
func (r *Reimbursement) CurrentApprover() ID {
	if r.Status != ClaimPending || r.CurrentStep < 0 || r.CurrentStep >= len(r.Steps) {
		return 0
	}
	return r.Steps[r.CurrentStep].ApproverID
}

// BudgetCheck compares a claim with its department's budget for the year:
// what the matching budget lines allow, what is spent, and where spending
// would stand with the claim. Alert follows BudgetAlert ("", "80", "100").
type BudgetCheck struct {
	Year       int    `json:"year"`
	BudgetFen  int64  `json:"budget_fen"`
	SpentFen   int64  `json:"spent_fen"`
	WithFen    int64  `json:"with_claim_fen"`
	Percent    int64  `json:"percent"`
	Alert      string `json:"alert"`
	NoBudget   bool   `json:"no_budget"`
	Department string `json:"department"`
}

// NewBudgetCheck fills the percentage and alert of a check.
func NewBudgetCheck(year int, budget, spent, claim int64) *BudgetCheck {
	c := &BudgetCheck{Year: year, BudgetFen: budget, SpentFen: spent, WithFen: spent + claim, NoBudget: budget <= 0}
	if budget > 0 {
		c.Percent = c.WithFen * 100 / budget
	}
	c.Alert = BudgetAlert(c.WithFen, budget)
	return c
}

// NewReimbursementLine is one expense line of a new claim.
type NewReimbursementLine struct {
	Date      string `json:"date"`
	Account   string `json:"account"`
	AmountFen int64  `json:"amount_fen"`
	Memo      string `json:"memo"`
}

// NewReimbursement is the claim form.
type NewReimbursement struct {
	Summary  string                 `json:"summary"`
	Receipts string                 `json:"receipts"`
	Lines    []NewReimbursementLine `json:"lines"`
}

// MaxClaimLines bounds a claim.
const MaxClaimLines = 50

// Validate checks the form; the store checks the accounts exist.
func (n *NewReimbursement) Validate() error {
	var f Fields
	if c := utf8.RuneCountInString(n.Summary); c == 0 {
		f.Add("summary", "err.required")
	} else if c > 200 {
		f.Add("summary", "err.too_long", 200)
	}
	if utf8.RuneCountInString(n.Receipts) > 1000 {
		f.Add("receipts", "err.too_long", 1000)
	}
	switch {
	case len(n.Lines) == 0:
		f.Add("lines", "reimb.err.no_lines")
	case len(n.Lines) > MaxClaimLines:
		f.Add("lines", "reimb.err.too_many_lines", MaxClaimLines)
	}
	var total int64
	for i, l := range n.Lines {
		p := fmt.Sprintf("lines[%d].", i)
		if !ValidDate(l.Date) {
			f.Add(p+"date", "ledger.err.date")
		}
		if !digits(l.Account) || len(l.Account) < 4 || len(l.Account) > 12 || KindOfCode(l.Account) != AccountExpense {
			f.Add(p+"account", "reimb.err.expense_account")
		}
		if l.AmountFen <= 0 || l.AmountFen > MaxAmountFen {
			f.Add(p+"amount_fen", "ledger.err.amount")
		} else {
			total += l.AmountFen
		}
		if utf8.RuneCountInString(l.Memo) > 200 {
			f.Add(p+"memo", "err.too_long", 200)
		}
	}
	if total > MaxAmountFen {
		f.Add("lines", "ledger.err.too_large")
	}
	return f.Err()
}

// Total is the sum of the lines.
func (n *NewReimbursement) Total() int64 {
	var t int64
	for _, l := range n.Lines {
		t += l.AmountFen
	}
	return t
}

// ClaimDecision is an approver's approve or reject, with a comment.
type ClaimDecision struct {
	Comment string `json:"comment"`
}

// ClaimPayment pays an approved claim out of a cash account.
type ClaimPayment struct {
	Date        string `json:"date"`         // default today
	CashAccount string `json:"cash_account"` // default 100201 基本存款户
}

// ReimbursementNumber numbers a claim.
func ReimbursementNumber(year string, id ID) string { return fmt.Sprintf("报-%s-%05d", year, id) }

// DefaultReimbursementLimits: above ¥5,000 the claim also goes to the
// 秘书长, above ¥50,000 to the 会长 (超过: the number itself stays below).
var DefaultReimbursementLimits = []ApprovalLimit{
	{AboveFen: 500000, PositionCode: PosSecretaryGeneral},
	{AboveFen: 5000000, PositionCode: PosPresident},
}

// FormatLimits writes limits as "500000:secretary_general,5000000:president" (a setting).
func FormatLimits(ls []ApprovalLimit) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = strconv.FormatInt(l.AboveFen, 10) + ":" + l.PositionCode
	}
	return strings.Join(parts, ",")
}

// ParseLimits reads what FormatLimits writes.
func ParseLimits(s string) ([]ApprovalLimit, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	var out []ApprovalLimit
	for _, p := range strings.Split(s, ",") {
		a, code, ok := strings.Cut(strings.TrimSpace(p), ":")
		n, err := strconv.ParseInt(a, 10, 64)
		if !ok || err != nil || n < 0 || n > MaxAmountFen || !codeRE.MatchString(code) {
			return nil, false
		}
		out = append(out, ApprovalLimit{AboveFen: n, PositionCode: code})
	}
	return out, true
}

// ValidateLimits checks limits from a form or the API.
func ValidateLimits(ls []ApprovalLimit) error {
	var f Fields
	if len(ls) > 20 {
		f.Add("limits", "err.invalid_value")
	}
	for i, l := range ls {
		if l.AboveFen < 0 || l.AboveFen > MaxAmountFen {
			f.Add(fmt.Sprintf("limits[%d].above_fen", i), "ledger.err.amount")
		}
		if !codeRE.MatchString(l.PositionCode) {
			f.Add(fmt.Sprintf("limits[%d].position_code", i), "err.code_format")
		}
	}
	return f.Err()
}

// ClaimFilter selects claims: View is "mine", "waiting" (for the caller's
// decision) or "all" (finance.read); Status optionally narrows.
type ClaimFilter struct {
	View   string
	Status string
}

// ReimbursementService files, routes, approves and pays expense claims.
type ReimbursementService interface {
	CreateReimbursement(ctx context.Context, in NewReimbursement) (*Reimbursement, error)
	FindReimbursement(ctx context.Context, id ID) (*Reimbursement, error)
	ListReimbursements(ctx context.Context, f ClaimFilter, p Page) ([]*Reimbursement, string, error)
	// WaitingCount is how many claims wait for the caller's decision.
	WaitingCount(ctx context.Context) (int, error)
	ApproveReimbursement(ctx context.Context, id ID, d ClaimDecision) (*Reimbursement, error)
	RejectReimbursement(ctx context.Context, id ID, d ClaimDecision) (*Reimbursement, error)
	PayReimbursement(ctx context.Context, id ID, p ClaimPayment) (*Reimbursement, error)
	ReimbursementLimits(ctx context.Context) ([]ApprovalLimit, error)
	SetReimbursementLimits(ctx context.Context, ls []ApprovalLimit) ([]ApprovalLimit, error)
}
