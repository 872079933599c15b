package chamber

import (
	"context"
	"math"
	"strings"
	"time"
)

// Review subjects, reviewer roles, grades and statuses of the annual
// review (述职考核).
var (
	ReviewSubjects = []string{"staff", "branch", "council_member"}
	ReviewRoles    = []string{"superior", "peer", "panel"}
	// ReviewGrades: 优秀, 称职, 基本称职, 不称职.
	ReviewGrades = []string{"excellent", "competent", "basic", "incompetent"}
)

const (
	ReviewOpen      = "open"
	ReviewConcluded = "concluded"
)

// DefaultReviewWeights are the weights of the reviewer roles per subject
// kind (percent): a member panel scores branches.
func DefaultReviewWeights(kind string) map[string]int {
	if kind == "branch" {
		return map[string]int{"superior": 40, "peer": 20, "panel": 40}
	}
	return map[string]int{"superior": 60, "peer": 40, "panel": 0}
}

// ReviewFacts are the year's facts compiled from the records.
type ReviewFacts struct {
	MeetingsEntitled   int     `json:"meetings_entitled"`
	MeetingsAttended   int     `json:"meetings_attended"`
	MeetingsHeld       int     `json:"meetings_held,omitempty"` // a branch's own meetings
	EventsOrganised    int     `json:"events_organised"`
	EventsAttended     int     `json:"events_attended,omitempty"`
	TicketsHandled     int     `json:"tickets_handled"`
	SatisfactionAvg    float64 `json:"satisfaction_avg"` // of the rated tickets, 0 when none
	PlanItemsOwned     int     `json:"work_plan_items_owned"`
	PlanItemsDone      int     `json:"work_plan_items_done"`
	ActionItemsDone    int     `json:"action_items_done"`
	ActionItemsOverdue int     `json:"action_items_overdue"`
	LeaveDays          int     `json:"leave_days"`
}

// ReviewReviewer is one reviewer and its score (nil until scored).
type ReviewReviewer struct {
	UserID   ID         `json:"user_id"`
	Name     string     `json:"name"`
	Role     string     `json:"role"`
	Score    *int       `json:"score"`
	Comment  string     `json:"comment,omitempty"`
	ScoredAt *time.Time `json:"scored_at,omitempty"`
}

// AnnualReview is one subject's annual review.
type AnnualReview struct {
	ID           ID               `json:"id"`
	Year         int              `json:"year"`
	SubjectKind  string           `json:"subject_kind"`
	SubjectID    ID               `json:"subject_id"`
	SubjectName  string           `json:"subject_name"`
	WriterID     ID               `json:"writer_user_id"` // who writes the 述职报告
	DepartmentID ID               `json:"department_id"`
	Department   string           `json:"department"`
	Facts        ReviewFacts      `json:"facts"`
	Weights      map[string]int   `json:"weights"`
	Report       string           `json:"report"`
	ReportedAt   *time.Time       `json:"reported_at"`
	Reviewers    []ReviewReviewer `json:"reviewers"`
	Total        float64          `json:"total"` // weighted, 2 decimals
	Suggested    string           `json:"suggested_grade"`
	Grade        string           `json:"grade"`
	Status       string           `json:"status"`
	CreatedAt    time.Time        `json:"created_at"`
	ConcludedAt  *time.Time       `json:"concluded_at"`
}

// ReviewTotal is the weighted total: each role's mean score times its
// weight, over the weights of the roles that have scores.
func ReviewTotal(weights map[string]int, rs []ReviewReviewer) float64 {
	sum, n := map[string]int{}, map[string]int{}
	for _, r := range rs {
		if r.Score != nil {
			sum[r.Role] += *r.Score
			n[r.Role]++
		}
	}
	var num, den float64
	for _, role := range ReviewRoles {
		w := float64(weights[role])
		if n[role] == 0 || w == 0 {
			continue
		}
		num += w * float64(sum[role]) / float64(n[role])
		den += w
	}
	if den == 0 {
		return 0
	}
	return math.Round(num/den*100) / 100
}

// GradeFor is the grade a total suggests: 优秀 from 90, 称职 from 75,
// 基本称职 from 60, else 不称职.
func GradeFor(total float64) string {
	switch {
	case total >= 90:
		return "excellent"
	case total >= 75:
		return "competent"
	case total >= 60:
		return "basic"
	}
	return "incompetent"
}

// NewReview opens a subject's review for a year; reviewers and weights are
// optional (defaults: the superior and the peers on the org chart).
type NewReview struct {
	Year        int              `json:"year"`
	SubjectKind string           `json:"subject_kind"`
	SubjectID   ID               `json:"subject_id"`
	Weights     map[string]int   `json:"weights,omitempty"`
	Reviewers   []ReviewReviewer `json:"reviewers,omitempty"`
}

// Validate checks the form.
func (n *NewReview) Validate() error {
	var f Fields
	if n.Year < 2000 || n.Year > 2100 {
		f.Add("year", "err.invalid_value")
	}
	if !oneOf(n.SubjectKind, ReviewSubjects) {
		f.Add("subject_kind", "err.invalid_value")
	}
	if n.SubjectID <= 0 {
		f.Add("subject_id", "err.required")
	}
	total := 0
	for k, w := range n.Weights {
		if !oneOf(k, ReviewRoles) || w < 0 || w > 100 {
			f.Add("weights", "err.invalid_value")
		}
		total += w
	}
	if n.Weights != nil && total == 0 {
		f.Add("weights", "err.invalid_value")
	}
	if len(n.Reviewers) > 50 {
		f.Add("reviewers", "err.invalid_value")
	}
	for _, r := range n.Reviewers {
		if r.UserID <= 0 || !oneOf(r.Role, ReviewRoles) {
			f.Add("reviewers", "err.invalid_value")
			break
		}
	}
	return f.Err()
}

// ValidReport checks a 述职报告's text.
func ValidReport(text string) (string, error) {
	text = strings.TrimSpace(text)
	var f Fields
	textField(&f, "text", text, true, 20000)
	return text, f.Err()
}

// ReviewFilter narrows the list of reviews.
type ReviewFilter struct {
	Year        int
	SubjectKind string
}

// AnnualReviewService keeps the annual reviews.
type AnnualReviewService interface {
	CreateAnnualReview(ctx context.Context, n NewReview) (*AnnualReview, error)
	FindAnnualReview(ctx context.Context, id ID) (*AnnualReview, error)
	ListAnnualReviews(ctx context.Context, f ReviewFilter) ([]*AnnualReview, error)
	WriteAnnualReport(ctx context.Context, id ID, text string) (*AnnualReview, error)
	ScoreAnnualReview(ctx context.Context, id ID, score int, comment string) (*AnnualReview, error)
	AddAnnualReviewer(ctx context.Context, id ID, r ReviewReviewer) (*AnnualReview, error)
	ConcludeAnnualReview(ctx context.Context, id ID, grade string) (*AnnualReview, error)
}
