package chamber

import (
	"context"
	"strings"
	"time"
)

// Action item statuses.
const (
	ActionOpen = "open"
	ActionDone = "done"
)

// ActionItem is a task decided at a meeting (督办事项): an owner, a due
// date, open until done. Open items start the agenda of the next staff
// meeting of the secretariat (办公会议, 每周例会).
type ActionItem struct {
	ID        ID         `json:"id"`
	MeetingID ID         `json:"meeting_id"`
	Meeting   string     `json:"meeting,omitempty"`
	Title     string     `json:"title"`
	OwnerID   ID         `json:"owner_user_id"`
	Owner     string     `json:"owner"`
	DueOn     string     `json:"due_on"`
	Status    string     `json:"status"`
	Note      string     `json:"note,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	DoneAt    *time.Time `json:"done_at"`
}

// NewActionItem is the form of an action item.
type NewActionItem struct {
	Title   string `json:"title"`
	OwnerID ID     `json:"owner_user_id"`
	DueOn   string `json:"due_on"`
}

// Validate checks the form.
func (n *NewActionItem) Validate() error {
	var f Fields
	n.Title = strings.TrimSpace(n.Title)
	textField(&f, "title", n.Title, true, 200)
	if n.OwnerID <= 0 {
		f.Add("owner_user_id", "err.required")
	}
	if _, ok := ParseDate(n.DueOn); !ok {
		f.Add("due_on", "err.date")
	}
	return f.Err()
}

// Staff meeting kinds: 办公会议 and 每周例会.
var StaffMeetingKinds = []string{"office", "weekly"}

// AgendaLine is how an open action item reads on the next agenda.
func (a *ActionItem) AgendaLine() string {
	return "督办：" + a.Title + "（" + a.Owner + "，" + a.DueOn + "前）"
}

// ActionFilter narrows the list of action items.
type ActionFilter struct {
	Open      bool
	OwnerID   ID
	MeetingID ID
}

// ActionService keeps the action items of meetings.
type ActionService interface {
	CreateActionItem(ctx context.Context, meetingID ID, n NewActionItem) (*ActionItem, error)
	CompleteActionItem(ctx context.Context, id ID, note string) (*ActionItem, error)
	ListActionItems(ctx context.Context, f ActionFilter) ([]*ActionItem, error)
}

// StaffMeetingFilter narrows the list of staff meetings.
type StaffMeetingFilter struct {
	Kind         string // "office", "weekly" or "" for both
	DepartmentID ID     // 0: every body and department
	Limit        int
}

// StaffMeetingService lists the secretariat's own meetings (办公会议,
// 每周例会); they are convened, opened and minuted as any meeting.
type StaffMeetingService interface {
	ListStaffMeetings(ctx context.Context, f StaffMeetingFilter) ([]*Meeting, error)
}
