package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

type newsPage struct {
	annPage
	Items        []*chamber.Announcement
	Cursor, Next string
}

// newsPage: the published public announcements, for visitors.
func (s *Server) newsPage(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p := newsPage{annPage: s.annPage(r, "ann.news"), Cursor: pg.Cursor}
	if p.Items, p.Next, err = s.store.ListAnnouncements(r.Context(), chamber.AnnouncementFilter{Public: true}, pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "news", &p)
	return nil
}

type newsItemPage struct {
	annPage
	A *chamber.Announcement
}

func (s *Server) newsItemPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.store.PublicAnnouncement(r.Context(), id)
	if err != nil {
		return err
	}
	p := newsItemPage{annPage: s.annPage(r, "ann.news"), A: a}
	s.render(w, r, http.StatusOK, "news_item", &p)
	return nil
}

type disclosureYear struct {
	Year   int
	Groups []disclosureGroup
}

type disclosureGroup struct {
	Category string
	Items    []*chamber.Announcement
}

type disclosuresPage struct {
	annPage
	Years []disclosureYear
}

// disclosuresPage is the disclosure centre (信息公开): financial summaries,
// work reports and resolutions by year. Visitors see the public ones;
// members and staff see all that were published.
func (s *Server) disclosuresPage(w http.ResponseWriter, r *http.Request) error {
	items, err := s.store.Disclosures(r.Context())
	if err != nil {
		return err
	}
	p := disclosuresPage{annPage: s.annPage(r, "ann.disclosure_centre")}
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	loc := st.Location()
	byYear := map[int]map[string][]*chamber.Announcement{}
	for _, a := range items {
		y := a.Year
		if y == 0 && a.PublishedAt != nil {
			y = a.PublishedAt.In(loc).Year()
		}
		if byYear[y] == nil {
			byYear[y] = map[string][]*chamber.Announcement{}
		}
		byYear[y][a.Category] = append(byYear[y][a.Category], a)
	}
	for y, cats := range byYear {
		dy := disclosureYear{Year: y}
		for _, c := range chamber.DisclosureCategories {
			if len(cats[c]) > 0 {
				dy.Groups = append(dy.Groups, disclosureGroup{Category: c, Items: cats[c]})
			}
		}
		p.Years = append(p.Years, dy)
	}
	sort.Slice(p.Years, func(i, j int) bool { return p.Years[i].Year > p.Years[j].Year })
	s.render(w, r, http.StatusOK, "disclosures", &p)
	return nil
}

// Atom feed (RFC 4287) of the public announcements.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// atomAuthor is the feed's required author: the chamber itself.
type atomAuthor struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Content atomText `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func (s *Server) newsFeed(w http.ResponseWriter, r *http.Request) error {
	items, _, err := s.store.ListAnnouncements(r.Context(), chamber.AnnouncementFilter{Public: true}, chamber.Page{Limit: 50})
	if err != nil {
		return err
	}
	st, err := s.store.Settings(r.Context())
	if err != nil {
		return err
	}
	base := s.baseURL() // never the request's Host: a feed is copied and cached elsewhere
	name := st.Name
	if strings.TrimSpace(name) == "" {
		name = "chamber"
	}
	f := atomFeed{Title: st.Name, ID: base + "/news", Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Author: atomAuthor{Name: name, URI: base + "/"},
		Links:  []atomLink{{Href: base + "/news.atom", Rel: "self"}, {Href: base + "/news"}}}
	var modified time.Time
	for _, a := range items {
		if a.UpdatedAt.After(modified) {
			modified = a.UpdatedAt
			f.Updated = a.UpdatedAt.UTC().Format(time.RFC3339)
		}
		href := base + "/news/" + strconv.FormatInt(a.ID, 10)
		f.Entries = append(f.Entries, atomEntry{Title: a.Title, ID: href, Updated: a.UpdatedAt.UTC().Format(time.RFC3339),
			Link: atomLink{Href: href}, Content: atomText{Type: "text", Body: a.Body}})
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	body := append([]byte(xml.Header), out...)
	sum := sha256.Sum256(body)
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	if modified.IsZero() {
		modified = time.Unix(1, 0) // an empty feed still answers If-Modified-Since
	}
	// ServeContent answers If-None-Match and If-Modified-Since with 304.
	http.ServeContent(w, r, "", modified.Truncate(time.Second), bytes.NewReader(body))
	return nil
}

type mailSettingsPage struct {
	annPage
	Form   chamber.MailSettings
	Outbox *chamber.OutboxStatus
	TestTo string
}

func (s *Server) renderMailSettings(w http.ResponseWriter, r *http.Request, status int, p *mailSettingsPage) error {
	var err error
	if p.Outbox, err = s.store.OutboxStatus(r.Context()); err != nil {
		return err
	}
	if p.Form.TLS == "" {
		m, err := s.store.MailSettings(r.Context())
		if err != nil {
			return err
		}
		p.Form = *m
	}
	p.Form.Password, p.Form.WebhookSecret = "", ""
	s.render(w, r, status, "mail_settings", p)
	return nil
}

func (s *Server) mailSettingsPage(w http.ResponseWriter, r *http.Request) error {
	p := mailSettingsPage{annPage: s.annPage(r, "ann.mail.title")}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Flash = p.T("ann.mail.saved")
	case "test":
		p.Flash = p.T("ann.mail.test_queued")
	case "resumed":
		p.Flash = p.T("ann.mail.resumed")
	}
	return s.renderMailSettings(w, r, http.StatusOK, &p)
}

func (s *Server) mailSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	m := chamber.MailSettings{Host: f.Get("host"), Username: f.Get("username"), Password: f.Get("password"), From: f.Get("from"),
		TLS: f.Get("tls"), WebhookURL: f.Get("webhook_url"), WebhookSecret: f.Get("webhook_secret"), ApprovalRequired: f.Get("approval_required") == "1"}
	var bad chamber.Fields
	var err error
	if m.Port, err = strconv.Atoi(strings.TrimSpace(f.Get("port"))); err != nil {
		bad.Add("port", "err.invalid_value")
	}
	if m.Rate, err = strconv.Atoi(strings.TrimSpace(f.Get("rate"))); err != nil {
		bad.Add("rate", "err.invalid_value")
	}
	err = bad.Err()
	if err == nil {
		err = s.store.UpdateMailSettings(r.Context(), m)
	}
	if err != nil {
		p := mailSettingsPage{annPage: s.annPage(r, "ann.mail.title"), Form: m}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderMailSettings(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/admin/mail?done=saved", http.StatusSeeOther)
	return nil
}

func (s *Server) mailTestSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	to := r.PostForm.Get("to")
	if err := s.store.QueueTestMail(r.Context(), to); err != nil {
		p := mailSettingsPage{annPage: s.annPage(r, "ann.mail.title"), TestTo: to}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderMailSettings(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/admin/mail?done=test", http.StatusSeeOther)
	return nil
}

func (s *Server) mailResumeSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.ResumeOutbox(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/mail?done=resumed", http.StatusSeeOther)
	return nil
}
