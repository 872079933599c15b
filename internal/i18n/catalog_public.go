package i18n

// publicCatalog: the public home page for visitors (公开主页) and its settings.
var publicCatalog = map[string][2]string{
	"public.title":           {"首页", "Home"},
	"public.intro_default":   {"欢迎访问本会网站。", "Welcome to our chamber."},
	"public.join":            {"入会申请", "Apply to join"},
	"public.login":           {"登录", "Log in"},
	"public.all_news":        {"全部新闻动态", "All news"},
	"public.all_disclosures": {"信息公开栏目", "All disclosures"},
	"public.events":          {"公开活动", "Events open to the public"},
	"public.no_events":       {"近期没有公开活动。", "No public events coming up."},
	"public.add_calendar":    {"加入日历", "Add to calendar"},
	"public.contact":         {"联系我们", "Contact"},
	"settings.intro":         {"简介（公开主页）", "Introduction (public home)"},
	"settings.address":       {"地址", "Address"},
	"settings.phone":         {"电话", "Phone"},
	"settings.email":         {"电子邮箱", "E-mail"},
	"a11y.reports_nav":       {"财务报表", "Financial statements"},
	"org.chart_reports_to":   {"向 %s 汇报", "Reporting to %s"},
}

// reviewBulkCatalog: 资格审查 in bulk.
var reviewBulkCatalog = map[string][2]string{
	"member.review_bulk":              {"批量审查", "Review in bulk"},
	"member.review_apply":             {"对所选会员保存", "Save for the selected members"},
	"member.review_select":            {"选择 %s", "Select %s"},
	"member.review_select_page":       {"选择本页全部会员", "Select every member on this page"},
	"member.review_by":                {"审查人", "Reviewed by"},
	"member.review_saved_n":           {"已保存 %d 位会员的审查结果。", "Saved the outcome of %d members."},
	"member.err.review_none_selected": {"请至少勾选一位会员。", "Tick at least one member."},
	"member.err.review_too_many":      {"一次最多审查 %d 位会员。", "At most %d members at a time."},
}
