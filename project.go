package chamber

import (
	"context"
	"strings"
	"time"
)

// Project is a project the chamber pushes forward (项目推进): a goal owned
// by a login (the 副会长 or leader responsible), the member enterprises
// taking part, milestones and a status, optionally carrying out an item
// of the work plan.
type Project struct {
	ID         ID               `json:"id"`
	Title      string           `json:"title"`
	Goal       string           `json:"goal"`
	OwnerID    ID               `json:"owner_id"`
	Owner      string           `json:"owner"`
	Status     string           `json:"status"`
	PlanItemID ID               `json:"plan_item_id"`
	PlanItem   string           `json:"plan_item,omitempty"`
	PlanID     ID               `json:"plan_id,omitempty"`
	Members    []*ProjectMember `json:"members"`
	Milestones []*Milestone     `json:"milestones"`
	CreatedAt  time.Time        `json:"created_at"`
}

// Project statuses.
const (
	ProjectPlanned   = "planned"
	ProjectActive    = "active"
	ProjectDone      = "done"
	ProjectSuspended = "suspended"
)

// ProjectStatuses lists the statuses in display order.
var ProjectStatuses = []string{ProjectPlanned, ProjectActive, ProjectDone, ProjectSuspended}

// ValidProjectStatus reports whether s is a project status.
func ValidProjectStatus(s string) bool {
	for _, v := range ProjectStatuses {
		if v == s {
			return true
		}
	}
	return false
}

// ProjectMember is a member enterprise taking part.
type ProjectMember struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

// Milestone is one step of a project; DoneOn is empty while open.
type Milestone struct {
	ID        ID     `json:"id"`
	ProjectID ID     `json:"project_id"`
	Title     string `json:"title"`
	DueOn     string `json:"due_on"`
	DoneOn    string `json:"done_on"`
	Note      string `json:"note"`
}

// NewProject is the form of a project.
type NewProject struct {
	Title      string `json:"title"`
	Goal       string `json:"goal"`
	OwnerID    ID     `json:"owner_id"`
	Status     string `json:"status"` // planned when empty
	PlanItemID ID     `json:"plan_item_id"`
	MemberIDs  []ID   `json:"member_ids"`
}

// Validate checks the form.
func (n *NewProject) Validate() error {
	var f Fields
	n.Title, n.Goal, n.Status = strings.TrimSpace(n.Title), strings.TrimSpace(n.Goal), strings.TrimSpace(n.Status)
	textField(&f, "title", n.Title, true, 200)
	longText(&f, "goal", n.Goal, false, 4000)
	if n.OwnerID <= 0 {
		f.Add("owner_id", "err.required")
	}
	if n.Status == "" {
		n.Status = ProjectPlanned
	} else if !ValidProjectStatus(n.Status) {
		f.Add("status", "err.invalid_value")
	}
	if n.PlanItemID < 0 {
		f.Add("plan_item_id", "err.invalid_value")
	}
	if len(n.MemberIDs) > 200 {
		f.Add("member_ids", "err.invalid_value")
	}
	for _, m := range n.MemberIDs {
		if m <= 0 {
			f.Add("member_ids", "err.invalid_value")
			break
		}
	}
	return f.Err()
}

// NewMilestone is the form of a milestone.
type NewMilestone struct {
	Title string `json:"title"`
	DueOn string `json:"due_on"`
	Note  string `json:"note"`
}

// Validate checks the form.
func (n *NewMilestone) Validate() error {
	var f Fields
	n.Title, n.DueOn, n.Note = strings.TrimSpace(n.Title), strings.TrimSpace(n.DueOn), strings.TrimSpace(n.Note)
	textField(&f, "title", n.Title, true, 200)
	longText(&f, "note", n.Note, false, 2000)
	if n.DueOn == "" {
		f.Add("due_on", "err.required")
	} else if !ValidDate(n.DueOn) || !DateStringInRange(n.DueOn) {
		f.Add("due_on", "err.date")
	}
	return f.Err()
}

// ProjectStatusChange is the status form.
type ProjectStatusChange struct {
	Status string `json:"status"`
}

// MilestoneDone completes a milestone on a day (today when empty) with a note.
type MilestoneDone struct {
	DoneOn string `json:"done_on"`
	Note   string `json:"note"`
}

// ProjectService is the projects' service.
type ProjectService interface {
	CreateProject(ctx context.Context, n NewProject) (*Project, error)
	FindProject(ctx context.Context, id ID) (*Project, error)
	ListProjects(ctx context.Context) ([]*Project, error)
	SetProjectStatus(ctx context.Context, id ID, status string) (*Project, error)
	AddMilestone(ctx context.Context, projectID ID, n NewMilestone) (*Project, error)
	CompleteMilestone(ctx context.Context, projectID, milestoneID ID, d MilestoneDone) (*Project, error)
	// ProjectLogins lists the logins a project may be given to (ID, Name).
	ProjectLogins(ctx context.Context) ([]*ProjectMember, error)
}
