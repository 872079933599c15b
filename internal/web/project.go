package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Projects (项目推进): the list with the new-project form, a project with
// its milestones, and the JSON API. The store decides who reads (staff
// logins, and the owner) and who writes (workplan.manage, and the owner
// for the status and the milestones).

func (s *Server) projectRoutes() []*route {
	const plan = chamber.PermWorkPlanManage
	return []*route{
		user("GET", "/projects", s.projectsPage),
		perm("POST", "/projects", plan, s.projectCreateSubmit),
		user("GET", "/projects/{id}", s.projectPage),
		user("POST", "/projects/{id}/status", s.projectStatusSubmit),
		user("POST", "/projects/{id}/milestones", s.milestoneSubmit),
		user("POST", "/projects/{id}/milestones/{mid}/done", s.milestoneDoneSubmit),

		api(perm("POST", "/api/v1/projects", plan, s.apiProjectCreate), "Start a project: title, goal, owner (a login), member enterprises, status, the work plan item it carries out", "NewProject"),
		api(user("GET", "/api/v1/projects", s.apiProjectList), "The projects, newest first (a member's portal login: those it owns)", ""),
		api(user("GET", "/api/v1/projects/{id}", s.apiProjectGet), "A project with its members and milestones", ""),
		api(user("PATCH", "/api/v1/projects/{id}/status", s.apiProjectStatus), "Change the status (planned|active|done|suspended): workplan.manage or the owner", "ProjectStatusChange"),
		api(user("POST", "/api/v1/projects/{id}/milestones", s.apiMilestoneAdd), "Add a milestone: workplan.manage or the owner", "NewMilestone"),
		api(user("POST", "/api/v1/projects/{id}/milestones/{mid}/done", s.apiMilestoneDone), "Complete a milestone (today unless done_on; 409 twice): workplan.manage or the owner", "MilestoneDone"),
	}
}

func projectSchemas() obj {
	return obj{
		"NewProject": oaObject([]string{"title", "owner_id"}, obj{"title": oaString, "goal": oaString, "owner_id": oaInteger,
			"status": oaEnum(chamber.ProjectStatuses...), "plan_item_id": oaInteger, "member_ids": obj{"type": "array", "items": oaInteger}}),
		"ProjectStatusChange": oaObject([]string{"status"}, obj{"status": oaEnum(chamber.ProjectStatuses...)}),
		"NewMilestone":        oaObject([]string{"title", "due_on"}, obj{"title": oaString, "due_on": oaDate, "note": oaString}),
		"MilestoneDone":       oaObject(nil, obj{"done_on": oaDate, "note": oaString}),
	}
}

type projectsPage struct {
	Page
	Projects []*chamber.Project
	Logins   []*chamber.ProjectMember
	Members  []*chamber.Member
	Items    []*chamber.WorkPlanItem
	Statuses []string
	Form     url.Values // the new-project form as typed, shown again with its errors
}

func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request) error {
	p := projectsPage{Page: s.page(r, "project.title"), Statuses: chamber.ProjectStatuses}
	return s.renderProjects(w, r, http.StatusOK, &p)
}

func (s *Server) renderProjects(w http.ResponseWriter, r *http.Request, status int, p *projectsPage) error {
	ctx := r.Context()
	var err error
	if p.Projects, err = s.store.ListProjects(ctx); err != nil {
		return err
	}
	if p.Actor.Can(chamber.PermWorkPlanManage) {
		if p.Logins, err = s.store.ProjectLogins(ctx); err != nil {
			return err
		}
		if p.Actor.Can(chamber.PermMemberRead) {
			if p.Members, _, err = s.store.ListMembers(ctx, chamber.MemberFilter{}, chamber.Page{Limit: 200}); err != nil {
				return err
			}
		}
		plans, err := s.store.ListWorkPlans(ctx)
		if err != nil {
			return err
		}
		if len(plans) > 0 {
			pl, err := s.store.FindWorkPlan(ctx, plans[0].ID)
			if err != nil {
				return err
			}
			p.Items = pl.Items
		}
	}
	s.render(w, r, status, "projects", p)
	return nil
}

func (s *Server) projectCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	owner, err := planFormID(r, "owner_id")
	if err != nil {
		return err
	}
	item, err := planFormID(r, "plan_item_id")
	if err != nil {
		return err
	}
	var members []chamber.ID
	for _, v := range r.PostForm["member_ids"] {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return fieldErr("member_ids", "err.invalid_value")
		}
		members = append(members, id)
	}
	pr, err := s.store.CreateProject(r.Context(), chamber.NewProject{Title: r.PostForm.Get("title"), Goal: r.PostForm.Get("goal"),
		OwnerID: owner, Status: r.PostForm.Get("status"), PlanItemID: item, MemberIDs: members})
	if err != nil {
		p := projectsPage{Page: s.page(r, "project.title"), Statuses: chamber.ProjectStatuses, Form: r.PostForm}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderProjects(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(pr.ID, 10), http.StatusSeeOther)
	return nil
}

type projectPage struct {
	Page
	Project  *chamber.Project
	CanWrite bool
	Statuses []string
}

func (s *Server) projectPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := projectPage{Page: s.page(r, "project.title"), Statuses: chamber.ProjectStatuses}
	if p.Project, err = s.store.FindProject(r.Context(), id); err != nil {
		return err
	}
	p.CanWrite = p.Actor.Can(chamber.PermWorkPlanManage) || p.Actor.UserID == p.Project.OwnerID
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("workplan.saved")
	}
	s.render(w, r, http.StatusOK, "project", &p)
	return nil
}

func (s *Server) projectBack(w http.ResponseWriter, r *http.Request, id chamber.ID) {
	http.Redirect(w, r, "/projects/"+strconv.FormatInt(id, 10)+"?done=1", http.StatusSeeOther)
}

func (s *Server) projectStatusSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.SetProjectStatus(r.Context(), id, r.PostForm.Get("status")); err != nil {
		return err
	}
	s.projectBack(w, r, id)
	return nil
}

func (s *Server) milestoneSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	if _, err := s.store.AddMilestone(r.Context(), id, chamber.NewMilestone{Title: f.Get("title"), DueOn: f.Get("due_on"), Note: f.Get("note")}); err != nil {
		return err
	}
	s.projectBack(w, r, id)
	return nil
}

func (s *Server) milestoneDoneSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.CompleteMilestone(r.Context(), id, mid, chamber.MilestoneDone{Note: strings.TrimSpace(r.PostForm.Get("note"))}); err != nil {
		return err
	}
	s.projectBack(w, r, id)
	return nil
}

func (s *Server) apiProjectCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewProject
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.CreateProject(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiProjectList(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.store.ListProjects(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ps, ""))
	return nil
}

func (s *Server) apiProjectGet(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		p, err := s.store.FindProject(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p)
		return nil
	})(w, r)
}

func (s *Server) apiProjectStatus(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.ProjectStatusChange
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		p, err := s.store.SetProjectStatus(r.Context(), id, in.Status)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p)
		return nil
	})(w, r)
}

func (s *Server) apiMilestoneAdd(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.NewMilestone
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		p, err := s.store.AddMilestone(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, p)
		return nil
	})(w, r)
}

func (s *Server) apiMilestoneDone(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		mid, err := pathID(r, "mid")
		if err != nil {
			return err
		}
		var in chamber.MilestoneDone
		if r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
		}
		p, err := s.store.CompleteMilestone(r.Context(), id, mid, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p)
		return nil
	})(w, r)
}
