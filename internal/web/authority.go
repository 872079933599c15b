package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// The report to the registration authority (年报): print (A4, the form's
// layout) and xlsx on /reports/authority, the items to fill in on
// /reports/authority/fill.

func (s *Server) authorityRoutes() []*route {
	const read, write = chamber.PermAuditRead, chamber.PermReportWrite
	return []*route{
		api(perm("GET", "/api/v1/reports/authority", read, s.apiAuthorityReport), "The year's report to the registration authority (年报, ?year=): the form's sections from the records, the filled-in items and the items still missing", ""),
		api(perm("POST", "/api/v1/reports/authority/{year}/fields", write, s.apiAuthorityFields), "Fill in the 年报's items that no record holds (an empty value clears one)", "AuthorityFields"),
		perm("GET", "/reports/authority", read, s.authorityPage),
		perm("GET", "/reports/authority/fill", write, s.authorityFillPage),
		perm("POST", "/reports/authority/fill", write, s.authorityFillSubmit),
	}
}

func authoritySchemas(o obj) obj {
	fields := obj{}
	for _, k := range chamber.AuthorityFieldKeys {
		fields[k] = oaString
	}
	o["AuthorityFields"] = oaObject([]string{"fields"}, obj{"fields": oaObject(nil, fields)})
	return o
}

func (s *Server) apiAuthorityReport(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	ar, err := s.store.AuthorityReport(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ar)
	return nil
}

func (s *Server) apiAuthorityFields(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var in chamber.AuthorityFields
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	ar, err := s.store.SaveAuthorityFields(r.Context(), year, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ar)
	return nil
}

// authorityPage is the 年报 (print and form).
type authorityPage struct {
	Page
	Year  int
	AR    *chamber.AuthorityReport
	Keys  []string
	Text  map[string]string // the form's values (what was posted on an error)
	Tiers map[string]chamber.Tier
}

// Yuan shows fen as ¥1,234.56.
func (p *authorityPage) Yuan(fen int64) string { return chamber.FormatYuan(fen) }

// Name picks the Chinese or English name.
func (p *authorityPage) Name(zh, en string) string {
	if p.Lang == "en" && en != "" {
		return en
	}
	return zh
}

// TierName is a tier's name in the page's language.
func (p *authorityPage) TierName(code string) string {
	if t, ok := p.Tiers[code]; ok {
		return p.Name(t.NameZH, t.NameEN)
	}
	return code
}

// afCtx is one item's row of the form.
type afCtx struct {
	P *authorityPage
	K string
}

// AF is item k's row.
func (p *authorityPage) AF(k string) afCtx { return afCtx{P: p, K: k} }

// Field is an item's value, "" when missing.
func (p *authorityPage) Field(k string) string { return p.AR.Fields[k] }

// Recorded reports whether an item's value comes from the records.
func (p *authorityPage) Recorded(k string) bool {
	for _, r := range p.AR.FromRecords {
		if r == k {
			return true
		}
	}
	return false
}

// Multiline reports whether an item is a paragraph rather than one line.
func (p *authorityPage) Multiline(k string) bool {
	switch k {
	case "scope", "changes", "party_activities", "aid_given", "inspections", "penalties", "rectification", "rep_offices":
		return true
	}
	return false
}

// Joined lists names with 、, or "—".
func (p *authorityPage) Joined(names []string) string {
	if len(names) == 0 {
		return "—"
	}
	return strings.Join(names, "、")
}

func (s *Server) loadAuthority(r *http.Request, year int, titleKey string) (*authorityPage, error) {
	ar, err := s.store.AuthorityReport(r.Context(), year)
	if err != nil {
		return nil, err
	}
	tiers, err := s.store.Tiers(r.Context())
	if err != nil {
		return nil, err
	}
	p := &authorityPage{Page: s.page(r, titleKey), Year: year, AR: ar, Keys: chamber.AuthorityFieldKeys, Tiers: map[string]chamber.Tier{}}
	for _, t := range tiers {
		p.Tiers[t.Code] = t
	}
	p.Text = map[string]string{}
	for k, v := range ar.Fields {
		p.Text[k] = v
	}
	return p, nil
}

// authorityPage is GET /reports/authority?year= (&format=xlsx).
func (s *Server) authorityPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	p, err := s.loadAuthority(r, year, "authority.title")
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "xlsx" {
		return s.writeAuthorityXLSX(w, p)
	}
	s.render(w, r, http.StatusOK, "report_authority", p)
	return nil
}

// authorityFillPage is GET /reports/authority/fill?year=.
func (s *Server) authorityFillPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	p, err := s.loadAuthority(r, year, "authority.fill_title")
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "saved" {
		p.Flash = p.T("app.saved")
	}
	s.render(w, r, http.StatusOK, "report_authority_fill", p)
	return nil
}

// authorityFillSubmit is POST /reports/authority/fill (year, fields.KEY).
func (s *Server) authorityFillSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	year, err := formYear(r)
	if err != nil {
		return err
	}
	in := chamber.AuthorityFields{Fields: map[string]string{}}
	for _, k := range chamber.AuthorityFieldKeys {
		if vs, ok := r.PostForm["fields."+k]; ok && len(vs) > 0 {
			in.Fields[k] = strings.TrimSpace(vs[0])
		}
	}
	if _, err := s.store.SaveAuthorityFields(r.Context(), year, in); err != nil {
		p, lerr := s.loadAuthority(r, year, "authority.fill_title")
		if lerr != nil {
			return lerr
		}
		if !p.withFieldErrors(err) {
			return err
		}
		for k, v := range in.Fields {
			p.Text[k] = v
		}
		s.render(w, r, statusOf(chamber.ErrorCode(err)), "report_authority_fill", p)
		return nil
	}
	http.Redirect(w, r, "/reports/authority/fill?year="+strconv.Itoa(year)+"&done=saved", http.StatusSeeOther)
	return nil
}
