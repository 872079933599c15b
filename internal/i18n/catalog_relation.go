package i18n

// relationCatalog holds outside relations' and economic cooperation's
// messages: agreements, investment leads and delegations.
var relationCatalog = map[string][2]string{
	"perm.relations.read":  {"查看外联与经济合作", "Read outside relations"},
	"perm.relations.write": {"办理外联与经济合作", "Keep outside relations"},
	"nav.agreements":       {"合作协议", "Agreements"},
	"rel.title":            {"外联与经济合作", "Outside relations"},

	"agreement.title":              {"合作协议", "Agreements"},
	"agreement.new":                {"登记合作协议", "Record an agreement"},
	"agreement.name":               {"协议名称", "Title"},
	"agreement.party":              {"合作方", "Party"},
	"agreement.signed_on":          {"签订日期", "Signed on"},
	"agreement.expires_on":         {"到期日期", "Expires on"},
	"agreement.open_ended":         {"长期有效", "Open-ended"},
	"agreement.owner":              {"负责人", "Owner"},
	"agreement.notes":              {"备注", "Notes"},
	"agreement.status":             {"状态", "Status"},
	"agreement.all":                {"全部", "All"},
	"agreement.status.active":      {"有效", "In force"},
	"agreement.status.expiring":    {"即将到期", "Expiring"},
	"agreement.status.expired":     {"已到期", "Expired"},
	"agreement.none":               {"暂无合作协议。", "No agreements."},
	"agreement.reminded":           {"已提醒续签", "Renewal reminder sent"},
	"agreement.reminder_hint":      {"协议到期前 60 天，系统会在负责人的收件箱中提醒一次续签。协议文本请在登记后上传为附件。", "60 days before it expires, the owner gets one renewal reminder in the inbox. Upload the signed text as an attachment once it is recorded."},
	"agreement.renew":              {"续签", "Renew"},
	"agreement.new_expiry":         {"新的到期日期", "New expiry date"},
	"agreement.renew_note":         {"续签说明", "Note"},
	"agreement.err.not_found":      {"找不到该合作协议。", "No such agreement."},
	"agreement.err.expires_before": {"到期日期须晚于签订日期。", "The expiry must come after the signing date."},
	"agreement.err.renew_later":    {"续签后的到期日期须晚于原到期日期。", "The new expiry must come after the current one."},
	"agreement.err.changed":        {"协议已被他人修改，请刷新后重试。", "Someone changed the agreement meanwhile; reload and try again."},
}
