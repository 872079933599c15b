package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Publicity: the 会刊 (journal issues, public once published, their PDF
// for anyone), the public site's pages (Markdown, shown sanitised; staff
// with announcement.write edit them) and a press release's media.
func (s *Server) publicityRoutes() []*route {
	const w = chamber.PermAnnounceWrite
	return []*route{
		pub("GET", "/journal", s.journalListPage),
		perm("POST", "/journal", w, s.journalCreateSubmit),
		pub("GET", "/journal/{id}", s.journalIssuePage),
		pub("GET", "/journal/{id}/print", s.journalPrintPage),
		perm("POST", "/journal/{id}/publish", w, s.journalPublishSubmit),
		pub("GET", "/journal/{id}/files/{att}", s.journalFile),
		pub("GET", "/site/{slug}", s.sitePageView),
		pub("GET", "/leadership", s.leadershipPage),
		perm("GET", "/site-pages", w, s.sitePagesEditor),
		perm("POST", "/site-pages", w, s.sitePageSubmit),
		perm("POST", "/announcements/{id}/media", w, s.pressMediaSubmit),

		api(pub("GET", "/api/v1/journal-issues", s.apiJournalList), "Issues of the 会刊, latest number first (drafts too for announcement.write)", ""),
		api(perm("POST", "/api/v1/journal-issues", w, s.apiJournalCreate), "Draft an issue of the 会刊: number, date, cover text, articles (from news or member stories)", "JournalIssue"),
		api(pub("GET", "/api/v1/journal-issues/{id}", s.apiJournalGet), "One issue (a draft for announcement.write only)", ""),
		api(perm("PUT", "/api/v1/journal-issues/{id}", w, s.apiJournalPut), "Change a draft issue (a published one: 409)", "JournalIssue"),
		api(perm("POST", "/api/v1/journal-issues/{id}/publish", w, s.apiJournalPublish), "Publish an issue to the public archive (409 once published)", ""),
		api(pub("GET", "/api/v1/leadership", s.apiLeadership), "The chamber's leadership (领导机构) from today's org chart: the positions of its bodies and their holders", ""),
		api(pub("GET", "/api/v1/site-pages", s.apiSitePages), "The public site's pages in navigation order", ""),
		api(pub("GET", "/api/v1/site-pages/{slug}", s.apiSitePage), "One page of the public site (Markdown, zh and en)", ""),
		api(perm("PUT", "/api/v1/site-pages/{slug}", w, s.apiSitePagePut), "Create or replace a page of the public site", "SitePage"),
		api(perm("GET", "/api/v1/announcements/{id}/media", w, s.apiPressMedia), "The media organisations (contacts of kind media) a press release goes to", ""),
		api(perm("PUT", "/api/v1/announcements/{id}/media", w, s.apiPressMediaPut), "Set a press release's (kind news) media distribution", "PressMedia"),
	}
}

func publicitySchemas() obj {
	article := oaObject([]string{"title"}, obj{"title": oaString, "author": oaString, "summary": oaString, "page": oaInteger, "announcement_id": oaInteger,
		"profile_id": oaInteger})
	return obj{
		"JournalIssue": oaObject([]string{"number", "title", "issued_on"}, obj{"number": oaInteger, "title": oaString, "issued_on": oaDate,
			"cover": oaString, "articles": oaArray(article)}),
		"SitePage": oaObject([]string{"title_zh", "body_zh"}, obj{"title_zh": oaString, "title_en": oaString, "body_zh": oaString,
			"body_en": oaString, "position": oaInteger}),
		"PressMedia": oaObject([]string{"contact_ids"}, obj{"contact_ids": oaArray(oaInteger)}),
	}
}

// publicPage is the common part of the public pages: the site's navigation.
type publicPage struct {
	Page
	Site []*chamber.SitePage
}

// SiteTitle is a site page's title in the page's language.
func (p *publicPage) SiteTitle(sp *chamber.SitePage) string { return sp.Title(p.Lang) }

func (s *Server) publicPage(r *http.Request, title string) publicPage {
	p := publicPage{Page: s.page(r, title)}
	p.Site, _ = s.store.SitePages(r.Context())
	return p
}

type journalListPage struct {
	publicPage
	Items []*chamber.JournalIssue
	Next  string
	Form  relForm
	Today string
}

func (s *Server) journalListPage(w http.ResponseWriter, r *http.Request) error {
	p := journalListPage{publicPage: s.publicPage(r, "journal.title"), Form: formValues(r), Today: s.store.Today(r.Context())}
	if err, ok := r.Context().Value(formErrKey{}).(error); ok {
		p.withFieldErrors(err)
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.ListJournalIssues(r.Context(), pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "journal", &p)
	return nil
}

// journalArticles reads the form's articles: one a line, "title | author |
// page | source", the source "news:ID" (a news announcement) or
// "member:ID" (an approved 会员风采 profile).
func journalArticles(text string) []chamber.JournalArticle {
	out := []chamber.JournalArticle{}
	for _, line := range strings.Split(text, "\n") {
		parts := strings.Split(line, "|")
		if strings.TrimSpace(parts[0]) == "" {
			continue
		}
		a := chamber.JournalArticle{Title: parts[0]}
		if len(parts) > 1 {
			a.Author = parts[1]
		}
		if len(parts) > 2 {
			if a.Page, _ = strconv.Atoi(strings.TrimSpace(parts[2])); a.Page == 0 && strings.TrimSpace(parts[2]) != "" {
				a.Page = -1
			}
		}
		if len(parts) > 3 {
			src := strings.TrimSpace(parts[3])
			kind, n, _ := strings.Cut(src, ":")
			id, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
			switch {
			case src == "":
			case err != nil || id <= 0:
				a.Page = -1 // refused by Validate
			case kind == "news":
				a.AnnouncementID = id
			case kind == "member":
				a.ProfileID = id
			default:
				a.Page = -1
			}
		}
		out = append(out, a)
	}
	return out
}

func (s *Server) journalCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.relationForm(s.journalListPage, func(r *http.Request) (string, error) {
		f := r.PostForm
		n, err := strconv.Atoi(strings.TrimSpace(f.Get("number")))
		if err != nil {
			return "", fieldErr("number", "err.invalid_value")
		}
		j, err := s.store.CreateJournalIssue(r.Context(), chamber.JournalInput{Number: n, Title: f.Get("title"), IssuedOn: f.Get("issued_on"),
			Cover: f.Get("cover"), Articles: journalArticles(f.Get("articles"))})
		if err != nil {
			return "", err
		}
		return idPath("/journal/", j.ID), nil
	})(w, r)
}

type journalIssuePage struct {
	publicPage
	J     *chamber.JournalIssue
	Files []*chamber.Attachment
	Att   attachmentBox
}

func (s *Server) journalIssuePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := journalIssuePage{publicPage: s.publicPage(r, "journal.title")}
	if p.J, err = s.store.FindJournalIssue(r.Context(), id); err != nil {
		return err
	}
	if p.Files, err = s.store.JournalFiles(r.Context(), id); err != nil {
		return err
	}
	if p.Actor.Can(chamber.PermAnnounceWrite) {
		p.Att = s.attachments(r, chamber.OwnerJournalIssue, id)
	}
	s.render(w, r, http.StatusOK, "journal_issue", &p)
	return nil
}

func (s *Server) journalPublishSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.PublishJournalIssue(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, idPath("/journal/", id), http.StatusSeeOther)
	return nil
}

func (s *Server) journalFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	att, err := pathID(r, "att")
	if err != nil {
		return err
	}
	a, err := s.store.JournalFile(r.Context(), id, att)
	if err != nil {
		return err
	}
	return s.serveAttachment(w, r, a)
}

type sitePageView struct {
	publicPage
	P    *chamber.SitePage
	Body template.HTML
}

func (s *Server) sitePageView(w http.ResponseWriter, r *http.Request) error {
	p := sitePageView{publicPage: s.publicPage(r, "site.title")}
	var err error
	if p.P, err = s.store.SitePage(r.Context(), r.PathValue("slug")); err != nil {
		return err
	}
	p.Body = template.HTML(renderMarkdown(p.P.Body(p.Lang))) // sanitised by bluemonday
	s.render(w, r, http.StatusOK, "site_page", &p)
	return nil
}

type sitePagesEditor struct {
	publicPage
	Form relForm
}

func (s *Server) sitePagesEditor(w http.ResponseWriter, r *http.Request) error {
	p := sitePagesEditor{publicPage: s.publicPage(r, "site.edit"), Form: formValues(r)}
	if err, ok := r.Context().Value(formErrKey{}).(error); ok {
		p.withFieldErrors(err)
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("app.saved")
	}
	s.render(w, r, http.StatusOK, "site_pages", &p)
	return nil
}

func (s *Server) sitePageSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.relationForm(s.sitePagesEditor, func(r *http.Request) (string, error) {
		f := r.PostForm
		pos, _ := strconv.Atoi(strings.TrimSpace(f.Get("position")))
		slug := strings.TrimSpace(f.Get("slug"))
		if _, err := s.store.PutSitePage(r.Context(), slug, chamber.SitePageInput{TitleZh: f.Get("title_zh"), TitleEn: f.Get("title_en"),
			BodyZh: f.Get("body_zh"), BodyEn: f.Get("body_en"), Position: pos}); err != nil {
			return "", err
		}
		return "/site-pages?saved=1#page-" + slug, nil
	})(w, r)
}

func (s *Server) pressMediaSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	var ids []chamber.ID
	for _, v := range r.PostForm["contact_id"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fieldErr("contact_ids", "err.invalid_value")
		}
		ids = append(ids, n)
	}
	if _, err := s.store.SetPressMedia(r.Context(), id, ids); err != nil {
		return err
	}
	http.Redirect(w, r, idPath("/announcements/", id)+"?done=saved#media", http.StatusSeeOther)
	return nil
}

func (s *Server) apiJournalList(w http.ResponseWriter, r *http.Request) error {
	return writeFilteredPage(w, r, func(*http.Request) (struct{}, error) { return struct{}{}, nil },
		func(ctx context.Context, _ struct{}, p chamber.Page) ([]*chamber.JournalIssue, string, error) {
			return s.store.ListJournalIssues(ctx, p)
		})
}

func (s *Server) apiJournalCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.JournalInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	j, err := s.store.CreateJournalIssue(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/journal-issues/", j.ID))
	writeJSON(w, http.StatusCreated, j)
	return nil
}

func (s *Server) apiJournalGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.store.FindJournalIssue(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) apiJournalPut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.JournalInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	j, err := s.store.UpdateJournalIssue(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) apiJournalPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := s.store.PublishJournalIssue(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, j)
	return nil
}

func (s *Server) apiSitePages(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.store.SitePages(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ps)
}

func (s *Server) apiSitePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.SitePage(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiSitePagePut(w http.ResponseWriter, r *http.Request) error {
	var in chamber.SitePageInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.PutSitePage(r.Context(), r.PathValue("slug"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPressMedia(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.PressMedia(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiPressMediaPut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		ContactIDs []chamber.ID `json:"contact_ids"`
	}
	if err := decodeJSONWith(r, &in, "contact_ids"); err != nil {
		return err
	}
	m, err := s.store.SetPressMedia(r.Context(), id, in.ContactIDs)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

type leadershipPage struct {
	publicPage
	Leaders []chamber.Leader
}

func (s *Server) leadershipPage(w http.ResponseWriter, r *http.Request) error {
	p := leadershipPage{publicPage: s.publicPage(r, "site.leadership")}
	var err error
	if p.Leaders, err = s.store.Leadership(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "leadership", &p)
	return nil
}

func (s *Server) apiLeadership(w http.ResponseWriter, r *http.Request) error {
	ls, err := s.store.Leadership(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, ls)
}
