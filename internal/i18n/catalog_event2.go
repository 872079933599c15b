package i18n

// event2Catalog holds the messages of events' money, reminders, public
// registration, training, charity and exhibitions.
var event2Catalog = map[string][2]string{
	"event.budget":       {"预算", "Budget"},
	"event.actual":       {"实际支出", "Actual costs"},
	"event.income":       {"活动收入", "Event income"},
	"event.over_budget":  {"超出预算", "over budget"},
	"event.paid_count":   {"已收费 %d 人", "%d paid"},
	"event.account":      {"会计科目", "Account"},
	"event.amount":       {"金额", "Amount"},
	"event.no_lines":     {"暂无标记本活动的凭证。", "No voucher lines tagged with this event yet."},
	"event.fee":          {"费用", "Fee"},
	"event.take_fee":     {"收费入账", "Take fee"},
	"event.fee_taken":    {"已收费并生成凭证。", "Fee taken; the voucher is posted."},
	"event.err.no_fee":   {"该活动不收费，请填写金额。", "This event has no fee: give the amount."},
	"event.err.fee_paid": {"该报名已收费。", "This registration's fee is already taken."},
}
