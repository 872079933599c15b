package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// orgRoutes lists the organisation's pages and API endpoints.
func (s *Server) orgRoutes() []*route {
	R, W := chamber.PermOrgRead, chamber.PermOrgWrite
	return []*route{
		perm("GET", "/org", R, s.orgPage),
		perm("GET", "/org/chart", R, s.orgChartPage),
		perm("GET", "/org/roster.xlsx", R, s.orgRosterXLSX),
		perm("POST", "/org/bodies", W, s.bodyForm().createHandler(s)),
		perm("GET", "/org/bodies/{id}", R, s.orgBodyPage),
		perm("POST", "/org/bodies/{id}", W, s.bodyForm().updateHandler()),
		perm("POST", "/org/bodies/{id}/terms", W, s.orgTermCreate),
		perm("POST", "/org/departments", W, s.departmentForm().createHandler(s)),
		perm("GET", "/org/departments/{id}", R, s.orgDepartmentPage),
		perm("POST", "/org/departments/{id}", W, s.departmentForm().updateHandler()),
		perm("POST", "/org/positions", W, s.positionForm().createHandler(s)),
		perm("GET", "/org/positions/{id}", R, s.orgPositionPage),
		perm("POST", "/org/positions/{id}", W, s.positionForm().updateHandler()),
		perm("POST", "/org/posts", W, s.orgAppoint),
		perm("POST", "/org/posts/{id}/end", W, s.orgEndPost),
		perm("GET", "/org/grants", chamber.PermUserManage, s.orgGrantsPage),
		perm("POST", "/org/grants", chamber.PermUserManage, s.orgGrantsSubmit),

		api(perm("GET", "/api/v1/org", R, s.apiOrgTree), "The organisation as a tree on ?date= (default today): bodies, departments, positions with rank, reports_to, duties and holders", ""),
		api(perm("GET", "/api/v1/org/chart.svg", R, s.apiOrgChart), "The org chart as SVG on ?date=", ""),
		api(perm("GET", "/api/v1/org/bodies", R, s.apiBodyList), "List bodies", ""),
		api(perm("POST", "/api/v1/org/bodies", W, s.apiBodyCreate), "Create a body", "Body"),
		api(perm("GET", "/api/v1/org/bodies/{id}", R, s.apiBodyGet), "One body", ""),
		api(perm("PATCH", "/api/v1/org/bodies/{id}", W, s.apiBodyPatch), "Change a body", "Body"),
		api(perm("GET", "/api/v1/org/bodies/{id}/terms", R, s.apiTermList), "A body's terms (届)", ""),
		api(perm("POST", "/api/v1/org/bodies/{id}/terms", W, s.apiTermCreate), "Open a new term of a body; terms never overlap", "Term"),
		api(perm("GET", "/api/v1/org/bodies/{id}/seats", R, s.apiSeats), "Who sits in a body on ?date=", ""),
		api(perm("GET", "/api/v1/org/departments", R, s.apiDepartmentList), "List departments", ""),
		api(perm("POST", "/api/v1/org/departments", W, s.apiDepartmentCreate), "Create a department", "Department"),
		api(perm("PATCH", "/api/v1/org/departments/{id}", W, s.apiDepartmentPatch), "Change a department", "Department"),
		api(perm("GET", "/api/v1/org/positions", R, s.apiPositionList), "List positions", ""),
		api(perm("POST", "/api/v1/org/positions", W, s.apiPositionCreate), "Create a position (needs a department, or a body for officer roles)", "Position"),
		api(perm("GET", "/api/v1/org/positions/{id}", R, s.apiPositionGet), "One position", ""),
		api(perm("PATCH", "/api/v1/org/positions/{id}", W, s.apiPositionPatch), "Change a position; a reports-to loop is refused", "Position"),
		api(perm("GET", "/api/v1/org/positions/{id}/holders", R, s.apiHolders), "Who held a position on ?date= (or every post with date=all)", ""),
		api(perm("POST", "/api/v1/org/posts", W, s.apiAppoint), "Appoint someone to a position or a body seat", "Post"),
		api(perm("POST", "/api/v1/org/posts/{id}/end", W, s.apiEndPost), "Set a post's last day (permissions end the day after)", "EndPost"),
		api(perm("GET", "/api/v1/org/grants", R, s.apiGrants), "What each role, position and body seat grants", ""),
		api(perm("PUT", "/api/v1/org/grants/{kind}/{subject}", chamber.PermUserManage, s.apiSetGrants), "Replace what one subject grants (kind: role, position, body_seat)", "Grants"),
		api(perm("GET", "/api/v1/org/who-may", R, s.apiWhoMay), "Who holds ?permission= on ?date=", ""),
		api(perm("GET", "/api/v1/org/approval-chain", R, s.apiApprovalChain), "The approval chain above ?user_id= on ?date=", ""),
	}
}

// orgSchemas are the OpenAPI schemas of the organisation's request bodies.
func orgSchemas() obj {
	return obj{
		"Body": oaObject(nil, obj{"kind": oaEnum(chamber.BodyKinds...), "code": oaString, "name": oaString,
			"committee_kind": oaEnum(append([]string{""}, chamber.CommitteeKinds...)...), "parent_id": oaInteger, "seats": oaInteger,
			"description": oaString, "sort": oaInteger, "since": oaDate, "until": oaDate, "id": oaInteger}),
		"Term": oaObject([]string{"number", "starts_on"}, obj{"number": oaInteger, "starts_on": oaDate, "ends_on": oaDate}),
		"Department": oaObject(nil, obj{"name": oaString, "code": oaString, "body_id": oaInteger, "duties": oaString,
			"sort": oaInteger, "since": oaDate, "until": oaDate, "id": oaInteger}),
		"Position": oaObject(nil, obj{"name": oaString, "code": oaString, "department_id": oaInteger, "body_id": oaInteger,
			"rank": oaInteger, "reports_to": oaInteger, "headcount": oaInteger, "duties": oaString, "sort": oaInteger,
			"since": oaDate, "until": oaDate, "id": oaInteger}),
		"Post": oaObject([]string{"starts_on"}, obj{"position_id": oaInteger, "body_id": oaInteger, "term_id": oaInteger,
			"user_id": oaInteger, "member_id": oaInteger, "member_no": obj{"type": "string", "description": "会员编号, instead of member_id"}, "name": oaString, "starts_on": oaDate, "ends_on": oaDate,
			"acting": oaBoolean, "note": oaString, "id": oaInteger}),
		"EndPost": oaObject([]string{"ends_on"}, obj{"ends_on": oaDate}),
		"Grants":  oaObject([]string{"permissions"}, obj{"permissions": oaArray(oaEnum(permNames()...))}),
	}
}

func permNames() []string {
	var out []string
	for _, p := range chamber.AllPermissions {
		out = append(out, string(p))
	}
	return out
}

// ---- pages

type orgPage struct {
	Page
	Date        string
	Tree        []*chamber.OrgNode
	Bodies      []*chamber.Body
	Departments []*chamber.Department
	Positions   []*chamber.Position
}

func (s *Server) orgLists(r *http.Request) ([]*chamber.Body, []*chamber.Department, []*chamber.Position, error) {
	b, err := s.store.ListBodies(r.Context())
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := s.store.ListDepartments(r.Context())
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := s.store.ListPositions(r.Context())
	return b, d, p, err
}

func (s *Server) renderOrg(w http.ResponseWriter, r *http.Request, status int, p *orgPage) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	p.Date = date
	if p.Tree, err = s.store.OrgTree(r.Context(), date); err != nil {
		return err
	}
	if p.Bodies, p.Departments, p.Positions, err = s.orgLists(r); err != nil {
		return err
	}
	s.render(w, r, status, "org", p)
	return nil
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) error {
	p := orgPage{Page: s.page(r, "org.title")}
	if r.URL.Query().Get("saved") == "1" {
		p.Flash = p.T("org.saved")
	}
	return s.renderOrg(w, r, http.StatusOK, &p)
}

type orgChartPage struct {
	Page
	Date   string
	Levels []chartLevel // the print layout
}

func (s *Server) orgChartPage(w http.ResponseWriter, r *http.Request) error {
	date, err := s.dateParam(r)
	if err != nil {
		return err
	}
	p := orgChartPage{Page: s.page(r, "org.chart"), Date: date}
	if p.Levels, err = s.orgChartLevels(r, &p.Page, date); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "org_chart", &p)
	return nil
}

// formInt reads an optional integer form field; junk is a field error.
func formInt(r *http.Request, name string, f *chamber.Fields) int64 {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		f.Add(name, "err.invalid_value")
		return 0
	}
	return n
}

func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	return nil
}

func bodyFromForm(r *http.Request, f *chamber.Fields) chamber.Body {
	return chamber.Body{
		Kind: r.PostForm.Get("kind"), Code: strings.TrimSpace(r.PostForm.Get("code")), Name: strings.TrimSpace(r.PostForm.Get("name")),
		CommitteeKind: r.PostForm.Get("committee_kind"), ParentID: formInt(r, "parent_id", f), Seats: int(formInt(r, "seats", f)),
		Description: strings.TrimSpace(r.PostForm.Get("description")), Sort: int(formInt(r, "sort", f)),
		Since: r.PostForm.Get("since"), Until: r.PostForm.Get("until"),
	}
}

// formFailed re-renders a page with the field errors of err, or passes err on.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, p interface{ withFieldErrors(error) bool }, again func(status int) error) error {
	if !p.withFieldErrors(err) {
		return err
	}
	return again(statusOf(chamber.ErrorCode(err)))
}

type orgBodyPage struct {
	Page
	orgHistory
	Body   *chamber.Body
	Form   chamber.Body
	Bodies []*chamber.Body
	Terms  []*chamber.Term
	Seats  []*chamber.Post // every seat post, newest first
	Users  []*chamber.User
	Today  string
}

func (s *Server) renderBody(w http.ResponseWriter, r *http.Request, status int, p *orgBodyPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.Body, err = s.store.FindBody(r.Context(), id); err != nil {
		return err
	}
	if p.Form.Name == "" {
		p.Form = *p.Body
	}
	if p.Bodies, err = s.store.ListBodies(r.Context()); err != nil {
		return err
	}
	if p.Terms, err = s.store.ListTerms(r.Context(), id); err != nil {
		return err
	}
	if p.Seats, err = s.store.PostsOf(r.Context(), 0, id); err != nil {
		return err
	}
	if p.Users, err = s.appointableUsers(r); err != nil {
		return err
	}
	p.Today = s.store.Today(r.Context())
	if err := s.loadHistory(r, &p.orgHistory, "body", id); err != nil {
		return err
	}
	s.render(w, r, status, "org_body", p)
	return nil
}

// appointableUsers lists logins for the appoint forms (all of them, for
// those who may manage logins; none otherwise: a name is typed instead).
func (s *Server) appointableUsers(r *http.Request) ([]*chamber.User, error) {
	if !info(r).Actor.Can(chamber.PermUserManage) {
		return nil, nil
	}
	var all []*chamber.User
	cursor := ""
	for {
		users, next, err := s.store.ListUsers(r.Context(), chamber.Page{Cursor: cursor, Limit: chamber.MaxPageLimit})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if !u.Disabled {
				all = append(all, u)
			}
		}
		if next == "" || len(all) > 2000 {
			return all, nil
		}
		cursor = next
	}
}

func (s *Server) orgBodyPage(w http.ResponseWriter, r *http.Request) error {
	p := orgBodyPage{Page: s.page(r, "org.body")}
	p.flashFromQuery(r)
	return s.renderBody(w, r, http.StatusOK, &p)
}

// flashFromQuery shows the usual confirmations after a redirect.
func (p *Page) flashFromQuery(r *http.Request) {
	switch r.URL.Query().Get("saved") {
	case "1":
		p.Flash = p.T("org.saved")
	case "appointed":
		p.Flash = p.T("org.appointed")
	case "ended":
		p.Flash = p.T("org.post_ended")
	}
}

func (s *Server) orgTermCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var f chamber.Fields
	t := chamber.Term{BodyID: id, Number: int(formInt(r, "number", &f)), StartsOn: r.PostForm.Get("starts_on"), EndsOn: r.PostForm.Get("ends_on")}
	err = f.Err()
	if err == nil {
		_, err = s.store.CreateTerm(r.Context(), t)
	}
	if err != nil {
		p := orgBodyPage{Page: s.page(r, "org.body")}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderBody(w, r, st, &p) })
	}
	http.Redirect(w, r, fmt.Sprintf("/org/bodies/%d?saved=1", id), http.StatusSeeOther)
	return nil
}

type orgDepartmentPage struct {
	Page
	orgHistory
	Department *chamber.Department
	Form       chamber.Department
	Bodies     []*chamber.Body
	Positions  []*chamber.Position
}

func (s *Server) renderDepartment(w http.ResponseWriter, r *http.Request, status int, p *orgDepartmentPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.Department, err = s.store.FindDepartment(r.Context(), id); err != nil {
		return err
	}
	if p.Form.Name == "" {
		p.Form = *p.Department
	}
	if p.Bodies, err = s.store.ListBodies(r.Context()); err != nil {
		return err
	}
	all, err := s.store.ListPositions(r.Context())
	if err != nil {
		return err
	}
	for _, pos := range all {
		if pos.DepartmentID == id {
			p.Positions = append(p.Positions, pos)
		}
	}
	if err := s.loadHistory(r, &p.orgHistory, "department", id); err != nil {
		return err
	}
	s.render(w, r, status, "org_department", p)
	return nil
}

func (s *Server) orgDepartmentPage(w http.ResponseWriter, r *http.Request) error {
	p := orgDepartmentPage{Page: s.page(r, "org.department")}
	p.flashFromQuery(r)
	return s.renderDepartment(w, r, http.StatusOK, &p)
}

func departmentFromForm(r *http.Request, f *chamber.Fields) chamber.Department {
	return chamber.Department{Name: strings.TrimSpace(r.PostForm.Get("name")), Code: strings.TrimSpace(r.PostForm.Get("code")),
		BodyID: formInt(r, "body_id", f), Duties: strings.TrimSpace(r.PostForm.Get("duties")), Sort: int(formInt(r, "sort", f)),
		Since: r.PostForm.Get("since"), Until: r.PostForm.Get("until")}
}

type orgPositionPage struct {
	Page
	orgHistory
	Position    *chamber.Position
	Form        chamber.Position
	Departments []*chamber.Department
	Bodies      []*chamber.Body
	Positions   []*chamber.Position
	Posts       []*chamber.Post
	Users       []*chamber.User
	Grants      []chamber.Permission
	Today       string
}

// orgHistory is the recent audit trail of one record, for those who may read it.
type orgHistory struct {
	Audit       []*chamber.AuditRecord
	AuditEntity string
}

func (s *Server) loadHistory(r *http.Request, h *orgHistory, entity string, id chamber.ID) error {
	h.AuditEntity = entity
	if info(r).Actor.Can(chamber.PermAuditRead) {
		var err error
		h.Audit, _, err = s.store.ListAudit(r.Context(), chamber.AuditFilter{Entity: entity, EntityID: id}, chamber.Page{Limit: 20})
		return err
	}
	return nil
}

func (s *Server) renderPosition(w http.ResponseWriter, r *http.Request, status int, p *orgPositionPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.Position, err = s.store.FindPosition(r.Context(), id); err != nil {
		return err
	}
	if p.Form.Name == "" {
		p.Form = *p.Position
	}
	if p.Bodies, p.Departments, p.Positions, err = s.orgLists(r); err != nil {
		return err
	}
	if p.Posts, err = s.store.PostsOf(r.Context(), id, 0); err != nil {
		return err
	}
	if p.Users, err = s.appointableUsers(r); err != nil {
		return err
	}
	grants, err := s.store.Grants(r.Context())
	if err != nil {
		return err
	}
	for _, g := range grants {
		if g.SubjectKind == "position" && g.Subject == strconv.FormatInt(id, 10) {
			p.Grants = append(p.Grants, g.Permission)
		}
	}
	if err := s.loadHistory(r, &p.orgHistory, "position", id); err != nil {
		return err
	}
	p.Today = s.store.Today(r.Context())
	s.render(w, r, status, "org_position", p)
	return nil
}

func (s *Server) orgPositionPage(w http.ResponseWriter, r *http.Request) error {
	p := orgPositionPage{Page: s.page(r, "org.position")}
	p.flashFromQuery(r)
	return s.renderPosition(w, r, http.StatusOK, &p)
}

func positionFromForm(r *http.Request, f *chamber.Fields) chamber.Position {
	return chamber.Position{Name: strings.TrimSpace(r.PostForm.Get("name")), Code: strings.TrimSpace(r.PostForm.Get("code")),
		DepartmentID: formInt(r, "department_id", f), BodyID: formInt(r, "body_id", f), Rank: int(formInt(r, "rank", f)),
		ReportsTo: formInt(r, "reports_to", f), Headcount: int(formInt(r, "headcount", f)),
		Duties: strings.TrimSpace(r.PostForm.Get("duties")), Sort: int(formInt(r, "sort", f)),
		Since: r.PostForm.Get("since"), Until: r.PostForm.Get("until")}
}

// orgAppoint takes the appoint form of a position page or a body page and
// returns to it.
func (s *Server) orgAppoint(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	var f chamber.Fields
	post := chamber.Post{PositionID: formInt(r, "position_id", &f), BodyID: formInt(r, "body_id", &f), TermID: formInt(r, "term_id", &f),
		UserID: formInt(r, "user_id", &f), MemberNo: strings.TrimSpace(r.PostForm.Get("member_no")), Name: r.PostForm.Get("name"),
		StartsOn: r.PostForm.Get("starts_on"), EndsOn: r.PostForm.Get("ends_on"), Acting: r.PostForm.Get("acting") == "1",
		Note: strings.TrimSpace(r.PostForm.Get("note"))}
	back := fmt.Sprintf("/org/positions/%d", post.PositionID)
	if post.PositionID == 0 {
		back = fmt.Sprintf("/org/bodies/%d", post.BodyID)
	}
	err := f.Err()
	if err == nil {
		_, err = s.store.Appoint(r.Context(), post)
	}
	if err != nil {
		if post.PositionID == 0 && post.BodyID == 0 {
			return err
		}
		r.SetPathValue("id", strconv.FormatInt(max(post.PositionID, post.BodyID), 10))
		if post.PositionID != 0 {
			p := orgPositionPage{Page: s.page(r, "org.position")}
			return s.formFailed(w, r, err, &p, func(st int) error { return s.renderPosition(w, r, st, &p) })
		}
		p := orgBodyPage{Page: s.page(r, "org.body")}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderBody(w, r, st, &p) })
	}
	http.Redirect(w, r, back+"?saved=appointed", http.StatusSeeOther)
	return nil
}

func (s *Server) orgEndPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	post, err := s.store.EndPost(r.Context(), id, r.PostForm.Get("ends_on"))
	if err != nil {
		old, ferr := s.store.FindPost(r.Context(), id)
		if ferr != nil || old.PositionID == 0 {
			return err
		}
		r.SetPathValue("id", strconv.FormatInt(old.PositionID, 10))
		p := orgPositionPage{Page: s.page(r, "org.position")}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderPosition(w, r, st, &p) })
	}
	back := fmt.Sprintf("/org/positions/%d", post.PositionID)
	if post.PositionID == 0 {
		back = fmt.Sprintf("/org/bodies/%d", post.BodyID)
	}
	http.Redirect(w, r, back+"?saved=ended", http.StatusSeeOther)
	return nil
}
