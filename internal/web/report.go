package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// reportRoutes are the annual work report (API, print and xlsx) and the
// dashboards. Whoever may read the audit trail may read them: the 会长,
// the 秘书长 and the 监事会 (read-only by nature).
func (s *Server) reportRoutes() []*route {
	const read = chamber.PermAuditRead
	return append([]*route{
		api(perm("GET", "/api/v1/reports/annual", read, s.apiAnnualReport), "The year's work report as data (?year=): members, bodies, events, services, documents, finance, audit_head", ""),
		perm("GET", "/reports/annual", read, s.annualReportPage),
		api(perm("GET", "/api/v1/reports/dashboard", read, s.apiDashboard), "The dashboard's figures for a year (?year=): the annual report plus member trend, dues, open requests, budget, vouchers", ""),
		perm("GET", "/dashboard", read, s.dashboardPage),
		perm("GET", "/dashboard/supervisory", read, s.supervisoryDashboardPage),
	}, append(append(s.workReportRoutes(), s.authorityRoutes()...), append(s.statisticRoutes(), s.deptDashboardRoutes()...)...)...)
}

// reportYear is ?year=, this year by default.
func (s *Server) reportYear(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		v = s.store.Today(r.Context())[:4]
	}
	year, err := strconv.Atoi(v)
	if err != nil || year < 1900 || year > 2100 {
		return 0, fieldErr("year", "err.invalid_value")
	}
	return year, nil
}

func (s *Server) apiAnnualReport(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	rep, err := s.store.AnnualReport(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// annualPage is the printable 年度工作报告.
type annualPage struct {
	Page
	Year  int
	Rep   *chamber.AnnualReport
	Tiers map[string]chamber.Tier
	// The narrative shown (nil on the dashboards), rendered per section;
	// Adopted when it is the adopted version, whose figures are frozen.
	WR      *chamber.WorkReport
	Narr    map[string]template.HTML
	Adopted bool
}

// Yuan shows fen as ¥1,234.56.
func (p *annualPage) Yuan(fen int64) string { return chamber.FormatYuan(fen) }

// TierName is a tier's name in the page's language.
func (p *annualPage) TierName(code string) string {
	if t, ok := p.Tiers[code]; ok {
		if p.Lang == "en" && t.NameEN != "" {
			return t.NameEN
		}
		return t.NameZH
	}
	return code
}

// Percent is n of d as a whole percentage ("—" when d is 0).
func (p *annualPage) Percent(n, d int) string { return percent(int64(n), int64(d)) }

func percent(n, d int64) string {
	if d == 0 {
		return "—"
	}
	return strconv.FormatInt((n*1000/d+5)/10, 10) + "%"
}

func (s *Server) loadAnnual(r *http.Request) (*annualPage, error) {
	year, err := s.reportYear(r)
	if err != nil {
		return nil, err
	}
	version := 0
	if v := r.URL.Query().Get("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil || version < 1 {
			return nil, fieldErr("version", "err.invalid_value")
		}
	}
	wr, err := s.store.WorkReport(r.Context(), year, version)
	if err != nil {
		return nil, err
	}
	adopted := wr.Adoption != nil && wr.Version == wr.Adoption.Version
	var rep *chamber.AnnualReport
	if adopted {
		rep = wr.Adoption.Report // the figures as the assembly adopted them
	} else if rep, err = s.store.AnnualReport(r.Context(), year); err != nil {
		return nil, err
	}
	p, err := s.annualOf(r, year, rep)
	if err != nil {
		return nil, err
	}
	p.WR, p.Narr, p.Adopted = wr, narratives(wr), adopted
	return p, nil
}

// annualOf is the page around a report already compiled.
func (s *Server) annualOf(r *http.Request, year int, rep *chamber.AnnualReport) (*annualPage, error) {
	tiers, err := s.store.Tiers(r.Context())
	if err != nil {
		return nil, err
	}
	p := &annualPage{Page: s.page(r, "report.title"), Year: year, Rep: rep, Tiers: map[string]chamber.Tier{}}
	for _, t := range tiers {
		p.Tiers[t.Code] = t
	}
	return p, nil
}

// annualReportPage is GET /reports/annual?year= (&format=xlsx).
func (s *Server) annualReportPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadAnnual(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "xlsx" {
		return s.writeAnnualXLSX(w, p)
	}
	s.render(w, r, http.StatusOK, "report_annual", p)
	return nil
}
