package i18n

// event2Catalog holds the messages of events' money, reminders, public
// registration, training, charity and exhibitions.
var event2Catalog = map[string][2]string{
	"event.budget":               {"预算", "Budget"},
	"event.actual":               {"实际支出", "Actual costs"},
	"event.income":               {"活动收入", "Event income"},
	"event.over_budget":          {"超出预算", "over budget"},
	"event.paid_count":           {"已收费 %d 人", "%d paid"},
	"event.account":              {"会计科目", "Account"},
	"event.amount":               {"金额", "Amount"},
	"event.no_lines":             {"暂无标记本活动的凭证。", "No voucher lines tagged with this event yet."},
	"event.fee":                  {"费用", "Fee"},
	"event.take_fee":             {"收费入账", "Take fee"},
	"event.fee_taken":            {"已收费并生成凭证。", "Fee taken; the voucher is posted."},
	"event.err.no_fee":           {"该活动不收费，请填写金额。", "This event has no fee: give the amount."},
	"event.err.fee_paid":         {"该报名已收费。", "This registration's fee is already taken."},
	"event.organisation":         {"单位", "Organisation"},
	"event.public_title":         {"活动报名", "Event registration"},
	"event.public_register":      {"公开报名", "Register"},
	"event.public_submit":        {"提交报名", "Register"},
	"event.public_full":          {"名额已满，可候补", "full: the waitlist is open"},
	"event.public_deadline":      {"报名截止", "Registration closes"},
	"event.public_waitlist_note": {"名额已满，提交后进入候补名单，有人取消时按顺序递补。", "The event is full: you join the waitlist and move up in order when someone cancels."},
	"event.public_done":          {"报名成功", "You are registered"},
	"event.public_status":        {"报名状态", "Status"},
	"event.public_keep":          {"请保存此页或截图，签到时出示二维码或报名码。", "Keep this page or a screenshot: show the QR or the code at check-in."},
	"event.public_waitlisted":    {"您在候补名单中，递补后凭此报名码签到。", "You are on the waitlist; once moved up, check in with this code."},
	"public.register":            {"报名", "Register"},
}
