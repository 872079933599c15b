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
}
