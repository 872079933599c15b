package web

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/chamber-org/chamber"
)

// dashboardPage is /dashboard (the 秘书长's and 会长's figures) and
// /dashboard/supervisory (the 监事会's finance and audit figures).
type dashboardPage struct {
	annualPage
	D          *chamber.Dashboard
	Supervisor bool
	Tiers      *chart
	Trend      *chart
	Bodies     *chart
	Events     *chart
	Services   *chart
	Money      *chart
}

// DuesRate is the share of the year's dues (net of waivers) paid.
func (p *dashboardPage) DuesRate() string { return percent(p.D.DuesPaidFen, p.D.DuesInvoicedFen) }

// BudgetRate is the share of the year's budget spent.
func (p *dashboardPage) BudgetRate() string { return percent(p.D.BudgetActualFen, p.D.BudgetFen) }

// chart is a server-rendered SVG bar chart with its table fallback: the
// template draws what is computed here (no JavaScript).
type chart struct {
	ID, Title, Desc string
	Columns         bool // vertical columns (a trend) instead of horizontal bars
	Width, Height   int
	Bars            []bar
	ValueHead       string
	TableLabel      string // the fallback table's summary
	LabelHead       string
}

type bar struct {
	Label, Value, Href string
	N                  int64
	X, Y, W, H         int
	TX, TY             int // where the value is written
	LX, LY             int // where the label is written
}

// newChart lays bars out: horizontal rows of 26px, or columns across 640px.
func newChart(id, title, desc, valueHead string, columns bool, bars []bar) *chart {
	c := &chart{ID: id, Title: title, Desc: desc, Columns: columns, ValueHead: valueHead, Bars: bars, Width: 640}
	var max int64 = 1
	for _, b := range bars {
		if b.N > max {
			max = b.N
		}
	}
	if columns {
		c.Height = 220
		n := max1(len(bars))
		step := (c.Width - 20) / n
		for i := range c.Bars {
			b := &c.Bars[i]
			b.H = int(b.N * 160 / max)
			b.W = step * 2 / 3
			b.X = 10 + i*step + step/6
			b.Y = 185 - b.H
			b.TX, b.TY = b.X+b.W/2, b.Y-4
			b.LX, b.LY = b.X+b.W/2, 205
		}
		return c
	}
	c.Height = 26*len(bars) + 8
	for i := range c.Bars {
		b := &c.Bars[i]
		b.X, b.Y, b.H = 150, 4+i*26, 18
		b.W = int(b.N * 330 / max)
		if b.N > 0 && b.W < 2 {
			b.W = 2
		}
		b.TX, b.TY = b.X+b.W+6, b.Y+14
		b.LX, b.LY = 142, b.Y+14
	}
	return c
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// countBars turns a count per key into bars in key order.
func countBars(m map[string]int, label func(string) string, href func(string) string) []bar {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]bar, 0, len(keys))
	for _, k := range keys {
		out = append(out, bar{Label: label(k), N: int64(m[k]), Value: fmt.Sprint(m[k]), Href: href(k)})
	}
	return out
}

func (s *Server) loadDashboard(r *http.Request, supervisor bool) (*dashboardPage, error) {
	year, err := s.reportYear(r)
	if err != nil {
		return nil, err
	}
	d, err := s.cachedDashboard(r, year)
	if err != nil {
		return nil, err
	}
	ap, err := s.annualOf(r, year, d.Report)
	if err != nil {
		return nil, err
	}
	ap.TitleKey = "dashboard.title"
	if supervisor {
		ap.TitleKey = "dashboard.supervisory"
	}
	p := &dashboardPage{annualPage: *ap, D: d, Supervisor: supervisor}
	y := fmt.Sprint(ap.Year)
	rep := d.Report
	p.Money = newChart("chart-money", p.T("dashboard.chart.money"), p.T("dashboard.chart.money_desc", y), p.T("finance.unit_yuan"), false, []bar{
		{Label: p.T("report.finance.income"), N: max0(rep.Finance.IncomeFen), Value: p.Yuan(rep.Finance.IncomeFen), Href: "/finance/reports/activities?from=" + rep.From + "&to=" + rep.To},
		{Label: p.T("report.finance.expenses"), N: max0(rep.Finance.ExpensesFen), Value: p.Yuan(rep.Finance.ExpensesFen), Href: "/finance/reports/activities?from=" + rep.From + "&to=" + rep.To},
		{Label: p.T("dashboard.budget"), N: max0(d.BudgetFen), Value: p.Yuan(d.BudgetFen), Href: "/finance/budgets?year=" + y},
		{Label: p.T("dashboard.budget_actual"), N: max0(d.BudgetActualFen), Value: p.Yuan(d.BudgetActualFen), Href: "/finance/budgets?year=" + y},
		{Label: p.T("report.finance.cash"), N: max0(rep.Finance.CashFen), Value: p.Yuan(rep.Finance.CashFen), Href: "/finance/reports/balance-sheet?date=" + rep.To},
	})
	defer func() {
		for _, c := range []*chart{p.Money, p.Tiers, p.Trend, p.Bodies, p.Events, p.Services} {
			if c != nil {
				c.TableLabel, c.LabelHead = p.T("dashboard.table"), p.T("report.item")
			}
		}
	}()
	if supervisor {
		return p, nil
	}
	p.Tiers = newChart("chart-tiers", p.T("report.members.by_tier"), p.T("dashboard.chart.tiers_desc", y), p.T("report.count"), false,
		countBars(rep.Members.ByTier, p.TierName, func(k string) string { return "/members?tier=" + k }))
	var trend []bar
	for _, m := range d.MemberTrend {
		trend = append(trend, bar{Label: m.Month[5:], N: int64(m.Total), Value: fmt.Sprint(m.Total), Href: "/members"})
	}
	p.Trend = newChart("chart-trend", p.T("dashboard.chart.trend"), p.T("dashboard.chart.trend_desc", y), p.T("dashboard.members_at_month_end"), true, trend)
	var bodies []bar
	keys := make([]string, 0, len(rep.Bodies))
	for k := range rep.Bodies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b := rep.Bodies[k]
		bodies = append(bodies, bar{Label: b.Name, N: int64(b.Meetings), Value: p.T("dashboard.meetings_attendance", b.Meetings, b.Attendance), Href: "/meetings"})
	}
	p.Bodies = newChart("chart-bodies", p.T("report.sec.bodies"), p.T("dashboard.chart.bodies_desc", y), p.T("report.meetings"), false, bodies)
	p.Events = newChart("chart-events", p.T("report.sec.events"), p.T("dashboard.chart.events_desc", y), p.T("report.count"), false,
		countBars(rep.Events.ByKind, func(k string) string { return p.Code("event.kind", k) }, func(k string) string { return "/events?kind=" + k + "&year=" + y }))
	p.Services = newChart("chart-services", p.T("report.sec.services"), p.T("dashboard.chart.services_desc", y), p.T("report.count"), false,
		countBars(rep.Services.ByKind, func(k string) string { return p.Code("ticket.kind", k) }, func(k string) string { return "/tickets?kind=" + k }))
	return p, nil
}

func max0(n int64) int64 {
	if n < 0 {
		return 0
	}
	return n
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadDashboard(r, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dashboard", p)
	return nil
}

func (s *Server) supervisoryDashboardPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadDashboard(r, true)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dashboard", p)
	return nil
}

func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	d, err := s.store.Dashboard(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// MeetingsHeld is the meetings held over every body.
func (p *dashboardPage) MeetingsHeld() int {
	n := 0
	for _, b := range p.Rep.Bodies {
		n += b.Meetings
	}
	return n
}

// Attendance is the people checked in over every meeting held.
func (p *dashboardPage) Attendance() int {
	n := 0
	for _, b := range p.Rep.Bodies {
		n += b.Attendance
	}
	return n
}

// dashCache keeps each store's last dashboard per year. Every write goes
// through the audit log, so while the chain's head and the day are the
// same the figures are too; a minute bounds what only time changes (a
// request falling overdue).
var dashCache sync.Map // dashKey → dashEntry

type dashKey struct {
	store Store
	year  int
}

type dashEntry struct {
	head  chamber.AuditHead
	today string
	at    time.Time
	d     *chamber.Dashboard
}

const dashTTL = time.Minute

func (s *Server) cachedDashboard(r *http.Request, year int) (*chamber.Dashboard, error) {
	head, err := s.store.AuditHead(r.Context())
	if err != nil {
		return nil, err
	}
	today := s.store.Today(r.Context())
	key := dashKey{s.store, year}
	if v, ok := dashCache.Load(key); ok {
		e := v.(dashEntry)
		if e.head == *head && e.today == today && time.Since(e.at) < dashTTL {
			return e.d, nil
		}
	}
	d, err := s.store.Dashboard(r.Context(), year)
	if err != nil {
		return nil, err
	}
	dashCache.Store(key, dashEntry{head: *head, today: today, at: time.Now(), d: d})
	return d, nil
}
