package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/qr"
)

// eventRoutes are the activities' pages (staff and portal), then the API.
func (s *Server) eventRoutes() []*route {
	const manage = chamber.PermEventManage
	return append([]*route{
		user("GET", "/events", s.eventsPage),
		user("GET", "/events/{id}", s.eventPage),
		perm("POST", "/events/{id}/publish", manage, s.eventPublishSubmit),
		perm("POST", "/events/{id}/check-ins", manage, s.eventCheckInSubmit),
		perm("POST", "/registrations/{id}/fee", chamber.PermFinancePost, s.eventFeeSubmit),
		user("POST", "/events/{id}/register", s.eventSelfRegisterSubmit),
		perm("GET", "/portal/events", chamber.PermPortal, s.portalEventsPage),
		perm("POST", "/portal/events/{id}/register", chamber.PermPortal, s.portalRegisterSubmit),
		perm("POST", "/portal/registrations/{id}/cancel", chamber.PermPortal, s.portalCancelSubmit),
		perm("POST", "/portal/events/{id}/feedback", chamber.PermPortal, s.portalFeedbackSubmit),
	}, s.eventMoreRoutes()...)
}

type eventsPage struct {
	Page
	Events []*chamber.Event
	Next   string
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request) error {
	p := eventsPage{Page: s.page(r, "event.title")}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	f, err := eventFilter(r)
	if err != nil {
		return err
	}
	if p.Events, p.Next, err = s.store.ListEvents(r.Context(), f, pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "events", &p)
	return nil
}

type eventPage struct {
	Page
	Event         *chamber.Event
	Stats         *chamber.EventStats
	Registrations []*chamber.Registration
	// Mine is a staff login's own registration (training events).
	Mine *chamber.Registration
	// SelfRegister: a staff login without event.manage may register itself.
	SelfRegister bool
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := eventPage{Page: s.page(r, "event.title")}
	if p.Event, err = s.store.FindEvent(ctx, id); err != nil {
		return err
	}
	if p.Actor.Can(chamber.PermEventManage) {
		if p.Stats, err = s.store.EventStats(ctx, id); err != nil {
			return err
		}
		if p.Registrations, err = s.store.ListRegistrations(ctx, id); err != nil {
			return err
		}
	}
	if !p.Actor.Can(chamber.PermEventManage) && p.Actor.MemberID == 0 && p.Event.Kind == chamber.EventTraining {
		mine, err := s.store.ListRegistrations(ctx, 0)
		if err != nil {
			return err
		}
		for _, reg := range mine {
			if reg.EventID == id && reg.Status != chamber.RegCancelled {
				p.Mine = reg
			}
		}
		p.SelfRegister = p.Mine == nil && p.Event.RegistrationOpen(s.clock.Now())
	}
	if r.URL.Query().Get("checked") != "" {
		p.Flash = p.T("event.checked_in")
	}
	if r.URL.Query().Get("registered") != "" {
		p.Flash = p.T("event.registered")
	}
	if r.URL.Query().Get("fee") != "" {
		p.Flash = p.T("event.fee_taken")
	}
	s.render(w, r, http.StatusOK, "event", &p)
	return nil
}

func (s *Server) eventPublishSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.PublishEvent(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/events/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// eventCheckInSubmit checks a code in: typed, or scanned by the phone's
// camera app into the field.
func (s *Server) eventCheckInSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.CheckInEvent(r.Context(), id, r.PostForm.Get("code")); err != nil {
		return err
	}
	http.Redirect(w, r, "/events/"+strconv.FormatInt(id, 10)+"?checked=1", http.StatusSeeOther)
	return nil
}

type portalEventsPage struct {
	Page
	Events        []*chamber.Event
	Registrations []*portalRegistration
	Trainings     []*chamber.MemberTraining
}

type portalRegistration struct {
	*chamber.Registration
	QR template.HTML
}

func (s *Server) portalEventsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := portalEventsPage{Page: s.page(r, "event.portal_title")}
	var err error
	if p.Events, _, err = s.store.ListEvents(ctx, chamber.EventFilter{Upcoming: true, Status: chamber.EventOpen}, chamber.Page{Limit: 50}); err != nil {
		return err
	}
	regs, err := s.store.ListRegistrations(ctx, 0)
	if err != nil {
		return err
	}
	for _, reg := range regs {
		pr := &portalRegistration{Registration: reg}
		if reg.Status == chamber.RegConfirmed {
			if svg, err := qr.SVG(reg.Code, reg.Code); err == nil {
				pr.QR = template.HTML(svg) // drawn by internal/qr from our own code: no user text in it
			}
		}
		p.Registrations = append(p.Registrations, pr)
	}
	if p.Trainings, err = s.store.MemberTrainings(ctx, p.Actor.MemberID); err != nil {
		return err
	}
	if r.URL.Query().Get("done") != "" {
		p.Flash = p.T("event.saved")
	}
	s.render(w, r, http.StatusOK, "portal_events", &p)
	return nil
}

func (s *Server) portalRegisterSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	if _, err := s.store.Register(r.Context(), id, chamber.NewRegistration{AttendeeName: r.PostForm.Get("attendee_name"), Phone: r.PostForm.Get("phone")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/events?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) portalCancelSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.CancelRegistration(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/events?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) portalFeedbackSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	rating, _ := strconv.Atoi(r.PostForm.Get("rating"))
	reg, err := s.store.FindRegistration(r.Context(), mustID(r.PostForm.Get("registration_id")))
	if err != nil {
		return err
	}
	if err := s.store.Feedback(r.Context(), id, chamber.EventFeedback{Code: reg.Code, Rating: rating, Comment: r.PostForm.Get("comment")}); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/events?done=1", http.StatusSeeOther)
	return nil
}

func mustID(s string) chamber.ID {
	v, _ := strconv.ParseInt(s, 10, 64)
	return v
}

// EventKinds and statuses for the templates.
func (p *Page) EventKinds() []chamber.EventKind { return chamber.EventKinds }

// Stars are the rating choices.
func (p *Page) Stars() []int { return []int{5, 4, 3, 2, 1} }
