package i18n

// inputCatalog: the input rules every decoder applies (text, dates, amounts,
// uploads) and the ledger's period order.
var inputCatalog = map[string][2]string{
	"err.control_char":               {"字段 %s 含有控制字符，请删除后重试。", "The field %s contains a control character: remove it and try again."},
	"err.date_range":                 {"日期须在 %s 至 %s 之间。", "The date must lie between %s and %s."},
	"err.amount_overflow":            {"金额合计超出系统可记录的范围。", "The sum of the amounts is beyond what the books can hold."},
	"err.bad_form":                   {"表单无法读取。", "The form cannot be read."},
	"err.upload_bomb":                {"文件过大，或解压后过大（超过文件本身的 100 倍或 200 MiB），拒绝读取。", "The file is too large, or would unpack to too much (more than 100 times its size or 200 MiB): refused."},
	"ledger.err.total_too_large":     {"凭证合计不能超过 %s 元。", "A voucher's total cannot exceed ¥%s."},
	"ledger.err.ledger_full":         {"账簿合计将超出可记录的范围，拒绝记账。", "The books' total would exceed what they can hold: the voucher is refused."},
	"ledger.err.earlier_period_open": {"更早的会计期间 %s 有凭证且尚未结账，请按顺序结账。", "The earlier period %s holds vouchers and is still open: close periods in order."},
	"reimb.err.limits_required":      {"请提交完整的审批限额列表。", "Send the full list of approval limits."},
}
