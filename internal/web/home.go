package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Drain makes /healthz answer 503 from now on (SIGTERM: the balancer stops
// sending new requests before the server shuts down).
func (s *Server) Drain() { s.draining.Store(true) }

// healthz is the balancer's readiness check: 200 "ok" while the instance
// takes requests and its database answers, 503 while it drains or the
// database is unreachable (checked within 2 s).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	status, body := http.StatusOK, "ok\n"
	if s.draining.Load() {
		status, body = http.StatusServiceUnavailable, "draining\n"
	} else if p, ok := s.store.(interface{ Ping(context.Context) error }); ok {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := p.Ping(ctx); err != nil {
			s.log.Warn("healthz: database unreachable", "err", err)
			status, body = http.StatusServiceUnavailable, "database unreachable\n"
		}
	}
	w.WriteHeader(status)
	_, err := w.Write([]byte(body))
	return err
}

// homeRoutes are the home page's JSON side: the caller's to-do list.
func (s *Server) homeRoutes() []*route {
	todo := api(user("GET", "/api/v1/me/todo", s.apiMyTodo), "What waits for the caller (待办): claims and leave to approve, documents to sign off or handle, voucher drafts, applications, assigned tickets, minutes to sign, action items, meeting notices to send; at most 20 of each kind", "")
	todo.Response = "TodoList"
	return []*route{
		todo,
		user("POST", "/action-items/{id}/done", s.actionDoneSubmit),
	}
}

// actionDoneSubmit marks an action item on the home page done (its owner,
// or meeting.manage), with an optional note, and goes back home.
func (s *Server) actionDoneSubmit(w http.ResponseWriter, r *http.Request) error {
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
	http.Redirect(w, r, "/?done=action", http.StatusSeeOther)
	return nil
}

// todoSchemas describes the to-do list (API.md "Dashboard").
func todoSchemas() obj {
	item := obj{"type": "object", "required": []string{"kind", "id", "title", "due_at"}, "properties": obj{
		"kind":   oaEnum(chamber.TodoKinds...),
		"id":     obj{"type": "integer", "format": "int64", "description": "the record of that kind (the meeting for minutes and notice)"},
		"title":  oaString,
		"due_at": obj{"type": "string", "format": "date-time", "nullable": true, "description": "when it is due; a notice's meeting time"},
		"link":   obj{"type": "string", "description": "the record's page on this site"},
	}}
	return obj{"TodoList": obj{"type": "object", "required": []string{"items"}, "properties": obj{"items": oaArray(item)}}}
}

func (s *Server) apiMyTodo(w http.ResponseWriter, r *http.Request) error {
	items, err := s.store.MyTodo(r.Context(), info(r).Actor.UserID)
	if err != nil {
		return err
	}
	if items == nil {
		items = []chamber.TodoItem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// portalLogin reports whether a login is a member's portal login: linked
// to a member and not the administrator. Its home is its portal and its
// menu the portal's, even where its member's seat in a body (a 理事单位 on
// the council) grants it more.
func portalLogin(a *chamber.Actor) bool {
	return a != nil && !a.System && !a.Admin && a.MemberID != 0
}

// todoGroup is one kind of to-do item on the home page; More links to the
// whole list when the group holds as many as a to-do list shows.
type todoGroup struct {
	Kind  string
	Items []chamber.TodoItem
	More  string
}

// todoLists are the pages that list each kind in full.
var todoLists = map[string]string{
	chamber.TodoReimbursement: "/reimbursements", chamber.TodoLeave: "/leave", chamber.TodoDocument: "/documents",
	chamber.TodoIncoming: "/documents", chamber.TodoVoucherDraft: "/finance/drafts", chamber.TodoApplication: "/applications",
	chamber.TodoTicket: "/tickets?mine=true", chamber.TodoMinutes: "/meetings", chamber.TodoActionItem: "/meetings",
	chamber.TodoNotice: "/meetings", chamber.TodoAck: "/inbox",
	chamber.TodoPurchase: "/purchases", chamber.TodoProject: "/projects",
}

// homeFigure is one figure the login's permissions cover, linked to its list.
type homeFigure struct {
	Key, Name, Href string
	Value           int64
}

type homePage struct {
	Page
	Todo    []todoGroup
	Figures []homeFigure
	Perms   []chamber.Permission
	Portal  *portalHomeData // set for a member's portal login
	now     time.Time
}

// portalHomeData is a member's own: its dues, meetings, notices, events
// and requests, a few of each with a link to the whole list.
type portalHomeData struct {
	Member        *chamber.Member
	Dues          []*chamber.DuesInvoice
	Meetings      []*chamber.Meeting
	Inbox         []*chamber.InboxItem
	Registrations []*chamber.Registration
	Tickets       []*chamber.Ticket
}

// When shows a due time: the date alone at midnight (a due date), else date and time.
func (p *homePage) When(t time.Time) string {
	if l := t.In(p.loc); l.Hour() == 0 && l.Minute() == 0 {
		return p.Date(t)
	}
	return p.DateTime(t)
}

// Overdue reports whether a due time has passed.
func (p *homePage) Overdue(t time.Time) bool { return t.Before(p.now) }

// homePage is a login's work: what waits for it, grouped by kind, and the
// figures of what its posts are responsible for. A member's portal login
// gets its portal instead.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	a := info(r).Actor
	if portalLogin(a) {
		return s.portalHome(w, r)
	}
	items, err := s.store.MyTodo(r.Context(), a.UserID)
	if err != nil {
		return err
	}
	p := homePage{Page: s.page(r, "home.title"), Todo: groupTodo(items), now: s.clock.Now()}
	if r.URL.Query().Get("done") == "action" {
		p.Flash = p.T("todo.action_done")
	}
	counts, err := s.store.Counts(r.Context())
	if err != nil {
		return err
	}
	p.Figures = homeFigures(a, counts)
	for _, perm := range chamber.AllPermissions {
		if a.Permissions[perm] {
			p.Perms = append(p.Perms, perm)
		}
	}
	s.render(w, r, http.StatusOK, "home", &p)
	return nil
}

func groupTodo(items []chamber.TodoItem) []todoGroup {
	var out []todoGroup
	for _, k := range chamber.TodoKinds {
		g := todoGroup{Kind: k}
		for _, it := range items {
			if it.Kind == k {
				g.Items = append(g.Items, it)
			}
		}
		if len(g.Items) >= chamber.TodoLimit {
			g.More = todoLists[k]
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// homeFigures keeps the figures a login may see: members with
// member.read, finance with finance.read, logins, sessions and the audit
// trail for the administrator only.
func homeFigures(a *chamber.Actor, c *chamber.Counts) []homeFigure {
	var out []homeFigure
	add := func(ok bool, key, name, href string, v int64) {
		if ok {
			out = append(out, homeFigure{Key: key, Name: name, Href: href, Value: v})
		}
	}
	add(a.Can(chamber.PermMemberRead), "home.members", "members", "/members", c.ActiveMembers)
	add(a.Can(chamber.PermMemberRead), "home.applications", "applications", "/applications", c.Applications)
	add(true, "home.meetings", "meetings", "/meetings", c.UpcomingMeetings)
	add(a.Can(chamber.PermFinanceRead), "home.vouchers", "vouchers", "/finance", c.Vouchers)
	add(true, "home.published", "published", "/announcements", c.Published)
	add(a.Admin, "home.users", "users", "/admin/users", c.Users)
	add(a.Admin, "home.sessions", "sessions", "/admin/users", c.Sessions)
	add(a.Admin, "home.audit", "audit", "/audit", c.AuditRecords)
	return out
}

// portalHome is a member's home: its portal, nothing of other members or
// the chamber's internals. Each list is read through the portal's own
// scoped store calls, a few items each.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := info(r).Actor
	d := &portalHomeData{}
	var err error
	if d.Member, err = s.store.FindMember(ctx, a.MemberID); err != nil {
		return err
	}
	dues, err := s.store.MyDues(ctx)
	if err != nil {
		return err
	}
	for _, inv := range dues {
		if inv.DueFen > 0 || len(d.Dues) == 0 {
			d.Dues = append(d.Dues, inv)
		}
		if len(d.Dues) == 3 {
			break
		}
	}
	if d.Meetings, _, err = s.store.ListMeetings(ctx, chamber.Page{Limit: 5}); err != nil {
		return err
	}
	if d.Inbox, _, err = s.store.Inbox(ctx, chamber.Page{Limit: 5}); err != nil {
		return err
	}
	regs, err := s.store.ListRegistrations(ctx, 0)
	if err != nil {
		return err
	}
	if len(regs) > 5 {
		regs = regs[:5]
	}
	d.Registrations = regs
	if d.Tickets, _, err = s.store.ListTickets(ctx, chamber.TicketFilter{}, chamber.Page{Limit: 5}); err != nil {
		return err
	}
	items, err := s.store.MyTodo(ctx, a.UserID)
	if err != nil {
		return err
	}
	p := homePage{Page: s.page(r, "home.title"), Portal: d, Todo: groupTodo(items), now: s.clock.Now()}
	s.render(w, r, http.StatusOK, "home", &p)
	return nil
}
