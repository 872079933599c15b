package web

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/xuri/excelize/v2"
)

// writeAnnualXLSX sends the annual report as a workbook: one section after
// another, counts as integers and money in yuan as numbers (#,##0.00).
func (s *Server) writeAnnualXLSX(w http.ResponseWriter, p *annualPage) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	fmtMoney := "#,##0.00"
	money, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtMoney})
	avg, _ := f.NewStyle(&excelize.Style{NumFmt: 2})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	row := 1
	put := func(label string, v any) {
		a, _ := excelize.CoordinatesToCellName(1, row)
		b, _ := excelize.CoordinatesToCellName(2, row)
		f.SetCellValue(sheet, a, label)
		switch x := v.(type) {
		case yuan:
			f.SetCellFloat(sheet, b, float64(x)/100, 2, 64)
			f.SetCellStyle(sheet, b, b, money)
		case float64:
			f.SetCellFloat(sheet, b, x, 2, 64)
			f.SetCellStyle(sheet, b, b, avg)
		case nil:
		default:
			f.SetCellValue(sheet, b, x)
		}
		row++
	}
	head := func(key string) {
		row++
		a, _ := excelize.CoordinatesToCellName(1, row)
		f.SetCellValue(sheet, a, p.T(key))
		f.SetCellStyle(sheet, a, a, bold)
		row++
	}
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	narr := func(sec string) { // the narrative's Markdown source as text, across both columns
		if p.WR == nil || p.WR.Sections[sec] == "" {
			return
		}
		a, _ := excelize.CoordinatesToCellName(1, row)
		b, _ := excelize.CoordinatesToCellName(2, row)
		f.SetCellValue(sheet, a, p.WR.Sections[sec])
		f.MergeCell(sheet, a, b)
		f.SetCellStyle(sheet, a, b, wrap)
		f.SetRowHeight(sheet, row, float64(15*(1+len([]rune(p.WR.Sections[sec]))/40)))
		row++
	}
	counts := func(m map[string]int, name func(string) string) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			put("　"+name(k), m[k])
		}
	}
	rep := p.Rep
	f.SetCellValue(sheet, "A1", fmt.Sprintf("%s %d %s", p.Chamber.Name, p.Year, p.T("report.title")))
	f.SetCellStyle(sheet, "A1", "A1", title)
	row = 2
	put(p.T("report.period"), rep.From+" — "+rep.To)
	if p.Adopted {
		a := p.WR.Adoption
		put(p.T("workreport.adopted_by"), fmt.Sprintf("%s ·《%s》· %s", a.MeetingTitle, a.MotionTitle, a.AdoptedOn))
	} else if p.WR != nil && p.WR.Version > 0 {
		put(p.T("workreport.draft_version", p.WR.Version, p.WR.Latest), nil)
	}
	narr("intro")
	head("report.sec.members")
	narr("members")
	put(p.T("report.members.total"), rep.Members.Total)
	put(p.T("report.members.joined"), rep.Members.Joined)
	put(p.T("report.members.left"), rep.Members.Left)
	put(p.T("report.members.by_tier"), nil)
	counts(rep.Members.ByTier, p.TierName)
	put(p.T("report.members.by_status"), nil)
	counts(rep.Members.ByStatus, func(k string) string { return p.Code("member.status", k) })
	head("report.sec.bodies")
	narr("bodies")
	keys := make([]string, 0, len(rep.Bodies))
	for k := range rep.Bodies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b := rep.Bodies[k]
		put(b.Name+" · "+p.T("report.meetings"), b.Meetings)
		put(b.Name+" · "+p.T("report.attendance"), b.Attendance)
		put(b.Name+" · "+p.T("report.represented"), b.Represented)
	}
	head("report.sec.events")
	narr("events")
	put(p.T("report.events.total"), rep.Events.Total)
	counts(rep.Events.ByKind, func(k string) string { return p.Code("event.kind", k) })
	put(p.T("report.events.participants"), rep.Events.Participants)
	head("report.sec.services")
	narr("services")
	put(p.T("report.services.total"), rep.Services.Total)
	counts(rep.Services.ByKind, func(k string) string { return p.Code("ticket.kind", k) })
	put(p.T("report.services.resolved"), rep.Services.Resolved)
	put(p.T("report.services.on_time"), rep.Services.ResolvedOnTime)
	put(p.T("report.services.rated"), rep.Services.Rated)
	put(p.T("report.services.satisfaction"), rep.Services.SatisfactionAvg)
	head("report.sec.documents")
	narr("documents")
	put(p.T("report.documents.issued"), rep.Documents.Issued)
	put(p.T("report.documents.received"), rep.Documents.Received)
	head("report.sec.finance")
	narr("finance")
	put(p.T("report.finance.income"), yuan(rep.Finance.IncomeFen))
	put(p.T("report.finance.expenses"), yuan(rep.Finance.ExpensesFen))
	put(p.T("report.finance.assets"), yuan(rep.Finance.TotalAssetsFen))
	put(p.T("report.finance.net_assets"), yuan(rep.Finance.NetAssetsFen))
	put(p.T("report.finance.cash"), yuan(rep.Finance.CashFen))
	head("report.sec.cooperation")
	put(p.T("report.cooperation.offers"), rep.Cooperation.Offers)
	put(p.T("report.cooperation.introduced"), rep.Cooperation.Introduced)
	if p.WR != nil && p.WR.Sections["outlook"] != "" {
		head("workreport.sec.outlook")
		narr("outlook")
	}
	head("report.sec.audit")
	put(p.T("report.audit.seq"), rep.AuditHead.Seq)
	put(p.T("report.audit.hash"), rep.AuditHead.Hash)
	f.SetColWidth(sheet, "A", "A", 40)
	f.SetColWidth(sheet, "B", "B", 24)
	f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("portrait"), FitToWidth: intPtr(1)})
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="annual-report-%d.xlsx"`, p.Year))
	return f.Write(w)
}

// yuan marks an amount in fen for the workbook.
type yuan int64
