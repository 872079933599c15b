package chamber

import "strings"

// FormRow is one line of a statement laid out as the standard form of the
// 民间非营利组织会计制度: its 行次 and, per column, an amount in fen.
// Heading rows (流动资产：) carry no line and no amounts.
type FormRow struct {
	Line    int     `json:"line,omitempty"`
	Name    string  `json:"name"`
	NameEN  string  `json:"name_en"`
	Heading bool    `json:"heading,omitempty"`
	Total   bool    `json:"total,omitempty"`
	Amounts []int64 `json:"amounts,omitempty"`
}

// BalanceSheetForm is 会民非01表: assets on the left, liabilities and net
// assets on the right, each with 年初数 and 期末数.
type BalanceSheetForm struct {
	OpeningDate string    `json:"opening_date"` // 年初数: balances at the start of the year
	Date        string    `json:"date"`         // 期末数
	Left        []FormRow `json:"left"`
	Right       []FormRow `json:"right"`
}

type formLine struct {
	line    int
	zh, en  string
	keys    []string // statement rows summed; "-key" subtracts
	total   bool
	heading bool
}

var bsLeft = []formLine{
	{0, "流动资产：", "Current assets:", nil, false, true},
	{1, "货币资金", "Cash and bank", []string{"cash"}, false, false},
	{2, "短期投资", "Short-term investments", []string{"short_investments"}, false, false},
	{3, "应收款项", "Receivables", []string{"receivables"}, false, false},
	{4, "预付账款", "Prepayments", []string{"prepayments"}, false, false},
	{8, "存货", "Inventories", []string{"inventory"}, false, false},
	{9, "待摊费用", "Prepaid expenses", []string{"prepaid_expenses"}, false, false},
	{15, "一年内到期的长期债权投资", "Long-term debt investments due within a year", nil, false, false},
	{18, "其他流动资产", "Other current assets", nil, false, false},
	{20, "流动资产合计", "Total current assets", []string{"cash", "short_investments", "receivables", "prepayments", "inventory", "prepaid_expenses"}, true, false},
	{0, "长期投资：", "Long-term investments:", nil, false, true},
	{21, "长期股权投资", "Long-term equity investments", []string{"long_equity"}, false, false},
	{24, "长期债权投资", "Long-term debt investments", []string{"long_debt"}, false, false},
	{30, "长期投资合计", "Total long-term investments", []string{"long_equity", "long_debt"}, true, false},
	{0, "固定资产：", "Fixed assets:", nil, false, true},
	{31, "固定资产原价", "Fixed assets at cost", []string{"fixed_assets_cost"}, false, false},
	{32, "减：累计折旧", "Less: accumulated depreciation", []string{"-depreciation"}, false, false},
	{33, "固定资产净值", "Fixed assets, net", []string{"fixed_assets_cost", "depreciation"}, false, false},
	{34, "在建工程", "Construction in progress", []string{"construction"}, false, false},
	{35, "文物文化资产", "Cultural heritage assets", []string{"heritage"}, false, false},
	{38, "固定资产清理", "Fixed assets in disposal", []string{"fixed_disposal"}, false, false},
	{40, "固定资产合计", "Total fixed assets", []string{"fixed_assets_cost", "depreciation", "construction", "heritage", "fixed_disposal"}, true, false},
	{0, "无形资产：", "Intangible assets:", nil, false, true},
	{41, "无形资产", "Intangible assets", []string{"intangibles"}, false, false},
	{0, "受托代理资产：", "Assets held as agent:", nil, false, true},
	{51, "受托代理资产", "Assets held as agent", []string{"entrusted_assets"}, false, false},
	{60, "资产总计", "Total assets", []string{"=assets"}, true, false},
}

var bsRight = []formLine{
	{0, "流动负债：", "Current liabilities:", nil, false, true},
	{61, "短期借款", "Short-term loans", []string{"short_loans"}, false, false},
	{62, "应付款项", "Payables", []string{"payables"}, false, false},
	{63, "应付工资", "Wages payable", []string{"wages"}, false, false},
	{65, "应交税金", "Taxes payable", []string{"taxes"}, false, false},
	{66, "预收账款", "Advances received", []string{"advances"}, false, false},
	{71, "预提费用", "Accrued expenses", []string{"accrued"}, false, false},
	{72, "预计负债", "Provisions", []string{"provisions"}, false, false},
	{74, "一年内到期的长期负债", "Long-term liabilities due within a year", nil, false, false},
	{78, "其他流动负债", "Other current liabilities", nil, false, false},
	{80, "流动负债合计", "Total current liabilities", []string{"short_loans", "payables", "wages", "taxes", "advances", "accrued", "provisions"}, true, false},
	{0, "长期负债：", "Long-term liabilities:", nil, false, true},
	{81, "长期借款", "Long-term loans", []string{"long_loans"}, false, false},
	{84, "长期应付款", "Long-term payables", []string{"long_payables"}, false, false},
	{88, "其他长期负债", "Other long-term liabilities", nil, false, false},
	{90, "长期负债合计", "Total long-term liabilities", []string{"long_loans", "long_payables"}, true, false},
	{0, "受托代理负债：", "Liabilities held as agent:", nil, false, true},
	{91, "受托代理负债", "Liabilities held as agent", []string{"entrusted_liabilities"}, false, false},
	{100, "负债合计", "Total liabilities", []string{"=liabilities"}, true, false},
	{0, "净资产：", "Net assets:", nil, false, true},
	{101, "非限定性净资产", "Unrestricted net assets", []string{"unrestricted"}, false, false},
	{105, "限定性净资产", "Restricted net assets", []string{"restricted"}, false, false},
	{110, "净资产合计", "Total net assets", []string{"=net_assets"}, true, false},
	{120, "负债和净资产总计", "Total liabilities and net assets", []string{"=liabilities_net_assets"}, true, false},
}

func (bs *BalanceSheet) amount(key string) int64 {
	switch key {
	case "=assets":
		return bs.TotalAssetsFen
	case "=liabilities":
		return bs.TotalLiabilitiesFen
	case "=net_assets":
		return bs.TotalNetAssetsFen
	case "=liabilities_net_assets":
		return bs.TotalLiabilitiesAndNetAssetsFen
	}
	neg := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	for _, group := range [][]StatementRow{bs.Assets, bs.Liabilities, bs.NetAssets} {
		for _, r := range group {
			if r.Key == key {
				if neg {
					return -r.AmountFen
				}
				return r.AmountFen
			}
		}
	}
	return 0
}

func layout(lines []formLine, amount func(key string) []int64, cols int) []FormRow {
	out := make([]FormRow, 0, len(lines))
	for _, l := range lines {
		r := FormRow{Line: l.line, Name: l.zh, NameEN: l.en, Heading: l.heading, Total: l.total}
		if !l.heading {
			r.Amounts = make([]int64, cols)
			for _, k := range l.keys {
				for i, v := range amount(k) {
					r.Amounts[i] += v
				}
			}
		}
		out = append(out, r)
	}
	return out
}

// BuildBalanceSheetForm lays out 会民非01表 from the balance sheets at the
// start of the year (年初数) and at the date (期末数).
func BuildBalanceSheetForm(opening, closing *BalanceSheet, openingDate string) *BalanceSheetForm {
	amt := func(k string) []int64 { return []int64{opening.amount(k), closing.amount(k)} }
	return &BalanceSheetForm{OpeningDate: openingDate, Date: closing.Date, Left: layout(bsLeft, amt, 2), Right: layout(bsRight, amt, 2)}
}

// ActivitiesForm is 会民非02表: for the period (本月数, or the period's
// figures for a quarter or year) and the year to date (本年累计数), each
// 非限定性, 限定性 and 合计.
type ActivitiesForm struct {
	From     string    `json:"from"`
	To       string    `json:"to"`
	YearFrom string    `json:"year_from"`
	Rows     []FormRow `json:"rows"` // amounts: period u, r, total; year u, r, total
}

var activityLines = []formLine{
	{0, "一、收入", "I. Income", nil, false, true},
	{1, "其中：捐赠收入", "Donations", []string{"donations"}, false, false},
	{2, "会费收入", "Membership dues", []string{"dues"}, false, false},
	{3, "提供服务收入", "Service income", []string{"services"}, false, false},
	{4, "商品销售收入", "Sales of goods", []string{"sales"}, false, false},
	{5, "政府补助收入", "Government grants", []string{"grants"}, false, false},
	{6, "投资收益", "Investment income", []string{"investment"}, false, false},
	{9, "其他收入", "Other income", []string{"other_income"}, false, false},
	{11, "收入合计", "Total income", []string{"total_income"}, true, false},
	{0, "二、费用", "II. Expenses", nil, false, true},
	{12, "（一）业务活动成本", "(1) Program costs", []string{"program"}, false, false},
	{21, "（二）管理费用", "(2) Administrative expenses", []string{"admin"}, false, false},
	{24, "（三）筹资费用", "(3) Fundraising costs", []string{"fundraising"}, false, false},
	{28, "（四）其他费用", "(4) Other expenses", []string{"other_expense"}, false, false},
	{31, "费用合计", "Total expenses", []string{"total_expenses"}, true, false},
	{40, "三、限定性净资产转为非限定性净资产", "III. Net assets released from restriction", []string{"reclassified"}, false, false},
	{45, "四、净资产变动额（若为净资产减少额，以“-”号填列）", "IV. Change in net assets (a decrease as −)", []string{"change"}, true, false},
}

func (a *Activities) cols(key string) [3]int64 {
	for _, group := range [][]StatementRow{a.Income, {a.TotalIncome}, a.Expenses, {a.TotalExpenses, a.Reclassified, a.ChangeNetAssets}} {
		for _, r := range group {
			if r.Key == key {
				return [3]int64{r.UnrestrictedFen, r.RestrictedFen, r.UnrestrictedFen + r.RestrictedFen}
			}
		}
	}
	return [3]int64{}
}

// BuildActivitiesForm lays out 会民非02表 from the period's and the year's statements.
func BuildActivitiesForm(period, year *Activities) *ActivitiesForm {
	amt := func(k string) []int64 {
		p, y := period.cols(k), year.cols(k)
		return []int64{p[0], p[1], p[2], y[0], y[1], y[2]}
	}
	return &ActivitiesForm{From: period.From, To: period.To, YearFrom: year.From, Rows: layout(activityLines, amt, 6)}
}

// PeriodRange reads a reporting period: a month (2026-03), a quarter
// (2026-Q1) or a year (2026), as its first and last dates.
func PeriodRange(s string) (from, to string, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	last := map[string]string{"01": "31", "02": "28", "03": "31", "04": "30", "05": "31", "06": "30",
		"07": "31", "08": "31", "09": "30", "10": "31", "11": "30", "12": "31"}
	switch {
	case len(s) == 4 && digits(s):
		from, to = s+"-01-01", s+"-12-31"
	case len(s) == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4' && digits(s[:4]):
		q := int(s[6] - '0')
		m1, m3 := []string{"01", "04", "07", "10"}[q-1], []string{"03", "06", "09", "12"}[q-1]
		from, to = s[:4]+"-"+m1+"-01", s[:4]+"-"+m3+"-"+last[m3]
	case ValidPeriod(s):
		d := last[s[5:]]
		if s[5:] == "02" && ValidDate(s+"-29") {
			d = "29"
		}
		from, to = s+"-01", s+"-"+d
	default:
		return "", "", false
	}
	return from, to, ValidDate(from) && ValidDate(to)
}
