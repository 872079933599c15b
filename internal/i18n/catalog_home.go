package i18n

// homeCatalog holds the to-do home's and the portal home's messages.
var homeCatalog = map[string][2]string{
	"todo.title":               {"待办事项", "Waiting for me"},
	"todo.none":                {"目前没有等待您处理的事项。", "Nothing is waiting for you."},
	"todo.due":                 {"期限", "Due"},
	"todo.kind.reimbursement":  {"待审批报销", "Expense claims to approve"},
	"todo.kind.leave":          {"待审批请假", "Leave requests to approve"},
	"todo.kind.document":       {"待核稿、签发的公文", "Documents to sign off"},
	"todo.kind.incoming":       {"待办理的收文", "Incoming documents to handle"},
	"todo.kind.voucher_draft":  {"待审核、出纳确认或记账的凭证", "Voucher drafts to review, confirm or post"},
	"todo.kind.application":    {"待审入会申请", "Membership applications to review"},
	"todo.kind.ticket":         {"分派给我的服务申请", "Requests assigned to me"},
	"todo.kind.minutes":        {"待签署的会议纪要", "Minutes to sign"},
	"todo.kind.action_item":    {"我负责的会议待办", "My open action items"},
	"todo.kind.notice":         {"尚未发送的会议通知", "Meeting notices not sent yet"},
	"portal.home.profile":      {"单位信息", "Our profile"},
	"portal.home.all_dues":     {"全部会费记录", "All dues"},
	"portal.home.all_meetings": {"全部会议", "All meetings"},
	"portal.home.vote_now":     {"正在进行：签到与表决", "In session: check in and vote"},
	"portal.home.all_inbox":    {"全部通知", "All notices"},
	"portal.home.unread":       {"未读", "Unread"},
	"portal.home.all_events":   {"活动报名", "Events and registration"},
	"portal.home.all_tickets":  {"全部服务申请", "All requests"},
}
