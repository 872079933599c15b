package chamber

import (
	"context"
	"strings"
	"time"
)

// WorkPlan is the chamber's annual work plan (年度工作计划): items each
// owned by a department and a post, due on a date, with a target, adopted
// by the assembly's resolution (AdoptedBy, the motion).
type WorkPlan struct {
	ID        ID              `json:"id"`
	Year      int             `json:"year"`
	Title     string          `json:"title"`
	AdoptedBy ID              `json:"adopted_by"`
	CreatedAt time.Time       `json:"created_at"`
	Items     []*WorkPlanItem `json:"items"`
}

// Work plan item statuses: overdue is past due_on below 100 %.
const (
	ItemPlanned    = "planned"
	ItemInProgress = "in_progress"
	ItemDone       = "done"
	ItemOverdue    = "overdue"
)

// WorkPlanItemStatuses lists the statuses in display order.
var WorkPlanItemStatuses = []string{ItemPlanned, ItemInProgress, ItemDone, ItemOverdue}

// WorkPlanItem is one item of a plan.
type WorkPlanItem struct {
	ID              ID              `json:"id"`
	PlanID          ID              `json:"plan_id"`
	Title           string          `json:"title"`
	DepartmentID    ID              `json:"department_id"`
	Department      string          `json:"department,omitempty"`
	OwnerPositionID ID              `json:"owner_position_id"`
	OwnerPosition   string          `json:"owner_position,omitempty"`
	DueOn           string          `json:"due_on"`
	Target          string          `json:"target"`
	Percent         int             `json:"percent"`
	Status          string          `json:"status"`
	DoneOn          string          `json:"done_on,omitempty"` // the day of the report that reached 100 %
	Links           []*WorkPlanLink `json:"links"`
	Progress        []*ItemProgress `json:"progress,omitempty"`
}

// ItemStatus is the status of an item at percent on the day today (YYYY-MM-DD).
func ItemStatus(percent int, dueOn, today string) string {
	switch {
	case percent >= 100:
		return ItemDone
	case dueOn != "" && today > dueOn:
		return ItemOverdue
	case percent > 0:
		return ItemInProgress
	}
	return ItemPlanned
}

// Link kinds of a plan item: what carries it out.
var WorkPlanLinkKinds = []string{"event", "meeting", "document", "project"}

// WorkPlanLink ties an item to an event, meeting or document.
type WorkPlanLink struct {
	Kind  string `json:"kind"`
	ID    ID     `json:"id"`
	Title string `json:"title,omitempty"`
}

// ItemProgress is one progress report of an owner.
type ItemProgress struct {
	Percent int       `json:"percent"`
	Note    string    `json:"note"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// NewWorkPlan is the form of a plan.
type NewWorkPlan struct {
	Year  int    `json:"year"`
	Title string `json:"title"`
}

// Validate checks the form.
func (n *NewWorkPlan) Validate() error {
	var f Fields
	n.Title = strings.TrimSpace(n.Title)
	if n.Year < 2000 || n.Year > 2100 {
		f.Add("year", "err.invalid_value")
	}
	textField(&f, "title", n.Title, true, 120)
	return f.Err()
}

// NewWorkPlanItem is the form of an item.
type NewWorkPlanItem struct {
	Title           string `json:"title"`
	DepartmentID    ID     `json:"department_id"`
	OwnerPositionID ID     `json:"owner_position_id"`
	DueOn           string `json:"due_on"`
	Target          string `json:"target"`
}

// Validate checks the form.
func (n *NewWorkPlanItem) Validate() error {
	var f Fields
	n.Title, n.Target, n.DueOn = strings.TrimSpace(n.Title), strings.TrimSpace(n.Target), strings.TrimSpace(n.DueOn)
	textField(&f, "title", n.Title, true, 200)
	longText(&f, "target", n.Target, false, 2000)
	if n.DepartmentID <= 0 {
		f.Add("department_id", "err.required")
	}
	if n.OwnerPositionID < 0 {
		f.Add("owner_position_id", "err.invalid_value")
	}
	if n.DueOn == "" {
		f.Add("due_on", "err.required")
	} else if !ValidDate(n.DueOn) || !DateStringInRange(n.DueOn) {
		f.Add("due_on", "err.date")
	}
	return f.Err()
}

// ItemProgressReport is a progress report.
type ItemProgressReport struct {
	Percent int    `json:"percent"`
	Note    string `json:"note"`
}

// Validate checks the report.
func (p *ItemProgressReport) Validate() error {
	var f Fields
	p.Note = strings.TrimSpace(p.Note)
	if p.Percent < 0 || p.Percent > 100 {
		f.Add("percent", "err.invalid_value")
	}
	longText(&f, "note", p.Note, false, 2000)
	return f.Err()
}

// WorkPlanPatch changes a plan: its title, and the adopting motion.
type WorkPlanPatch struct {
	Title     *string `json:"title"`
	AdoptedBy *ID     `json:"adopted_by"`
}

// WorkPlanService is the work plan's service.
type WorkPlanService interface {
	CreateWorkPlan(ctx context.Context, n NewWorkPlan) (*WorkPlan, error)
	PatchWorkPlan(ctx context.Context, id ID, p WorkPlanPatch) (*WorkPlan, error)
	AddWorkPlanItem(ctx context.Context, planID ID, n NewWorkPlanItem) (*WorkPlanItem, error)
	LinkWorkPlanItem(ctx context.Context, itemID ID, l WorkPlanLink) (*WorkPlanItem, error)
	ReportProgress(ctx context.Context, itemID ID, p ItemProgressReport) (*WorkPlanItem, error)
	FindWorkPlan(ctx context.Context, id ID) (*WorkPlan, error)
	ListWorkPlans(ctx context.Context) ([]*WorkPlan, error)
	OverdueItems(ctx context.Context) ([]*WorkPlanItem, error)
	// HeldPositions lists the positions the caller holds today (whose items it may report on).
	HeldPositions(ctx context.Context) (map[ID]bool, error)
}
