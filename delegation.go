package chamber

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Delegations (考察团): outbound (出访, 出国考察) and inbound (来访, 接待),
// with their programme, participants, budget, the costs booked in the
// ledger and the trip report afterwards.

// Delegation directions.
const (
	DelegationOutbound = "outbound"
	DelegationInbound  = "inbound"
)

// DelegationProject is the voucher line tag (project) of a delegation's
// costs: the expense lines tagged with it are its actual costs.
func DelegationProject(id ID) string { return fmt.Sprintf("delegation:%d", id) }

// Participant is a member or a staff login on a delegation.
type Participant struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

// DelegationCost is one expense line of the ledger tagged with the delegation.
type DelegationCost struct {
	VoucherID   ID     `json:"voucher_id"`
	Number      string `json:"number"`
	Date        string `json:"date"`
	Account     string `json:"account"`
	AccountName string `json:"account_name"`
	Memo        string `json:"memo"`
	AmountFen   int64  `json:"amount_fen"`
}

// Delegation is one delegation.
type Delegation struct {
	ID          ID               `json:"id"`
	Direction   string           `json:"direction"`
	Title       string           `json:"title"`
	Destination string           `json:"destination"`
	Purpose     string           `json:"purpose"`
	From        string           `json:"from"`
	To          string           `json:"to"`
	ContactID   ID               `json:"contact_id"`
	Contact     string           `json:"contact"`
	MemberIDs   []ID             `json:"member_ids"`
	Members     []Participant    `json:"members"`
	StaffIDs    []ID             `json:"staff_user_ids"`
	Staff       []Participant    `json:"staff"`
	Programme   string           `json:"programme"`
	BudgetFen   int64            `json:"budget_fen"`
	ActualFen   int64            `json:"actual_fen"`
	Alert       string           `json:"alert"` // BudgetAlert of actual against budget
	Project     string           `json:"project"`
	Costs       []DelegationCost `json:"costs"`
	Report      string           `json:"report"`
	ReportedAt  *time.Time       `json:"reported_at"`
	OwnerID     ID               `json:"owner_user_id"`
	Owner       string           `json:"owner"`
	CreatedAt   time.Time        `json:"created_at"`
}

// NewDelegation is what POST /api/v1/delegations takes.
type NewDelegation struct {
	Direction   string `json:"direction"`
	Title       string `json:"title"`
	Destination string `json:"destination"`
	From        string `json:"from"`
	To          string `json:"to"`
	MemberIDs   []ID   `json:"member_ids"`
	ContactID   ID     `json:"contact_id"`
	StaffIDs    []ID   `json:"staff_user_ids,omitempty"`
	Purpose     string `json:"purpose,omitempty"`
	Programme   string `json:"programme,omitempty"`
	BudgetFen   int64  `json:"budget_fen,omitempty"`
}

// Validate checks a new delegation.
func (d *NewDelegation) Validate() error {
	var f Fields
	d.Title, d.Destination, d.Purpose = strings.TrimSpace(d.Title), strings.TrimSpace(d.Destination), strings.TrimSpace(d.Purpose)
	if d.Direction != DelegationOutbound && d.Direction != DelegationInbound {
		f.Add("direction", "err.invalid_value")
	}
	textField(&f, "title", d.Title, true, 200)
	textField(&f, "destination", d.Destination, d.Direction == DelegationOutbound, 100)
	longText(&f, "purpose", d.Purpose, false, 2000)
	if !ValidDate(d.From) {
		f.Add("from", "err.date")
	}
	if !ValidDate(d.To) {
		f.Add("to", "err.date")
	} else if d.To < d.From {
		f.Add("to", "delegation.err.to_before_from")
	}
	if d.ContactID < 0 {
		f.Add("contact_id", "err.invalid_value")
	}
	validPlan(&f, &DelegationPlan{Programme: &d.Programme, BudgetFen: &d.BudgetFen, MemberIDs: &d.MemberIDs, StaffIDs: &d.StaffIDs})
	return f.Err()
}

// DelegationPlan changes a delegation's programme, budget or participants
// (POST /api/v1/delegations/{id}/plan); nil leaves a field as it is.
type DelegationPlan struct {
	Programme *string `json:"programme,omitempty"`
	BudgetFen *int64  `json:"budget_fen,omitempty"`
	MemberIDs *[]ID   `json:"member_ids,omitempty"`
	StaffIDs  *[]ID   `json:"staff_user_ids,omitempty"`
}

// Validate checks a plan change.
func (p *DelegationPlan) Validate() error {
	var f Fields
	validPlan(&f, p)
	return f.Err()
}

func validPlan(f *Fields, p *DelegationPlan) {
	if p.Programme != nil {
		*p.Programme = strings.TrimSpace(*p.Programme)
		longText(f, "programme", *p.Programme, false, 5000)
		if !TextOK(*p.Programme, true) {
			f.Add("programme", "err.control_char", "programme")
		}
	}
	if p.BudgetFen != nil && (*p.BudgetFen < 0 || *p.BudgetFen > MaxAmountFen) {
		f.Add("budget_fen", "ledger.err.amount")
	}
	if p.MemberIDs != nil && len(*p.MemberIDs) > 100 {
		f.Add("member_ids", "err.too_many", 100)
	}
	if p.StaffIDs != nil && len(*p.StaffIDs) > 50 {
		f.Add("staff_user_ids", "err.too_many", 50)
	}
}

// ProgrammeLine is one line of a programme, split for printing: its date
// or time ("5月12日 上午") and what happens.
type ProgrammeLine struct{ When, What string }

// ProgrammeLines splits a programme into lines of "when<TAB or two
// spaces or full-width space>what"; a line without a separator is all what.
func ProgrammeLines(programme string) []ProgrammeLine {
	var out []ProgrammeLine
	for _, line := range strings.Split(programme, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		pl := ProgrammeLine{What: line}
		for _, sep := range []string{"\t", "　", "  ", "：", ": "} {
			if w, rest, ok := strings.Cut(line, sep); ok && strings.TrimSpace(w) != "" {
				pl = ProgrammeLine{When: strings.TrimSpace(w), What: strings.TrimSpace(rest)}
				break
			}
		}
		out = append(out, pl)
	}
	return out
}

// DelegationService keeps the delegations.
type DelegationService interface {
	CreateDelegation(ctx context.Context, d NewDelegation) (*Delegation, error)
	FindDelegation(ctx context.Context, id ID) (*Delegation, error)
	ListDelegations(ctx context.Context, p Page) ([]*Delegation, string, error)
	PlanDelegation(ctx context.Context, id ID, p DelegationPlan) (*Delegation, error)
	// ReportDelegation records the trip report (考察报告), once the trip has begun.
	ReportDelegation(ctx context.Context, id ID, text string) (*Delegation, error)
	// PositionHolders are the logins holding a position of the org chart
	// today (leaders and staff), whom a delegation may take along.
	PositionHolders(ctx context.Context) ([]Participant, error)
}
