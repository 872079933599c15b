package chamber

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Archive borrowing (借阅) and destruction (销毁). A filed record never
// changes; a loan and a destruction list are records of their own. A
// destruction list names the records whose retention has ended; only its
// approval by the 秘书长 makes them destroyed, and nothing is ever
// destroyed without one.

// Loan statuses.
const (
	LoanRequested = "requested"
	LoanApproved  = "approved"
	LoanRejected  = "rejected"
	LoanReturned  = "returned"
)

// MaxLoanDays is the longest a record may be borrowed for.
const MaxLoanDays = 90

// ArchiveExpiry is the last day a record of the year must be kept:
// 31 December of year + the retention period; "" for permanent.
func ArchiveExpiry(year int, retention string) string {
	n := map[string]int{"30y": 30, "10y": 10}[retention]
	if n == 0 {
		return ""
	}
	return strconv.Itoa(year+n) + "-12-31"
}

// ArchiveLoan is one borrowing of an archive record.
type ArchiveLoan struct {
	ID         ID         `json:"id"`
	ArchiveID  ID         `json:"archive_id"`
	ArchiveNo  string     `json:"archive_no"`
	Title      string     `json:"title"`
	BorrowerID ID         `json:"borrower_id"`
	Borrower   string     `json:"borrower"`
	Purpose    string     `json:"purpose"`
	DueOn      string     `json:"due_on"`
	Status     string     `json:"status"`
	ApproverID ID         `json:"approver_id,omitempty"`
	Comment    string     `json:"comment,omitempty"`
	DecidedAt  *time.Time `json:"decided_at"`
	ReturnedAt *time.Time `json:"returned_at"`
	CreatedAt  time.Time  `json:"created_at"`
	Overdue    bool       `json:"overdue"`
}

// NewArchiveLoan asks to borrow a record until a date.
type NewArchiveLoan struct {
	ArchiveID ID `json:"archive_id"`
	// ArchiveNo names the record by its 档号 instead of its id.
	ArchiveNo string `json:"archive_no"`
	Purpose   string `json:"purpose"`
	DueOn     string `json:"due_on"`
}

// Validate checks a loan request against today's date.
func (n *NewArchiveLoan) Validate(today string) error {
	var f Fields
	n.Purpose, n.DueOn = strings.TrimSpace(n.Purpose), strings.TrimSpace(n.DueOn)
	if n.ArchiveID <= 0 && strings.TrimSpace(n.ArchiveNo) == "" {
		f.Add("archive_id", "archive.err.record")
	}
	if n.Purpose == "" || utf8.RuneCountInString(n.Purpose) > 500 {
		f.Add("purpose", "archive.err.purpose")
	}
	due, ok := ParseDate(n.DueOn)
	t, _ := ParseDate(today)
	switch {
	case !ok:
		f.Add("due_on", "err.date")
	case n.DueOn < today || due.After(t.AddDate(0, 0, MaxLoanDays)):
		f.Add("due_on", "archive.err.loan_due", MaxLoanDays)
	}
	return f.Err()
}

// Destruction list statuses.
const (
	DisposalProposed = "proposed"
	DisposalApproved = "approved"
	DisposalRejected = "rejected"
)

// ArchiveDisposal is a destruction list (销毁清册).
type ArchiveDisposal struct {
	ID         ID               `json:"id"`
	Status     string           `json:"status"`
	ProposedBy ID               `json:"proposed_by"`
	Proposer   string           `json:"proposer"`
	Note       string           `json:"note"`
	DecidedBy  ID               `json:"decided_by,omitempty"`
	Comment    string           `json:"comment,omitempty"`
	DecidedAt  *time.Time       `json:"decided_at"`
	CreatedAt  time.Time        `json:"created_at"`
	Items      []*ArchiveRecord `json:"items"`
}

// ArchiveLoanService is borrowing and destruction.
type ArchiveLoanService interface {
	RequestLoan(ctx context.Context, n NewArchiveLoan) (*ArchiveLoan, error)
	DecideLoan(ctx context.Context, id ID, approve bool, comment string) (*ArchiveLoan, error)
	ReturnLoan(ctx context.Context, id ID) (*ArchiveLoan, error)
	ListLoans(ctx context.Context, overdueOnly bool) ([]*ArchiveLoan, error)
	ProposeDisposal(ctx context.Context, note string) (*ArchiveDisposal, error)
	DecideDisposal(ctx context.Context, id ID, approve bool, comment string) (*ArchiveDisposal, error)
	FindDisposal(ctx context.Context, id ID) (*ArchiveDisposal, error)
	ListDisposals(ctx context.Context) ([]*ArchiveDisposal, error)
	// ExpiredArchiveCount is how many records past retention await a list.
	ExpiredArchiveCount(ctx context.Context) (int, error)
}
