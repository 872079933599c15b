package chamber

import (
	"context"
	"strings"
	"time"
)

// Investment promotion (招商引资): leads from first word to a project that
// has landed, moved through their stages only forward (or to lost).

// Lead stages, in order; LeadLost ends a lead at any stage before landed.
const (
	LeadNew         = "new"
	LeadContacted   = "contacted"
	LeadNegotiating = "negotiating"
	LeadSigned      = "signed"
	LeadLanded      = "landed"
	LeadLost        = "lost"
)

// LeadStages lists the stages of the funnel in order (lost apart).
var LeadStages = []string{LeadNew, LeadContacted, LeadNegotiating, LeadSigned, LeadLanded}

// LeadStageIndex is a stage's place in LeadStages, -1 for lost or unknown.
func LeadStageIndex(s string) int {
	for i, v := range LeadStages {
		if v == s {
			return i
		}
	}
	return -1
}

// LeadMoveAllowed says whether a lead at from may move to to: only
// forward (skipping stages is fine), or to lost from any open stage. A
// landed or lost lead is closed.
func LeadMoveAllowed(from, to string) bool {
	if from == LeadLanded || from == LeadLost {
		return false
	}
	if to == LeadLost {
		return true
	}
	f, t := LeadStageIndex(from), LeadStageIndex(to)
	return f >= 0 && t > f
}

// Lead is one investment lead.
type Lead struct {
	ID        ID     `json:"id"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Industry  string `json:"industry"`
	Region    string `json:"region"`
	AmountFen int64  `json:"amount_fen"`
	ContactID ID     `json:"contact_id"`
	Contact   string `json:"contact"`
	MemberID  ID     `json:"member_id"`
	Member    string `json:"member"`
	Stage     string `json:"stage"`
	// Reached is the furthest stage the lead got to (a lost lead keeps it).
	Reached   string      `json:"reached"`
	OwnerID   ID          `json:"owner_user_id"`
	Owner     string      `json:"owner"`
	NextStep  string      `json:"next_step"`
	NextOn    string      `json:"next_on"`
	Year      int         `json:"year"` // the year it was recorded, for the funnel
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
	Steps     []*LeadStep `json:"steps,omitempty"`
}

// LeadStep is one move of a lead between stages.
type LeadStep struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Note   string    `json:"note"`
	UserID ID        `json:"user_id"`
	User   string    `json:"user"`
	At     time.Time `json:"at"`
}

// NewLead is what POST /api/v1/leads takes.
type NewLead struct {
	Title     string `json:"title"`
	Industry  string `json:"industry"`
	Region    string `json:"region"`
	AmountFen int64  `json:"amount_fen"`
	ContactID ID     `json:"contact_id"`
	MemberID  ID     `json:"member_id"`
	Source    string `json:"source,omitempty"`
	OwnerID   ID     `json:"owner_user_id,omitempty"` // default: the caller
	NextStep  string `json:"next_step,omitempty"`
	NextOn    string `json:"next_on,omitempty"`
}

// Validate checks a new lead.
func (l *NewLead) Validate() error {
	var f Fields
	l.Title, l.Industry, l.Region = strings.TrimSpace(l.Title), strings.TrimSpace(l.Industry), strings.TrimSpace(l.Region)
	l.Source, l.NextStep, l.NextOn = strings.TrimSpace(l.Source), strings.TrimSpace(l.NextStep), strings.TrimSpace(l.NextOn)
	textField(&f, "title", l.Title, true, 200)
	textField(&f, "industry", l.Industry, false, 60)
	textField(&f, "region", l.Region, false, 60)
	textField(&f, "source", l.Source, false, 100)
	if l.AmountFen < 0 || l.AmountFen > MaxAmountFen {
		f.Add("amount_fen", "ledger.err.amount")
	}
	if l.ContactID < 0 {
		f.Add("contact_id", "err.invalid_value")
	}
	if l.MemberID < 0 {
		f.Add("member_id", "err.invalid_value")
	}
	validNextStep(&f, l.NextStep, l.NextOn)
	return f.Err()
}

func validNextStep(f *Fields, step, on string) {
	textField(f, "next_step", step, false, 200)
	if on != "" && !ValidDate(on) {
		f.Add("next_on", "err.date")
	}
}

// LeadMove is POST /api/v1/leads/{id}/stage; the next step may be set with it.
type LeadMove struct {
	Stage    string  `json:"stage"`
	Note     string  `json:"note"`
	NextStep *string `json:"next_step,omitempty"`
	NextOn   *string `json:"next_on,omitempty"`
}

// Validate checks a move's fields (whether it is allowed is the store's).
func (m *LeadMove) Validate() error {
	var f Fields
	m.Note = strings.TrimSpace(m.Note)
	if m.Stage != LeadLost && LeadStageIndex(m.Stage) < 1 {
		f.Add("stage", "err.invalid_value")
	}
	longText(&f, "note", m.Note, false, 1000)
	if !TextOK(m.Note, true) {
		f.Add("note", "err.control_char", "note")
	}
	if m.NextStep != nil || m.NextOn != nil {
		s, o := "", ""
		if m.NextStep != nil {
			*m.NextStep = strings.TrimSpace(*m.NextStep)
			s = *m.NextStep
		}
		if m.NextOn != nil {
			*m.NextOn = strings.TrimSpace(*m.NextOn)
			o = *m.NextOn
		}
		validNextStep(&f, s, o)
	}
	return f.Err()
}

// LeadFilter narrows the list of leads.
type LeadFilter struct {
	Stage string
	Year  int
}

// FunnelRow is one stage of the funnel of a year: the leads that reached
// it (or went further), and their amount.
type FunnelRow struct {
	Stage     string `json:"stage"`
	Count     int    `json:"count"`
	AmountFen int64  `json:"amount_fen"`
}

// Funnel is a year's investment leads by stage.
type Funnel struct {
	Year   int         `json:"year"`
	Stages []FunnelRow `json:"stages"`
	Lost   FunnelRow   `json:"lost"`
	Total  int         `json:"total"`
	Years  []int       `json:"years"` // the years that have leads, newest first
}

// LeadService keeps the investment leads.
type LeadService interface {
	CreateLead(ctx context.Context, l NewLead) (*Lead, error)
	FindLead(ctx context.Context, id ID) (*Lead, error)
	ListLeads(ctx context.Context, f LeadFilter, p Page) ([]*Lead, string, error)
	MoveLead(ctx context.Context, id ID, m LeadMove) (*Lead, error)
	LeadFunnel(ctx context.Context, year int) (*Funnel, error)
}
