package chamber

import "time"

// To-do (待办): what waits for one login, gathered from every area.

// Todo kinds, one per area that can wait for someone.
const (
	TodoReimbursement = "reimbursement"   // a claim waiting for the caller's approval
	TodoLeave         = "leave"           // a leave request waiting for the caller
	TodoDocument      = "document"        // an outgoing document waiting for the caller's sign-off
	TodoIncoming      = "incoming"        // an incoming document routed to the caller
	TodoVoucherDraft  = "voucher_draft"   // a voucher draft to review, confirm (出纳) or post
	TodoApplication   = "application"     // a membership application to review or decide
	TodoTicket        = "ticket"          // a ticket assigned to the caller
	TodoMinutes       = "minutes"         // minutes waiting for a supervisor's signature
	TodoActionItem    = "action_item"     // an open action item the caller owns
	TodoNotice        = "notice"          // a meeting notice not sent yet
	TodoAck           = "acknowledgement" // a notice to the caller (or its member) asking for a confirmation
	TodoProject       = "project"         // an active project the caller owns (due: its next open milestone)
)

// TodoKinds lists the kinds in the order a home page shows them.
var TodoKinds = []string{TodoReimbursement, TodoLeave, TodoDocument, TodoIncoming, TodoVoucherDraft,
	TodoApplication, TodoTicket, TodoMinutes, TodoActionItem, TodoNotice, TodoAck, TodoPurchase,
	TodoContract, TodoVehicleInsurance, TodoVehicleInspection, TodoOpening, TodoOffer, TodoIntroduction, TodoProject}

// TodoLimit bounds how many items of one kind a to-do list holds.
const TodoLimit = 20

// TodoItem is one thing waiting for a login; ID is the id of the thing
// of that kind (the meeting's id for minutes and notices), Link its page.
type TodoItem struct {
	Kind  string     `json:"kind"`
	ID    ID         `json:"id"`
	Title string     `json:"title"`
	DueAt *time.Time `json:"due_at"`
	Link  string     `json:"link"`
}
