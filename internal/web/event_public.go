package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/qr"
)

// The public registration page of an event whose audience is the public
// (公开报名): no login; name, phone and organisation; the same capacity
// and waitlist as members; throttled per address; the registration code
// and its QR shown at the end, at an address only the registrant knows.

// Anonymous registrations: at most eventRegLimit per eventRegWindow from one
// address (a company's office on one line still fits).
const (
	eventRegWindow = 10 * time.Minute
	eventRegLimit  = 20
)

// eventMoreRoutes are the activities' API, public pages, charity and
// exhibition routes.
func (s *Server) eventMoreRoutes() []*route {
	var out []*route
	for _, part := range [][]*route{s.eventAPIRoutes(), s.publicEventRoutes(), s.charityRoutes(), s.exhibitionRoutes()} {
		out = append(out, part...)
	}
	return out
}

func (s *Server) publicEventRoutes() []*route {
	return []*route{
		pub("GET", "/public/events/{id}", s.publicEventPage),
		pub("POST", "/public/events/{id}", s.publicEventSubmit),
		pub("GET", "/public/events/{id}/code/{code}", s.publicRegistrationPage),
	}
}

// throttleEventRegistration limits registrations sent without a login.
func (s *Server) throttleEventRegistration(r *http.Request) error {
	if info(r).Actor != nil {
		return nil
	}
	return s.throttle(r.Context(), "event-reg:"+chamber.AddressKey(clientAddr(r)), eventRegWindow, eventRegLimit, "err.apply_throttled")
}

type publicEventPage struct {
	Page
	Event *chamber.Event
	Open  bool
	Form  chamber.NewRegistration
}

// publicEvent reads a published public event, or answers 404.
func (s *Server) publicEvent(r *http.Request) (*chamber.Event, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	e, err := s.store.FindEvent(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if e.Audience != chamber.EventPublic || e.Status == chamber.EventDraft {
		return nil, chamber.Errorf(chamber.ENOTFOUND, "event.err.not_found")
	}
	return e, nil
}

func (s *Server) publicEventPage(w http.ResponseWriter, r *http.Request) error {
	p := publicEventPage{Page: s.page(r, "event.public_title")}
	var err error
	if p.Event, err = s.publicEvent(r); err != nil {
		return err
	}
	p.Open = p.Event.RegistrationOpen(time.Now())
	s.render(w, r, http.StatusOK, "public_event", &p)
	return nil
}

func (s *Server) publicEventSubmit(w http.ResponseWriter, r *http.Request) error {
	p := publicEventPage{Page: s.page(r, "event.public_title")}
	var err error
	if p.Event, err = s.publicEvent(r); err != nil {
		return err
	}
	if err := s.throttleEventRegistration(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	p.Form = chamber.NewRegistration{AttendeeName: r.PostForm.Get("attendee_name"), Phone: r.PostForm.Get("phone"),
		Organisation: r.PostForm.Get("organisation")}
	reg, err := s.store.Register(r.Context(), p.Event.ID, p.Form)
	if err != nil {
		p.Open = p.Event.RegistrationOpen(time.Now())
		if !p.withFieldErrors(err) {
			return err
		}
		s.render(w, r, statusOf(chamber.ErrorCode(err)), "public_event", &p)
		return nil
	}
	http.Redirect(w, r, "/public/events/"+strconv.FormatInt(p.Event.ID, 10)+"/code/"+reg.Code, http.StatusSeeOther)
	return nil
}

type publicRegistrationPage struct {
	Page
	Event        *chamber.Event
	Registration *chamber.Registration
	QR           template.HTML
}

func (s *Server) publicRegistrationPage(w http.ResponseWriter, r *http.Request) error {
	p := publicRegistrationPage{Page: s.page(r, "event.public_done")}
	var err error
	if p.Event, err = s.publicEvent(r); err != nil {
		return err
	}
	if p.Registration, err = s.store.RegistrationByCode(r.Context(), p.Event.ID, r.PathValue("code")); err != nil {
		return err
	}
	if p.Registration.Status == chamber.RegConfirmed {
		if svg, err := qr.SVG(p.Registration.Code, p.Registration.Code); err == nil {
			p.QR = template.HTML(svg) // drawn by internal/qr from our own code: no user text in it
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "public_registration", &p)
	return nil
}

// AttendeeLine is "name · organisation" of a registration.
func (p *publicRegistrationPage) AttendeeLine(r *chamber.Registration) string {
	if r.Organisation == "" {
		return r.AttendeeName
	}
	return r.AttendeeName + " · " + r.Organisation
}

// eventSelfRegisterSubmit registers a staff login itself for a training
// event (its name and phone from the staff register).
func (s *Server) eventSelfRegisterSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.Register(r.Context(), id, chamber.NewRegistration{}); err != nil {
		return err
	}
	http.Redirect(w, r, "/events/"+strconv.FormatInt(id, 10)+"?registered=1", http.StatusSeeOther)
	return nil
}

func (s *Server) apiMemberTrainings(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		list, err := s.store.MemberTrainings(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, newList(list, ""))
		return nil
	})(w, r)
}

// moreEventSchemas are the request bodies of the exhibitions' routes.
func moreEventSchemas() obj { return exhibitionSchemas() }
