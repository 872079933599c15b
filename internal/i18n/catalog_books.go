package i18n

// booksCatalog: the accountant's books (issue 11): directions, journals,
// the voucher workflow, the standard statement forms.
var booksCatalog = map[string][2]string{
	"finance.dir.debit":             {"借", "Dr"},
	"finance.dir.credit":            {"贷", "Cr"},
	"finance.dir.flat":              {"平", "—"},
	"finance.direction":             {"借或贷", "Dr/Cr"},
	"finance.movement":              {"本期发生额", "Movements"},
	"finance.overdrawn":             {"透支", "overdrawn"},
	"finance.overdrawn_warning":     {"注意：现金或银行存款余额出现负数（透支），请核对。", "Warning: the cash or bank balance goes below zero (overdrawn); please check."},
	"finance.confirm_overdraft":     {"确认透支后仍然记账", "Post even though the account is overdrawn"},
	"ledger.err.not_leaf":           {"科目 %s 有下级科目，只能记到末级科目", "Account %s has sub-accounts: post to a sub-account"},
	"ledger.err.overdraft":          {"记账后 %s 余额为 %s（透支），请确认", "After this voucher %s would stand at %s (overdrawn): confirm to post"},
	"finance.settings":              {"账务设置", "Books settings"},
	"finance.settings.review":       {"凭证须经审核后记账（制单、审核、记账分离）", "Vouchers are reviewed before posting (maker, reviewer, poster apart)"},
	"finance.settings.leaf_only":    {"只能记到末级科目", "Post to leaf accounts only"},
	"finance.settings.no_overdraft": {"现金、银行存款透支须确认", "Confirm before cash or bank goes below zero"},
}
