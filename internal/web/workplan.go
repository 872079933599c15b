package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// The annual work plan's pages (年度工作计划): the years' plans, a plan's
// items by department with their links and progress, the printable plan
// and the year-end completion table (print and xlsx). The plan is the
// secretariat's: every login but a member's portal login reads it.

func (s *Server) workPlanRoutes() []*route {
	const plan = chamber.PermWorkPlanManage
	return []*route{
		staff("GET", "/work-plans", s.workPlansPage),
		perm("POST", "/work-plans", plan, s.workPlanCreateSubmit),
		staff("GET", "/work-plans/{id}", s.workPlanPage),
		staff("GET", "/work-plans/{id}/print", s.workPlanPrintPage),
		staff("GET", "/work-plans/{id}/completion", s.workPlanCompletionPage),
		perm("POST", "/work-plans/{id}/items", plan, s.workPlanItemSubmit),
		perm("POST", "/work-plan-items/{id}/links", plan, s.workPlanLinkSubmit),
		staff("POST", "/work-plan-items/{id}/progress", s.workPlanProgressSubmit),
	}
}

type workPlansPage struct {
	Page
	Plans []*chamber.WorkPlan
	Year  int
}

func (s *Server) workPlansPage(w http.ResponseWriter, r *http.Request) error {
	p := workPlansPage{Page: s.page(r, "workplan.title"), Year: s.clock.Now().Year()}
	var err error
	if p.Plans, err = s.store.ListWorkPlans(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "work_plans", &p)
	return nil
}

func (s *Server) workPlanCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("year")))
	if err != nil {
		return fieldErr("year", "err.invalid_value")
	}
	pl, err := s.store.CreateWorkPlan(r.Context(), chamber.NewWorkPlan{Year: year, Title: r.PostForm.Get("title")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/work-plans/"+strconv.FormatInt(pl.ID, 10), http.StatusSeeOther)
	return nil
}

// deptItems is one department's items of a plan, with its counts.
type deptItems struct {
	Department string
	Items      []*chamber.WorkPlanItem
	Counts     map[string]int // by status
}

type workPlanPage struct {
	Page
	Plan        *chamber.WorkPlan
	Groups      []*deptItems
	Totals      map[string]int
	Departments []*chamber.Department
	Positions   []*chamber.Position
	Held        map[chamber.ID]bool
	LinkKinds   []string
	Statuses    []string
	Form        url.Values // what was typed into the add-item form, shown again with its errors
}

// CanReport: the item's owner (the holder of its post) or workplan.manage.
func (p *workPlanPage) CanReport(it *chamber.WorkPlanItem) bool {
	return p.Actor.Can(chamber.PermWorkPlanManage) || (it.OwnerPositionID != 0 && p.Held[it.OwnerPositionID])
}

// CanLink: the plan's keepers link items on the page (event organisers
// may also link through the API).
func (p *workPlanPage) CanLink() bool { return p.Actor.Can(chamber.PermWorkPlanManage) }

// LinkHref is the page of what carries an item out.
func (p *workPlanPage) LinkHref(l *chamber.WorkPlanLink) string {
	return fmt.Sprintf("/%ss/%d", l.Kind, l.ID)
}

func (s *Server) loadWorkPlan(r *http.Request, titleKey string) (*workPlanPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p := &workPlanPage{Page: s.page(r, titleKey), LinkKinds: chamber.WorkPlanLinkKinds, Statuses: chamber.WorkPlanItemStatuses}
	if p.Plan, err = s.store.FindWorkPlan(r.Context(), id); err != nil {
		return nil, err
	}
	p.Totals = map[string]int{}
	byDept := map[string]*deptItems{}
	for _, it := range p.Plan.Items {
		g := byDept[it.Department]
		if g == nil {
			g = &deptItems{Department: it.Department, Counts: map[string]int{}}
			byDept[it.Department] = g
			p.Groups = append(p.Groups, g)
		}
		g.Items = append(g.Items, it)
		g.Counts[it.Status]++
		g.Counts["all"]++
		p.Totals[it.Status]++
		p.Totals["all"]++
	}
	sort.SliceStable(p.Groups, func(i, j int) bool { return p.Groups[i].Items[0].DepartmentID < p.Groups[j].Items[0].DepartmentID })
	return p, nil
}

func (s *Server) workPlanPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadWorkPlan(r, "workplan.title")
	if err != nil {
		return err
	}
	if d := r.URL.Query().Get("done"); d != "" {
		p.Flash = p.T("workplan.saved")
	}
	return s.renderWorkPlan(w, r, http.StatusOK, p)
}

func (s *Server) renderWorkPlan(w http.ResponseWriter, r *http.Request, status int, p *workPlanPage) error {
	var err error
	ctx := r.Context()
	if p.Held, err = s.store.HeldPositions(ctx); err != nil {
		return err
	}
	if p.Actor.Can(chamber.PermWorkPlanManage) {
		if p.Departments, err = s.store.ListDepartments(ctx); err != nil {
			return err
		}
		if p.Positions, err = s.store.ListPositions(ctx); err != nil {
			return err
		}
	}
	s.render(w, r, status, "work_plan", p)
	return nil
}

func (s *Server) workPlanPrintPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadWorkPlan(r, "workplan.print_title")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "work_plan_print", p)
	return nil
}

// workPlanCompletionPage is the year-end completion table (?format=xlsx).
func (s *Server) workPlanCompletionPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadWorkPlan(r, "workplan.completion")
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "xlsx" {
		return writeCompletionXLSX(w, p)
	}
	s.render(w, r, http.StatusOK, "work_plan_completion", p)
	return nil
}

func writeCompletionXLSX(w http.ResponseWriter, p *workPlanPage) error {
	b := sheet.NewBook("")
	put := func(strong bool, cells ...any) {
		if strong {
			b.Bold(cells...)
		} else {
			b.Row(cells...)
		}
	}
	put(true, fmt.Sprintf("%s %s", p.Chamber.Name, p.Plan.Title), p.T("workplan.completion"))
	b.Skip()
	put(true, p.T("workplan.department"), p.T("workplan.item"), p.T("workplan.owner"), p.T("workplan.due_on"), p.T("workplan.status"), p.T("workplan.percent"), p.T("workplan.done_on"))
	for _, g := range p.Groups {
		for _, it := range g.Items {
			put(false, it.Department, it.Title, it.OwnerPosition, it.DueOn, p.T("workplan.status."+it.Status), it.Percent, it.DoneOn)
		}
	}
	b.Skip()
	put(true, p.T("workplan.department"), p.T("workplan.count_all"), p.T("workplan.status.done"), p.T("workplan.status.in_progress"), p.T("workplan.status.planned"), p.T("workplan.status.overdue"))
	for _, g := range p.Groups {
		put(false, g.Department, g.Counts["all"], g.Counts[chamber.ItemDone], g.Counts[chamber.ItemInProgress], g.Counts[chamber.ItemPlanned], g.Counts[chamber.ItemOverdue])
	}
	put(true, p.T("finance.total"), p.Totals["all"], p.Totals[chamber.ItemDone], p.Totals[chamber.ItemInProgress], p.Totals[chamber.ItemPlanned], p.Totals[chamber.ItemOverdue])
	b.Width(1, 1, 16)
	b.Width(2, 2, 36)
	b.Width(3, 7, 14)
	return sendBook(w, b, fmt.Sprintf("work-plan-%d-completion.xlsx", p.Plan.Year))
}

func planFormID(r *http.Request, name string) (chamber.ID, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0, fieldErr(name, "err.invalid_value")
	}
	return id, nil
}

func (s *Server) workPlanItemSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	dept, err := planFormID(r, "department_id")
	if err != nil {
		return err
	}
	pos, err := planFormID(r, "owner_position_id")
	if err != nil {
		return err
	}
	f := r.PostForm
	if _, err := s.store.AddWorkPlanItem(r.Context(), id, chamber.NewWorkPlanItem{Title: f.Get("title"), DepartmentID: dept,
		OwnerPositionID: pos, DueOn: f.Get("due_on"), Target: f.Get("target")}); err != nil {
		p, lerr := s.loadWorkPlan(r, "workplan.title")
		if lerr != nil || !p.withFieldErrors(err) {
			return err
		}
		p.Form = f
		return s.renderWorkPlan(w, r, statusOf(chamber.ErrorCode(err)), p)
	}
	http.Redirect(w, r, "/work-plans/"+strconv.FormatInt(id, 10)+"?done=item", http.StatusSeeOther)
	return nil
}

// itemPlanRedirect sends the browser back to the item's plan.
func (s *Server) itemPlanRedirect(w http.ResponseWriter, r *http.Request, it *chamber.WorkPlanItem, done string) {
	http.Redirect(w, r, fmt.Sprintf("/work-plans/%d?done=%s#item-%d", it.PlanID, done, it.ID), http.StatusSeeOther)
}

func (s *Server) workPlanLinkSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	target, err := planFormID(r, "target_id")
	if err != nil {
		return err
	}
	it, err := s.store.LinkWorkPlanItem(r.Context(), id, chamber.WorkPlanLink{Kind: r.PostForm.Get("kind"), ID: target})
	if err != nil {
		return err
	}
	s.itemPlanRedirect(w, r, it, "link")
	return nil
}

func (s *Server) workPlanProgressSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	pct, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("percent")))
	if err != nil {
		return fieldErr("percent", "err.invalid_value")
	}
	it, err := s.store.ReportProgress(r.Context(), id, chamber.ItemProgressReport{Percent: pct, Note: r.PostForm.Get("note")})
	if err != nil {
		return err
	}
	s.itemPlanRedirect(w, r, it, "progress")
	return nil
}
