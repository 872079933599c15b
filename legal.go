package chamber

import (
	"context"
	"strings"
	"time"
)

// Legal aid (法律维权, 法律援助): the cases the 法律维权部 takes up for a
// member with the chamber's legal advisers (法律顾问, contacts of the
// register), and the advisers' consultation calendar (法律咨询接待) that
// members book in the portal.

// Legal case statuses: open (受理) → in_progress (办理中, once a step is
// recorded) → closed (结案, with the result).
const (
	LegalOpen       = "open"
	LegalInProgress = "in_progress"
	LegalClosed     = "closed"
)

// LegalStatuses lists the statuses for filters.
var LegalStatuses = []string{LegalOpen, LegalInProgress, LegalClosed}

// LegalPartyRoles: 申请人 (usually the member), 对方当事人, 第三人.
var LegalPartyRoles = []string{"applicant", "respondent", "third_party"}

// LegalStepKinds are what was done: 咨询, 律师函, 协商, 调解, 仲裁, 诉讼, 其他.
var LegalStepKinds = []string{"consultation", "letter", "negotiation", "mediation", "arbitration", "litigation", "other"}

// LegalOutcomes are how a case ended: 和解, 调解成功, 胜诉（仲裁支持）, 败诉,
// 撤回, 其他.
var LegalOutcomes = []string{"settled", "mediated", "won", "lost", "withdrawn", "other"}

// LegalParty is one party to the dispute.
type LegalParty struct {
	Role string `json:"role"`
	Name string `json:"name"`
}

// LegalCase is one 维权 case. Notes and internal steps are for the
// handling staff only; the member concerned sees the rest of its own case.
type LegalCase struct {
	ID            ID           `json:"id"`
	MemberID      ID           `json:"member_id"`
	MemberName    string       `json:"member_name"`
	TicketID      ID           `json:"ticket_id"`
	Subject       string       `json:"subject"`
	Summary       string       `json:"summary"`
	Parties       []LegalParty `json:"parties"`
	DisputeFen    int64        `json:"dispute_amount_fen"`
	AdviserID     ID           `json:"adviser_contact_id"`
	Adviser       string       `json:"adviser"`
	AdviserPerson string       `json:"adviser_person"`
	Status        string       `json:"status"`
	Outcome       string       `json:"outcome"`
	Result        string       `json:"result"`
	Notes         string       `json:"notes,omitempty"`
	OpenedBy      ID           `json:"opened_by"`
	OpenedAt      time.Time    `json:"opened_at"`
	ClosedAt      *time.Time   `json:"closed_at"`
	Steps         []*LegalStep `json:"steps,omitempty"`
}

// LegalStep is one dated entry of a case's log.
type LegalStep struct {
	ID        ID        `json:"id"`
	CaseID    ID        `json:"case_id"`
	Date      string    `json:"date"`
	Kind      string    `json:"kind"`
	Note      string    `json:"note"`
	Internal  bool      `json:"internal"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

// NewLegalCase opens a case, for a member or from a legal_aid/rights
// ticket (then member, subject, facts, the other party and the amount
// come from the ticket unless given).
type NewLegalCase struct {
	TicketID      ID           `json:"ticket_id,omitempty"`
	MemberID      ID           `json:"member_id,omitempty"`
	MemberNo      string       `json:"member_no,omitempty"` // 会员编号, instead of member_id
	Subject       string       `json:"subject,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	Parties       []LegalParty `json:"parties,omitempty"`
	DisputeFen    int64        `json:"dispute_amount_fen,omitempty"`
	AdviserID     ID           `json:"adviser_contact_id,omitempty"`
	AdviserPerson string       `json:"adviser_person,omitempty"`
	Notes         string       `json:"notes,omitempty"`
}

// LegalCasePatch changes an open case: the adviser, parties, amount, notes.
type LegalCasePatch struct {
	AdviserID     *ID           `json:"adviser_contact_id,omitempty"`
	AdviserPerson *string       `json:"adviser_person,omitempty"`
	Parties       *[]LegalParty `json:"parties,omitempty"`
	DisputeFen    *int64        `json:"dispute_amount_fen,omitempty"`
	Notes         *string       `json:"notes,omitempty"`
}

// ValidateLegalCase checks the fields a case holds.
func ValidateLegalCase(f *Fields, subject, summary string, parties []LegalParty, dispute int64, person, notes string) {
	textField(f, "subject", subject, true, 120)
	longText(f, "summary", summary, false, 5000)
	if len(parties) > 20 {
		f.Add("parties", "err.too_many", 20)
	}
	for _, p := range parties {
		if !oneOf(p.Role, LegalPartyRoles) {
			f.Add("parties.role", "err.invalid_value")
		}
		textField(f, "parties.name", p.Name, true, 100)
	}
	if dispute < 0 || dispute > MaxAmountFen {
		f.Add("dispute_amount_fen", "err.invalid_value")
	}
	textField(f, "adviser_person", person, false, 60)
	longText(f, "notes", notes, false, 5000)
}

// TrimParties trims the names and drops empty rows.
func TrimParties(ps []LegalParty) []LegalParty {
	out := []LegalParty{}
	for _, p := range ps {
		p.Name, p.Role = strings.TrimSpace(p.Name), strings.TrimSpace(p.Role)
		if p.Name != "" || p.Role != "" {
			out = append(out, p)
		}
	}
	return out
}

// LegalCaseFilter narrows the case list.
type LegalCaseFilter struct {
	Status   string
	MemberID ID
}

// OfficeHours are an adviser's consultation hours: every week on a weekday
// (1 Monday … 7 Sunday) between from and to (to empty: until ended), or on
// one date; split into slots of SlotMinutes that members book one each.
type OfficeHours struct {
	ID            ID        `json:"id"`
	AdviserID     ID        `json:"adviser_contact_id"`
	Adviser       string    `json:"adviser"`
	AdviserPerson string    `json:"adviser_person"`
	Weekday       int       `json:"weekday"`
	Date          string    `json:"date"`
	Start         string    `json:"start"`
	End           string    `json:"end"`
	SlotMinutes   int       `json:"slot_minutes"`
	Place         string    `json:"place"`
	From          string    `json:"from"`
	To            string    `json:"to"`
	CreatedAt     time.Time `json:"created_at"`
}

// ClockMinutes reads "HH:MM" as minutes after midnight.
func ClockMinutes(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	for _, c := range []byte{s[0], s[1], s[3], s[4]} {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

// Validate checks office hours.
func (o *OfficeHours) Validate() error {
	var f Fields
	o.Place, o.AdviserPerson = strings.TrimSpace(o.Place), strings.TrimSpace(o.AdviserPerson)
	if o.AdviserID <= 0 {
		f.Add("adviser_contact_id", "err.required")
	}
	switch {
	case o.Weekday == 0 && o.Date == "":
		f.Add("weekday", "legal.err.weekday_or_date")
	case o.Weekday != 0 && o.Date != "":
		f.Add("date", "legal.err.weekday_or_date")
	case o.Weekday < 0 || o.Weekday > 7:
		f.Add("weekday", "err.invalid_value")
	case o.Date != "" && !ValidDate(o.Date):
		f.Add("date", "err.date")
	}
	if o.Weekday != 0 {
		if !ValidDate(o.From) {
			f.Add("from", "err.date")
		}
		if o.To != "" && (!ValidDate(o.To) || o.To < o.From) {
			f.Add("to", "err.date")
		}
	}
	start, ok1 := ClockMinutes(o.Start)
	end, ok2 := ClockMinutes(o.End)
	if !ok1 {
		f.Add("start", "legal.err.clock")
	}
	if !ok2 || (ok1 && end <= start) {
		f.Add("end", "legal.err.clock")
	}
	if o.SlotMinutes < 10 || o.SlotMinutes > 240 {
		f.Add("slot_minutes", "err.invalid_value")
	} else if ok1 && ok2 && end > start && (end-start)%o.SlotMinutes != 0 {
		f.Add("slot_minutes", "legal.err.slot_fit")
	}
	textField(&f, "place", o.Place, false, 100)
	textField(&f, "adviser_person", o.AdviserPerson, false, 60)
	return f.Err()
}

// Runs reports whether the office hours are held on the day d (YYYY-MM-DD, a weekday w).
// Overlaps reports whether two office hours of one adviser would sit at
// the same time on some day: their times overlap and they share a day
// (the same date; a date on the other's weekday within its validity; the
// same weekday in validities that meet).
func (o *OfficeHours) Overlaps(p *OfficeHours) bool {
	os, _ := ClockMinutes(o.Start)
	oe, _ := ClockMinutes(o.End)
	ps, _ := ClockMinutes(p.Start)
	pe, _ := ClockMinutes(p.End)
	if os >= pe || ps >= oe {
		return false
	}
	runsOn := func(weekly *OfficeHours, date string) bool {
		t, err := time.Parse("2006-01-02", date)
		return err == nil && weekly.Runs(date, t.Weekday())
	}
	until := func(to string) string {
		if to == "" {
			return "9999-12-31"
		}
		return to
	}
	switch {
	case o.Date != "" && p.Date != "":
		return o.Date == p.Date
	case o.Date != "":
		return runsOn(p, o.Date)
	case p.Date != "":
		return runsOn(o, p.Date)
	}
	return o.Weekday == p.Weekday && o.From <= until(p.To) && p.From <= until(o.To)
}

func (o *OfficeHours) Runs(d string, w time.Weekday) bool {
	if o.Date != "" {
		return o.Date == d
	}
	wd := int(w)
	if wd == 0 {
		wd = 7
	}
	return wd == o.Weekday && d >= o.From && (o.To == "" || d <= o.To)
}

// ConsultationSlot is one bookable time of office hours. Booked says it is
// taken; who took it shows only to staff and to the member itself.
type ConsultationSlot struct {
	OfficeHoursID ID        `json:"office_hours_id"`
	Date          string    `json:"date"`
	Start         string    `json:"start"`
	End           string    `json:"end"`
	StartsAt      time.Time `json:"starts_at"`
	Adviser       string    `json:"adviser"`
	AdviserPerson string    `json:"adviser_person"`
	Place         string    `json:"place"`
	Booked        bool      `json:"booked"`
	BookingID     ID        `json:"booking_id,omitempty"`
	Mine          bool      `json:"mine,omitempty"`
}

// Consultation is a member's booking of a slot (法律咨询预约).
type Consultation struct {
	ID            ID         `json:"id"`
	OfficeHoursID ID         `json:"office_hours_id"`
	Date          string     `json:"date"`
	Start         string     `json:"start"`
	End           string     `json:"end"`
	StartsAt      time.Time  `json:"starts_at"`
	MemberID      ID         `json:"member_id"`
	MemberName    string     `json:"member_name"`
	Topic         string     `json:"topic"`
	Status        string     `json:"status"` // booked, cancelled
	Adviser       string     `json:"adviser"`
	AdviserPerson string     `json:"adviser_person"`
	Place         string     `json:"place"`
	BookedBy      ID         `json:"booked_by"`
	CreatedAt     time.Time  `json:"created_at"`
	CancelledAt   *time.Time `json:"cancelled_at"`
}

// NewConsultation books a slot; a portal login books for its own member.
type NewConsultation struct {
	OfficeHoursID ID     `json:"office_hours_id"`
	Date          string `json:"date"`
	Start         string `json:"start"`
	MemberID      ID     `json:"member_id,omitempty"`
	Topic         string `json:"topic"`
}

// LegalService runs legal-aid cases and the consultation calendar.
type LegalService interface {
	OpenLegalCase(ctx context.Context, n NewLegalCase) (*LegalCase, error)
	FindLegalCase(ctx context.Context, id ID) (*LegalCase, error)
	ListLegalCases(ctx context.Context, f LegalCaseFilter, p Page) ([]*LegalCase, string, error)
	PatchLegalCase(ctx context.Context, id ID, p LegalCasePatch) (*LegalCase, error)
	AddLegalStep(ctx context.Context, id ID, s LegalStep) (*LegalStep, error)
	CloseLegalCase(ctx context.Context, id ID, outcome, result string) (*LegalCase, error)

	AddOfficeHours(ctx context.Context, o OfficeHours) (*OfficeHours, error)
	EndOfficeHours(ctx context.Context, id ID) (*OfficeHours, error)
	ListOfficeHours(ctx context.Context) ([]*OfficeHours, error)
	ConsultationSlots(ctx context.Context, from, to string) ([]*ConsultationSlot, error)
	BookConsultation(ctx context.Context, n NewConsultation) (*Consultation, error)
	CancelConsultation(ctx context.Context, id ID) (*Consultation, error)
	ListConsultations(ctx context.Context, upcoming bool) ([]*Consultation, error)
}
