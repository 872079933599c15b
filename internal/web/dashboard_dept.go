package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"

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

// deptCache keeps each store's department figures of a year, all
// departments at once, on the same terms as dashCache (audit head, day,
// a minute); each login then sees the departments it directs.
var deptCache sync.Map // dashKey → deptEntry

type deptEntry struct {
	head  chamber.AuditHead
	today string
	at    time.Time
	ds    []chamber.DeptDashboard
}

func (s *Server) deptDashboards(r *http.Request, year int) ([]chamber.DeptDashboard, error) {
	codes, all, err := s.store.DirectedDepartments(r.Context())
	if err != nil {
		return nil, err
	}
	if len(codes) == 0 && !all {
		return []chamber.DeptDashboard{}, nil
	}
	sys := chamber.WithActor(r.Context(), chamber.SystemActor)
	head, err := s.store.AuditHead(sys)
	if err != nil {
		return nil, err
	}
	today := s.store.Today(r.Context())
	key := dashKey{s.store, year}
	var ds []chamber.DeptDashboard
	if v, ok := deptCache.Load(key); ok {
		if e := v.(deptEntry); e.head == *head && e.today == today && time.Since(e.at) < dashTTL {
			ds = e.ds
		}
	}
	if ds == nil {
		if ds, err = s.store.DeptDashboards(sys, year); err != nil {
			return nil, err
		}
		deptCache.Store(key, deptEntry{head: *head, today: today, at: time.Now(), ds: ds})
	}
	if all {
		return ds, nil
	}
	out := []chamber.DeptDashboard{}
	for _, d := range ds {
		for _, c := range codes {
			if d.Code == c {
				out = append(out, d)
			}
		}
	}
	return out, nil
}

type deptDashboardsAnswer struct {
	Items []chamber.DeptDashboard `json:"items"`
}

func (s *Server) apiDeptDashboards(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	ds, err := s.deptDashboards(r, year)
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
	ds, err := s.deptDashboards(r, year)
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
