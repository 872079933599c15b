package chamber

import (
	"sort"
	"strings"
)

// AccountBalance is what the books say of one account over a range of
// dates: the balance before it (debit minus credit), the debits and
// credits within it, and, for cash flow, what the account's lines in
// vouchers that moved cash brought in (credit side) and paid out.
type AccountBalance struct {
	Code       string `json:"code"`
	OpeningFen int64  `json:"opening_fen"` // Σdebit − Σcredit before from, and opening-balance lines
	DebitFen   int64  `json:"debit_fen"`
	CreditFen  int64  `json:"credit_fen"`
	CashInFen  int64  `json:"cash_in_fen"`
	CashOutFen int64  `json:"cash_out_fen"`
	// StaffOutFen is the part of CashOutFen on lines marked staff (wages).
	StaffOutFen int64 `json:"staff_out_fen,omitempty"`
	// CarriedDebitFen and CarriedCreditFen are the part of DebitFen and
	// CreditFen on the 期末结转 voucher: the 业务活动表 leaves them out.
	CarriedDebitFen  int64 `json:"carried_debit_fen,omitempty"`
	CarriedCreditFen int64 `json:"carried_credit_fen,omitempty"`
	ClosingFen       int64 `json:"closing_fen"` // OpeningFen + DebitFen − CreditFen
}

// StatementRow is one line of a statement. Amounts are in fen; in the
// statement of activities Unrestricted and Restricted are the columns and
// AmountFen their sum.
type StatementRow struct {
	Key             string `json:"key"`
	Name            string `json:"name"`
	NameEN          string `json:"name_en"`
	Codes           string `json:"codes,omitempty"`
	AmountFen       int64  `json:"amount_fen"`
	UnrestrictedFen int64  `json:"unrestricted_fen,omitempty"`
	RestrictedFen   int64  `json:"restricted_fen,omitempty"`
	Total           bool   `json:"total,omitempty"`
	Line            int    `json:"line,omitempty"` // 行次 of the standard form
}

// BalanceSheet is the 资产负债表 at the end of a date.
type BalanceSheet struct {
	Date                            string         `json:"date"`
	Assets                          []StatementRow `json:"assets"`
	TotalAssetsFen                  int64          `json:"total_assets_fen"`
	Liabilities                     []StatementRow `json:"liabilities"`
	TotalLiabilitiesFen             int64          `json:"total_liabilities_fen"`
	NetAssets                       []StatementRow `json:"net_assets"`
	TotalNetAssetsFen               int64          `json:"total_net_assets_fen"`
	TotalLiabilitiesAndNetAssetsFen int64          `json:"total_liabilities_and_net_assets_fen"`
	Balanced                        bool           `json:"balanced"`
	// Form is the statement as 会民非01表 (行次, 年初数, 期末数).
	Form *BalanceSheetForm `json:"form,omitempty"`
}

// Activities is the 业务活动表 for a range of dates.
type Activities struct {
	From            string         `json:"from"`
	To              string         `json:"to"`
	Income          []StatementRow `json:"income"`
	TotalIncome     StatementRow   `json:"total_income"`
	Expenses        []StatementRow `json:"expenses"`
	TotalExpenses   StatementRow   `json:"total_expenses"`
	Reclassified    StatementRow   `json:"reclassified"`
	ChangeNetAssets StatementRow   `json:"change_in_net_assets"`
	// OtherChangesFen are postings straight to net assets that are not a
	// release of restriction (opening balances, prior-year adjustments):
	// not part of the statement, but part of the balance sheet's change.
	OtherChangesFen int64 `json:"other_changes_fen"`
	// TiesOut: the change equals the balance sheet's net assets at To minus those before From.
	TiesOut bool `json:"ties_out"`
	// Form is the statement as 会民非02表 (本月数 and 本年累计数).
	Form *ActivitiesForm `json:"form,omitempty"`
}

// CashFlow is the 现金流量表 (direct method) for a range of dates.
type CashFlow struct {
	From           string            `json:"from"`
	To             string            `json:"to"`
	Sections       []CashFlowSection `json:"sections"`
	NetIncreaseFen int64             `json:"net_increase_fen"`
	OpeningCashFen int64             `json:"opening_cash_fen"`
	ClosingCashFen int64             `json:"closing_cash_fen"`
	TiesOut        bool              `json:"ties_out"`
}

// CashFlowSection is 业务活动, 投资活动 or 筹资活动.
type CashFlowSection struct {
	Key      string         `json:"key"`
	Name     string         `json:"name"`
	NameEN   string         `json:"name_en"`
	Inflows  []StatementRow `json:"inflows"`
	InFen    int64          `json:"inflow_fen"`
	Outflows []StatementRow `json:"outflows"`
	OutFen   int64          `json:"outflow_fen"`
	NetFen   int64          `json:"net_fen"`
	InLine   int            `json:"inflow_line"`
	OutLine  int            `json:"outflow_line"`
	NetLine  int            `json:"net_line"`
}

// TrialBalanceRow is one account of the 科目余额表.
type TrialBalanceRow struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	NameEN     string `json:"name_en"`
	Level      int    `json:"level"`
	OpeningFen int64  `json:"opening_fen"` // debit positive
	DebitFen   int64  `json:"debit_fen"`
	CreditFen  int64  `json:"credit_fen"`
	ClosingFen int64  `json:"closing_fen"`
	// The balances in 借/贷 columns: exactly one of each pair is non-zero.
	OpeningDebitFen  int64 `json:"opening_debit_fen"`
	OpeningCreditFen int64 `json:"opening_credit_fen"`
	ClosingDebitFen  int64 `json:"closing_debit_fen"`
	ClosingCreditFen int64 `json:"closing_credit_fen"`
	Overdrawn        bool  `json:"overdrawn,omitempty"` // a cash account with a credit balance
}

func split(fen int64) (dr, cr int64) {
	if fen >= 0 {
		return fen, 0
	}
	return 0, -fen
}

// TrialBalance is the 科目余额表 for a range of dates.
type TrialBalance struct {
	From       string            `json:"from"`
	To         string            `json:"to"`
	Rows       []TrialBalanceRow `json:"rows"`
	OpeningFen int64             `json:"opening_fen"`
	DebitFen   int64             `json:"debit_fen"`
	CreditFen  int64             `json:"credit_fen"`
	ClosingFen int64             `json:"closing_fen"`
	// Column totals of the top-level accounts: 借 = 贷 in each pair.
	OpeningDebitFen  int64 `json:"opening_debit_fen"`
	OpeningCreditFen int64 `json:"opening_credit_fen"`
	ClosingDebitFen  int64 `json:"closing_debit_fen"`
	ClosingCreditFen int64 `json:"closing_credit_fen"`
	Balanced         bool  `json:"balanced"`
}

// AccountLedger is the 明细账 of one account.
type AccountLedger struct {
	Account    *Account            `json:"account"`
	From       string              `json:"from"`
	To         string              `json:"to"`
	OpeningFen int64               `json:"opening_fen"`
	Entries    []AccountLedgerLine `json:"entries"`
	// OpeningDirection is 借 (debit), 贷 (credit) or 平 (flat) of the opening balance.
	OpeningDirection string `json:"opening_direction"`
	// Overdrawn: a cash or bank account whose balance went below zero on a line.
	Overdrawn bool `json:"overdrawn,omitempty"`
}

// Direction is where a debit-positive balance lies: "debit" (借),
// "credit" (贷) or "flat" (平).
func Direction(fen int64) string {
	switch {
	case fen > 0:
		return "debit"
	case fen < 0:
		return "credit"
	}
	return "flat"
}

// AbsFen is the amount shown beside a direction.
func AbsFen(fen int64) int64 {
	if fen < 0 {
		return -fen
	}
	return fen
}

// Finish sets the directions and, for cash accounts, the overdraft flags.
func (l *AccountLedger) Finish() {
	l.OpeningDirection = Direction(l.OpeningFen)
	cash := l.Account != nil && l.Account.Cash
	if cash && l.OpeningFen < 0 {
		l.Overdrawn = true
	}
	for i := range l.Entries {
		e := &l.Entries[i]
		e.Direction = Direction(e.BalanceFen)
		if cash && e.BalanceFen < 0 {
			e.Overdrawn, l.Overdrawn = true, true
		}
	}
}

// AccountLedgerLine is one line of an account's ledger.
type AccountLedgerLine struct {
	VoucherID  ID     `json:"voucher_id"`
	Number     string `json:"number"`
	Date       string `json:"date"`
	Summary    string `json:"summary"`
	Memo       string `json:"memo"`
	DebitFen   int64  `json:"debit_fen"`
	CreditFen  int64  `json:"credit_fen"`
	BalanceFen int64  `json:"balance_fen"` // running, debit positive, within the page
	Direction  string `json:"direction"`   // debit (借), credit (贷), flat (平)
	Overdrawn  bool   `json:"overdrawn,omitempty"`
}

type rowDef struct {
	key, zh, en string
	codes       []string
}

func (d rowDef) row() StatementRow {
	return StatementRow{Key: d.key, Name: d.zh, NameEN: d.en, Codes: strings.Join(d.codes, "+")}
}

// The standard layout of the 民间非营利组织 statements.
var (
	bsAssetRows = []rowDef{
		{"cash", "货币资金", "Cash and bank", []string{"1001", "1002", "1009"}},
		{"short_investments", "短期投资", "Short-term investments", []string{"1101", "1102"}},
		{"receivables", "应收款项", "Receivables", []string{"1111", "1121", "1122", "1131"}},
		{"prepayments", "预付账款", "Prepayments", []string{"1141"}},
		{"inventory", "存货", "Inventories", []string{"1201", "1202"}},
		{"prepaid_expenses", "待摊费用", "Prepaid expenses", []string{"1301"}},
		{"long_equity", "长期股权投资", "Long-term equity investments", []string{"1401", "1421"}},
		{"long_debt", "长期债权投资", "Long-term debt investments", []string{"1402"}},
		{"fixed_assets_cost", "固定资产原价", "Fixed assets at cost", []string{"1501"}},
		{"depreciation", "减：累计折旧", "Less: accumulated depreciation", []string{"1502"}},
		{"construction", "在建工程", "Construction in progress", []string{"1505"}},
		{"heritage", "文物文化资产", "Cultural heritage assets", []string{"1506"}},
		{"fixed_disposal", "固定资产清理", "Fixed assets in disposal", []string{"1509"}},
		{"intangibles", "无形资产", "Intangible assets", []string{"1601"}},
		{"entrusted_assets", "受托代理资产", "Assets held as agent", []string{"1701"}},
	}
	bsLiabilityRows = []rowDef{
		{"short_loans", "短期借款", "Short-term loans", []string{"2101"}},
		{"payables", "应付款项", "Payables", []string{"2201", "2202", "2209"}},
		{"wages", "应付工资", "Wages payable", []string{"2204"}},
		{"taxes", "应交税金", "Taxes payable", []string{"2206"}},
		{"advances", "预收账款", "Advances received", []string{"2203"}},
		{"accrued", "预提费用", "Accrued expenses", []string{"2301"}},
		{"provisions", "预计负债", "Provisions", []string{"2401"}},
		{"long_loans", "长期借款", "Long-term loans", []string{"2501"}},
		{"long_payables", "长期应付款", "Long-term payables", []string{"2502"}},
		{"entrusted_liabilities", "受托代理负债", "Liabilities held as agent", []string{"2601"}},
	}
	activityIncomeRows = []rowDef{
		{"donations", "捐赠收入", "Donations", []string{"4101"}},
		{"dues", "会费收入", "Membership dues", []string{"4201"}},
		{"services", "提供服务收入", "Service income", []string{"4301"}},
		{"grants", "政府补助收入", "Government grants", []string{"4401"}},
		{"sales", "商品销售收入", "Sales of goods", []string{"4501"}},
		{"investment", "投资收益", "Investment income", []string{"4601"}},
		{"other_income", "其他收入", "Other income", []string{"4901"}},
	}
	activityExpenseRows = []rowDef{
		{"program", "业务活动成本", "Program costs", []string{"5101"}},
		{"admin", "管理费用", "Administrative expenses", []string{"5201"}},
		{"fundraising", "筹资费用", "Fundraising costs", []string{"5301"}},
		{"other_expense", "其他费用", "Other expenses", []string{"5401"}},
	}
)

// chart gives the account of a code; balances are by leaf account.
type chart map[string]*Account

func newChart(accounts []*Account) chart {
	c := chart{}
	for _, a := range accounts {
		c[a.Code] = a
	}
	return c
}

func topOf(code string) string {
	if len(code) > 4 {
		return code[:4]
	}
	return code
}

func (c chart) restricted(code string) bool {
	a := c[code]
	return a != nil && a.Restriction == Restricted
}

// BuildBalanceSheet lays out the balance sheet from closing balances
// (balances over a range ending at date).
func BuildBalanceSheet(date string, accounts []*Account, bal []AccountBalance) *BalanceSheet {
	c := newChart(accounts)
	byTop := map[string]int64{}
	var unres, res int64
	for _, b := range bal {
		byTop[topOf(b.Code)] += b.ClosingFen
		switch KindOfCode(b.Code) {
		case AccountNetAssets, AccountIncome, AccountExpense:
			// Net assets: credit balances. Income not yet closed counts by its restriction; expenses are unrestricted.
			if c.restricted(b.Code) || topOf(b.Code) == "3102" {
				res -= b.ClosingFen
			} else {
				unres -= b.ClosingFen
			}
		}
	}
	bs := &BalanceSheet{Date: date}
	for _, d := range bsAssetRows {
		r := d.row()
		for _, code := range d.codes {
			r.AmountFen += byTop[code]
		}
		bs.Assets = append(bs.Assets, r)
		bs.TotalAssetsFen += r.AmountFen
	}
	for _, d := range bsLiabilityRows {
		r := d.row()
		for _, code := range d.codes {
			r.AmountFen -= byTop[code]
		}
		bs.Liabilities = append(bs.Liabilities, r)
		bs.TotalLiabilitiesFen += r.AmountFen
	}
	bs.NetAssets = []StatementRow{
		{Key: "unrestricted", Name: "非限定性净资产", NameEN: "Unrestricted net assets", Codes: "3101", AmountFen: unres},
		{Key: "restricted", Name: "限定性净资产", NameEN: "Restricted net assets", Codes: "3102", AmountFen: res},
	}
	bs.TotalNetAssetsFen = unres + res
	bs.TotalLiabilitiesAndNetAssetsFen = bs.TotalLiabilitiesFen + bs.TotalNetAssetsFen
	// Every account is in a row, so assets = liabilities + net assets exactly when Σdebit = Σcredit.
	var sum int64
	for _, b := range bal {
		sum += b.ClosingFen
	}
	bs.Balanced = sum == 0 && bs.TotalAssetsFen == bs.TotalLiabilitiesAndNetAssetsFen
	return bs
}

// BuildActivities lays out the statement of activities from balances over
// [from, to]. Released restrictions are the period's movements on 3101/3102.
func BuildActivities(from, to string, accounts []*Account, bal []AccountBalance) *Activities {
	c := newChart(accounts)
	type cols struct{ u, r int64 }
	byTop := map[string]*cols{}
	var na3101, na3102 int64
	var openingNA, closingNA int64
	for _, b := range bal {
		move := (b.CreditFen - b.CarriedCreditFen) - (b.DebitFen - b.CarriedDebitFen)
		top := topOf(b.Code)
		k := KindOfCode(b.Code)
		if k == AccountNetAssets || k == AccountIncome || k == AccountExpense {
			openingNA -= b.OpeningFen
			closingNA -= b.ClosingFen
		}
		switch k {
		case AccountIncome, AccountExpense:
			if byTop[top] == nil {
				byTop[top] = &cols{}
			}
			if c.restricted(b.Code) {
				byTop[top].r += move
			} else {
				byTop[top].u += move
			}
		case AccountNetAssets:
			if top == "3102" {
				na3102 += move
			} else {
				na3101 += move
			}
		}
	}
	a := &Activities{From: from, To: to}
	a.TotalIncome = StatementRow{Key: "total_income", Name: "收入合计", NameEN: "Total income", Total: true}
	for _, d := range activityIncomeRows {
		r := d.row()
		if v := byTop[d.codes[0]]; v != nil {
			r.UnrestrictedFen, r.RestrictedFen = v.u, v.r
		}
		r.AmountFen = r.UnrestrictedFen + r.RestrictedFen
		a.Income = append(a.Income, r)
		a.TotalIncome.UnrestrictedFen += r.UnrestrictedFen
		a.TotalIncome.RestrictedFen += r.RestrictedFen
	}
	a.TotalIncome.AmountFen = a.TotalIncome.UnrestrictedFen + a.TotalIncome.RestrictedFen
	a.TotalExpenses = StatementRow{Key: "total_expenses", Name: "费用合计", NameEN: "Total expenses", Total: true}
	for _, d := range activityExpenseRows {
		r := d.row()
		if v := byTop[d.codes[0]]; v != nil {
			// Expenses are shown positive, and all of them are unrestricted.
			r.UnrestrictedFen, r.RestrictedFen = -v.u, -v.r
		}
		r.AmountFen = r.UnrestrictedFen + r.RestrictedFen
		a.Expenses = append(a.Expenses, r)
		a.TotalExpenses.UnrestrictedFen += r.UnrestrictedFen
		a.TotalExpenses.RestrictedFen += r.RestrictedFen
	}
	a.TotalExpenses.AmountFen = a.TotalExpenses.UnrestrictedFen + a.TotalExpenses.RestrictedFen
	// What left 限定性净资产 went to 非限定性净资产; the rest of the direct
	// postings to net assets are other changes.
	released := -na3102
	a.Reclassified = StatementRow{Key: "reclassified", Name: "限定性净资产转为非限定性净资产", NameEN: "Net assets released from restriction",
		UnrestrictedFen: released, RestrictedFen: -released}
	a.OtherChangesFen = na3101 + na3102
	a.ChangeNetAssets = StatementRow{Key: "change", Name: "净资产变动额", NameEN: "Change in net assets", Total: true,
		UnrestrictedFen: a.TotalIncome.UnrestrictedFen - a.TotalExpenses.UnrestrictedFen + released,
		RestrictedFen:   a.TotalIncome.RestrictedFen - a.TotalExpenses.RestrictedFen - released}
	a.ChangeNetAssets.AmountFen = a.ChangeNetAssets.UnrestrictedFen + a.ChangeNetAssets.RestrictedFen
	a.TiesOut = a.ChangeNetAssets.AmountFen+a.OtherChangesFen == closingNA-openingNA
	return a
}

type cashDef struct {
	section, key, zh, en string
	in                   bool
	line                 int // 行次 of 会民非03表
}

// CashFlowItems are the lines of the 现金流量表 (会民非03表) in order, with
// their 行次. An account's CashIn/CashOut names one of these keys.
var cashDefs = []cashDef{
	{"operating", "donations_in", "接受捐赠收到的现金", "Cash received from donations", true, 1},
	{"operating", "dues_in", "收取会费收到的现金", "Cash received from dues", true, 2},
	{"operating", "services_in", "提供服务收到的现金", "Cash received for services", true, 3},
	{"operating", "sales_in", "销售商品收到的现金", "Cash received from sales", true, 4},
	{"operating", "grants_in", "政府补助收到的现金", "Cash received from government grants", true, 5},
	{"operating", "other_op_in", "收到的其他与业务活动有关的现金", "Other cash received from activities", true, 8},
	{"operating", "grants_out", "提供捐赠或者资助支付的现金", "Cash paid as donations or grants", false, 14},
	{"operating", "staff_out", "支付给员工以及为员工支付的现金", "Cash paid to and for staff", false, 15},
	{"operating", "purchases_out", "购买商品、接受服务支付的现金", "Cash paid for goods and services", false, 16},
	{"operating", "other_op_out", "支付的其他与业务活动有关的现金", "Other cash paid for activities", false, 19},
	{"investing", "investments_in", "收回投资所收到的现金", "Cash from investments recovered", true, 25},
	{"investing", "returns_in", "取得投资收益所收到的现金", "Cash from investment income", true, 26},
	{"investing", "disposals_in", "处置固定资产和无形资产所收回的现金", "Cash from disposals of fixed and intangible assets", true, 27},
	{"investing", "other_inv_in", "收到的其他与投资活动有关的现金", "Other cash received from investing", true, 30},
	{"investing", "capex_out", "购建固定资产和无形资产所支付的现金", "Cash paid for fixed and intangible assets", false, 35},
	{"investing", "investments_out", "对外投资所支付的现金", "Cash paid for investments", false, 36},
	{"investing", "other_inv_out", "支付的其他与投资活动有关的现金", "Other cash paid for investing", false, 39},
	{"financing", "loans_in", "借款所收到的现金", "Cash from borrowing", true, 45},
	{"financing", "other_fin_in", "收到的其他与筹资活动有关的现金", "Other cash received from financing", true, 48},
	{"financing", "repay_out", "偿还借款所支付的现金", "Cash paid to repay loans", false, 51},
	{"financing", "interest_out", "偿付利息所支付的现金", "Cash paid for interest", false, 52},
	{"financing", "other_fin_out", "支付的其他与筹资活动有关的现金", "Other cash paid for financing", false, 55},
}

var cashSections = []struct {
	key, zh, en          string
	inLine, outLine, net int
}{
	{"operating", "业务活动产生的现金流量", "Cash flows from activities", 13, 23, 24},
	{"investing", "投资活动产生的现金流量", "Cash flows from investing", 34, 43, 44},
	{"financing", "筹资活动产生的现金流量", "Cash flows from financing", 50, 58, 59},
}

// BuildTrialBalance lists every account with movements or a balance, each
// top-level account followed by its sub-accounts.
func BuildTrialBalance(from, to string, accounts []*Account, bal []AccountBalance) *TrialBalance {
	c := newChart(accounts)
	tb := &TrialBalance{From: from, To: to}
	rows := map[string]*TrialBalanceRow{}
	add := func(code string, b AccountBalance, level int) {
		r := rows[code]
		if r == nil {
			r = &TrialBalanceRow{Code: code, Level: level}
			if a := c[code]; a != nil {
				r.Name, r.NameEN = a.Name, a.NameEN
			}
			rows[code] = r
		}
		r.OpeningFen += b.OpeningFen
		r.DebitFen += b.DebitFen
		r.CreditFen += b.CreditFen
		r.ClosingFen += b.ClosingFen
	}
	for _, b := range bal {
		if b.OpeningFen == 0 && b.DebitFen == 0 && b.CreditFen == 0 {
			continue
		}
		add(topOf(b.Code), b, 0)
		if len(b.Code) > 4 {
			add(b.Code, b, 1)
		}
		tb.OpeningFen += b.OpeningFen
		tb.DebitFen += b.DebitFen
		tb.CreditFen += b.CreditFen
		tb.ClosingFen += b.ClosingFen
	}
	for _, r := range rows {
		r.OpeningDebitFen, r.OpeningCreditFen = split(r.OpeningFen)
		r.ClosingDebitFen, r.ClosingCreditFen = split(r.ClosingFen)
		a := c[r.Code]
		r.Overdrawn = ((a != nil && a.Cash) || (a == nil && isCashCode(r.Code))) && r.ClosingFen < 0
		if r.Level == 0 {
			tb.OpeningDebitFen += r.OpeningDebitFen
			tb.OpeningCreditFen += r.OpeningCreditFen
			tb.ClosingDebitFen += r.ClosingDebitFen
			tb.ClosingCreditFen += r.ClosingCreditFen
		}
		tb.Rows = append(tb.Rows, *r)
	}
	sort.Slice(tb.Rows, func(i, j int) bool { return tb.Rows[i].Code < tb.Rows[j].Code })
	tb.Balanced = tb.OpeningFen == 0 && tb.ClosingFen == 0 && tb.DebitFen == tb.CreditFen &&
		tb.OpeningDebitFen == tb.OpeningCreditFen && tb.ClosingDebitFen == tb.ClosingCreditFen
	return tb
}
