package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/xuri/excelize/v2"
)

// writeAuthorityXLSX sends the 年报 as a workbook in the form's order:
// items as text, counts as integers, money in yuan as numbers.
func (s *Server) writeAuthorityXLSX(w http.ResponseWriter, p *authorityPage) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	fmtMoney := "#,##0.00"
	money, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtMoney})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	row := 0
	put := func(cells ...any) {
		row++
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			switch v := c.(type) {
			case yuan:
				f.SetCellFloat(sheet, ref, float64(v)/100, 2, 64)
				f.SetCellStyle(sheet, ref, ref, money)
			default:
				f.SetCellValue(sheet, ref, v)
			}
		}
	}
	head := func(key string) {
		row++
		put(p.T(key))
		ref, _ := excelize.CoordinatesToCellName(1, row)
		f.SetCellStyle(sheet, ref, ref, bold)
	}
	item := func(k string) {
		v := p.Field(k)
		if v == "" {
			v = p.T("authority.to_fill")
		}
		put(p.T("authority.f."+k), v)
	}
	ar := p.AR
	put(p.T("authority.form_title"))
	f.SetCellStyle(sheet, "A1", "A1", title)
	put(p.T("authority.year_of", p.Year), ar.Name, p.T("finance.unit_yuan"))
	head("authority.s1")
	put(p.T("authority.name"), ar.Name)
	for _, k := range p.Keys[:10] {
		item(k)
	}
	head("authority.s2")
	item("changes")
	head("authority.s3")
	put(p.T("authority.branches"), len(ar.Branches), strings.Join(ar.Branches, "、"))
	put(p.T("authority.committees"), len(ar.Committees), strings.Join(ar.Committees, "、"))
	put(p.T("authority.departments"), len(ar.Departments), strings.Join(ar.Departments, "、"))
	item("rep_offices")
	head("authority.s4")
	put(p.T("authority.leader_count"), ar.LeaderCount)
	for _, l := range ar.Leaders {
		put("　"+l.Position, l.Name, l.Since)
	}
	put(p.T("authority.council_size"), ar.CouncilSize)
	put(p.T("authority.standing_size"), ar.StandingCouncilSize)
	put(p.T("authority.staff"), ar.Staff)
	for k, n := range ar.StaffByEmployment {
		put("　"+p.Code("staff.employment", k), n)
	}
	head("authority.s5")
	put(p.T("authority.unit_members"), ar.UnitMembers)
	put(p.T("authority.individual_members"), ar.IndividualMembers)
	put(p.T("authority.members_total"), ar.Members)
	put(p.T("report.members.joined"), ar.Joined)
	put(p.T("report.members.left"), ar.Left)
	head("authority.s6")
	item("party_org")
	item("party_members")
	item("party_activities")
	head("authority.s7")
	for _, m := range ar.Meetings {
		put(m.Date, m.Body, m.Title, m.Attendance)
	}
	head("authority.s8")
	put(p.T("report.events.total"), ar.EventsTotal)
	put(p.T("report.events.participants"), ar.EventParticipants)
	for _, e := range ar.Events {
		put(e.Date, p.Code("event.kind", e.Kind), e.Title, e.Location, e.Participants)
	}
	head("authority.s9")
	for _, r := range ar.Activities.Income {
		put(p.Name(r.Name, r.NameEN), yuan(r.AmountFen))
	}
	put(p.T("report.finance.income"), yuan(ar.Activities.TotalIncome.AmountFen))
	put(p.T("report.finance.expenses"), yuan(ar.Activities.TotalExpenses.AmountFen))
	put(p.T("report.finance.net_assets"), yuan(ar.BalanceSheet.TotalNetAssetsFen))
	put(p.T("authority.donations"), yuan(ar.DonationsFen), ar.Donations)
	item("aid_given")
	for _, d := range ar.DuesRates {
		put(p.T("authority.dues")+" · "+p.TierName(d.Tier), yuan(d.AmountFen), d.Resolution)
	}
	head("authority.bs")
	bs := ar.BalanceSheet
	for _, rows := range [][]any{{bs.Assets, "authority.total_assets", bs.TotalAssetsFen}, {bs.Liabilities, "authority.total_liabilities", bs.TotalLiabilitiesFen},
		{bs.NetAssets, "report.finance.net_assets", bs.TotalNetAssetsFen}} {
		for _, r := range rows[0].([]chamber.StatementRow) {
			put(p.Name(r.Name, r.NameEN), yuan(r.AmountFen))
		}
		put(p.T(rows[1].(string)), yuan(rows[2].(int64)))
	}
	head("authority.act")
	for _, r := range ar.Activities.Expenses {
		put(p.Name(r.Name, r.NameEN), yuan(r.AmountFen))
	}
	put(p.T("report.finance.expenses"), yuan(ar.Activities.TotalExpenses.AmountFen))
	head("authority.cf")
	for _, sec := range ar.CashFlow.Sections {
		put(p.Name(sec.Name, sec.NameEN)+" · "+p.T("authority.cf_in"), yuan(sec.InFen))
		put(p.Name(sec.Name, sec.NameEN)+" · "+p.T("authority.cf_out"), yuan(sec.OutFen))
		put(p.Name(sec.Name, sec.NameEN)+" · "+p.T("authority.cf_net"), yuan(sec.NetFen))
	}
	put(p.T("authority.cf_increase"), yuan(ar.CashFlow.NetIncreaseFen))
	put(p.T("authority.cf_closing"), yuan(ar.CashFlow.ClosingCashFen))
	head("authority.s10")
	item("inspections")
	item("penalties")
	item("rectification")
	head("report.sec.audit")
	put(p.T("report.audit.seq"), ar.AuditHead.Seq)
	put(p.T("report.audit.hash"), ar.AuditHead.Hash)
	if len(ar.Missing) > 0 {
		head("authority.missing")
		for _, k := range ar.Missing {
			put(p.T("authority.f." + k))
		}
	}
	f.SetColWidth(sheet, "A", "A", 36)
	f.SetColWidth(sheet, "B", "C", 24)
	f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("portrait"), FitToWidth: intPtr(1)})
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="authority-report-%d.xlsx"`, p.Year))
	return f.Write(w)
}
