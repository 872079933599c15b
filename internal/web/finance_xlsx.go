package web

import (
	"fmt"
	"net/http"

	"github.com/chamber-org/chamber"
	"github.com/xuri/excelize/v2"
)

// writeReportXLSX sends the statement of p as an Excel workbook: the same
// rows as the page, amounts in yuan as numbers with two decimals.
func (s *Server) writeReportXLSX(w http.ResponseWriter, p *reportPage) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	row := 1
	put := func(cells ...any) {
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			if fen, ok := c.(int64); ok {
				f.SetCellFloat(sheet, ref, float64(fen)/100, 2, 64)
				f.SetCellStyle(sheet, ref, ref, money)
				continue
			}
			f.SetCellValue(sheet, ref, c)
		}
		row++
	}
	heading := func(cells ...any) {
		start := row
		put(cells...)
		end, _ := excelize.CoordinatesToCellName(len(cells), start)
		f.SetCellStyle(sheet, fmt.Sprintf("A%d", start), end, bold)
	}
	name := func(zh, en string) string { return p.Name(zh, en) }
	heading(p.Chamber.Name, p.T(p.TitleKey))
	if p.Date != "" {
		put(p.T("finance.as_of"), p.Date)
	} else {
		put(p.T("finance.from"), p.From, p.T("finance.to"), p.To)
	}
	put(p.T("finance.unit_yuan"))
	switch {
	case p.BalanceSheet != nil:
		bs := p.BalanceSheet
		heading(p.T("finance.assets"), p.T("finance.amount"))
		for _, r := range bs.Assets {
			put(name(r.Name, r.NameEN), r.AmountFen)
		}
		heading(p.T("finance.total_assets"), bs.TotalAssetsFen)
		heading(p.T("finance.liabilities"), p.T("finance.amount"))
		for _, r := range bs.Liabilities {
			put(name(r.Name, r.NameEN), r.AmountFen)
		}
		heading(p.T("finance.total_liabilities"), bs.TotalLiabilitiesFen)
		for _, r := range bs.NetAssets {
			put(name(r.Name, r.NameEN), r.AmountFen)
		}
		heading(p.T("finance.total_net_assets"), bs.TotalNetAssetsFen)
		heading(p.T("finance.total_liabilities_net_assets"), bs.TotalLiabilitiesAndNetAssetsFen)
	case p.Activities != nil:
		a := p.Activities
		heading(p.T("finance.item"), p.T("finance.unrestricted"), p.T("finance.restricted"), p.T("finance.total"))
		for _, group := range [][]chamber.StatementRow{a.Income, {a.TotalIncome}, a.Expenses, {a.TotalExpenses, a.Reclassified, a.ChangeNetAssets}} {
			for _, r := range group {
				put(name(r.Name, r.NameEN), r.UnrestrictedFen, r.RestrictedFen, r.AmountFen)
			}
		}
	case p.CashFlow != nil:
		for _, sec := range p.CashFlow.Sections {
			heading(name(sec.Name, sec.NameEN), p.T("finance.amount"))
			for _, r := range sec.Inflows {
				put(name(r.Name, r.NameEN), r.AmountFen)
			}
			put(p.T("finance.inflow_total"), sec.InFen)
			for _, r := range sec.Outflows {
				put(name(r.Name, r.NameEN), r.AmountFen)
			}
			put(p.T("finance.outflow_total"), sec.OutFen)
			heading(p.T("finance.net_flow"), sec.NetFen)
		}
		heading(p.T("finance.net_increase"), p.CashFlow.NetIncreaseFen)
	case p.Trial != nil:
		heading(p.T("finance.code"), p.T("finance.account"), p.T("finance.opening"), p.T("finance.debit"), p.T("finance.credit"), p.T("finance.closing"))
		for _, r := range p.Trial.Rows {
			put(r.Code, name(r.Name, r.NameEN), r.OpeningFen, r.DebitFen, r.CreditFen, r.ClosingFen)
		}
		heading("", p.T("finance.total"), p.Trial.OpeningFen, p.Trial.DebitFen, p.Trial.CreditFen, p.Trial.ClosingFen)
	case p.Ledger != nil:
		heading(p.T("finance.date"), p.T("finance.number"), p.T("finance.summary"), p.T("finance.debit"), p.T("finance.credit"), p.T("finance.balance"))
		put("", "", p.T("finance.opening"), "", "", p.Ledger.OpeningFen)
		for _, e := range p.Ledger.Entries {
			put(e.Date, e.Number, e.Summary, e.DebitFen, e.CreditFen, e.BalanceFen)
		}
	}
	f.SetColWidth(sheet, "A", "A", 36)
	f.SetColWidth(sheet, "B", "F", 18)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, p.Kind))
	return f.Write(w)
}
