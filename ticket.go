package chamber

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// TicketKind is what a member service request (服务工单) is about.
type TicketKind string

const (
	TicketInquiry   TicketKind = "inquiry"   // 咨询
	TicketComplaint TicketKind = "complaint" // 投诉
	TicketLegalAid  TicketKind = "legal_aid" // 法律维权
	TicketPolicy    TicketKind = "policy"    // 政策咨询
	TicketFinancing TicketKind = "financing" // 融资协调
	TicketPetition  TicketKind = "petition"  // 信访
	TicketRights    TicketKind = "rights"    // 权益维护
)

// TicketKinds lists the kinds in display order.
var TicketKinds = []TicketKind{TicketInquiry, TicketComplaint, TicketLegalAid, TicketPolicy, TicketFinancing, TicketPetition, TicketRights}

// ValidTicketKind reports whether k is one of TicketKinds.
func ValidTicketKind(k TicketKind) bool {
	for _, x := range TicketKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Ticket statuses: open until someone works on it, in_progress once
// assigned, answered or referred, resolved with an outcome (reopening
// makes it open again).
const (
	TicketOpen       = "open"
	TicketInProgress = "in_progress"
	TicketResolved   = "resolved"
)

// TicketStatuses lists the statuses for filters.
var TicketStatuses = []string{TicketOpen, TicketInProgress, TicketResolved}

// Ticket channels: how the request reached the chamber.
var TicketChannels = []string{"portal", "phone", "visit", "letter", "public"}

// Ticket is one request of a member (or of the public, for 信访).
type Ticket struct {
	ID             ID         `json:"id"`
	Kind           TicketKind `json:"kind"`
	Status         string     `json:"status"`
	Channel        string     `json:"channel"`
	MemberID       ID         `json:"member_id"`
	MemberName     string     `json:"member_name,omitempty"`
	RequesterName  string     `json:"requester_name,omitempty"`
	RequesterPhone string     `json:"requester_phone,omitempty"`
	Subject        string     `json:"subject"`
	Body           string     `json:"body"`
	// Legal aid: the other party and the amount in dispute.
	Parties         string     `json:"parties,omitempty"`
	DisputeFen      int64      `json:"dispute_amount_fen,omitempty"`
	DepartmentID    ID         `json:"department_id"`
	Department      string     `json:"department,omitempty"`
	AssigneeID      ID         `json:"assignee_user_id"`
	Assignee        string     `json:"assignee,omitempty"`
	CreatedBy       ID         `json:"created_by"`
	CreatedAt       time.Time  `json:"created_at"`
	FirstDueAt      time.Time  `json:"first_answer_due_at"`
	DueAt           time.Time  `json:"due_at"`
	FirstAnsweredAt *time.Time `json:"first_answered_at"`
	ResolvedAt      *time.Time `json:"resolved_at"`
	Outcome         string     `json:"outcome,omitempty"`
	Escalated       bool       `json:"escalated"`
	Rating          int        `json:"satisfaction_rating,omitempty"`
	RatingComment   string     `json:"satisfaction_comment,omitempty"`
	// LegalCaseID is the legal-aid case opened from the ticket (0: none).
	LegalCaseID ID `json:"legal_case_id,omitempty"`
	// TypicalCaseAnnID is the draft announcement of the 典型事例 made of
	// the ticket (0: none; staff only).
	TypicalCaseAnnID ID                `json:"typical_case_announcement_id,omitempty"`
	Replies          []*TicketReply    `json:"replies,omitempty"`
	Referrals        []*TicketReferral `json:"referrals,omitempty"`
}

// Overdue reports whether the ticket is past its deadline and not resolved.
func (t *Ticket) Overdue(now time.Time) bool {
	return t.Status != TicketResolved && now.After(t.DueAt)
}

// TicketReply is an answer to the member, a member's follow-up, or an
// internal note that the member never sees.
type TicketReply struct {
	ID         ID        `json:"id"`
	TicketID   ID        `json:"ticket_id"`
	AuthorID   ID        `json:"author_user_id"`
	Author     string    `json:"author"`
	FromMember bool      `json:"from_member"`
	Internal   bool      `json:"internal"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
}

// TicketReferral records a request handed to an outside contact.
type TicketReferral struct {
	ID        ID        `json:"id"`
	ContactID ID        `json:"contact_id"`
	Contact   string    `json:"contact"`
	Note      string    `json:"note"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

// NewTicket is the form of a new request.
type NewTicket struct {
	Kind     TicketKind `json:"kind"`
	MemberID ID         `json:"member_id"`
	// MemberNo (会员编号) names the member instead of member_id.
	MemberNo       string `json:"member_no,omitempty"`
	Subject        string `json:"subject"`
	Body           string `json:"body"`
	Channel        string `json:"channel,omitempty"`
	RequesterName  string `json:"requester_name,omitempty"`
	RequesterPhone string `json:"requester_phone,omitempty"`
	Parties        string `json:"parties,omitempty"`
	DisputeFen     int64  `json:"dispute_amount_fen,omitempty"`
}

// Normalize trims the text fields.
func (n *NewTicket) Normalize() {
	n.Subject, n.Body = strings.TrimSpace(n.Subject), strings.TrimSpace(n.Body)
	n.RequesterName, n.Parties = strings.TrimSpace(n.RequesterName), strings.TrimSpace(n.Parties)
	n.RequesterPhone = NormalizePhone(n.RequesterPhone)
	n.MemberNo = strings.TrimSpace(n.MemberNo)
}

// Validate checks the form. A ticket names a member, or (public 信访)
// a requester with a phone number.
func (n *NewTicket) Validate() error {
	var f Fields
	if !ValidTicketKind(n.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	textField(&f, "subject", n.Subject, true, 120)
	longText(&f, "body", n.Body, true, 5000)
	textField(&f, "parties", n.Parties, false, 200)
	if n.MemberID < 0 {
		f.Add("member_id", "err.invalid_value")
	}
	if n.MemberID == 0 && n.MemberNo == "" {
		textField(&f, "requester_name", n.RequesterName, true, 60)
		if !ValidPhone(n.RequesterPhone) {
			f.Add("requester_phone", "err.phone")
		}
	}
	if n.Channel != "" && !oneOf(n.Channel, TicketChannels) {
		f.Add("channel", "err.invalid_value")
	}
	if n.DisputeFen < 0 || n.DisputeFen > MaxAmountFen {
		f.Add("dispute_amount_fen", "err.invalid_value")
	}
	return f.Err()
}

// longText checks a multi-line field: required and at most max runes.
func longText(f *Fields, name, v string, required bool, max int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0 && required:
		f.Add(name, "err.required")
	case n > max:
		f.Add(name, "err.too_long", max)
	case !utf8.ValidString(v):
		f.Add(name, "err.invalid_value")
	}
}

// TicketRoute is the routing rule of one kind: the department that
// handles it, an optional default handler, and the service levels in
// working days (first answer, resolution).
type TicketRoute struct {
	Kind         TicketKind `json:"kind"`
	DepartmentID ID         `json:"department_id"`
	Department   string     `json:"department,omitempty"`
	HandlerID    ID         `json:"handler_user_id"`
	FirstDays    int        `json:"first_answer_days"`
	ResolveDays  int        `json:"resolve_days"`
}

// Validate checks a rule.
func (r *TicketRoute) Validate() error {
	var f Fields
	if !ValidTicketKind(r.Kind) {
		f.Add("kind", "err.invalid_value")
	}
	if r.DepartmentID <= 0 {
		f.Add("department_id", "err.required")
	}
	if r.HandlerID < 0 {
		f.Add("handler_user_id", "err.invalid_value")
	}
	if r.FirstDays < 0 || r.FirstDays > 60 {
		f.Add("first_answer_days", "err.invalid_value")
	}
	if r.ResolveDays < 1 || r.ResolveDays > 365 || r.ResolveDays < r.FirstDays {
		f.Add("resolve_days", "err.invalid_value")
	}
	return f.Err()
}

// Holiday is one day of the holiday calendar: an official holiday
// (workday false) or a 调休 working day on a weekend (workday true).
type Holiday struct {
	Date    string `json:"date"`
	Name    string `json:"name"`
	Workday bool   `json:"workday"`
}

// Calendar tells working days: Monday to Friday, except holidays, plus
// the weekend days marked as working (调休).
type Calendar map[string]bool // date → working day, for the exceptions

// Working reports whether the day d (a date in the chamber's zone) is a working day.
func (c Calendar) Working(d time.Time) bool {
	if w, ok := c[d.Format("2006-01-02")]; ok {
		return w
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// OfficeCloses is the hour (chamber's zone) at which a deadline day ends.
const OfficeCloses = 18

// AddWorkingDays is the deadline n working days after the instant from:
// the close of office (18:00, chamber's zone) on the n-th working day
// after the day of from. n = 0 is the close of the same day, or of the
// next working day when from falls on a day off or after closing time.
func (c Calendar) AddWorkingDays(from time.Time, n int, loc *time.Location) time.Time {
	l := from.In(loc)
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	if n == 0 {
		if !c.Working(day) || l.Hour() >= OfficeCloses {
			day = day.AddDate(0, 0, 1)
			for !c.Working(day) {
				day = day.AddDate(0, 0, 1)
			}
		}
		return time.Date(day.Year(), day.Month(), day.Day(), OfficeCloses, 0, 0, 0, loc)
	}
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if c.Working(day) {
			n--
		}
	}
	return time.Date(day.Year(), day.Month(), day.Day(), OfficeCloses, 0, 0, 0, loc)
}

// TicketFilter narrows a ticket list.
type TicketFilter struct {
	Status   string
	Kind     string
	Overdue  bool
	Mine     bool // assigned to the caller
	MemberID ID
}

// Contact is an outside organisation of the contacts register (外联):
// a government office, a bank, a law firm, a partner chamber ….
type Contact struct {
	ID        ID              `json:"id"`
	Kind      string          `json:"kind"`
	Name      string          `json:"name"`
	Country   string          `json:"country"`
	OwnerID   ID              `json:"owner_user_id"`
	Owner     string          `json:"owner,omitempty"`
	Notes     string          `json:"notes"`
	People    []ContactPerson `json:"people"`
	CreatedAt time.Time       `json:"created_at"`
	Log       []*Interaction  `json:"interactions,omitempty"`
}

// ContactPerson is one person at a contact.
type ContactPerson struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// ContactKinds lists the organisation kinds of the register.
var ContactKinds = []string{"government", "media", "partner_chamber", "foreign_chamber", "bank", "law_firm", "enterprise", "other"}

// Normalize trims the fields.
func (c *Contact) Normalize() {
	c.Name, c.Country, c.Notes = strings.TrimSpace(c.Name), strings.TrimSpace(c.Country), strings.TrimSpace(c.Notes)
	for i := range c.People {
		p := &c.People[i]
		p.Name, p.Title, p.Email = strings.TrimSpace(p.Name), strings.TrimSpace(p.Title), strings.TrimSpace(p.Email)
		p.Phone = NormalizePhone(p.Phone)
	}
}

// Validate checks a contact.
func (c *Contact) Validate() error {
	var f Fields
	if !oneOf(c.Kind, ContactKinds) {
		f.Add("kind", "err.invalid_value")
	}
	textField(&f, "name", c.Name, true, 100)
	textField(&f, "country", c.Country, false, 60)
	longText(&f, "notes", c.Notes, false, 2000)
	if len(c.People) > 50 {
		f.Add("people", "err.too_many", 50)
	}
	for _, p := range c.People {
		textField(&f, "people.name", p.Name, true, 60)
		textField(&f, "people.title", p.Title, false, 60)
		textField(&f, "people.phone", p.Phone, false, 40)
		if p.Email != "" && !strings.Contains(p.Email, "@") {
			f.Add("people.email", "err.email")
		}
		textField(&f, "people.email", p.Email, false, 120)
	}
	return f.Err()
}

// Interaction is one entry of a contact's log: a visit, a reception, a
// meeting, a call or a letter.
type Interaction struct {
	ID        ID        `json:"id"`
	ContactID ID        `json:"contact_id"`
	Date      string    `json:"date"`
	Kind      string    `json:"kind"`
	Summary   string    `json:"summary"`
	UserIDs   []ID      `json:"user_ids"`
	CreatedBy ID        `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// InteractionKinds lists the kinds of the log.
var InteractionKinds = []string{"visit", "reception", "meeting", "call", "letter"}

// Validate checks a log entry.
func (i *Interaction) Validate() error {
	var f Fields
	i.Summary = strings.TrimSpace(i.Summary)
	if _, ok := ParseDate(i.Date); !ok {
		f.Add("date", "err.date")
	}
	if !oneOf(i.Kind, InteractionKinds) {
		f.Add("kind", "err.invalid_value")
	}
	longText(&f, "summary", i.Summary, true, 2000)
	if len(i.UserIDs) > 50 {
		f.Add("user_ids", "err.too_many", 50)
	}
	return f.Err()
}

// TicketService runs member services and the contacts register they refer to.
type TicketService interface {
	CreateTicket(ctx context.Context, n NewTicket) (*Ticket, error)
	FindTicket(ctx context.Context, id ID) (*Ticket, error)
	ListTickets(ctx context.Context, f TicketFilter, p Page) ([]*Ticket, string, error)
	AssignTicket(ctx context.Context, id, userID ID) (*Ticket, error)
	ReplyTicket(ctx context.Context, id ID, body string, internal bool) (*TicketReply, error)
	TicketReplies(ctx context.Context, id ID) ([]*TicketReply, error)
	ReferTicket(ctx context.Context, id, contactID ID, note string) (*Ticket, error)
	ResolveTicket(ctx context.Context, id ID, outcome string) (*Ticket, error)
	ReopenTicket(ctx context.Context, id ID) (*Ticket, error)
	RateTicket(ctx context.Context, id ID, rating int, comment string) (*Ticket, error)
	TicketRoutes(ctx context.Context) ([]TicketRoute, error)
	SetTicketRoute(ctx context.Context, r TicketRoute) error
	Holidays(ctx context.Context, year int) ([]Holiday, error)
	SetHolidays(ctx context.Context, year int, days []Holiday) error
	// EscalateTickets is the background job: it marks tickets past their
	// deadline and tells the handler and the department's director, once.
	EscalateTickets(ctx context.Context) (int, error)

	CreateContact(ctx context.Context, c Contact) (*Contact, error)
	FindContact(ctx context.Context, id ID) (*Contact, error)
	ListContacts(ctx context.Context, q, kind string, p Page) ([]*Contact, string, error)
	AddInteraction(ctx context.Context, in Interaction) (*Interaction, error)
}
