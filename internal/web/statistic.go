package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// Statistics on request: /reports/statistics (table, SVG chart, xlsx) and
// its API. The route lets staff in; each measure checks its own permission.

func (s *Server) statisticRoutes() []*route {
	const staff = chamber.PermOrgRead
	return []*route{
		api(perm("GET", "/api/v1/reports/statistics", staff, s.apiStatistic), "A measure (members, dues, events, tickets, vouchers) of a year broken down by tier, industry, region, month or department (?measure=&breakdown=&year=); each measure needs the permission of the lists it counts", ""),
		perm("GET", "/reports/statistics", staff, s.statisticPage),
	}
}

func (s *Server) statRequest(r *http.Request) (chamber.StatRequest, error) {
	q := r.URL.Query()
	year, err := s.reportYear(r)
	if err != nil {
		return chamber.StatRequest{}, err
	}
	return chamber.StatRequest{Measure: q.Get("measure"), Breakdown: q.Get("breakdown"), Year: year}, nil
}

func (s *Server) apiStatistic(w http.ResponseWriter, r *http.Request) error {
	req, err := s.statRequest(r)
	if err != nil {
		return err
	}
	st, err := s.store.Statistic(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

type statisticPage struct {
	Page
	Req        chamber.StatRequest
	Measures   []string // those the login may read
	Breakdowns []string // those of the chosen measure
	St         *chamber.Statistic
	Chart      *chart
	Tiers      map[string]chamber.Tier
}

// AllBreakdowns lists every breakdown (the store answers 422 for one the
// measure has not).
func (p *statisticPage) AllBreakdowns() []string { return chamber.StatBreakdowns }

// Label is a row's key in the page's language.
func (p *statisticPage) Label(row chamber.StatRow) string {
	switch {
	case row.Key == "" && p.St.Measure == "members" && p.St.Breakdown == "month":
		return p.T("stat.before_year")
	case row.Key == "":
		return p.T("stat.none")
	case p.St.Breakdown == "tier":
		if t, ok := p.Tiers[row.Key]; ok && p.Lang == "en" && t.NameEN != "" {
			return t.NameEN
		}
	case p.St.Breakdown == "month":
		return p.T("stat.month", row.Key)
	}
	return row.Label
}

// Cell shows value i of a row: yuan for money, else the number.
func (p *statisticPage) Cell(i int, v int64) string {
	if p.St.Money[i] {
		return chamber.FormatYuan(v)
	}
	return strconv.FormatInt(v, 10)
}

// Href is the list a row counts.
func (p *statisticPage) Href(row chamber.StatRow) string {
	y := strconv.Itoa(p.St.Year)
	switch p.St.Measure {
	case "members":
		switch p.St.Breakdown {
		case "tier", "industry", "region":
			return "/members?" + p.St.Breakdown + "=" + row.Key
		}
		return "/members"
	case "dues":
		return "/finance/dues?year=" + y
	case "events":
		return "/events?year=" + y
	case "tickets":
		return "/tickets"
	}
	return "/finance/vouchers"
}

func (s *Server) statisticPage(w http.ResponseWriter, r *http.Request) error {
	req, err := s.statRequest(r)
	if err != nil {
		return err
	}
	p := &statisticPage{Page: s.page(r, "stat.title"), Req: req, Tiers: map[string]chamber.Tier{}}
	for _, m := range chamber.StatMeasures {
		if p.Actor.Can(chamber.StatMeasurePerms[m]) {
			p.Measures = append(p.Measures, m)
		}
	}
	if p.Req.Measure == "" && len(p.Measures) > 0 {
		p.Req.Measure = p.Measures[0]
	}
	p.Breakdowns = s.store.StatBreakdownsOf(p.Req.Measure)
	if p.Req.Breakdown == "" && len(p.Breakdowns) > 0 {
		p.Req.Breakdown = p.Breakdowns[0]
	}
	tiers, err := s.store.Tiers(r.Context())
	if err != nil {
		return err
	}
	for _, t := range tiers {
		p.Tiers[t.Code] = t
	}
	if len(p.Measures) == 0 {
		s.render(w, r, http.StatusOK, "statistics", p)
		return nil
	}
	st, err := s.store.Statistic(r.Context(), p.Req)
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		s.render(w, r, statusOf(chamber.ErrorCode(err)), "statistics", p)
		return nil
	}
	p.St = st
	if r.URL.Query().Get("format") == "xlsx" {
		return s.writeStatisticXLSX(w, p)
	}
	col := 0 // the chart draws the first money column, else the first
	for i, m := range st.Money {
		if m {
			col = i
			break
		}
	}
	bars := make([]bar, 0, len(st.Rows))
	for _, row := range st.Rows {
		bars = append(bars, bar{Label: p.Label(row), N: max0(row.Values[col]), Value: p.Cell(col, row.Values[col]), Href: p.Href(row)})
	}
	title := p.T("stat.measure."+st.Measure) + " · " + p.T("stat.breakdown."+st.Breakdown)
	p.Chart = newChart("chart-stat", title, p.T("stat.chart_desc", title, st.Year, p.T("stat.col."+st.Columns[col])),
		p.T("stat.col."+st.Columns[col]), st.Breakdown == "month", bars)
	p.Chart.TableLabel, p.Chart.LabelHead = p.T("dashboard.table"), p.T("stat.breakdown."+st.Breakdown)
	s.render(w, r, http.StatusOK, "statistics", p)
	return nil
}

// writeStatisticXLSX sends the table: counts as integers, money in yuan.
func (s *Server) writeStatisticXLSX(w http.ResponseWriter, p *statisticPage) error {
	st := p.St
	b := sheet.NewBook("")
	b.Bold(fmt.Sprintf("%s %d · %s · %s", p.Chamber.Name, st.Year, p.T("stat.measure."+st.Measure), p.T("stat.breakdown."+st.Breakdown)))
	b.Skip()
	head := []any{p.T("stat.breakdown." + st.Breakdown)}
	for _, c := range st.Columns {
		head = append(head, p.T("stat.col."+c))
	}
	b.Bold(head...)
	put := func(label string, vals []int64) {
		cells := []any{label}
		for i, v := range vals {
			if st.Money[i] {
				cells = append(cells, yuan(v))
			} else {
				cells = append(cells, v)
			}
		}
		b.Row(cells...)
	}
	for _, r := range st.Rows {
		put(p.Label(r), r.Values)
	}
	put(p.T("finance.total"), st.Totals)
	b.Width(1, 1, 28)
	b.Width(2, 4, 18)
	return sendBook(w, b, fmt.Sprintf("statistics-%s-%s-%d.xlsx", st.Measure, st.Breakdown, st.Year))
}
