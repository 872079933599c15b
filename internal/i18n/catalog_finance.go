package i18n

// financeCatalog holds the finance domain's messages.
var financeCatalog = map[string][2]string{
	// Errors.
	"ledger.err.date":              {"日期格式应为 YYYY-MM-DD。", "A date as YYYY-MM-DD."},
	"ledger.err.no_lines":          {"凭证至少需要一借一贷两条分录。", "A voucher needs at least one debit and one credit line."},
	"ledger.err.too_many_lines":    {"一张凭证最多 %d 条分录。", "At most %d lines per voucher."},
	"ledger.err.unknown_account":   {"会计科目 %s 不存在。", "There is no account %s."},
	"ledger.err.negative":          {"金额不能为负数。", "Amounts cannot be negative."},
	"ledger.err.too_large":         {"金额过大。", "The amount is too large."},
	"ledger.err.one_side":          {"每条分录须且只能填借方或贷方其中一方。", "Each line needs exactly one of debit or credit."},
	"ledger.err.unbalanced":        {"借贷不平衡：借方 %s，贷方 %s。", "Debits (%s) and credits (%s) do not balance."},
	"ledger.err.period_closed":     {"会计期间 %s 已结账，不能再记账。", "The period %s is closed: nothing more can be posted in it."},
	"ledger.err.period_future":     {"不能对未来的期间结账。", "A future period cannot be closed."},
	"ledger.err.already_reversed":  {"该凭证已被冲销。", "This voucher has already been reversed."},
	"ledger.err.is_reversal":       {"冲销凭证不能再次冲销。", "A reversing voucher cannot itself be reversed."},
	"ledger.err.voucher_not_found": {"找不到该凭证。", "There is no such voucher."},
	"ledger.err.immutable":         {"已过账的凭证不能修改或删除，请做冲销凭证。", "Posted vouchers never change: post a reversing voucher instead."},
	"ledger.err.sub_code":          {"明细科目编码应为上级科目编码加两位数字。", "A sub-account code is its parent's code plus two digits."},
	"ledger.err.account_exists":    {"该科目编码已存在。", "That account code is taken."},
	"ledger.err.amount":            {"请输入金额，如 1234.56。", "Enter an amount such as 1234.56."},
	"ledger.err.range":             {"起止日期无效。", "The dates are not a valid range."},
	"ledger.err.verify_failed":     {"账簿校验失败：%s", "The ledger does not verify: %s"},
}
