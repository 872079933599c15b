package i18n

// showcaseCatalog holds 会员风采 (the member showcase): the members'
// profiles on the portal, their review by staff and the public pages.
var showcaseCatalog = map[string][2]string{
	"nav.my_profile":      {"会员风采", "My profile"},
	"nav.member_profiles": {"会员风采审核", "Member profiles"},

	"showcase.title":        {"会员风采", "Member showcase"},
	"showcase.hint":         {"本会会员企业的风采展示，由企业提供、秘书处审核发布。", "The chamber's member enterprises as they present themselves, reviewed by the secretariat."},
	"showcase.all":          {"全部会员风采", "All member profiles"},
	"showcase.none_public":  {"暂无会员风采。", "No member profiles yet."},
	"showcase.profiles":     {"会员风采资料", "Member profiles"},
	"showcase.profile":      {"会员风采资料", "Member profile"},
	"showcase.portal_hint":  {"填写本企业的简介和主要产品（中英文），提交后由秘书处审核，通过后显示在商会网站的“会员风采”栏目。", "Write your enterprise's introduction and products in Chinese and English; the secretariat reviews it and, once approved, it is shown in the Member showcase on the chamber's site."},
	"showcase.staff_hint":   {"会员企业提交的风采资料，审核通过后在公开网站展示；修改后的资料待审核期间，原已通过的版本继续展示。", "Profiles the members submit; approved ones are on the public site. While a change waits for review, the approved version stays public."},
	"showcase.public_link":  {"查看公开页面", "View the public page"},
	"showcase.public_stays": {"已通过的版本仍在展示", "the approved version stays public"},
	"showcase.new":          {"填写风采资料", "Write a profile"},
	"showcase.edit":         {"修改资料", "Edit the profile"},
	"showcase.submit":       {"提交审核", "Submit for review"},
	"showcase.member":       {"会员企业", "Member"},
	"showcase.status":       {"状态", "Status"},
	"showcase.updated":      {"更新时间", "Updated"},
	"showcase.approved_at":  {"审核通过时间", "Approved"},
	"showcase.none":         {"暂无风采资料。", "No profiles."},
	"showcase.in_zh":        {"中文", "In Chinese"},
	"showcase.in_en":        {"英文", "In English"},
	"showcase.intro":        {"企业简介", "Introduction"},
	"showcase.products":     {"主要产品", "Products"},
	"showcase.website":      {"网站", "Website"},
	"showcase.logo":         {"标志或照片", "Logo or photo"},
	"showcase.no_logo":      {"不显示", "None"},
	"showcase.logo_hint":    {"先在下方“附件”上传图片，再在此选择。", "Upload an image under Attachments below, then choose it here."},
	"showcase.review":       {"审核", "Review"},
	"showcase.approve":      {"审核通过并发布", "Approve and publish"},
	"showcase.return":       {"退回修改", "Return for changes"},
	"showcase.reason":       {"退回原因", "Reason for returning"},

	"showcase.status.pending":  {"待审核", "Pending"},
	"showcase.status.approved": {"已发布", "Approved"},
	"showcase.status.returned": {"已退回", "Returned"},

	"showcase.err.not_found":    {"找不到该会员风采。", "No such member profile."},
	"showcase.err.members_only": {"只有会员企业可以提交风采资料。", "Only a member enterprise writes a profile."},
	"showcase.err.not_pending":  {"该资料不在待审核状态。", "This profile is not waiting for review."},
	"showcase.err.logo":         {"标志须为本资料已上传的图片。", "The logo must be an image uploaded to this profile."},

	// The 会刊's member stories and print layout.
	"journal.err.article_profile": {"会员风采文章只能选自已审核通过的会员风采。", "A member story can only be an approved member profile."},
	"journal.err.one_source":      {"一篇文章只能有一个来源：新闻或会员风采。", "An article has one source: a news item or a member profile."},
	"journal.print":               {"打印版（A4）", "Print layout (A4)"},
	"journal.source.news":         {"选自本会新闻", "From the chamber's news"},
	"journal.source.member":       {"会员风采", "Member showcase"},

	// The notices members get, in their language.
	"intro.notice.title":  {"供需对接：%s — %s", "Business matching: %s — %s"},
	"intro.notice.body":   {"供需信息：%s\n对接信息：%s\n\n对接日期：%s\n参与人员：%s\n对接结果：%s", "Offer: %s\nMatched with: %s\n\nIntroduced on: %s\nWho took part: %s\nOutcome: %s"},
	"policy.mail.subject": {"【政策信息】%s", "[Policy bulletin] %s"},
	"policy.mail.footer":  {"适用行业：%s。您收到此信息是因为订阅了本会的政策信息，可在会员门户“经济与政策信息”中修改订阅。", "Industry: %s. You receive this because you subscribed to the chamber's policy bulletins; change your subscriptions under Economic and policy information on the portal."},
}
