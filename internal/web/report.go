package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// reportRoutes are the annual work report (API, print and xlsx) and the
// dashboards. Whoever may read the audit trail may read them: the 会长,
// the 秘书长 and the 监事会 (read-only by nature).
func (s *Server) reportRoutes() []*route {
	const read = chamber.PermAuditRead
	return []*route{
		api(perm("GET", "/api/v1/reports/annual", read, s.apiAnnualReport), "The year's work report as data (?year=): members, bodies, events, services, documents, finance, audit_head", ""),
	}
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
