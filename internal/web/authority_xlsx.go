package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// writeAuthorityXLSX sends the 年报 as a workbook in the form's order:
// items as text, counts as integers, money in yuan as numbers.
func (s *Server) writeAuthorityXLSX(w http.ResponseWriter, p *authorityPage) error {
	b := sheet.NewBook("")
	put := b.Row
	head := func(key string) {
		b.Skip()
		b.Bold(p.T(key))
	}
	item := func(k string) {
		v := p.Field(k)
		if v == "" {
			v = p.T("authority.to_fill")
		}
		put(p.T("authority.f."+k), v)
	}
	ar := p.AR
	b.Title(p.T("authority.form_title"), 1)
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
	b.Width(1, 1, 36)
	b.Width(2, 3, 24)
	b.A4(false)
	return sendBook(w, b, fmt.Sprintf("authority-report-%d.xlsx", p.Year))
}
