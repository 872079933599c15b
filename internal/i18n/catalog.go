package i18n

// catalog maps a key to its zh-CN and en text. Both are required: a key
// cannot be added in one language only. Each domain keeps its messages in a
// file of its own (catalog_member.go …) and lists its map here.
var catalog, duplicateKeys = merge(coreCatalog, voteCatalog, auditCatalog, cliCatalog, inviteCatalog, orgCatalog, memberCatalog, financeCatalog, meetingCatalog, announcementCatalog,
	inputCatalog, hardenCatalog, ticketCatalog, booksCatalog, booksWorkflowCatalog, booksFormsCatalog, leaveCatalog, actionCatalog, vehicleCatalog, eventCatalog, documentCatalog, document2Catalog, books2Catalog, budgetCatalog, homeCatalog,
	staffMeetingCatalog, reviewCatalog, payCatalog, publicCatalog, reviewBulkCatalog, assetsCatalog,
	reportCatalog, dashboardCatalog, legalCatalog, voiceCatalog, relationCatalog, secretariat3Catalog, cooperationCatalog, event2Catalog,
	workReportCatalog, authorityCatalog, statisticCatalog, workPlanCatalog, showcaseCatalog)

func merge(parts ...map[string][2]string) (map[string][2]string, []string) {
	out := map[string][2]string{}
	var dups []string
	for _, p := range parts {
		for k, v := range p {
			if _, ok := out[k]; ok {
				dups = append(dups, k)
			}
			out[k] = v
		}
	}
	return out, dups
}

var coreCatalog = map[string][2]string{
	// The application.
	"app.name":        {"商会管理系统", "Chamber"},
	"app.tagline":     {"商会、协会一体化管理", "Run a chamber of commerce end to end"},
	"app.skip":        {"跳到正文", "Skip to content"},
	"app.menu":        {"菜单", "Menu"},
	"app.language":    {"语言", "Language"},
	"app.lang.zh-CN":  {"中文", "中文"},
	"app.lang.en":     {"English", "English"},
	"app.soon":        {"即将推出", "Coming soon"},
	"app.save":        {"保存", "Save"},
	"app.cancel":      {"取消", "Cancel"},
	"app.create":      {"新建", "Create"},
	"app.next_page":   {"下一页", "Next page"},
	"app.first_page":  {"第一页", "First page"},
	"app.yes":         {"是", "Yes"},
	"app.no":          {"否", "No"},
	"app.none":        {"暂无记录", "Nothing yet"},
	"app.actions":     {"操作", "Actions"},
	"app.back":        {"返回", "Back"},
	"app.request_id":  {"请求编号", "Request ID"},
	"app.form_errors": {"请更正以下标出的内容。", "Please correct the fields marked below."},
	"app.saved":       {"已保存。", "Saved."},

	// Navigation: one entry per domain.
	"nav.home":          {"首页", "Home"},
	"nav.org":           {"组织架构", "Organisation"},
	"nav.members":       {"会员", "Members"},
	"nav.meetings":      {"会议与表决", "Meetings & votes"},
	"nav.events":        {"活动", "Events"},
	"nav.finance":       {"财务", "Finance"},
	"nav.announcements": {"公告与信息公开", "Announcements"},
	"nav.documents":     {"文件档案", "Documents"},
	"nav.services":      {"会员服务", "Member services"},
	"nav.staff":         {"内部管理", "Secretariat"},
	"nav.users":         {"账号管理", "Logins"},
	"nav.audit":         {"审计日志", "Audit log"},
	"nav.settings":      {"系统设置", "Settings"},
	"nav.account":       {"我的账号", "My account"},
	"nav.logout":        {"退出登录", "Log out"},
	"nav.login":         {"登录", "Log in"},

	// Login.
	"login.title":    {"登录", "Log in"},
	"login.username": {"用户名", "Username"},
	"login.password": {"密码", "Password"},
	"login.submit":   {"登录", "Log in"},
	"login.hint":     {"忘记密码请联系系统管理员重置。", "Forgot your password? Ask the administrator to reset it."},
	"logout.done":    {"您已退出登录。", "You have logged out."},

	// Home.
	"home.title":          {"首页", "Home"},
	"home.welcome":        {"您好，%s", "Hello, %s"},
	"home.counts":         {"概况", "At a glance"},
	"home.users":          {"登录账号", "Logins"},
	"home.members":        {"在册会员", "Active members"},
	"home.applications":   {"待审入会申请", "Applications waiting"},
	"home.meetings":       {"待开及进行中的会议", "Meetings ahead or in session"},
	"home.vouchers":       {"记账凭证", "Vouchers"},
	"home.published":      {"已发布公告", "Published announcements"},
	"home.sessions":       {"在线会话", "Active sessions"},
	"home.audit":          {"审计记录", "Audit records"},
	"home.domains":        {"功能", "Areas"},
	"home.permissions":    {"我的权限", "My permissions"},
	"home.no_permissions": {"您目前没有任何权限。请联系管理员为您的职位授权。", "You hold no permissions yet. Ask the administrator to grant them to your position."},

	// Account.
	"account.title":            {"我的账号", "My account"},
	"account.change_password":  {"修改密码", "Change password"},
	"account.old_password":     {"当前密码", "Current password"},
	"account.new_password":     {"新密码", "New password"},
	"account.password_changed": {"密码已修改，请重新登录。", "Password changed. Please log in again."},
	"account.tokens":           {"API 令牌", "API tokens"},
	"account.token_name":       {"令牌名称", "Token name"},
	"account.token_create":     {"生成令牌", "Create token"},
	"account.token_created":    {"新令牌如下，只显示这一次，请妥善保存：", "Your new token, shown this once only; keep it safe:"},
	"account.token_revoke":     {"撤销", "Revoke"},
	"account.token_revoked":    {"已撤销", "Revoked"},
	"account.token_last_used":  {"最近使用", "Last used"},
	"account.created":          {"创建时间", "Created"},

	// Users (administration).
	"users.title":               {"账号管理", "Logins"},
	"users.new":                 {"新建账号", "New login"},
	"users.username":            {"用户名", "Username"},
	"users.name":                {"姓名", "Name"},
	"users.password":            {"初始密码", "Initial password"},
	"users.admin":               {"系统管理员", "System administrator"},
	"users.member_id":           {"关联会员编号（会员门户账号）", "Member ID (member portal login)"},
	"users.member_no":           {"关联会员（会员编号，会员门户账号）", "Member number (member portal login)"},
	"users.status":              {"状态", "Status"},
	"users.active":              {"正常", "Active"},
	"users.disabled":            {"已停用", "Disabled"},
	"users.disable":             {"停用账号", "Disable login"},
	"users.enable":              {"启用账号", "Enable login"},
	"users.reset_password":      {"重置密码", "Reset password"},
	"users.new_password":        {"新密码", "New password"},
	"users.password_reset_done": {"密码已重置，该账号的所有会话已结束。", "Password reset; all of this login's sessions have ended."},
	"users.created":             {"账号已创建。", "Login created."},
	"users.role":                {"角色", "Role"},
	"users.role_admin":          {"管理员", "Administrator"},
	"users.role_member":         {"会员", "Member"},
	"users.role_staff":          {"工作人员", "Staff"},

	// Settings.
	"settings.title":     {"系统设置", "Settings"},
	"settings.name":      {"商会名称", "Name of the chamber"},
	"settings.time_zone": {"时区", "Time zone"},

	// Audit.
	"audit.title":         {"审计日志", "Audit log"},
	"audit.seq":           {"序号", "No."},
	"audit.at":            {"时间", "Time"},
	"audit.actor":         {"操作人", "By"},
	"audit.action":        {"操作", "Action"},
	"audit.entity":        {"对象", "Record"},
	"audit.change":        {"变更内容", "Change"},
	"audit.verify":        {"校验哈希链", "Verify hash chain"},
	"audit.verify_ok":     {"哈希链完整：已校验 %d 条记录。", "Chain intact: %d records checked."},
	"audit.verify_bad":    {"哈希链已损坏：%s", "Chain broken: %s"},
	"audit.filter_entity": {"对象类型", "Record type"},
	"audit.filter":        {"筛选", "Filter"},

	// Permissions.
	"perm.user.manage":          {"管理登录账号", "Manage logins"},
	"perm.settings.write":       {"修改系统设置", "Change settings"},
	"perm.audit.read":           {"查阅审计日志", "Read the audit log"},
	"perm.org.read":             {"查看组织架构", "View the organisation"},
	"perm.org.write":            {"编辑组织架构", "Edit the organisation"},
	"perm.member.read":          {"查看会员", "View members"},
	"perm.member.write":         {"管理会员", "Manage members"},
	"perm.meeting.manage":       {"组织会议", "Run meetings"},
	"perm.finance.read":         {"查看财务", "Read finance"},
	"perm.finance.post":         {"记账", "Post vouchers"},
	"perm.announcement.write":   {"撰写公告", "Write announcements"},
	"perm.announcement.approve": {"审批公告", "Approve announcements"},
	"perm.document.write":       {"管理文件档案", "Manage documents"},
	"perm.ticket.handle":        {"处理服务工单", "Handle service tickets"},
	"perm.staff.manage":         {"内部行政管理", "Secretariat administration"},
	"perm.portal":               {"会员门户", "Member portal"},

	// Errors.
	"err.title":               {"出错了", "Something went wrong"},
	"err.invalid_fields":      {"提交的内容有误，请检查标出的字段。", "Some fields are not valid."},
	"err.unauthorized":        {"请先登录。", "Please log in."},
	"err.staff_only":          {"会员门户账号不能使用此功能。", "A member's portal login cannot use this."},
	"err.token_portal":        {"会员门户账号不能创建 API 令牌；如需对接系统，请联系秘书处。", "A member's portal login cannot create API tokens; ask the secretariat for an integration."},
	"err.forbidden":           {"您没有执行此操作的权限（%s）。", "You are not allowed to do this (%s)."},
	"err.forbidden_page":      {"您没有访问此页面的权限。", "You are not allowed to see this page."},
	"err.not_found":           {"找不到您要的页面或记录。", "The page or record you asked for does not exist."},
	"err.method_not_allowed":  {"不支持此操作方式。", "This method is not allowed here."},
	"err.internal":            {"系统内部错误，我们已记录此问题。请稍后再试，或把请求编号告诉管理员。", "Internal error; it has been logged. Try again later or give the administrator the request ID."},
	"err.bad_json":            {"请求内容不是有效的 JSON：%s", "The request body is not valid JSON: %s"},
	"err.unknown_field":       {"不认识的字段：%s", "Unknown field: %s"},
	"err.body_too_large":      {"请求内容过大（上限 %d 字节）。", "The request body is too large (limit %d bytes)."},
	"err.content_type":        {"请求内容必须是 JSON（Content-Type: application/json）。", "The request body must be JSON (Content-Type: application/json)."},
	"err.bad_request":         {"请求格式有误。", "The request is malformed."},
	"err.bad_cursor":          {"分页参数无效。", "The page cursor is not valid."},
	"err.bad_limit":           {"每页条数必须是 1 到 200 之间的整数。", "limit must be a whole number from 1 to 200."},
	"err.bad_id":              {"编号无效。", "The id is not valid."},
	"err.cross_origin":        {"请求来自其他网站，已被拒绝。", "Cross-origin request refused."},
	"err.rate_limited":        {"请求过于频繁，请稍后再试。", "Too many requests; slow down."},
	"err.required":            {"必填。", "Required."},
	"err.too_long":            {"不能超过 %d 个字。", "At most %d characters."},
	"err.invalid_value":       {"取值无效。", "Not a valid value."},
	"err.time_zone":           {"不是有效的时区（例如 Asia/Shanghai）。", "Not a valid time zone (e.g. Asia/Shanghai)."},
	"err.username_format":     {"用户名须为 2–64 位字母、数字或 . _ @ -，以字母或数字开头。", "Username: 2–64 letters, digits or . _ @ -, starting with a letter or digit."},
	"err.username_taken":      {"该用户名已被使用。", "This username is taken."},
	"err.password_short":      {"密码至少 %d 位。", "Password must have at least %d characters."},
	"err.password_long":       {"密码过长或含有无效字符。", "Password too long or not valid text."},
	"err.old_password_wrong":  {"当前密码不正确。", "The current password is wrong."},
	"err.login_failed":        {"用户名或密码错误。", "Wrong username or password."},
	"err.too_many_attempts":   {"登录失败次数过多，请 %d 秒后再试。", "Too many failed logins; try again in %d seconds."},
	"err.busy":                {"系统繁忙，请稍后再试。", "The system is busy; try again shortly."},
	"err.session_expired":     {"登录已过期，请重新登录。", "Your session has ended; please log in again."},
	"err.bad_token":           {"API 令牌无效或已撤销。", "The API token is not valid or was revoked."},
	"err.user_not_found":      {"找不到该账号。", "No such login."},
	"err.user_disabled":       {"该账号已停用。", "This login is disabled."},
	"err.cannot_disable_self": {"不能停用自己的账号。", "You cannot disable your own login."},
	"err.token_not_found":     {"找不到该令牌。", "No such token."},
}
