package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

//go:embed templates static
var assets embed.FS

// staticFiles serves embedded files under content-hashed names, so they can
// be cached for ever and a new release is fetched at once.
type staticFiles struct {
	byHashed map[string]staticFile // "app.1a2b3c4d.css" → file
	url      map[string]string     // "app.css" → "/static/app.1a2b3c4d.css"
}

type staticFile struct {
	body        []byte
	contentType string
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{byHashed: map[string]staticFile{}, url: map[string]string{}}
	err := fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
			".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}[ext]
		if ct == "" {
			ct = "application/octet-stream"
		}
		sf.byHashed[hashed] = staticFile{body: body, contentType: ct}
		sf.url[name] = "/static/" + hashed
		return nil
	})
	return sf, err
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.static.byHashed[r.PathValue("file")]
	if !ok {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(f.body)
	return err
}

// Page is what every page template gets: the language, the login, the
// navigation and the helpers. Each page embeds it in its own typed struct.
type Page struct {
	Lang      string
	TitleKey  string
	Actor     *chamber.Actor
	Chamber   *chamber.Settings
	Nav       []navGroup
	Path      string
	Flash     string
	Errors    map[string]string // field → message, for forms
	FormError string
	Version   string
	Unread    int64 // the login's unread announcements, shown in the header
	static    *staticFiles
	loc       *time.Location
}

// T translates a catalog key into the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Static returns the hashed URL of an embedded file.
func (p *Page) Static(name string) string { return p.static.url[name] }

// Date shows a date the way the page's language writes it.
func (p *Page) Date(t time.Time) string { return i18n.Date(p.Lang, t.In(p.loc)) }

// DateTime shows an instant in the chamber's time zone.
func (p *Page) DateTime(t time.Time) string { return i18n.DateTime(p.Lang, t, p.loc) }

// DateString shows a YYYY-MM-DD date the way the page's language writes it.
func (p *Page) DateString(s string) string {
	if t, ok := chamber.ParseDate(s); ok {
		return i18n.Date(p.Lang, t)
	}
	return s
}

// BodyKinds and CommitteeKinds feed the organisation's select boxes.
func (p *Page) BodyKinds() []string      { return chamber.BodyKinds }
func (p *Page) CommitteeKinds() []string { return chamber.CommitteeKinds }

// MotionKinds and Thresholds feed the meeting forms.
func (p *Page) MotionKinds() []string  { return chamber.MotionKinds }
func (p *Page) Thresholds() []string   { return chamber.Thresholds }
func (p *Page) FollowUps() []string    { return chamber.FollowUps }
func (p *Page) RSVPAnswers() []string  { return chamber.RSVPAnswers }
func (p *Page) LiaisonKinds() []string { return chamber.LiaisonKinds }

// Contexts for recursive and shared templates: the page (P) and the part.
type nodeCtx struct {
	P     any
	Nodes []*chamber.OrgNode
}

type nodeOne struct {
	P any
	N *chamber.OrgNode
}

type postsCtx struct {
	P     any
	Posts []*chamber.Post
}

// Title is the page title in the page's language.
func (p *Page) Title() string { return p.T(p.TitleKey) }

// Yuan shows an amount in fen as ¥1,234.50.
func (p *Page) Yuan(fen int64) string { return chamber.FormatYuan(fen) }

// Code shows a stored code in the page's language (group.code in the
// catalog), or the code itself when the catalog has no name for it.
func (p *Page) Code(group, code string) string {
	if code == "" {
		return "—"
	}
	if i18n.Has(group + "." + code) {
		return p.T(group + "." + code)
	}
	return code
}

// Who shows an audit actor: "system" (the CLI and jobs) by name.
func (p *Page) Who(actor string) string {
	if actor == "system" || actor == "" {
		return p.T("app.system")
	}
	return actor
}

// Err returns the error message of a form field, "" if none.
func (p *Page) Err(field string) string { return p.Errors[field] }

// Can reports whether the login holds a permission.
func (p *Page) Can(perm string) bool { return p.Actor.Can(chamber.Permission(perm)) }

// OtherLangs lists the languages the page is not in, for the language menu.
func (p *Page) OtherLangs() []string {
	var out []string
	for _, l := range i18n.Supported {
		if l != p.Lang {
			out = append(out, l)
		}
	}
	return out
}

type navItem struct {
	Key    string
	Href   string
	Active bool
	Soon   bool // never set now: an entry not built yet is not shown at all
}

// navGroup is a heading of the menu and its entries; a portal login's
// menu is one group without a heading.
type navGroup struct {
	Key   string
	Items []navItem
}

// navEntry is a menu entry: shown to a login holding perm ("" any staff
// login), and to a member's portal login when portal.
type navEntry struct {
	key, href string
	perm      chamber.Permission
	portal    bool
}

// navGroups is the menu in the order of the chamber's work, grouped as the
// secretariat divides it.
var navGroups = []struct {
	key     string
	entries []navEntry
}{
	{"nav.g.overview", []navEntry{
		{"nav.home", "/", "", true},
		{"nav.portal", "/portal", chamber.PermPortal, true},
		{"nav.dashboard", "/dashboard", chamber.PermAuditRead, false},
		{"nav.dept_dashboard", "/dashboard/department", chamber.PermOrgRead, false},
		{"nav.search", "/search", "", true},
	}},
	{"nav.g.governance", []navEntry{
		{"nav.org", "/org", chamber.PermOrgRead, false},
		{"nav.members", "/members", chamber.PermMemberRead, false},
		{"nav.meetings", "/meetings", "", true},
		{"nav.work_plans", "/work-plans", "", false},
		{"nav.projects", "/projects", "", false},
	}},
	{"nav.g.activities", []navEntry{
		{"nav.events", "/events", "", false},
		{"nav.charity", "/charity", chamber.PermEventManage, false},
		{"nav.my_events", "/portal/events", chamber.PermPortal, true},
		{"nav.services", "/tickets", chamber.PermTicketHandle, false},
		{"nav.my_tickets", "/portal/tickets", chamber.PermPortal, true},
		{"nav.legal", "/legal", chamber.PermLegalHandle, false},
		{"nav.my_legal", "/portal/legal", chamber.PermPortal, true},
		{"nav.voice", "/reports/voice", chamber.PermTicketHandle, false},
		{"nav.knowledge", "/knowledge", "", true},
		{"nav.policy", "/policy", "", true},
		{"nav.my_offers", "/offers", chamber.PermPortal, true},
		{"nav.my_profile", "/member-profiles", chamber.PermPortal, true},
	}},
	{"nav.g.finance", []navEntry{
		{"nav.finance", "/finance", chamber.PermFinanceRead, false},
		{"nav.reimbursements", "/reimbursements", "", false},
		{"nav.my_dues", "/portal/dues", chamber.PermPortal, true},
	}},
	{"nav.g.publicity", []navEntry{
		{"nav.announcements", "/announcements", "", false}, // writers and approvers manage; others land in their inbox
		{"nav.documents", "/documents", "", false},
		{"nav.journal", "/journal", chamber.PermAnnounceWrite, false},
		{"nav.site_pages", "/site-pages", chamber.PermAnnounceWrite, false},
		{"nav.member_profiles", "/member-profiles", chamber.PermAnnounceWrite, false},
	}},
	{"nav.g.relations", []navEntry{
		{"nav.contacts", "/contacts", chamber.PermOrgRead, false},
		{"nav.agreements", "/agreements", chamber.PermRelationsRead, false},
		{"nav.leads", "/leads", chamber.PermRelationsRead, false},
		{"nav.delegations", "/delegations", chamber.PermRelationsRead, false},
		{"nav.offers", "/offers", chamber.PermRelationsRead, false},
	}},
	{"nav.g.secretariat", []navEntry{
		{"nav.leave", "/leave", chamber.PermOrgRead, false},
		{"nav.staff_meetings", "/staff-meetings", chamber.PermOrgRead, false},
		{"nav.staff", "/staff", chamber.PermStaffManage, false},
		{"nav.recruitment", "/recruitment", chamber.PermStaffManage, false},
		{"nav.reviews", "/reviews", chamber.PermOrgRead, false},
		{"nav.pay", "/pay", chamber.PermOrgRead, false},
		{"nav.purchases", "/purchases", chamber.PermOrgRead, false},
		{"nav.assets", "/assets", chamber.PermOrgRead, false},
		{"nav.supplies", "/supplies", chamber.PermOrgRead, false},
		{"nav.facilities", "/facilities", chamber.PermOrgRead, false},
	}},
	{"nav.g.reports", []navEntry{
		{"nav.reports", "/reports/annual", chamber.PermAuditRead, false},
		{"nav.work_report", "/reports/annual/edit", chamber.PermReportWrite, false},
		{"nav.authority", "/reports/authority", chamber.PermAuditRead, false},
		{"nav.statistics", "/reports/statistics", chamber.PermOrgRead, false},
	}},
	{"nav.g.system", []navEntry{
		{"nav.users", "/admin/users", chamber.PermUserManage, false},
		{"nav.audit", "/audit", chamber.PermAuditRead, false},
		{"nav.settings", "/admin/settings", chamber.PermSettingsWrite, false},
	}},
}

// navFor is the menu of a login. Only what the login may use is listed
// (nothing greyed out): an entry needs its permission, a group with no
// entry left is left out, and a member's portal login sees the portal's
// entries only, as one list.
func navFor(a *chamber.Actor, current string) []navGroup {
	member := portalLogin(a)
	var out []navGroup
	for _, g := range navGroups {
		var items []navItem
		for _, e := range g.entries {
			if (e.perm != "" && !a.Can(e.perm)) || (member && !e.portal) {
				continue
			}
			active := e.href == current || (e.href != "/" && strings.HasPrefix(current, e.href+"/"))
			items = append(items, navItem{Key: e.key, Href: e.href, Active: active})
		}
		switch {
		case len(items) == 0:
		case member && len(out) > 0:
			out[0].Items = append(out[0].Items, items...)
		case member:
			out = append(out, navGroup{Items: items})
		default:
			out = append(out, navGroup{Key: g.key, Items: items})
		}
	}
	return out
}

// page fills the common part of a page.
func (s *Server) page(r *http.Request, titleKey string) Page {
	ri := info(r)
	p := Page{Lang: ri.Lang, TitleKey: titleKey, Actor: ri.Actor, Path: r.URL.Path, static: s.static, Version: s.cfg.Version}
	st, err := s.store.Settings(r.Context())
	if err != nil || st == nil {
		st = &chamber.Settings{Name: i18n.T(ri.Lang, "app.name"), TimeZone: chamber.DefaultTimeZone}
	}
	p.Chamber = st
	p.loc = st.Location()
	if ri.Actor != nil {
		p.Nav = navFor(ri.Actor, r.URL.Path)
		var err error
		if p.Unread, err = s.store.UnreadCount(r.Context()); err != nil {
			// The page still renders (its own reads report their errors)
			// without the badge; the failure goes to the log.
			p.Unread = 0
			s.log.Error("unread count", "err", err, "request_id", ri.ID)
		}
	}
	return p
}

// withFieldErrors copies a validation error's fields into the page.
func (p *Page) withFieldErrors(err error) bool {
	e, ok := chamber.AsError(err)
	if !ok || (e.Code != chamber.EINVALID && e.Code != chamber.ECONFLICT) {
		return false
	}
	p.Errors = map[string]string{}
	for _, f := range e.Fields {
		if _, dup := p.Errors[f.Field]; !dup {
			p.Errors[f.Field] = p.T(f.Key, f.Args...)
		}
	}
	p.FormError = p.T(e.Key, e.Args...)
	return true
}

// parseTemplates parses each page with the layout, once, at start.
func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"add":   func(a, b int) int { return a + b },
		"sub64": func(a, b int64) int64 { return a - b },
		"adoptionOf": func(p any, a *chamber.BudgetAdoption, kind string) adoptionCtx {
			return adoptionCtx{P: p, A: a, Kind: kind}
		},
		"nodeList": func(p any, nodes []*chamber.OrgNode) nodeCtx { return nodeCtx{P: p, Nodes: nodes} },
		"nodeOf":   func(p any, n *chamber.OrgNode) nodeOne { return nodeOne{P: p, N: n} },
		"postsOf":  func(p any, posts []*chamber.Post) postsCtx { return postsCtx{P: p, Posts: posts} },
		"activeOn": func(p *chamber.Post, date string) bool { return p.ActiveOn(date) },
		"deref64": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"derefBool": func(p *bool) bool { return p != nil && *p },
		"derefTime": func(p *time.Time) time.Time {
			if p == nil {
				return time.Time{}
			}
			return *p
		},
		"statusWord": func(s string) string {
			return map[string]string{"draft": "scheduled", "open": "open", "closed": "closed"}[s]
		},
		"deref": func(p *int) int {
			if p == nil {
				return 0
			}
			return *p
		},
	}
	// Files named part_*.html hold partials every page may use.
	partials, err := fs.Glob(assets, "templates/part_*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "part_") {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, append([]string{"templates/layout.html", f}, partials...)...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("no such template", "name", name, "request_id", info(r).ID)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.Error("render", "template", name, "err", err, "request_id", info(r).ID)
		if name != "error" {
			p := errorPage{Page: s.page(r, "err.title"), Status: 500, Message: i18n.T(info(r).Lang, "err.internal"), RequestID: info(r).ID}
			s.render(w, r, http.StatusInternalServerError, "error", &p)
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
