package i18n

// books2Catalog holds the period end's messages: the 总账, the 期末结转
// and the bank reconciliation (银行对账).
var books2Catalog = map[string][2]string{
	"books2.general_ledger":   {"总账", "General ledger"},
	"books2.year":             {"年度", "Year"},
	"books2.month":            {"月份", "Month"},
	"books2.jan1":             {"1月1日", "1 Jan"},
	"books2.year_opening":     {"年初余额", "Balance at start of year"},
	"books2.month_total":      {"本月合计", "Month total"},
	"books2.year_total":       {"本年累计", "Year to date"},
	"books2.year_end":         {"期末结转", "Year-end closing"},
	"books2.year_end_help":    {"年末将全部收入、费用科目的余额结转至净资产：非限定性收入和费用转入非限定性净资产，限定性收入转入限定性净资产。结转凭证记入账簿，每年一次；结转后才能结账12月。", "At year end every income and expense account's balance is carried into net assets: unrestricted income and expenses to unrestricted net assets, restricted income to restricted net assets. The closing voucher is posted to the books once a year; December closes only after it."},
	"books2.preview":          {"%d年度结转凭证（预览）", "Closing voucher for %d (preview)"},
	"books2.nothing_to_close": {"收入、费用科目均无余额，无需结转。", "No income or expense account holds a balance: nothing to carry."},
	"books2.close_year":       {"生成并记账%d年度结转凭证", "Post the closing voucher for %d"},
	"books2.year_closed_by":   {"%d年度已结转，凭证：", "%d is closed by voucher"},
	"books2.year_closed_done": {"期末结转凭证已记账。", "The closing voucher is posted."},
	"books2.closed_years":     {"已结转年度", "Years closed"},
	"books2.closed_at":        {"结转时间", "Closed at"},

	"ledger.err.year_closed":      {"%v年度已经结转，不能重复结转。", "%v is already closed."},
	"ledger.err.nothing_to_close": {"%v年度收入、费用科目均无余额，无需结转。", "No income or expense account holds a balance in %v: nothing to carry."},
	"ledger.err.year_end_open":    {"%v年度尚未期末结转：请先结转收入、费用，再结账12月。", "Carry %v's income and expenses into net assets (year-end closing) before closing December."},
	"ledger.err.is_closing":       {"期末结转凭证不能冲销。", "A year-end closing voucher cannot be reversed."},

	"bank.err.empty":     {"文件中没有对账单行。", "The file holds no statement lines."},
	"bank.err.no_column": {"缺少此列（表头）。", "This column (header) is missing."},
	"bank.err.no_amount": {"缺少金额列：需要“收入”和“支出”两列，或一列“金额”。", "No amount column: give 收入 and 支出 (in and out), or one signed 金额 (amount)."},
	"bank.err.date":      {"日期无效（如2026-03-05）。", "Not a date (e.g. 2026-03-05)."},
	"bank.err.amount":    {"金额无效（如1234.56）。", "Not an amount (e.g. 1234.56)."},
	"bank.err.negative":  {"收入、支出不能为负数。", "In and out cannot be negative."},
	"bank.err.one_side":  {"每行须且只能有收入或支出之一。", "Each line needs exactly one of in and out."},
	"bank.err.balance":   {"余额与上一行不衔接：应为%s。", "The balance does not follow from the line before: %s expected."},
}
