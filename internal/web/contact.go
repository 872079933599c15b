package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

type contactsPage struct {
	Page
	Contacts []*chamber.Contact
	Next     string
	Q, Kind  string
	Form     struct{ Kind, Name, Country, People, Notes string }
}

func (s *Server) contactsPage(w http.ResponseWriter, r *http.Request) error {
	p := contactsPage{Page: s.page(r, "contact.title")}
	return s.renderContacts(w, r, http.StatusOK, &p)
}

func (s *Server) renderContacts(w http.ResponseWriter, r *http.Request, status int, p *contactsPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	p.Q, p.Kind = r.URL.Query().Get("q"), r.URL.Query().Get("kind")
	if p.Contacts, p.Next, err = s.store.ListContacts(r.Context(), p.Q, p.Kind, pg); err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
	}
	s.render(w, r, status, "contacts", p)
	return nil
}

// parsePeople reads the form's people: a line each, "name title phone e-mail".
func parsePeople(text string) []chamber.ContactPerson {
	var out []chamber.ContactPerson
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		p := chamber.ContactPerson{Name: f[0]}
		for _, v := range f[1:] {
			switch {
			case strings.Contains(v, "@"):
				p.Email = v
			case strings.IndexFunc(v, func(c rune) bool { return c < '0' || c > '9' }) < 0 || strings.HasPrefix(v, "+"):
				p.Phone = v
			default:
				p.Title = strings.TrimSpace(p.Title + " " + v)
			}
		}
		out = append(out, p)
	}
	return out
}

func (s *Server) contactSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	p := contactsPage{Page: s.page(r, "contact.title")}
	p.Form.Kind, p.Form.Name, p.Form.Country, p.Form.People, p.Form.Notes = f.Get("kind"), f.Get("name"), f.Get("country"), f.Get("people"), f.Get("notes")
	c, err := s.store.CreateContact(r.Context(), chamber.Contact{Kind: p.Form.Kind, Name: p.Form.Name, Country: p.Form.Country,
		Notes: p.Form.Notes, People: parsePeople(p.Form.People)})
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderContacts(w, r, http.StatusUnprocessableEntity, &p)
	}
	http.Redirect(w, r, "/contacts/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

type contactPage struct {
	Page
	Contact    *chamber.Contact
	Agreements []*chamber.Agreement // for relations.read: the agreements with it
	Today      string
	Form       struct{ Date, Kind, Summary string }
}

func (s *Server) contactPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := contactPage{Page: s.page(r, "contact.title")}
	return s.renderContact(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderContact(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *contactPage) error {
	c, err := s.store.FindContact(r.Context(), id)
	if err != nil {
		return err
	}
	p.Contact, p.Today = c, s.store.Today(r.Context())
	if p.Can(string(chamber.PermRelationsRead)) {
		if p.Agreements, _, err = s.store.ListAgreements(r.Context(), "", id, chamber.Page{Limit: 50}); err != nil {
			return err
		}
	}
	if p.Form.Date == "" {
		p.Form.Date = p.Today
	}
	s.render(w, r, status, "contact", p)
	return nil
}

func (s *Server) interactionSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	in := chamber.Interaction{ContactID: id, Date: f.Get("date"), Kind: f.Get("kind"), Summary: f.Get("summary")}
	if a := chamber.ActorFrom(r.Context()); a != nil && a.UserID != 0 {
		in.UserIDs = []chamber.ID{a.UserID}
	}
	if _, err := s.store.AddInteraction(r.Context(), in); err != nil {
		p := contactPage{Page: s.page(r, "contact.title")}
		p.Form.Date, p.Form.Kind, p.Form.Summary = in.Date, in.Kind, in.Summary
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderContact(w, r, http.StatusUnprocessableEntity, id, &p)
	}
	http.Redirect(w, r, "/contacts/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
