package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// deptDashboardRoutes: /dashboard/department, each department director's
// own area (chosen by the login's posts), and its API.
func (s *Server) deptDashboardRoutes() []*route {
	const staff = chamber.PermOrgRead
	return []*route{
		api(perm("GET", "/api/v1/reports/dashboard/departments", staff, s.apiDeptDashboards), "The department dashboards of the login (?year=): the departments whose director post it holds (every one for the 秘书长 and the administrator), each figure with the list it counts", ""),
		perm("GET", "/dashboard/department", staff, s.deptDashboardPage),
	}
}

type deptDashboardsAnswer struct {
	Items []chamber.DeptDashboard `json:"items"`
}

func (s *Server) apiDeptDashboards(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	ds, err := s.store.DeptDashboards(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, deptDashboardsAnswer{Items: ds})
	return nil
}

type deptDashboardPage struct {
	Page
	Year  int
	Depts []chamber.DeptDashboard
}

// Figure shows a figure's value: yuan for money.
func (p *deptDashboardPage) Figure(f chamber.DeptFigure) string {
	if f.Money {
		return chamber.FormatYuan(f.Value)
	}
	return strconv.FormatInt(f.Value, 10)
}

func (s *Server) deptDashboardPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	ds, err := s.store.DeptDashboards(r.Context(), year)
	if err != nil {
		return err
	}
	if code := r.URL.Query().Get("dept"); code != "" {
		var one []chamber.DeptDashboard
		for _, d := range ds {
			if d.Code == code {
				one = append(one, d)
			}
		}
		ds = one
	}
	s.render(w, r, http.StatusOK, "dashboard_dept", &deptDashboardPage{Page: s.page(r, "deptdash.title"), Year: year, Depts: ds})
	return nil
}
