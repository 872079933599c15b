package chamber

// The 现金流量表 (会民非03表): items, classification of cash lines by the
// account on their other side, and the statement.

import ()

// Lines of 会民非03表 below the sections.
const (
	CashFlowFXLine       = 60 // 汇率变动对现金的影响额
	CashFlowIncreaseLine = 61 // 现金及现金等价物净增加额
)

// ValidCashItem reports whether key is a 现金流量表 item receiving cash (in) or paying it.
func ValidCashItem(key string, in bool) bool {
	for _, d := range cashDefs {
		if d.key == key && d.in == in {
			return true
		}
	}
	return false
}

// cashItem is the item cash against code goes to: the account's own
// mapping, else its parents', else 其他 of the operating section.
func (c chart) cashItem(code string, in bool) string {
	for a := c[code]; a != nil; a = c[a.Parent] {
		k := a.CashOut
		if in {
			k = a.CashIn
		}
		if k != "" && ValidCashItem(k, in) {
			return k
		}
		if a.Parent == "" || a.Parent == a.Code {
			break
		}
	}
	if in {
		return "other_op_in"
	}
	return "other_op_out"
}

// BuildCashFlow lays out the 现金流量表 (direct method). Each non-cash line
// of a voucher that moved cash is classified by its account's item (the
// counter-account of the cash): credits brought cash in, debits paid it
// out; wages lines (staff accounts or lines) are 支付给员工. Opening-balance
// lines are in the opening cash, not a flow. Since vouchers balance, the
// sections add up to the change in cash.
func BuildCashFlow(from, to string, accounts []*Account, bal []AccountBalance) *CashFlow {
	c := newChart(accounts)
	cf := &CashFlow{From: from, To: to}
	amounts := map[string]int64{}
	for _, b := range bal {
		a := c[b.Code]
		if (a != nil && a.Cash) || (a == nil && isCashCode(b.Code)) {
			cf.OpeningCashFen += b.OpeningFen
			cf.ClosingCashFen += b.ClosingFen
			continue
		}
		if b.CashInFen != 0 {
			amounts[c.cashItem(b.Code, true)] += b.CashInFen
		}
		if b.StaffOutFen != 0 {
			amounts["staff_out"] += b.StaffOutFen
		}
		if out := b.CashOutFen - b.StaffOutFen; out != 0 {
			item := c.cashItem(b.Code, false)
			if a != nil && a.Staff {
				item = "staff_out"
			}
			amounts[item] += out
		}
	}
	for _, s := range cashSections {
		sec := CashFlowSection{Key: s.key, Name: s.zh, NameEN: s.en, InLine: s.inLine, OutLine: s.outLine, NetLine: s.net}
		for _, d := range cashDefs {
			if d.section != s.key {
				continue
			}
			r := StatementRow{Key: d.key, Name: d.zh, NameEN: d.en, AmountFen: amounts[d.key], Line: d.line}
			if d.in {
				sec.Inflows = append(sec.Inflows, r)
				sec.InFen += r.AmountFen
			} else {
				sec.Outflows = append(sec.Outflows, r)
				sec.OutFen += r.AmountFen
			}
		}
		sec.NetFen = sec.InFen - sec.OutFen
		cf.NetIncreaseFen += sec.NetFen
		cf.Sections = append(cf.Sections, sec)
	}
	cf.TiesOut = cf.NetIncreaseFen == cf.ClosingCashFen-cf.OpeningCashFen
	return cf
}

// CashCodes are the top-level accounts that are cash.
var CashCodes = []string{"1001", "1002", "1009"}

func isCashCode(code string) bool {
	top := topOf(code)
	for _, c := range CashCodes {
		if c == top {
			return true
		}
	}
	return false
}
