package chamber

import (
	"context"
	"strings"
	"time"
)

// ApplicationStatus is where an application to join (入会申请) stands:
// submitted → (info_requested → submitted)* → reviewed (初审通过) →
// approved (council decision, member created) or rejected.
type ApplicationStatus string

const (
	AppSubmitted     ApplicationStatus = "submitted"
	AppInfoRequested ApplicationStatus = "info_requested"
	AppReviewed      ApplicationStatus = "reviewed"
	AppApproved      ApplicationStatus = "approved"
	AppRejected      ApplicationStatus = "rejected"
)

// Application is a request to join, from the public join form.
type Application struct {
	ID     ID                `json:"id"`
	Status ApplicationStatus `json:"status"`
	MemberInput
	Message string `json:"message"`
	// Note is the secretariat's request for more information, or its review note.
	Note string `json:"note"`
	// RejectReason is shown to the applicant.
	RejectReason string `json:"reject_reason"`
	DecidedOn    string `json:"decided_on"`
	Resolution   string `json:"resolution"`
	MotionID     ID     `json:"motion_id,omitempty"`
	MemberID     ID     `json:"member_id,omitempty"`
	// Token lets the applicant follow the application without a login.
	Token     string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ApplicationInput is the public join form.
type ApplicationInput struct {
	MemberInput
	Message string `json:"message"`
}

// Validate checks the join form: a contact and a phone are required so the
// secretariat can reach the applicant; units need their credit code.
func (a *ApplicationInput) Validate() error {
	var f Fields
	a.MemberInput.validate(&f)
	a.Message = strings.TrimSpace(a.Message)
	if a.Kind == MemberUnit && a.CreditCode == "" && !f.Has("credit_code") {
		f.Add("credit_code", "err.required")
	}
	if a.ContactName == "" && !f.Has("contact_name") {
		f.Add("contact_name", "err.required")
	}
	if a.Phone == "" && !f.Has("phone") {
		f.Add("phone", "err.required")
	}
	if len([]rune(a.Message)) > 2000 {
		f.Add("message", "err.too_long", 2000)
	}
	return f.Err()
}

// AppDecision is a step taken on an application by the secretariat or the council.
type AppDecision struct {
	// Action is request_info, resubmit, review_pass, approve or reject.
	Action string `json:"action"`
	Note   string `json:"note"`
	// DecidedOn and Resolution record the council decision (approve, and
	// reject after review); MotionID points at a motion once meetings exist.
	DecidedOn  string `json:"decided_on"`
	Resolution string `json:"resolution"`
	MotionID   ID     `json:"motion_id,omitempty"`
}

// NextApplicationStatus is the admission rule: which action is allowed
// from which status, and where it leads. ok is false for a wrong state.
func NextApplicationStatus(from ApplicationStatus, action string) (to ApplicationStatus, ok bool) {
	switch {
	case action == "request_info" && from == AppSubmitted:
		return AppInfoRequested, true
	case action == "resubmit" && from == AppInfoRequested:
		return AppSubmitted, true
	case action == "review_pass" && from == AppSubmitted:
		return AppReviewed, true
	case action == "approve" && from == AppReviewed:
		return AppApproved, true
	case action == "reject" && (from == AppSubmitted || from == AppInfoRequested || from == AppReviewed):
		return AppRejected, true
	}
	return "", false
}

// Validate checks the decision form.
func (d *AppDecision) Validate() error {
	var f Fields
	d.Note = strings.TrimSpace(d.Note)
	d.Resolution = strings.TrimSpace(d.Resolution)
	switch d.Action {
	case "request_info", "reject":
		textField(&f, "note", d.Note, true, 1000)
	case "review_pass", "resubmit":
		textField(&f, "note", d.Note, false, 1000)
	case "approve":
		textField(&f, "note", d.Note, false, 1000)
		textField(&f, "resolution", d.Resolution, true, 200)
		if d.DecidedOn == "" {
			f.Add("decided_on", "err.required")
		}
	case "":
		f.Add("action", "err.required")
	default:
		f.Add("action", "err.invalid_value")
	}
	if d.DecidedOn != "" && !ValidDate(d.DecidedOn) {
		f.Add("decided_on", "err.date")
	}
	return f.Err()
}

// ChangeRequest is a member's own change of a key field, waiting for the
// secretariat's approval.
type ChangeRequest struct {
	ID        ID          `json:"id"`
	MemberID  ID          `json:"member_id"`
	Patch     MemberPatch `json:"patch"`
	Status    string      `json:"status"` // pending, approved, rejected
	By        string      `json:"by"`
	Note      string      `json:"note"`
	CreatedAt time.Time   `json:"created_at"`
}

// Review is one member's outcome in a yearly qualification review (资格审查).
type Review struct {
	Year     int       `json:"year"`
	MemberID ID        `json:"member_id"`
	Name     string    `json:"name"`
	MemberNo string    `json:"member_no"`
	Outcome  string    `json:"outcome"` // "", qualified, rectify, disqualified
	Note     string    `json:"note"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// ReviewOutcomes are the outcomes a review may record.
var ReviewOutcomes = []string{"qualified", "rectify", "disqualified"}

// AdmissionService runs applications to join, the member portal's own
// changes and the yearly qualification review.
type AdmissionService interface {
	// Apply is the public join form (no login); it returns the application
	// with its follow-up token.
	Apply(ctx context.Context, in ApplicationInput) (*Application, error)
	FindApplication(ctx context.Context, id ID) (*Application, error)
	ApplicationByToken(ctx context.Context, token string) (*Application, error)
	ListApplications(ctx context.Context, status ApplicationStatus, p Page) ([]*Application, string, error)
	DecideApplication(ctx context.Context, id ID, d AppDecision) (*Application, error)
	// ResubmitApplication answers a request for more information (by the secret link).
	ResubmitApplication(ctx context.Context, token, message string) (*Application, error)

	// UpdateOwnMember is the portal's edit: plain fields change at once,
	// key fields become a change request.
	UpdateOwnMember(ctx context.Context, p MemberPatch) (*Member, *ChangeRequest, error)
	ListChangeRequests(ctx context.Context, memberID ID) ([]*ChangeRequest, error)
	DecideChangeRequest(ctx context.Context, id ID, approve bool, note string) error

	ListReviews(ctx context.Context, year int, p Page) ([]*Review, string, error)
	RecordReview(ctx context.Context, year int, memberID ID, outcome, note string) error
	// RecordReviews records one outcome and note for several members in one
	// transaction, one audit record per member (资格审查 in bulk).
	RecordReviews(ctx context.Context, year int, memberIDs []ID, outcome, note string) error
}
