package chamber

import (
	"context"
	"strings"
	"time"
)

// Employment kinds of the staff register.
var EmploymentKinds = []string{"full_time", "part_time", "seconded"}

// Staff is one person of the secretariat (staff register), linked to a
// login and to the position they hold in the org chart.
type Staff struct {
	ID         ID     `json:"id"`
	UserID     ID     `json:"user_id"`
	Name       string `json:"name"`
	PositionID ID     `json:"position_id"`
	Position   string `json:"position,omitempty"`
	HiredOn    string `json:"hired_on"`
	Employment string `json:"employment"`
	Phone      string `json:"phone,omitempty"`
	Emergency  string `json:"emergency_contact,omitempty"`
	// Contract dates (劳动合同起止), "" when not recorded; HR is reminded
	// ContractReminderDays before the end.
	ContractStartsOn string           `json:"contract_starts_on,omitempty"`
	ContractEndsOn   string           `json:"contract_ends_on,omitempty"`
	CreatedAt        time.Time        `json:"created_at"`
	Trainings        []*StaffTraining `json:"trainings,omitempty"`
	Balances         []LeaveBalance   `json:"leave_balances,omitempty"`
	Leave            []*LeaveRequest  `json:"leave,omitempty"`
}

// Normalize trims the text fields.
func (s *Staff) Normalize() {
	s.Name, s.Phone, s.Emergency = strings.TrimSpace(s.Name), NormalizePhone(s.Phone), strings.TrimSpace(s.Emergency)
}

// Validate checks a staff record.
func (s *Staff) Validate() error {
	var f Fields
	if s.UserID <= 0 {
		f.Add("user_id", "err.required")
	}
	textField(&f, "name", s.Name, true, 60)
	if !oneOf(s.Employment, EmploymentKinds) {
		f.Add("employment", "err.invalid_value")
	}
	if _, ok := ParseDate(s.HiredOn); !ok {
		f.Add("hired_on", "err.date")
	}
	validSpan(&f, "contract_starts_on", s.ContractStartsOn, "contract_ends_on", s.ContractEndsOn, false)
	textField(&f, "phone", s.Phone, false, 40)
	textField(&f, "emergency_contact", s.Emergency, false, 100)
	if s.PositionID < 0 {
		f.Add("position_id", "err.invalid_value")
	}
	return f.Err()
}

// Training sources: a course recorded by HR (outside or in-house), or a
// training event of the chamber the person was checked in at.
const (
	TrainingCourse = "course"
	TrainingEvent  = "event"
)

// StaffTraining is one course of a staff member's training history.
type StaffTraining struct {
	ID      ID     `json:"id"`
	StaffID ID     `json:"staff_id"`
	Title   string `json:"title"`
	Date    string `json:"date"`
	Hours   int    `json:"hours"`
	// Source is TrainingCourse or TrainingEvent (then ID is the event's id).
	Source string `json:"source,omitempty"`
}

// Validate checks a training record.
func (t *StaffTraining) Validate() error {
	var f Fields
	t.Title = strings.TrimSpace(t.Title)
	textField(&f, "title", t.Title, true, 120)
	if _, ok := ParseDate(t.Date); !ok {
		f.Add("date", "err.date")
	}
	if t.Hours < 0 || t.Hours > 1000 {
		f.Add("hours", "err.invalid_value")
	}
	return f.Err()
}

// Leave kinds (假别) of API.md.
var LeaveKinds = []string{"annual", "sick", "personal", "marriage", "maternity", "bereavement", "business_trip"}

// Leave statuses.
const (
	LeavePending   = "pending"
	LeaveApproved  = "approved"
	LeaveRejected  = "rejected"
	LeaveCancelled = "cancelled"
)

// LeaveRequest is one request for leave (请假).
type LeaveRequest struct {
	ID           ID         `json:"id"`
	UserID       ID         `json:"user_id"`
	Name         string     `json:"name"`
	PositionID   ID         `json:"position_id"`
	Kind         string     `json:"kind"`
	From         string     `json:"from"`
	To           string     `json:"to"`
	Days         int        `json:"days"` // working days by the chamber's calendar
	Reason       string     `json:"reason"`
	ActingUserID ID         `json:"acting_user_id"`
	Status       string     `json:"status"`
	ApproverID   ID         `json:"approver_user_id"`
	Approver     string     `json:"approver"`
	Comment      string     `json:"comment,omitempty"`
	ActingPostID ID         `json:"acting_post_id,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at"`
}

// NewLeave is the form of a leave request.
// Colleague is a login holding a post in the secretariat today: whom a
// leave request may name as acting holder.
type Colleague struct {
	UserID   ID     `json:"user_id"`
	Name     string `json:"name"`
	Position string `json:"position"`
}

type NewLeave struct {
	Kind         string `json:"kind"`
	From         string `json:"from"`
	To           string `json:"to"`
	Reason       string `json:"reason"`
	ActingUserID ID     `json:"acting_user_id"`
}

// Validate checks the form.
func (n *NewLeave) Validate() error {
	var f Fields
	n.Reason = strings.TrimSpace(n.Reason)
	if !oneOf(n.Kind, LeaveKinds) {
		f.Add("kind", "err.invalid_value")
	}
	validSpan(&f, "from", n.From, "to", n.To, true)
	if n.To == "" {
		f.Add("to", "err.required")
	}
	if a, ok := ParseDate(n.From); ok {
		if b, ok := ParseDate(n.To); ok && b.Sub(a) > 366*24*time.Hour {
			f.Add("to", "err.invalid_value")
		}
	}
	longText(&f, "reason", n.Reason, false, 500)
	if n.ActingUserID < 0 {
		f.Add("acting_user_id", "err.invalid_value")
	}
	return f.Err()
}

// WorkingDaysBetween counts the working days from from to to, both included.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	n := 0
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if c.Working(d) {
			n++
		}
	}
	return n
}

// AnnualLeaveDays is the statutory paid annual leave (《职工带薪年休假条例》)
// after years of service: 1 to under 10 years 5 days, 10 to under 20
// years 10 days, 20 years and more 15 days.
func AnnualLeaveDays(years int) int {
	switch {
	case years >= 20:
		return 15
	case years >= 10:
		return 10
	case years >= 1:
		return 5
	}
	return 0
}

// YearsOfService counts the full years from hiredOn to on (YYYY-MM-DD).
func YearsOfService(hiredOn, on string) int {
	h, ok1 := ParseDate(hiredOn)
	o, ok2 := ParseDate(on)
	if !ok1 || !ok2 || o.Before(h) {
		return 0
	}
	y := o.Year() - h.Year()
	if o.YearDay() < h.YearDay() {
		y--
	}
	return y
}

// LeaveBalance is a person's leave of one kind in one year.
type LeaveBalance struct {
	Kind        string `json:"kind"`
	Year        int    `json:"year"`
	Entitlement int    `json:"entitlement_days"` // 0 = no yearly limit
	Taken       int    `json:"taken_days"`
	Pending     int    `json:"pending_days"`
	Remaining   int    `json:"remaining_days"`
}

// LeaveFilter narrows a leave list.
type LeaveFilter struct {
	UserID ID
	Status string
	ToMe   bool // waiting for the caller's decision
	Year   int
}

// LeaveService runs the staff register and leave.
type LeaveService interface {
	CreateStaff(ctx context.Context, s Staff) (*Staff, error)
	FindStaff(ctx context.Context, id ID) (*Staff, error)
	ListStaff(ctx context.Context) ([]*Staff, error)
	AddTraining(ctx context.Context, t StaffTraining) (*StaffTraining, error)
	UpdateStaff(ctx context.Context, id ID, u StaffUpdate) (*Staff, error)
	// IsHR: the caller keeps the register (its private parts).
	IsHR(ctx context.Context) (bool, error)
	CreateLeave(ctx context.Context, n NewLeave) (*LeaveRequest, error)
	FindLeave(ctx context.Context, id ID) (*LeaveRequest, error)
	ListLeave(ctx context.Context, f LeaveFilter) ([]*LeaveRequest, error)
	DecideLeave(ctx context.Context, id ID, approve bool, comment string) (*LeaveRequest, error)
	CancelLeave(ctx context.Context, id ID) (*LeaveRequest, error)
	LeaveBalances(ctx context.Context, userID ID, year int) ([]LeaveBalance, error)
	Colleagues(ctx context.Context) ([]Colleague, error)
}
