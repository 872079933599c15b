package web

import (
	"net/http"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// writeReportXLSX sends the statement of p as an Excel workbook in the
// layout of the standard form: title, form number, entity, period, 单位：元,
// 行次, amounts in yuan as numbers (#,##0.00), dates as dates, and the
// signature line.
func (s *Server) writeReportXLSX(w http.ResponseWriter, p *reportPage) error {
	b := sheet.NewBook("")
	// put writes a row of the form, framed: amounts in fen, 行次 as ints.
	put := func(strong bool, cells ...any) {
		b.Forms(true)
		for i, c := range cells {
			switch v := c.(type) {
			case int64:
				cells[i] = yuan(v)
			case int:
				cells[i] = sheet.LineNo(v)
			}
		}
		if strong {
			b.Bold(cells...)
		} else {
			b.Row(cells...)
		}
	}
	plain := func(cells ...any) {
		b.Forms(false)
		b.Row(cells...)
	}
	name := func(zh, en string) string { return p.Name(zh, en) }
	cols := 4
	switch {
	case p.BalanceSheet != nil:
		cols = 8
	case p.Activities != nil:
		cols = 8
	case p.Trial != nil:
		cols = 8
	case p.Ledger != nil, p.General != nil:
		cols = 7
	case p.CashFlow != nil:
		cols = 3
	}
	b.Title(p.T(p.TitleKey), cols)
	if no := p.FormNo(); no != "" {
		cells := make([]any, cols)
		cells[cols-1] = no
		b.Row(cells...)
	} else {
		b.Skip()
	}
	period := p.From + " — " + p.To
	if p.Date != "" {
		period = p.Date
	}
	plain(p.T("finance.prepared_by_unit")+"："+p.Chamber.Name, "", period, "", p.T("finance.unit_yuan"))
	parseDate := func(s string) any {
		if t, err := time.Parse("2006-01-02", s); err == nil {
			return t
		}
		return s
	}
	switch {
	case p.BalanceSheet != nil && p.BalanceSheet.Form != nil:
		fm := p.BalanceSheet.Form
		put(true, p.T("finance.assets"), p.T("finance.line_no"), p.T("finance.year_opening"), p.T("finance.period_closing"),
			p.T("finance.liabilities_net_assets"), p.T("finance.line_no"), p.T("finance.year_opening"), p.T("finance.period_closing"))
		side := func(r *chamber.FormRow) []any {
			if r == nil {
				return []any{"", "", "", ""}
			}
			if r.Heading {
				return []any{name(r.Name, r.NameEN), "", "", ""}
			}
			return []any{name(r.Name, r.NameEN), r.Line, r.Amounts[0], r.Amounts[1]}
		}
		for _, pr := range p.PairRows(fm.Left, fm.Right) {
			strong := (pr.L != nil && (pr.L.Total || pr.L.Heading)) || (pr.R != nil && (pr.R.Total || pr.R.Heading))
			put(strong, append(side(pr.L), side(pr.R)...)...)
		}
	case p.Activities != nil && p.Activities.Form != nil:
		put(true, p.T("finance.item"), p.T("finance.line_no"), p.PeriodColumn(), "", "", p.T("finance.year_to_date"), "", "")
		put(true, "", "", p.T("finance.unrestricted"), p.T("finance.restricted"), p.T("finance.total"),
			p.T("finance.unrestricted"), p.T("finance.restricted"), p.T("finance.total"))
		for _, r := range p.Activities.Form.Rows {
			cells := []any{name(r.Name, r.NameEN), r.Line}
			for _, a := range r.Amounts {
				cells = append(cells, a)
			}
			put(r.Total || r.Heading, cells...)
		}
	case p.CashFlow != nil:
		put(true, p.T("finance.item"), p.T("finance.line_no"), p.T("finance.amount"))
		for i, sec := range p.CashFlow.Sections {
			put(true, p.SectionNumbers()[i]+name(sec.Name, sec.NameEN)+"：", 0, "")
			for _, r := range sec.Inflows {
				put(false, name(r.Name, r.NameEN), r.Line, r.AmountFen)
			}
			put(false, p.T("finance.inflow_total"), sec.InLine, sec.InFen)
			for _, r := range sec.Outflows {
				put(false, name(r.Name, r.NameEN), r.Line, r.AmountFen)
			}
			put(false, p.T("finance.outflow_total"), sec.OutLine, sec.OutFen)
			put(true, p.T("finance.net_flow."+sec.Key), sec.NetLine, sec.NetFen)
		}
		put(true, p.T("finance.fx_effect"), chamber.CashFlowFXLine, int64(0))
		put(true, p.T("finance.net_increase_std"), chamber.CashFlowIncreaseLine, p.CashFlow.NetIncreaseFen)
	case p.Trial != nil:
		put(true, p.T("finance.code"), p.T("finance.account"), p.T("finance.opening"), "", p.T("finance.movement"), "", p.T("finance.closing"), "")
		put(true, "", "", p.T("finance.debit"), p.T("finance.credit"), p.T("finance.debit"), p.T("finance.credit"), p.T("finance.debit"), p.T("finance.credit"))
		for _, r := range p.Trial.Rows {
			put(r.Level == 0, r.Code, name(r.Name, r.NameEN), r.OpeningDebitFen, r.OpeningCreditFen, r.DebitFen, r.CreditFen, r.ClosingDebitFen, r.ClosingCreditFen)
		}
		t := p.Trial
		put(true, "", p.T("finance.total"), t.OpeningDebitFen, t.OpeningCreditFen, t.DebitFen, t.CreditFen, t.ClosingDebitFen, t.ClosingCreditFen)
	case p.General != nil:
		writeGeneralLedgerXLSX(p, put)
	case p.Ledger != nil:
		put(true, p.T("finance.date"), p.T("finance.number"), p.T("finance.summary"), p.T("finance.debit"), p.T("finance.credit"), p.T("finance.direction"), p.T("finance.balance"))
		put(false, parseDate(p.From), "", p.T("finance.opening"), "", "", p.Dir(p.Ledger.OpeningFen), chamber.AbsFen(p.Ledger.OpeningFen))
		for _, e := range p.Ledger.Entries {
			put(false, parseDate(e.Date), e.Number, e.Summary, e.DebitFen, e.CreditFen, p.Dir(e.BalanceFen), chamber.AbsFen(e.BalanceFen))
		}
	}
	if p.FormNo() != "" {
		b.Skip()
		plain(p.T("finance.sign_head")+"：", "", p.T("finance.sign_accounting")+"：", "", p.T("finance.sign_preparer")+"："+p.Preparer)
	}
	b.Width(1, 1, 34)
	b.Width(2, cols, 14)
	if p.BalanceSheet != nil {
		b.Width(5, 5, 30)
		b.Width(2, 2, 6)
		b.Width(6, 6, 6)
	}
	b.A4(true)
	return sendBook(w, b, p.Kind+".xlsx")
}
