package chamber

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// EventKind is the kind of an activity (活动) of the chamber.
type EventKind string

const (
	EventSeminar     EventKind = "seminar"     // 研讨会
	EventExchange    EventKind = "exchange"    // 交流会
	EventTraining    EventKind = "training"    // 培训
	EventCelebration EventKind = "celebration" // 年度庆典
	EventCharity     EventKind = "charity"     // 公益活动
	EventFellowship  EventKind = "fellowship"  // 会员联谊
	EventVisit       EventKind = "visit"       // 考察、走访
	EventExhibition  EventKind = "exhibition"  // 组展、展销推介
)

// EventKinds lists the kinds in display order.
var EventKinds = []EventKind{EventSeminar, EventExchange, EventTraining, EventCelebration, EventCharity, EventFellowship, EventVisit, EventExhibition}

// Event statuses: a draft is planned (策划) and changes freely; publishing
// it (the approval, 审批) opens registration; after the day it is held, and
// a summary (总结评估) closes it. A cancelled event tells its registrants.
const (
	EventDraft     = "draft"
	EventOpen      = "open"
	EventClosed    = "closed" // registration closed, still to be held
	EventDone      = "done"   // summary written
	EventCancelled = "cancelled"
)

// EventStatuses lists the statuses for filters.
var EventStatuses = []string{EventDraft, EventOpen, EventClosed, EventDone, EventCancelled}

// Registration statuses.
const (
	RegConfirmed  = "confirmed"
	RegWaitlisted = "waitlisted"
	RegCancelled  = "cancelled"
)

// Event audiences besides a body (a body is "body:ID").
const (
	EventAllMembers = "all_members"
	EventPublic     = "public"
)

// EventAudience is who may register: all members, the public, or the
// holders of one body. In JSON it is "all_members", "public" or the body's id.
type EventAudience string

// BodyID is the body of a body audience, 0 otherwise.
func (a EventAudience) BodyID() ID {
	if s, ok := strings.CutPrefix(string(a), "body:"); ok {
		id, _ := strconv.ParseInt(s, 10, 64)
		return id
	}
	return 0
}

// UnmarshalJSON accepts "all_members", "public", a body id or "body:ID".
func (a *EventAudience) UnmarshalJSON(b []byte) error {
	var n int64
	if json.Unmarshal(b, &n) == nil {
		*a = EventAudience("body:" + strconv.FormatInt(n, 10))
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		s = "body:" + strconv.FormatInt(id, 10)
	}
	*a = EventAudience(s)
	return nil
}

// MarshalJSON writes a body audience as the body's id.
func (a EventAudience) MarshalJSON() ([]byte, error) {
	if id := a.BodyID(); id != 0 {
		return json.Marshal(id)
	}
	return json.Marshal(string(a))
}

// Valid reports whether a is one of the audiences.
func (a EventAudience) Valid() bool {
	return a == EventAllMembers || a == EventPublic || a.BodyID() > 0
}

// Event is one activity.
type Event struct {
	ID            ID            `json:"id"`
	Kind          EventKind     `json:"kind"`
	Status        string        `json:"status"`
	Title         string        `json:"title"`
	Description   string        `json:"description"`
	StartsAt      time.Time     `json:"starts_at"`
	EndsAt        time.Time     `json:"ends_at"`
	Location      string        `json:"location"`
	Capacity      int           `json:"capacity"`
	FeeFen        int64         `json:"fee_fen"`
	BudgetFen     int64         `json:"budget_fen"`
	Audience      EventAudience `json:"audience"`
	DepartmentID  ID            `json:"department_id"`
	Department    string        `json:"department,omitempty"`
	RegisterBy    *time.Time    `json:"registration_deadline"`
	Summary       string        `json:"summary,omitempty"`
	CreatedBy     ID            `json:"created_by"`
	ApprovedBy    ID            `json:"approved_by"`
	CreatedAt     time.Time     `json:"created_at"`
	PublishedAt   *time.Time    `json:"published_at"`
	Confirmed     int           `json:"confirmed"`
	Waitlisted    int           `json:"waitlisted"`
	CheckedIn     int           `json:"checked_in"`
	WorkPlanItems []ID          `json:"work_plan_items,omitempty"`
}

// Full reports whether the event has no free place.
func (e *Event) Full() bool { return e.Capacity > 0 && e.Confirmed >= e.Capacity }

// Open reports whether registration is open at now.
func (e *Event) RegistrationOpen(now time.Time) bool {
	return e.Status == EventOpen && (e.RegisterBy == nil || !now.After(*e.RegisterBy)) && now.Before(e.EndsAt)
}

// NewEvent is the form of a new event (and of a draft's changes).
type NewEvent struct {
	Kind         EventKind     `json:"kind"`
	Title        string        `json:"title"`
	Description  string        `json:"description"`
	StartsAt     time.Time     `json:"starts_at"`
	EndsAt       time.Time     `json:"ends_at"`
	Location     string        `json:"location"`
	Capacity     int           `json:"capacity"`
	FeeFen       int64         `json:"fee_fen"`
	BudgetFen    int64         `json:"budget_fen"`
	Audience     EventAudience `json:"audience"`
	DepartmentID ID            `json:"department_id"`
	RegisterBy   *time.Time    `json:"registration_deadline"`
}

// ValidEventKind reports whether k is one of EventKinds.
func ValidEventKind(k EventKind) bool {
	for _, x := range EventKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Normalize trims the text fields and defaults the audience.
func (n *NewEvent) Normalize() {
	n.Title, n.Description, n.Location = strings.TrimSpace(n.Title), strings.TrimSpace(n.Description), strings.TrimSpace(n.Location)
	if n.Audience == "" {
		n.Audience = EventAllMembers
	}
}

// Validate checks the form.
func (n *NewEvent) Validate() error {
	var f Fields
	if !ValidEventKind(n.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	textField(&f, "title", n.Title, true, 120)
	longText(&f, "description", n.Description, false, 5000)
	textField(&f, "location", n.Location, false, 200)
	switch {
	case n.StartsAt.IsZero():
		f.Add("starts_at", "err.required")
	case !DateInRange(n.StartsAt):
		f.Add("starts_at", "err.invalid_value")
	}
	switch {
	case n.EndsAt.IsZero():
		f.Add("ends_at", "err.required")
	case !DateInRange(n.EndsAt):
		f.Add("ends_at", "err.invalid_value")
	case !n.StartsAt.IsZero() && n.EndsAt.Before(n.StartsAt):
		f.Add("ends_at", "event.err.ends_before")
	}
	if n.Capacity < 0 || n.Capacity > 100000 {
		f.Add("capacity", "err.invalid_value")
	}
	if n.FeeFen < 0 || n.FeeFen > MaxAmountFen {
		f.Add("fee_fen", "err.invalid_value")
	}
	if n.BudgetFen < 0 || n.BudgetFen > MaxAmountFen {
		f.Add("budget_fen", "err.invalid_value")
	}
	if !n.Audience.Valid() {
		f.Add("audience", "err.invalid_value")
	}
	if n.DepartmentID < 0 {
		f.Add("department_id", "err.invalid_value")
	}
	if n.RegisterBy != nil && (!DateInRange(*n.RegisterBy) || (!n.EndsAt.IsZero() && n.RegisterBy.After(n.EndsAt))) {
		f.Add("registration_deadline", "err.invalid_value")
	}
	return f.Err()
}

// Registration is one place asked for at an event: confirmed, on the
// waitlist (with its position) or cancelled. Code is its registration code,
// also printed as its QR, shown at check-in.
type Registration struct {
	ID               ID         `json:"id"`
	EventID          ID         `json:"event_id"`
	EventTitle       string     `json:"event_title,omitempty"`
	EventStartsAt    *time.Time `json:"event_starts_at,omitempty"`
	MemberID         ID         `json:"member_id"`
	MemberName       string     `json:"member_name,omitempty"`
	UserID           ID         `json:"user_id,omitempty"` // the login that registered
	AttendeeName     string     `json:"attendee_name"`
	Phone            string     `json:"phone"`
	Organisation     string     `json:"organisation,omitempty"`
	Channel          string     `json:"channel"`
	Status           string     `json:"status"`
	WaitlistPosition *int       `json:"waitlist_position"`
	Code             string     `json:"code"`
	CreatedAt        time.Time  `json:"created_at"`
	CheckedInAt      *time.Time `json:"checked_in_at"`
	Rating           int        `json:"rating,omitempty"`
	PaidFen          int64      `json:"paid_fen"`
	FeeVoucherID     ID         `json:"fee_voucher_id,omitempty"`
}

// NewRegistration is the form of a registration.
type NewRegistration struct {
	MemberID     ID     `json:"member_id"`
	AttendeeName string `json:"attendee_name"`
	Phone        string `json:"phone"`
	// Organisation is the public registrant's company or body (单位).
	Organisation string `json:"organisation"`
}

// Normalize trims the fields.
func (n *NewRegistration) Normalize() {
	n.AttendeeName, n.Phone = strings.TrimSpace(n.AttendeeName), NormalizePhone(n.Phone)
	n.Organisation = strings.TrimSpace(n.Organisation)
}

// Validate checks the form.
func (n *NewRegistration) Validate() error {
	var f Fields
	textField(&f, "attendee_name", n.AttendeeName, true, 60)
	textField(&f, "organisation", n.Organisation, false, 120)
	if !ValidPhone(n.Phone) {
		f.Add("phone", "err.phone")
	}
	if n.MemberID < 0 {
		f.Add("member_id", "err.invalid_value")
	}
	return f.Err()
}

// EventFeedback is an attendee's rating of an event.
type EventFeedback struct {
	Code    string `json:"code"`
	Rating  int    `json:"rating"`
	Comment string `json:"comment"`
}

// Validate checks the rating.
func (f *EventFeedback) Validate() error {
	var fs Fields
	if f.Rating < 1 || f.Rating > 5 {
		fs.Add("rating", "err.invalid_value")
	}
	f.Comment = strings.TrimSpace(f.Comment)
	longText(&fs, "comment", f.Comment, false, 2000)
	if strings.TrimSpace(f.Code) == "" {
		fs.Add("code", "err.required")
	}
	return fs.Err()
}

// EventStats are an event's figures.
type EventStats struct {
	Capacity   int      `json:"capacity"`
	Confirmed  int      `json:"confirmed"`
	Waitlisted int      `json:"waitlisted"`
	Cancelled  int      `json:"cancelled"`
	CheckedIn  int      `json:"checked_in"`
	Feedback   int      `json:"feedback"`
	RatingAvg  *float64 `json:"rating_avg"`
	BudgetFen  int64    `json:"budget_fen"`
	// ActualFen is Σ the expense lines tagged with the event, net of reversals.
	ActualFen int64 `json:"actual_fen"`
	// IncomeFen is Σ the income lines tagged with it (its fees, 活动收入).
	IncomeFen int64 `json:"income_fen"`
	// Paid counts the registrations whose fee was taken.
	Paid int `json:"paid"`
	// Accounts is budget vs actual by account, expenses then income.
	Accounts []EventAccountLine `json:"accounts"`
}

// Over reports whether the costs went past a non-zero budget.
func (s *EventStats) Over() bool { return s.BudgetFen > 0 && s.ActualFen > s.BudgetFen }

// EventFilter narrows a list of events.
type EventFilter struct {
	Status string
	Kind   string
	Year   int
	// Upcoming lists events not yet ended.
	Upcoming bool
}

// EventService is the activities' service.
type EventService interface {
	CreateEvent(ctx context.Context, n NewEvent) (*Event, error)
	PublishEvent(ctx context.Context, id ID) (*Event, error)
	FindEvent(ctx context.Context, id ID) (*Event, error)
	ListEvents(ctx context.Context, f EventFilter, p Page) ([]*Event, string, error)
	Register(ctx context.Context, eventID ID, n NewRegistration) (*Registration, error)
	CancelRegistration(ctx context.Context, id ID) (*Registration, error)
	CheckInEvent(ctx context.Context, eventID ID, code string) (*Registration, error)
	Feedback(ctx context.Context, eventID ID, f EventFeedback) error
	EventStats(ctx context.Context, id ID) (*EventStats, error)
	SetEventStatus(ctx context.Context, id ID, status, summary string) (*Event, error)
	FindRegistration(ctx context.Context, id ID) (*Registration, error)
	// ListRegistrations lists an event's registrations, or (eventID 0) a
	// portal login's own.
	ListRegistrations(ctx context.Context, eventID ID) ([]*Registration, error)
	// RecordEventFee takes a registration's fee: Dr cash / Cr EventFeeIncome,
	// both lines tagged with the event.
	RecordEventFee(ctx context.Context, registrationID ID, n NewEventFee) (*EventFee, error)
	// RegistrationByCode is the registrant's own view of a registration of
	// a public event, found by its code (no login).
	RegistrationByCode(ctx context.Context, eventID ID, code string) (*Registration, error)
	// MemberTrainings is a member's training history (member.read, or the
	// member's own portal login).
	MemberTrainings(ctx context.Context, memberID ID) ([]*MemberTraining, error)
}

// EventFeeIncome is the account an event's fees go to: 提供服务收入 ·
// 非限定性收入, the chart's 活动收入 (never 会费收入).
const EventFeeIncome = "430101"

// NewEventFee is a registration's fee taken (活动收费): by bank, cash,
// WeChat Pay or Alipay; AmountFen 0 takes the event's fee.
type NewEventFee struct {
	Method    string `json:"method"`
	AmountFen int64  `json:"amount_fen"`
	Date      string `json:"date"`
}

// Validate checks the form (the amount against the event in the store).
func (n *NewEventFee) Validate() error {
	var f Fields
	if _, ok := PayMethodAccount[n.Method]; !ok {
		f.Add("method", "err.invalid_value")
	}
	if n.AmountFen < 0 || n.AmountFen > MaxAmountFen {
		f.Add("amount_fen", "err.invalid_value")
	}
	if !ValidDate(n.Date) {
		f.Add("date", "err.invalid_value")
	}
	return f.Err()
}

// EventFee is a fee taken and the voucher that booked it.
type EventFee struct {
	RegistrationID ID     `json:"registration_id"`
	EventID        ID     `json:"event_id"`
	AmountFen      int64  `json:"amount_fen"`
	Method         string `json:"method"`
	CashAccount    string `json:"cash_account"`
	IncomeAccount  string `json:"income_account"`
	Date           string `json:"date"`
	VoucherID      ID     `json:"voucher_id"`
	VoucherNumber  string `json:"voucher_number"`
}

// EventAccountLine is the actual of one account on an event's lines.
type EventAccountLine struct {
	Account     string `json:"account"`
	AccountName string `json:"account_name"`
	Kind        string `json:"kind"`
	AmountFen   int64  `json:"amount_fen"`
}

// MemberTraining is one training event (培训) a member's people were
// checked in at: the member's training history.
type MemberTraining struct {
	EventID      ID     `json:"event_id"`
	Title        string `json:"title"`
	Date         string `json:"date"`
	Hours        int    `json:"hours"`
	AttendeeName string `json:"attendee_name"`
}
