package i18n

// cooperationCatalog holds the introductions of business matching, the
// policy bulletins and publicity (press, the 会刊, the public site pages).
var cooperationCatalog = map[string][2]string{
	"report.sec.cooperation":        {"八、经济合作情况", "8. Economic cooperation"},
	"report.cooperation.offers":     {"发布供需信息（已审核）", "Offers posted (approved)"},
	"report.cooperation.introduced": {"供需匹配并促成对接", "Matched and introduced"},

	"intro.title":             {"对接记录", "Introductions"},
	"intro.mine":              {"我的对接", "My introductions"},
	"intro.hint":              {"会员从匹配结果中申请对接，秘书处安排双方见面并记录时间、参与人和结果。", "Members ask for an introduction from their matches; the secretariat introduces the two and logs when, who and the outcome."},
	"intro.ask":               {"申请对接", "Ask for an introduction"},
	"intro.asked":             {"已申请对接", "Introduction asked for"},
	"intro.requested":         {"已提交对接申请，秘书处将尽快安排。", "Your request is in; the secretariat will arrange the introduction."},
	"intro.note":              {"留言", "Note"},
	"intro.status.requested":  {"待对接", "Requested"},
	"intro.status.introduced": {"已对接", "Introduced"},
	"intro.on":                {"对接日期", "Introduced on"},
	"intro.by":                {"经办人", "Arranged by"},
	"intro.people":            {"参与人员", "Who took part"},
	"intro.outcome":           {"对接结果", "Outcome"},
	"intro.log":               {"登记对接", "Log the introduction"},
	"intro.none":              {"暂无对接记录。", "No introductions."},
	"intro.err.not_found":     {"找不到该对接记录。", "No such introduction."},
	"intro.err.pending":       {"供需信息审核通过后才能申请对接。", "An offer can ask for introductions once it is approved."},
	"intro.err.no_match":      {"只能与其他会员已发布的对应供需信息对接。", "Only another member's approved offer of the other kind can be introduced."},
	"intro.err.twice":         {"这两条供需信息已申请过对接。", "These two offers have already been put forward for an introduction."},
	"intro.err.logged":        {"该对接已登记。", "This introduction is already logged."},
	"intro.err.future":        {"对接日期不能晚于今天。", "The date cannot be after today."},
}
