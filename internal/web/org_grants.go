package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// ---- permissions matrix

type grantRow struct {
	Kind, Subject, Label string
	Has                  map[chamber.Permission]bool
}

type orgGrantsPage struct {
	Page
	Perms []chamber.Permission
	Rows  []grantRow
}

func (s *Server) grantRows(r *http.Request, lang func(string, ...any) string) ([]grantRow, error) {
	grants, err := s.store.Grants(r.Context())
	if err != nil {
		return nil, err
	}
	has := map[string]map[chamber.Permission]bool{}
	for _, g := range grants {
		k := g.SubjectKind + ":" + g.Subject
		if has[k] == nil {
			has[k] = map[chamber.Permission]bool{}
		}
		has[k][g.Permission] = true
	}
	bodies, depts, positions, err := s.orgLists(r)
	if err != nil {
		return nil, err
	}
	deptName := map[chamber.ID]string{}
	for _, d := range depts {
		deptName[d.ID] = d.Name
	}
	bodyName := map[chamber.ID]string{}
	for _, b := range bodies {
		bodyName[b.ID] = b.Name
	}
	row := func(kind, subject, label string) grantRow {
		m := has[kind+":"+subject]
		if m == nil {
			m = map[chamber.Permission]bool{}
		}
		return grantRow{Kind: kind, Subject: subject, Label: label, Has: m}
	}
	rows := []grantRow{row("role", "admin", lang("org.role_admin")), row("role", "member", lang("org.role_member"))}
	for _, p := range positions {
		label := p.Name
		if p.DepartmentID != 0 {
			label = deptName[p.DepartmentID] + " · " + p.Name
		} else if p.BodyID != 0 {
			label = bodyName[p.BodyID] + " · " + p.Name
		}
		rows = append(rows, row("position", strconv.FormatInt(p.ID, 10), label))
	}
	for _, b := range bodies {
		rows = append(rows, row("body_seat", strconv.FormatInt(b.ID, 10), lang("org.seat_of", b.Name)))
	}
	return rows, nil
}

func (s *Server) orgGrantsPage(w http.ResponseWriter, r *http.Request) error {
	p := orgGrantsPage{Page: s.page(r, "org.grants"), Perms: chamber.AllPermissions}
	if r.URL.Query().Get("saved") == "1" {
		p.Flash = p.T("org.grants_saved")
	}
	var err error
	if p.Rows, err = s.grantRows(r, p.T); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "org_grants", &p)
	return nil
}

// orgGrantsSubmit takes the whole matrix: checkbox "g" values are
// "kind:subject:permission"; every subject whose set changed is saved.
func (s *Server) orgGrantsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	want := map[string][]chamber.Permission{}
	for _, v := range r.PostForm["g"] {
		parts := strings.SplitN(v, ":", 3)
		if len(parts) != 3 {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		k := parts[0] + ":" + parts[1]
		want[k] = append(want[k], chamber.Permission(parts[2]))
	}
	rows, err := s.grantRows(r, func(k string, a ...any) string { return k })
	if err != nil {
		return err
	}
	for _, row := range rows {
		k := row.Kind + ":" + row.Subject
		perms := want[k]
		same := len(perms) == len(row.Has)
		for _, p := range perms {
			same = same && row.Has[p]
		}
		if same {
			continue
		}
		sort.Slice(perms, func(i, j int) bool { return perms[i] < perms[j] })
		if err := s.store.SetGrants(r.Context(), row.Kind, row.Subject, perms); err != nil {
			if p := (orgGrantsPage{Page: s.page(r, "org.grants"), Perms: chamber.AllPermissions}); p.withFieldErrors(err) {
				p.FormError = row.Label + ": " + p.FormError + " " + strings.Join(fieldMessages(p.Errors), " ")
				if p.Rows, err = s.grantRows(r, p.T); err != nil {
					return err
				}
				s.render(w, r, http.StatusUnprocessableEntity, "org_grants", &p)
				return nil
			}
			return err
		}
	}
	http.Redirect(w, r, "/org/grants?saved=1", http.StatusSeeOther)
	return nil
}

func fieldMessages(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// ---- roster export

// orgRosterXLSX exports who holds what on ?date= as a spreadsheet.
func (s *Server) orgRosterXLSX(w http.ResponseWriter, r *http.Request) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	tree, err := s.store.OrgTree(r.Context(), date)
	if err != nil {
		return err
	}
	lang := info(r).Lang
	T := func(k string, a ...any) string { p := Page{Lang: lang}; return p.T(k, a...) }
	b := sheet.NewBook(T("org.roster.sheet"))
	b.Bold(T("org.body")+"/"+T("org.department"), T("org.position"), T("org.rank"), T("org.holder"), T("org.acting"), T("org.starts_on"), T("org.ends_on"))
	var walk func(where string, nodes []*chamber.OrgNode)
	walk = func(where string, nodes []*chamber.OrgNode) {
		for _, n := range nodes {
			switch n.Kind {
			case "position":
				rank := ""
				if n.Rank != nil && *n.Rank > 0 {
					rank = strconv.Itoa(*n.Rank)
				}
				if len(n.Holders) == 0 {
					b.Row(where, n.Name, rank, T("org.vacant"), "", "", "")
				}
				for _, h := range n.Holders {
					acting := ""
					if h.Acting {
						acting = T("org.acting")
					}
					b.Row(where, n.Name, rank, safeCell(h.Name), acting, h.StartsOn, h.EndsOn)
				}
			default:
				for _, h := range n.Seats {
					b.Row(n.Name, T("org.seats"), "", safeCell(h.Name), "", h.StartsOn, h.EndsOn)
				}
				walk(n.Name, n.Children)
			}
		}
	}
	walk("", tree)
	b.Width(1, 2, 24)
	b.Width(4, 4, 16)
	b.Width(6, 7, 12)
	return sendBook(w, b, fmt.Sprintf("roster-%s.xlsx", date))
}

// safeCell neutralises text a spreadsheet would run as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
