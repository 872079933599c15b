package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// announcementRoutes lists the announcement domain's pages and API endpoints.
func (s *Server) announcementRoutes() []*route {
	w, ap, st := chamber.PermAnnounceWrite, chamber.PermAnnounceApprove, chamber.PermSettingsWrite
	return []*route{
		// Pages: management, inbox, mail settings, public news and disclosures.
		user("GET", "/announcements", s.announcementsPage),
		perm("POST", "/announcements", w, s.announcementCreateSubmit),
		user("GET", "/announcements/{id}", s.announcementPage),
		perm("POST", "/announcements/{id}/edit", w, s.announcementEditSubmit),
		perm("POST", "/announcements/{id}/approve", ap, s.announcementApproveSubmit),
		user("POST", "/announcements/{id}/publish", s.announcementPublishSubmit),
		user("POST", "/announcements/{id}/revisions", s.announcementReviseSubmit),
		perm("POST", "/announcements/{id}/remind", w, s.announcementRemindSubmit),
		user("GET", "/inbox", s.inboxPage),
		user("GET", "/inbox/{id}", s.inboxItemPage),
		user("POST", "/inbox/{id}/acknowledge", s.inboxAckSubmit),
		perm("GET", "/admin/mail", st, s.mailSettingsPage),
		perm("POST", "/admin/mail", st, s.mailSettingsSubmit),
		perm("POST", "/admin/mail/test", st, s.mailTestSubmit),
		perm("POST", "/admin/mail/resume", st, s.mailResumeSubmit),
		pub("GET", "/news", s.newsPage),
		pub("GET", "/news/{id}", s.newsItemPage),
		pub("GET", "/news.atom", s.newsFeed),
		pub("GET", "/disclosures", s.disclosuresPage),

		// API.
		api(perm("POST", "/api/v1/announcements", w, s.apiAnnouncementCreate), "Draft an announcement (notice, news, disclosure …) for an audience", "Announcement"),
		api(user("GET", "/api/v1/announcements", s.apiAnnouncementList), "List announcements, newest first (others than writers and approvers: the public ones)", ""),
		api(user("GET", "/api/v1/announcements/{id}", s.apiAnnouncementGet), "One announcement with its published revisions", ""),
		api(perm("PATCH", "/api/v1/announcements/{id}", w, s.apiAnnouncementPatch), "Change a draft (a published one: 409, publish a revision)", "AnnouncementPatch"),
		api(perm("POST", "/api/v1/announcements/{id}/approve", ap, s.apiAnnouncementApprove), "Approve a draft (not its author), optionally scheduling it", "Approve"),
		api(user("POST", "/api/v1/announcements/{id}/publish", s.apiAnnouncementPublish), "Publish: deliver to each recipient's inbox and queue the e-mail", ""),
		api(user("POST", "/api/v1/announcements/{id}/revisions", s.apiAnnouncementRevise), "Publish a correction; the earlier text stays as history", "Revision"),
		api(user("GET", "/api/v1/announcements/{id}/receipts", s.apiAnnouncementReceipts), "Read receipts: recipients, read, acknowledged", ""),
		api(user("GET", "/api/v1/announcements/{id}/recipients", s.apiAnnouncementRecipients), "Recipients with read times (?unread=1: who has not read it)", ""),
		api(perm("POST", "/api/v1/announcements/{id}/remind", w, s.apiAnnouncementRemind), "Queue a reminder e-mail to the recipients who have not read it", ""),
		api(user("GET", "/api/v1/inbox", s.apiInbox), "The caller's inbox with its unread count", ""),
		api(user("POST", "/api/v1/inbox/{id}/read", s.apiInboxRead), "Read an announcement from the inbox (records the read receipt)", ""),
		api(user("POST", "/api/v1/inbox/{id}/acknowledge", s.apiInboxAck), "Acknowledge a notice that asks for it (回执)", ""),
		api(perm("GET", "/api/v1/mail/settings", st, s.apiMailSettingsGet), "SMTP, webhook and approval settings (secrets left out)", ""),
		api(perm("PUT", "/api/v1/mail/settings", st, s.apiMailSettingsPut), "Change the SMTP, webhook and approval settings", "MailSettings"),
		api(perm("GET", "/api/v1/mail/outbox", st, s.apiMailOutbox), "The outbox: queued, sent, failed, paused", ""),
		api(perm("POST", "/api/v1/mail/test", st, s.apiMailTest), "Queue a test message", "MailTest"),
		api(perm("POST", "/api/v1/mail/resume", st, s.apiMailResume), "Resume sending after a pause", ""),
	}
}

// announcementSchemas are the OpenAPI schemas of the announcement domain's request bodies.
func announcementSchemas() obj {
	audience := obj{"oneOf": []any{oaEnum(chamber.AudienceAllMembers, chamber.AudienceCouncil, chamber.AudienceStaff, chamber.AudiencePublic, chamber.AudienceSubscribers),
		obj{"type": "string", "pattern": "^tier:[a-z_]+$"}, obj{"type": "integer", "description": "a body id"}}}
	props := obj{"kind": oaEnum(chamber.AnnouncementKinds...), "title": oaString, "body": obj{"type": "string", "description": "plain text; a blank line separates paragraphs"},
		"audience": audience, "category": oaEnum(chamber.DisclosureCategories...), "year": oaInteger, "require_ack": oaBoolean,
		"industry": oaString, "source_contact_id": oaInteger}
	return obj{
		"Announcement":      oaObject([]string{"kind", "title", "body"}, props),
		"AnnouncementPatch": oaObject(nil, props),
		"Approve":           oaObject(nil, obj{"publish_at": oaTime}),
		"Revision":          oaObject([]string{"body"}, obj{"title": oaString, "body": oaString, "note": oaString}),
		"MailTest":          oaObject([]string{"to"}, obj{"to": oaString}),
		"MailSettings": oaObject(nil, obj{"host": oaString, "port": oaInteger, "username": oaString, "password": oaString, "from": oaString,
			"tls": oaEnum(chamber.MailTLSModes...), "rate": oaInteger, "webhook_url": oaString, "webhook_secret": oaString, "approval_required": oaBoolean}),
	}
}

// annPage carries the helpers every announcement page uses.
type annPage struct {
	Page
	Bodies []*chamber.Body
	// Contacts are the sources a policy bulletin may name.
	Contacts []*chamber.Contact
}

// Paras splits a plain-text body into paragraphs of lines; templates
// print them escaped, so a body is never HTML.
func (p *annPage) Paras(body string) [][]string { return chamber.Paragraphs(body) }

// Kinds and Categories feed the select boxes.
func (p *annPage) Kinds() []string      { return chamber.AnnouncementKinds }
func (p *annPage) Categories() []string { return chamber.DisclosureCategories }

// Statuses, BaseAudiences and TLSModes feed tabs and select boxes.
func (p *annPage) Statuses() []string {
	return []string{chamber.AnnDraft, chamber.AnnApproved, chamber.AnnPublished}
}
func (p *annPage) BaseAudiences() []string {
	return []string{chamber.AudienceAllMembers, chamber.AudienceCouncil, chamber.AudienceStaff, chamber.AudiencePublic, chamber.AudienceSubscribers}
}
func (p *annPage) TLSModes() []string { return chamber.MailTLSModes }

// AudienceLabel names an audience in the page's language.
func (p *annPage) AudienceLabel(a chamber.Audience) string {
	if id := a.BodyID(); id != 0 {
		for _, b := range p.Bodies {
			if b.ID == id {
				return p.T("ann.audience.body", b.Name)
			}
		}
		return p.T("ann.audience.body", "#"+strconv.FormatInt(id, 10))
	}
	if t := a.Tier(); t != "" {
		return p.T("ann.audience.tier", t)
	}
	return p.T("ann.audience." + string(a))
}

// AudienceValue is the form value of an audience.
func (p *annPage) AudienceValue(a chamber.Audience) string { return string(a) }

func (s *Server) annPage(r *http.Request, title string) annPage {
	p := annPage{Page: s.page(r, title)}
	if p.Actor.Can(chamber.PermOrgRead) || p.Actor.Can(chamber.PermAnnounceWrite) {
		var err error
		if p.Bodies, err = s.store.ListBodies(r.Context()); err != nil {
			s.log.Warn("announcement audiences: list bodies", "err", err)
		}
	}
	if p.Actor.Can(chamber.PermAnnounceWrite) {
		p.Contacts = s.contactChoices(r)
	}
	return p
}

func manages(a *chamber.Actor) bool {
	return a.Can(chamber.PermAnnounceWrite) || a.Can(chamber.PermAnnounceApprove)
}

type announcementsPage struct {
	annPage
	Items        []*chamber.Announcement
	Status       string
	Cursor, Next string
	Form         chamber.AnnouncementInput
}

func (s *Server) renderAnnouncements(w http.ResponseWriter, r *http.Request, status int, p *announcementsPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p.Status = r.URL.Query().Get("status")
	if p.Items, p.Next, err = s.store.ListAnnouncements(r.Context(), chamber.AnnouncementFilter{Status: p.Status}, pg); err != nil {
		return err
	}
	p.Cursor = pg.Cursor
	s.render(w, r, status, "announcements", p)
	return nil
}

// announcementsPage: writers and approvers manage; everyone else reads the inbox.
func (s *Server) announcementsPage(w http.ResponseWriter, r *http.Request) error {
	if !manages(info(r).Actor) {
		http.Redirect(w, r, "/inbox", http.StatusSeeOther)
		return nil
	}
	p := announcementsPage{annPage: s.annPage(r, "ann.title"), Form: chamber.AnnouncementInput{Kind: chamber.KindNotice, Audience: chamber.AudienceAllMembers}}
	return s.renderAnnouncements(w, r, http.StatusOK, &p)
}

func announcementForm(r *http.Request) chamber.AnnouncementInput {
	f := r.PostForm
	in := chamber.AnnouncementInput{Kind: f.Get("kind"), Category: f.Get("category"), Title: f.Get("title"), Body: f.Get("body"),
		Audience: chamber.Audience(f.Get("audience")), RequireAck: f.Get("require_ack") == "1", Industry: f.Get("industry")}
	if v := strings.TrimSpace(f.Get("source_contact_id")); v != "" {
		if in.SourceContactID, _ = strconv.ParseInt(v, 10, 64); in.SourceContactID == 0 {
			in.SourceContactID = -1
		}
	}
	if v := strings.TrimSpace(f.Get("year")); v != "" {
		in.Year, _ = strconv.Atoi(v)
		if in.Year == 0 {
			in.Year = -1
		}
	}
	if in.Kind != chamber.KindDisclosure {
		in.Category = ""
	}
	if in.Kind != chamber.KindPolicy {
		in.Industry, in.SourceContactID = "", 0
	}
	return in
}

func (s *Server) announcementCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	in := announcementForm(r)
	a, err := s.store.CreateAnnouncement(r.Context(), in)
	if err != nil {
		p := announcementsPage{annPage: s.annPage(r, "ann.title"), Form: in}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderAnnouncements(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/announcements/"+strconv.FormatInt(a.ID, 10)+"?done=created", http.StatusSeeOther)
	return nil
}

type announcementPage struct {
	annPage
	A          *chamber.Announcement
	Receipts   *chamber.Receipts
	UnreadList []*chamber.Recipient
	Form       chamber.AnnouncementInput
	IsAuthor   bool
	NeedsOther bool
	Att        attachmentBox
	// A press release's media distribution and the media to choose from.
	Media        map[chamber.ID]bool
	MediaChoices []*chamber.Contact
}

func (s *Server) renderAnnouncement(w http.ResponseWriter, r *http.Request, status int, p *announcementPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if p.A, err = s.store.FindAnnouncement(r.Context(), id); err != nil {
		return err
	}
	if p.Form.Title == "" && p.Form.Body == "" {
		p.Form = chamber.AnnouncementInput{Kind: p.A.Kind, Category: p.A.Category, Year: p.A.Year, Title: p.A.Title, Body: p.A.Body,
			Audience: p.A.Audience, RequireAck: p.A.RequireAck, Industry: p.A.Industry, SourceContactID: p.A.SourceContactID}
	}
	p.IsAuthor = p.A.AuthorID == p.Actor.UserID
	p.Att = s.attachments(r, chamber.OwnerAnnouncement, id)
	if p.A.Kind == chamber.KindNews && p.Actor.Can(chamber.PermAnnounceWrite) {
		if m, err := s.store.PressMedia(r.Context(), id); err == nil {
			p.Media = map[chamber.ID]bool{}
			for _, c := range m.Media {
				p.Media[c.ID] = true
			}
		}
		p.MediaChoices, _, _ = s.store.ListContacts(r.Context(), "", "media", chamber.Page{Limit: chamber.MaxPageLimit})
	}
	if p.A.Status == chamber.AnnPublished {
		if p.Receipts, err = s.store.AnnouncementReceipts(r.Context(), id); err != nil {
			return err
		}
		if p.UnreadList, _, err = s.store.AnnouncementRecipients(r.Context(), id, true, chamber.Page{Limit: chamber.MaxPageLimit}); err != nil {
			return err
		}
	}
	s.render(w, r, status, "announcement", p)
	return nil
}

func (s *Server) announcementPage(w http.ResponseWriter, r *http.Request) error {
	if !manages(info(r).Actor) {
		http.Redirect(w, r, "/inbox/"+r.PathValue("id"), http.StatusSeeOther)
		return nil
	}
	p := announcementPage{annPage: s.annPage(r, "ann.title")}
	if key := r.URL.Query().Get("done"); key != "" && strings.IndexFunc(key, func(c rune) bool { return c < 'a' || c > 'z' }) < 0 {
		p.Flash = p.T("ann." + key)
		if key == "reminded" {
			n, _ := strconv.Atoi(r.URL.Query().Get("n"))
			p.Flash = p.T("ann.reminded", n)
		}
	}
	return s.renderAnnouncement(w, r, http.StatusOK, &p)
}

// announcementAction runs one form action and redirects back to the page,
// or re-renders it with the error.
func (s *Server) announcementAction(w http.ResponseWriter, r *http.Request, done string, fn func(id chamber.ID) (string, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	extra, err := fn(id)
	if err != nil {
		p := announcementPage{annPage: s.annPage(r, "ann.title")}
		if r.URL.Path == "/announcements/"+r.PathValue("id")+"/edit" {
			p.Form = announcementForm(r)
		}
		if !p.withFieldErrors(err) {
			e, ok := chamber.AsError(err)
			if !ok || (e.Code != chamber.EFORBIDDEN) {
				return err
			}
			p.FormError = p.T(e.Key, e.Args...)
		}
		return s.renderAnnouncement(w, r, statusOf(chamber.ErrorCode(err)), &p)
	}
	http.Redirect(w, r, "/announcements/"+strconv.FormatInt(id, 10)+"?done="+done+extra, http.StatusSeeOther)
	return nil
}

func (s *Server) announcementEditSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.announcementAction(w, r, "created", func(id chamber.ID) (string, error) {
		_, err := s.store.UpdateAnnouncement(r.Context(), id, announcementForm(r))
		return "", err
	})
}

func (s *Server) announcementApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.announcementAction(w, r, "approved", func(id chamber.ID) (string, error) {
		var in chamber.ApproveInput
		if v := strings.TrimSpace(r.PostForm.Get("publish_at")); v != "" {
			st, err := s.store.Settings(r.Context())
			if err != nil {
				return "", err
			}
			t, err := time.ParseInLocation("2006-01-02T15:04", v, st.Location())
			if err != nil {
				var f chamber.Fields
				f.Add("publish_at", "err.invalid_value")
				return "", f.Err()
			}
			in.PublishAt = &t
		}
		_, err := s.store.ApproveAnnouncement(r.Context(), id, in)
		return "", err
	})
}

func (s *Server) announcementPublishSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.announcementAction(w, r, "published", func(id chamber.ID) (string, error) {
		_, err := s.store.PublishAnnouncement(r.Context(), id)
		return "", err
	})
}

func (s *Server) announcementReviseSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.announcementAction(w, r, "revised", func(id chamber.ID) (string, error) {
		title := r.PostForm.Get("title")
		_, err := s.store.ReviseAnnouncement(r.Context(), id, chamber.RevisionInput{Title: &title, Body: r.PostForm.Get("body"), Note: r.PostForm.Get("note")})
		return "", err
	})
}

func (s *Server) announcementRemindSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.announcementAction(w, r, "reminded", func(id chamber.ID) (string, error) {
		n, err := s.store.RemindUnread(r.Context(), id)
		return "&n=" + strconv.FormatInt(n, 10), err
	})
}

type inboxPage struct {
	annPage
	Items        []*chamber.InboxItem
	Cursor, Next string
}

func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p := inboxPage{annPage: s.annPage(r, "ann.inbox"), Cursor: pg.Cursor}
	if p.Items, p.Next, err = s.store.Inbox(r.Context(), pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "inbox", &p)
	return nil
}

type inboxItemPage struct {
	annPage
	A    *chamber.Announcement
	Item *chamber.InboxItem
}

// inboxItemPage shows an announcement to a recipient and records the read.
func (s *Server) inboxItemPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, it, err := s.store.ReadAnnouncement(r.Context(), id)
	if err != nil {
		return err
	}
	p := inboxItemPage{annPage: s.annPage(r, "ann.inbox"), A: a, Item: it}
	if r.URL.Query().Get("done") == "acked" {
		p.Flash = p.T("ann.acked")
	}
	s.render(w, r, http.StatusOK, "inbox_item", &p)
	return nil
}

func (s *Server) inboxAckSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.AcknowledgeAnnouncement(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/inbox/"+strconv.FormatInt(id, 10)+"?done=acked", http.StatusSeeOther)
	return nil
}
