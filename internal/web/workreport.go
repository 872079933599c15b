package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// The work report's narrative: edited on /reports/annual/edit, saved as
// versions, adopted by the general assembly's work-report motion, printed
// on /reports/annual (the adopted version frozen with its figures).

func (s *Server) workReportRoutes() []*route {
	const read, write = chamber.PermAuditRead, chamber.PermReportWrite
	return []*route{
		api(perm("GET", "/api/v1/reports/annual/{year}/narrative", read, s.apiWorkReport), "The work report's narrative of a year (?version=; default the adopted version, else the latest) with every version and the adoption", ""),
		api(perm("POST", "/api/v1/reports/annual/{year}/narrative", write, s.apiWorkReportSave), "Save the narrative as the next version (409 adopted, 409 stale when base_version is not the latest)", "NewWorkReportVersion"),
		api(perm("POST", "/api/v1/reports/annual/{year}/adopt", write, s.apiWorkReportAdopt), "Record the general assembly's passed work-report motion adopting the latest version; it is frozen with the figures and the audit head", "NewWorkReportAdoption"),
		perm("GET", "/reports/annual/edit", write, s.workReportEditPage),
		perm("POST", "/reports/annual/edit", write, s.workReportSaveSubmit),
		perm("POST", "/reports/annual/adopt", write, s.workReportAdoptSubmit),
	}
}

func workReportSchemas() obj {
	sections := obj{}
	for _, k := range chamber.WorkReportSections {
		sections[k] = obj{"type": "string", "description": "Markdown (rendered and sanitised)"}
	}
	return obj{
		"NewWorkReportVersion": oaObject([]string{"base_version", "sections"}, obj{
			"base_version": obj{"type": "integer", "description": "the latest version when editing began (0 for the first)"},
			"sections":     oaObject(nil, sections),
		}),
		"NewWorkReportAdoption": oaObject([]string{"motion_id"}, obj{
			"motion_id": obj{"type": "integer", "description": "a closed, passed motion of kind work_report of the general assembly"},
		}),
	}
}

// pathYear is the {year} of the path.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 1900 || y > 2100 {
		return 0, fieldErr("year", "err.invalid_value")
	}
	return y, nil
}

// withHTML renders each section's Markdown, sanitised as documents are.
func withHTML(wr *chamber.WorkReport) *chamber.WorkReport {
	wr.SectionsHTML = map[string]string{}
	for k, v := range wr.Sections {
		wr.SectionsHTML[k] = renderMarkdown(v)
	}
	return wr
}

func (s *Server) apiWorkReport(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	version := 0
	if v := r.URL.Query().Get("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil || version < 1 {
			return fieldErr("version", "err.invalid_value")
		}
	}
	wr, err := s.store.WorkReport(r.Context(), year, version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, withHTML(wr))
	return nil
}

func (s *Server) apiWorkReportSave(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var in chamber.NewWorkReportVersion
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	wr, err := s.store.SaveWorkReport(r.Context(), year, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, withHTML(wr))
	return nil
}

func (s *Server) apiWorkReportAdopt(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	var in chamber.NewWorkReportAdoption
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	wr, err := s.store.AdoptWorkReport(r.Context(), year, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, withHTML(wr))
	return nil
}

// narratives renders a work report's sections for a page.
func narratives(wr *chamber.WorkReport) map[string]template.HTML {
	out := map[string]template.HTML{}
	if wr == nil {
		return out
	}
	for k, v := range wr.Sections {
		out[k] = template.HTML(renderMarkdown(v)) // sanitised by bluemonday
	}
	return out
}

// workReportEditPage is the narrative's form, the versions and the adoption.
type workReportEditPage struct {
	Page
	Year     int
	WR       *chamber.WorkReport
	Sections []string
	Text     map[string]string
	Base     int
	Motions  []*chamber.Resolution // passed work-report motions
	Stale    bool                  // a colleague saved meanwhile
}

func (s *Server) renderWorkReportEdit(w http.ResponseWriter, r *http.Request, status int, p *workReportEditPage) error {
	wr, err := s.store.WorkReport(r.Context(), p.Year, 0)
	if err != nil {
		return err
	}
	p.WR, p.Sections = wr, chamber.WorkReportSections
	if p.Stale { // the text stays; saving again builds on the newest version
		p.Base = wr.Latest
	}
	if p.Text == nil {
		p.Text, p.Base = wr.Sections, wr.Latest
		if wr.Adoption == nil && wr.Version != wr.Latest {
			if latest, err := s.store.WorkReport(r.Context(), p.Year, wr.Latest); err == nil {
				p.Text = latest.Sections
			}
		}
	}
	all, _, err := s.store.Resolutions(r.Context(), chamber.Page{Limit: 200})
	if err != nil {
		return err
	}
	for _, m := range all {
		if m.Kind == chamber.KindWorkReport {
			p.Motions = append(p.Motions, m)
		}
	}
	s.render(w, r, status, "report_edit", p)
	return nil
}

// workReportEditPage is GET /reports/annual/edit?year=.
func (s *Server) workReportEditPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.reportYear(r)
	if err != nil {
		return err
	}
	p := &workReportEditPage{Page: s.page(r, "workreport.edit_title"), Year: year}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Flash = p.T("workreport.saved")
	case "adopted":
		p.Flash = p.T("workreport.adopted_flash")
	}
	return s.renderWorkReportEdit(w, r, http.StatusOK, p)
}

func formYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PostForm.Get("year"))
	if err != nil || y < 1900 || y > 2100 {
		return 0, fieldErr("year", "err.invalid_value")
	}
	return y, nil
}

// workReportSaveSubmit is POST /reports/annual/edit (year, base_version,
// sections.KEY per section).
func (s *Server) workReportSaveSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	year, err := formYear(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostForm.Get("base_version"))
	in := chamber.NewWorkReportVersion{BaseVersion: base, Sections: map[string]string{}}
	for _, k := range chamber.WorkReportSections {
		in.Sections[k] = r.PostForm.Get("sections." + k)
	}
	if _, err := s.store.SaveWorkReport(r.Context(), year, in); err != nil {
		p := &workReportEditPage{Page: s.page(r, "workreport.edit_title"), Year: year, Text: in.Sections, Base: base}
		if !p.withFieldErrors(err) {
			return err
		}
		if e, ok := chamber.AsError(err); ok && e.Reason == "stale" {
			p.Stale = true
		}
		return s.renderWorkReportEdit(w, r, statusOf(chamber.ErrorCode(err)), p)
	}
	http.Redirect(w, r, "/reports/annual/edit?year="+strconv.Itoa(year)+"&done=saved", http.StatusSeeOther)
	return nil
}

// workReportAdoptSubmit is POST /reports/annual/adopt (year, motion_id).
func (s *Server) workReportAdoptSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	year, err := formYear(r)
	if err != nil {
		return err
	}
	motion, _ := strconv.ParseInt(r.PostForm.Get("motion_id"), 10, 64)
	if _, err := s.store.AdoptWorkReport(r.Context(), year, chamber.NewWorkReportAdoption{MotionID: motion}); err != nil {
		p := &workReportEditPage{Page: s.page(r, "workreport.edit_title"), Year: year}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderWorkReportEdit(w, r, statusOf(chamber.ErrorCode(err)), p)
	}
	http.Redirect(w, r, "/reports/annual/edit?year="+strconv.Itoa(year)+"&done=adopted", http.StatusSeeOther)
	return nil
}
