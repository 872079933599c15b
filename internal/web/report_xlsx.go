package web

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/chamber-org/chamber/internal/sheet"
)

// writeAnnualXLSX sends the annual report as a workbook: one section after
// another, counts as integers and money in yuan as numbers (#,##0.00).
func (s *Server) writeAnnualXLSX(w http.ResponseWriter, p *annualPage) error {
	b := sheet.NewBook("")
	put := func(label string, v any) { b.Row(label, v) }
	head := func(key string) {
		b.Skip()
		b.Bold(p.T(key))
	}
	narr := func(sec string) { // the narrative's Markdown source as text, across both columns
		if p.WR != nil && p.WR.Sections[sec] != "" {
			b.Text(p.WR.Sections[sec], 2)
		}
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
	b.Title(fmt.Sprintf("%s %d %s", p.Chamber.Name, p.Year, p.T("report.title")), 1)
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
	b.Width(1, 1, 40)
	b.Width(2, 2, 24)
	b.A4(false)
	return sendBook(w, b, fmt.Sprintf("annual-report-%d.xlsx", p.Year))
}

// yuan marks an amount in fen for a workbook.
type yuan = sheet.Money

// sendBook sends a workbook as the download filename.
func sendBook(w http.ResponseWriter, b *sheet.Book, filename string) error {
	w.Header().Set("Content-Type", sheet.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, filename))
	return b.Write(w)
}
