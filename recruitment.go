package chamber

import (
	"context"
	"strings"
	"time"
)

// Recruitment (招聘): an opening for a position of the org chart, approved
// along the approval route up to the 秘书长; applicants with their CVs
// (attachments), interview steps with notes; a hire makes the staff record
// and the appointment to the post.

// Opening statuses.
const (
	OpeningPending  = "pending"  // waiting for approval
	OpeningOpen     = "open"     // approved: applicants are taken
	OpeningRejected = "rejected" // refused by an approver
	OpeningClosed   = "closed"   // filled or withdrawn
)

// Applicant statuses.
const (
	ApplicantApplied      = "applied"
	ApplicantInterviewing = "interviewing"
	ApplicantHired        = "hired"
	ApplicantRejected     = "rejected"
)

// Interview stages and results.
var (
	InterviewStages  = []string{"screening", "first", "second", "final"}
	InterviewResults = []string{"pending", "pass", "fail"}
)

// OwnerApplicant is the attachment owner kind of an applicant's CV.
const OwnerApplicant = "applicant"

// TodoOpening is an opening waiting for the caller's approval.
const TodoOpening = "opening"

// Opening is a vacancy to fill.
type Opening struct {
	ID           ID                  `json:"id"`
	PositionID   ID                  `json:"position_id"`
	Position     string              `json:"position"`
	Title        string              `json:"title"`
	Headcount    int                 `json:"headcount"`
	Description  string              `json:"description"`
	Status       string              `json:"status"`
	RequesterID  ID                  `json:"requester_id"`
	Requester    string              `json:"requester"`
	CurrentStep  int                 `json:"current_step"`
	Hired        int                 `json:"hired"`
	WaitingFor   string              `json:"waiting_for,omitempty"`
	Steps        []ReimbursementStep `json:"steps"`
	Applicants   []*Applicant        `json:"applicants,omitempty"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
	ApplicantCnt int                 `json:"applicant_count"`
}

// NewOpening is the form of an opening.
type NewOpening struct {
	PositionID  ID     `json:"position_id"`
	Title       string `json:"title"`
	Headcount   int    `json:"headcount"`
	Description string `json:"description"`
}

// Validate checks the form.
func (n *NewOpening) Validate() error {
	var f Fields
	n.Title, n.Description = strings.TrimSpace(n.Title), strings.TrimSpace(n.Description)
	if n.Headcount == 0 {
		n.Headcount = 1
	}
	if n.PositionID <= 0 {
		f.Add("position_id", "err.required")
	}
	textField(&f, "title", n.Title, true, 120)
	longText(&f, "description", n.Description, false, 5000)
	if n.Headcount < 1 || n.Headcount > 50 {
		f.Add("headcount", "err.invalid_value")
	}
	return f.Err()
}

// Applicant is a person applying for an opening.
type Applicant struct {
	ID         ID           `json:"id"`
	OpeningID  ID           `json:"opening_id"`
	Name       string       `json:"name"`
	Phone      string       `json:"phone"`
	Email      string       `json:"email"`
	Note       string       `json:"note"`
	Status     string       `json:"status"`
	StaffID    ID           `json:"staff_id,omitempty"`
	Interviews []*Interview `json:"interviews,omitempty"`
	CreatedAt  time.Time    `json:"created_at"`
}

// Validate checks an applicant.
func (a *Applicant) Validate() error {
	var f Fields
	a.Name, a.Email, a.Note = strings.TrimSpace(a.Name), strings.TrimSpace(a.Email), strings.TrimSpace(a.Note)
	a.Phone = NormalizePhone(a.Phone)
	textField(&f, "name", a.Name, true, 60)
	textField(&f, "phone", a.Phone, false, 40)
	textField(&f, "email", a.Email, false, 120)
	if a.Email != "" && !strings.Contains(a.Email, "@") {
		f.Add("email", "err.invalid_value")
	}
	longText(&f, "note", a.Note, false, 2000)
	return f.Err()
}

// Interview is one interview step of an applicant, with notes.
type Interview struct {
	ID            ID        `json:"id"`
	ApplicantID   ID        `json:"applicant_id"`
	Stage         string    `json:"stage"`
	Date          string    `json:"date"`
	InterviewerID ID        `json:"interviewer_id"`
	Interviewer   string    `json:"interviewer"`
	Notes         string    `json:"notes"`
	Result        string    `json:"result"`
	CreatedAt     time.Time `json:"created_at"`
}

// Validate checks an interview.
func (i *Interview) Validate() error {
	var f Fields
	i.Notes = strings.TrimSpace(i.Notes)
	if i.Result == "" {
		i.Result = "pending"
	}
	if !oneOf(i.Stage, InterviewStages) {
		f.Add("stage", "err.invalid_value")
	}
	if !ValidDate(i.Date) {
		f.Add("date", "err.date")
	}
	if !oneOf(i.Result, InterviewResults) {
		f.Add("result", "err.invalid_value")
	}
	longText(&f, "notes", i.Notes, false, 5000)
	return f.Err()
}

// Hire is the form of a hire: an existing login (user_id) or a new one
// (username, created disabled until the administrator sets its password).
type Hire struct {
	UserID           ID     `json:"user_id"`
	Username         string `json:"username"`
	HiredOn          string `json:"hired_on"`
	Employment       string `json:"employment"`
	ContractStartsOn string `json:"contract_starts_on"`
	ContractEndsOn   string `json:"contract_ends_on"`
}

// Validate checks the form.
func (h *Hire) Validate() error {
	var f Fields
	h.Username = strings.ToLower(strings.TrimSpace(h.Username))
	if h.Employment == "" {
		h.Employment = "full_time"
	}
	if h.UserID == 0 && h.Username == "" {
		f.Add("username", "err.required")
	}
	if h.UserID < 0 {
		f.Add("user_id", "err.invalid_value")
	}
	if h.UserID == 0 && h.Username != "" && !usernameRE.MatchString(h.Username) {
		f.Add("username", "err.username_format")
	}
	if !ValidDate(h.HiredOn) {
		f.Add("hired_on", "err.date")
	}
	if !oneOf(h.Employment, EmploymentKinds) {
		f.Add("employment", "err.invalid_value")
	}
	validSpan(&f, "contract_starts_on", h.ContractStartsOn, "contract_ends_on", h.ContractEndsOn, false)
	return f.Err()
}

// RecruitmentService runs openings, applicants and hires.
type RecruitmentService interface {
	CreateOpening(ctx context.Context, n NewOpening) (*Opening, error)
	FindOpening(ctx context.Context, id ID) (*Opening, error)
	ListOpenings(ctx context.Context, status string) ([]*Opening, error)
	DecideOpening(ctx context.Context, id ID, approve bool, comment string) (*Opening, error)
	CloseOpening(ctx context.Context, id ID) (*Opening, error)
	AddApplicant(ctx context.Context, openingID ID, a Applicant) (*Applicant, error)
	FindApplicant(ctx context.Context, id ID) (*Applicant, error)
	AddInterview(ctx context.Context, applicantID ID, i Interview) (*Interview, error)
	RejectApplicant(ctx context.Context, id ID, note string) (*Applicant, error)
	HireApplicant(ctx context.Context, id ID, h Hire) (*Applicant, error)
}
