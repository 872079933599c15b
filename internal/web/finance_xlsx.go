package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/xuri/excelize/v2"
)

// writeReportXLSX sends the statement of p as an Excel workbook in the
// layout of the standard form: title, form number, entity, period, 单位：元,
// 行次, amounts in yuan as numbers (#,##0.00), dates as dates, and the
// signature line.
func (s *Server) writeReportXLSX(w http.ResponseWriter, p *reportPage) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	style := func(st *excelize.Style) int {
		id, _ := f.NewStyle(st)
		return id
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	fmtMoney := "#,##0.00;-#,##0.00;\"\""
	money := style(&excelize.Style{CustomNumFmt: &fmtMoney, Border: border})
	moneyBold := style(&excelize.Style{CustomNumFmt: &fmtMoney, Border: border, Font: &excelize.Font{Bold: true}})
	dateFmt := "yyyy-mm-dd"
	date := style(&excelize.Style{CustomNumFmt: &dateFmt, Border: border})
	cell := style(&excelize.Style{Border: border})
	bold := style(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true}})
	lineNo := style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}})
	title := style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	row := 1
	put := func(strong bool, cells ...any) {
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			switch v := c.(type) {
			case int64: // fen
				f.SetCellFloat(sheet, ref, float64(v)/100, 2, 64)
				if strong {
					f.SetCellStyle(sheet, ref, ref, moneyBold)
				} else {
					f.SetCellStyle(sheet, ref, ref, money)
				}
			case int: // 行次
				if v != 0 {
					f.SetCellInt(sheet, ref, int64(v))
				}
				f.SetCellStyle(sheet, ref, ref, lineNo)
			case time.Time:
				f.SetCellValue(sheet, ref, v)
				f.SetCellStyle(sheet, ref, ref, date)
			default:
				f.SetCellValue(sheet, ref, v)
				if strong {
					f.SetCellStyle(sheet, ref, ref, bold)
				} else {
					f.SetCellStyle(sheet, ref, ref, cell)
				}
			}
		}
		row++
	}
	plain := func(cells ...any) {
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellValue(sheet, ref, c)
		}
		row++
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
	last, _ := excelize.ColumnNumberToName(cols)
	f.SetCellValue(sheet, "A1", p.T(p.TitleKey))
	f.MergeCell(sheet, "A1", last+"1")
	f.SetCellStyle(sheet, "A1", "A1", title)
	row = 2
	if no := p.FormNo(); no != "" {
		ref, _ := excelize.CoordinatesToCellName(cols, row)
		f.SetCellValue(sheet, ref, no)
	}
	row++
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
		row++
		plain(p.T("finance.sign_head")+"：", "", p.T("finance.sign_accounting")+"：", "", p.T("finance.sign_preparer")+"："+p.Preparer)
	}
	f.SetColWidth(sheet, "A", "A", 34)
	f.SetColWidth(sheet, "B", last, 14)
	if p.BalanceSheet != nil {
		f.SetColWidth(sheet, "E", "E", 30)
		f.SetColWidth(sheet, "B", "B", 6)
		f.SetColWidth(sheet, "F", "F", 6)
	}
	f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("portrait"), FitToWidth: intPtr(1), FitToHeight: intPtr(1)})
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, p.Kind))
	return f.Write(w)
}

func intPtr(v int) *int       { return &v }
func strPtr(v string) *string { return &v }
