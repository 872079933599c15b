package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// staffMeetingRoutes are the secretariat's own meetings (办公会议, 每周例会):
// convened, opened, minuted as any meeting (/meetings/{id}); this page lists
// them with their action items and lets the staff on the roll check in.
func (s *Server) staffMeetingRoutes() []*route {
	M := chamber.PermMeetingManage
	return []*route{
		user("GET", "/staff-meetings", s.staffMeetingsPage),
		perm("POST", "/staff-meetings", M, s.staffMeetingCreate),
		user("POST", "/staff-meetings/{id}/check-in", s.staffMeetingCheckIn),
		perm("POST", "/staff-meetings/{id}/items", M, s.staffMeetingItem),
		user("POST", "/staff-meetings/items/{id}/done", s.staffMeetingItemDone),
		api(user("GET", "/api/v1/staff-meetings", s.apiStaffMeetingList), "Staff meetings of the secretariat (?kind=office|weekly, ?department_id=), latest first; convene them with POST /api/v1/meetings {staff_kind, department_id}", ""),
	}
}

// StaffMeetingKinds lists the staff meeting kinds for the templates.
func (p *Page) StaffMeetingKinds() []string { return chamber.StaffMeetingKinds }

type staffMeetingView struct {
	*chamber.Meeting
	Department string
	Agenda     []chamber.AgendaItem
	Items      []*chamber.ActionItem
	Quorum     *chamber.Quorum
	Roll       []chamber.TallyRow // whom items may be given to (meeting.manage)
}

type staffMeetingForm struct {
	Kind, Department, Title, StartsAt, Location string
}

type staffMeetingsPage struct {
	Page
	Meetings    []staffMeetingView
	Departments []*chamber.Department
	Open        []*chamber.ActionItem
	Form        staffMeetingForm
	Kind        string
	Dept        chamber.ID
}

// staffMeetingsShown is how many meetings the page lists in full.
const staffMeetingsShown = 12

func (s *Server) staffMeetingsPage(w http.ResponseWriter, r *http.Request) error {
	p := staffMeetingsPage{Page: s.page(r, "smeet.title"), Form: staffMeetingForm{Kind: "weekly"}}
	switch r.URL.Query().Get("done") {
	case "created":
		p.Flash = p.T("smeet.created")
	case "checked_in":
		p.Flash = p.T("smeet.checked_in")
	case "item":
		p.Flash = p.T("smeet.item_added")
	case "item_done":
		p.Flash = p.T("smeet.item_done")
	}
	return s.renderStaffMeetings(w, r, http.StatusOK, &p)
}

func (s *Server) renderStaffMeetings(w http.ResponseWriter, r *http.Request, status int, p *staffMeetingsPage) error {
	ctx := r.Context()
	q := r.URL.Query()
	if k := q.Get("kind"); containsString(chamber.StaffMeetingKinds, k) {
		p.Kind = k
	}
	p.Dept, _ = strconv.ParseInt(q.Get("department_id"), 10, 64)
	var err error
	if p.Departments, err = s.store.ListDepartments(ctx); err != nil {
		return err
	}
	names := map[chamber.ID]string{}
	for _, d := range p.Departments {
		names[d.ID] = d.Name
	}
	ms, err := s.store.ListStaffMeetings(ctx, chamber.StaffMeetingFilter{Kind: p.Kind, DepartmentID: p.Dept, Limit: staffMeetingsShown})
	if err != nil {
		return err
	}
	for _, m := range ms {
		v := staffMeetingView{Meeting: m, Department: names[m.DepartmentID]}
		if v.Agenda, err = s.store.Agenda(ctx, m.ID); err != nil {
			return err
		}
		if v.Items, err = s.store.ListActionItems(ctx, chamber.ActionFilter{MeetingID: m.ID}); err != nil {
			return err
		}
		if v.Quorum, err = s.store.Quorum(ctx, m.ID); err != nil {
			return err
		}
		if p.Actor.Can(chamber.PermMeetingManage) {
			if v.Roll, err = s.store.Entitled(ctx, m.ID); err != nil {
				return err
			}
		}
		p.Meetings = append(p.Meetings, v)
	}
	if p.Open, err = s.store.ListActionItems(ctx, chamber.ActionFilter{Open: true}); err != nil {
		return err
	}
	s.render(w, r, status, "staff_meetings", p)
	return nil
}

func (s *Server) staffMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	p := staffMeetingsPage{Page: s.page(r, "smeet.title")}
	p.Form = staffMeetingForm{Kind: f.Get("staff_kind"), Department: f.Get("department_id"), Title: f.Get("title"),
		StartsAt: f.Get("starts_at"), Location: f.Get("location")}
	nm := chamber.NewMeeting{StaffKind: p.Form.Kind, Title: strings.TrimSpace(p.Form.Title), Location: p.Form.Location}
	var err error
	if p.Form.Department != "" {
		if nm.DepartmentID, err = strconv.ParseInt(p.Form.Department, 10, 64); err != nil || nm.DepartmentID <= 0 {
			err = fieldErr("department_id", "err.invalid_value")
		}
	}
	if nm.StaffKind == "" {
		nm.StaffKind = "weekly"
	}
	if t, perr := time.ParseInLocation("2006-01-02T15:04", p.Form.StartsAt, p.loc); perr == nil {
		nm.StartsAt = t
	} else if err == nil {
		err = fieldErr("starts_at", "err.time_format")
	}
	var m *chamber.Meeting
	if err == nil {
		m, err = s.store.CreateMeeting(r.Context(), nm)
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderStaffMeetings(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/staff-meetings?done=created#m"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
	return nil
}

// staffMeetingCheckIn: the login checks itself in to an open staff meeting
// whose roll it is on.
func (s *Server) staffMeetingCheckIn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.FindMeeting(r.Context(), id)
	if err != nil {
		return err
	}
	if m.Body != chamber.BodySecretariat && m.StaffKind == "" {
		return chamber.Errorf(chamber.ENOTFOUND, "err.meeting_not_found")
	}
	if _, err := s.store.CheckIn(r.Context(), id, info(r).Actor.UserID, nil); err != nil {
		return err
	}
	http.Redirect(w, r, "/staff-meetings?done=checked_in#m"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) staffMeetingItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	n := chamber.NewActionItem{Title: f.Get("title"), DueOn: f.Get("due_on")}
	n.OwnerID, _ = strconv.ParseInt(strings.TrimSpace(f.Get("owner_user_id")), 10, 64)
	if _, err := s.store.CreateActionItem(r.Context(), id, n); err != nil {
		p := staffMeetingsPage{Page: s.page(r, "smeet.title")}
		if !p.withFieldErrors(err) {
			return err
		}
		if p.FormError == "" {
			p.FormError = p.T("err.invalid_fields")
		}
		return s.renderStaffMeetings(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/staff-meetings?done=item#m"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) staffMeetingItemDone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.store.CompleteActionItem(r.Context(), id, r.PostForm.Get("note")); err != nil {
		return err
	}
	http.Redirect(w, r, "/staff-meetings?done=item_done", http.StatusSeeOther)
	return nil
}

func (s *Server) apiStaffMeetingList(w http.ResponseWriter, r *http.Request) error {
	f := chamber.StaffMeetingFilter{Kind: r.URL.Query().Get("kind"), Limit: 200}
	if f.Kind != "" && !containsString(chamber.StaffMeetingKinds, f.Kind) {
		return fieldErr("kind", "err.invalid_value")
	}
	var err error
	if f.DepartmentID, err = queryID(r, "department_id"); err != nil {
		return err
	}
	ms, err := s.store.ListStaffMeetings(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ms, ""))
	return nil
}

// secretariatRoutes are the secretariat's own work of this file's
// neighbours: staff meetings, annual reviews, pay.
func (s *Server) secretariatRoutes() []*route {
	return append(append(s.staffMeetingRoutes(), s.reviewRoutes()...), s.payRoutes()...)
}

// secretariatSchemas are the request schemas of secretariatRoutes.
func secretariatSchemas() obj {
	return merged(reviewSchemas(), paySchemas())
}
