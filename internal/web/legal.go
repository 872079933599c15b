package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Legal aid's pages: the 法律维权部's case list, a case, the consultation
// calendar; in the portal the member's own cases, bookings and free slots.
func (s *Server) legalRoutes() []*route {
	const handle = chamber.PermLegalHandle
	return append([]*route{
		perm("GET", "/legal", handle, s.legalCasesPage),
		perm("POST", "/legal", handle, s.legalCaseSubmit),
		perm("GET", "/legal/calendar", handle, s.legalCalendarPage),
		perm("POST", "/legal/calendar", handle, s.officeHoursSubmit),
		perm("POST", "/legal/calendar/{id}/end", handle, s.officeHoursEndSubmit),
		perm("GET", "/legal/{id}", handle, s.legalCasePage),
		perm("POST", "/legal/{id}/steps", handle, s.legalCaseAction("step")),
		perm("POST", "/legal/{id}/adviser", handle, s.legalCaseAction("adviser")),
		perm("POST", "/legal/{id}/close", handle, s.legalCaseAction("close")),
		perm("POST", "/tickets/{id}/legal-case", handle, s.ticketLegalCaseSubmit),
		perm("GET", "/portal/legal", chamber.PermPortal, s.portalLegalPage),
		perm("GET", "/portal/legal/{id}", chamber.PermPortal, s.legalCasePage),
		perm("POST", "/portal/legal/bookings", chamber.PermPortal, s.bookingSubmit),
		perm("POST", "/portal/legal/bookings/{id}/cancel", chamber.PermPortal, s.bookingCancelSubmit),
	}, s.legalAPIRoutes()...)
}

// Lists for the legal templates.
func (p *Page) LegalStatuses() []string  { return chamber.LegalStatuses }
func (p *Page) LegalStepKinds() []string { return chamber.LegalStepKinds }
func (p *Page) LegalOutcomes() []string  { return chamber.LegalOutcomes }
func (p *Page) Weekdays() []int          { return []int{1, 2, 3, 4, 5, 6, 7} }

type legalForm struct {
	MemberNo, Subject, Summary, Respondent, Dispute, Adviser, Person, Notes string
	Date, Kind, Note, Outcome, Result                                       string
}

type legalCasesPage struct {
	Page
	Cases    []*chamber.LegalCase
	Next     string
	Filter   chamber.LegalCaseFilter
	Advisers []*chamber.Contact
	Form     legalForm
}

// advisers are the contacts a case or office hours may name: law firms
// first, then the rest of the register.
func (s *Server) advisers(r *http.Request) ([]*chamber.Contact, error) {
	cs, _, err := s.store.ListContacts(r.Context(), "", "", chamber.Page{Limit: chamber.MaxPageLimit})
	if err != nil {
		return nil, err
	}
	out := make([]*chamber.Contact, 0, len(cs))
	for _, c := range cs {
		if c.Kind == "law_firm" {
			out = append(out, c)
		}
	}
	for _, c := range cs {
		if c.Kind != "law_firm" {
			out = append(out, c)
		}
	}
	return out, nil
}

func (s *Server) legalCasesPage(w http.ResponseWriter, r *http.Request) error {
	p := legalCasesPage{Page: s.page(r, "legal.title")}
	return s.renderLegalCases(w, r, http.StatusOK, &p)
}

func (s *Server) renderLegalCases(w http.ResponseWriter, r *http.Request, status int, p *legalCasesPage) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Filter, err = legalFilter(r); err != nil {
		return err
	}
	if p.Cases, p.Next, err = s.store.ListLegalCases(r.Context(), p.Filter, pg); err != nil && !p.withFieldErrors(err) {
		return err
	}
	if p.Advisers, err = s.advisers(r); err != nil {
		return err
	}
	s.render(w, r, status, "legal_cases", p)
	return nil
}

func (s *Server) legalCaseSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	form := legalForm{MemberNo: f.Get("member_no"), Subject: f.Get("subject"), Summary: f.Get("summary"), Respondent: f.Get("respondent"),
		Dispute: strings.TrimSpace(f.Get("dispute")), Adviser: f.Get("adviser_contact_id"), Person: f.Get("adviser_person"), Notes: f.Get("notes")}
	n := chamber.NewLegalCase{MemberNo: form.MemberNo, Subject: form.Subject, Summary: form.Summary, AdviserID: formID(r, "adviser_contact_id"),
		AdviserPerson: form.Person, Notes: form.Notes}
	if strings.TrimSpace(form.Respondent) != "" {
		n.Parties = []chamber.LegalParty{{Role: "respondent", Name: form.Respondent}}
	}
	var err error
	if form.Dispute != "" {
		v, ok := chamber.ParseYuan(form.Dispute)
		if !ok {
			err = fieldErr("dispute_amount_fen", "ledger.err.amount")
		}
		n.DisputeFen = v
	}
	var c *chamber.LegalCase
	if err == nil {
		c, err = s.store.OpenLegalCase(r.Context(), n)
	}
	if err != nil {
		p := legalCasesPage{Page: s.page(r, "legal.title"), Form: form}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderLegalCases(w, r, st, &p) })
	}
	http.Redirect(w, r, "/legal/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

// ticketLegalCaseSubmit opens the case of a legal_aid/rights ticket, or
// goes to the one already open.
func (s *Server) ticketLegalCaseSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.OpenLegalCase(r.Context(), chamber.NewLegalCase{TicketID: id})
	if err != nil {
		if t, ferr := s.store.FindTicket(r.Context(), id); ferr == nil && t.LegalCaseID != 0 {
			http.Redirect(w, r, "/legal/"+strconv.FormatInt(t.LegalCaseID, 10), http.StatusSeeOther)
			return nil
		}
		return s.ticketFormDone(w, r, id, err, nil)
	}
	http.Redirect(w, r, "/legal/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
	return nil
}

type legalCasePage struct {
	Page
	Case     *chamber.LegalCase
	Staff    bool
	Advisers []*chamber.Contact
	Form     legalForm
	Today    string
}

// legalCasePage shows a case to its handlers (with notes, internal steps
// and the work forms) or to its member in the portal (without them).
func (s *Server) legalCasePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := legalCasePage{Page: s.page(r, "legal.case_title")}
	return s.renderLegalCase(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderLegalCase(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *legalCasePage) error {
	c, err := s.store.FindLegalCase(r.Context(), id)
	if err != nil {
		return err
	}
	p.Case, p.Staff = c, p.Actor.Can(chamber.PermLegalHandle) && !strings.HasPrefix(r.URL.Path, "/portal/")
	p.Today = s.store.Today(r.Context())
	if p.Form.Date == "" {
		p.Form.Date = p.Today
	}
	if p.Staff {
		if p.Advisers, err = s.advisers(r); err != nil {
			return err
		}
	}
	s.render(w, r, status, "legal_case", p)
	return nil
}

func (s *Server) legalCaseAction(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := parseForm(r); err != nil {
			return err
		}
		f, ctx := r.PostForm, r.Context()
		form := legalForm{Date: f.Get("date"), Kind: f.Get("kind"), Note: f.Get("note"), Outcome: f.Get("outcome"), Result: f.Get("result"),
			Person: f.Get("adviser_person"), Notes: f.Get("notes")}
		switch action {
		case "step":
			_, err = s.store.AddLegalStep(ctx, id, chamber.LegalStep{Date: form.Date, Kind: form.Kind, Note: form.Note, Internal: f.Get("internal") == "1"})
		case "adviser":
			adviser := formID(r, "adviser_contact_id")
			_, err = s.store.PatchLegalCase(ctx, id, chamber.LegalCasePatch{AdviserID: &adviser, AdviserPerson: &form.Person, Notes: &form.Notes})
		case "close":
			_, err = s.store.CloseLegalCase(ctx, id, form.Outcome, form.Result)
		}
		if err != nil {
			p := legalCasePage{Page: s.page(r, "legal.case_title"), Form: form}
			return s.formFailed(w, r, err, &p, func(st int) error { return s.renderLegalCase(w, r, st, id, &p) })
		}
		http.Redirect(w, r, "/legal/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
}

type legalCalendarPage struct {
	Page
	Hours    []*chamber.OfficeHours
	Bookings []*chamber.Consultation
	Slots    []*chamber.ConsultationSlot
	Advisers []*chamber.Contact
	Cases    []*chamber.LegalCase
	Form     chamber.OfficeHours
	Booking  chamber.NewConsultation
	Today    string
}

func (s *Server) legalCalendarPage(w http.ResponseWriter, r *http.Request) error {
	p := legalCalendarPage{Page: s.page(r, "legal.calendar_title"), Form: chamber.OfficeHours{Weekday: 3, Start: "14:00", End: "17:00", SlotMinutes: 30}}
	return s.renderLegalCalendar(w, r, http.StatusOK, &p)
}

// loadCalendar fills what both the staff calendar and the portal show.
func (s *Server) loadCalendar(r *http.Request, p *legalCalendarPage) error {
	ctx := r.Context()
	p.Today = s.store.Today(ctx)
	var err error
	if p.Hours, err = s.store.ListOfficeHours(ctx); err != nil {
		return err
	}
	if p.Bookings, err = s.store.ListConsultations(ctx, true); err != nil {
		return err
	}
	from, to := s.slotSpan(r)
	if p.Slots, err = s.store.ConsultationSlots(ctx, from, to); err != nil && !p.withFieldErrors(err) {
		return err
	}
	return nil
}

func (s *Server) renderLegalCalendar(w http.ResponseWriter, r *http.Request, status int, p *legalCalendarPage) error {
	if err := s.loadCalendar(r, p); err != nil {
		return err
	}
	if p.Form.From == "" {
		p.Form.From = p.Today
	}
	var err error
	if p.Advisers, err = s.advisers(r); err != nil {
		return err
	}
	s.render(w, r, status, "legal_calendar", p)
	return nil
}

func (s *Server) officeHoursSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	wd, _ := strconv.Atoi(f.Get("weekday"))
	slot, _ := strconv.Atoi(f.Get("slot_minutes"))
	o := chamber.OfficeHours{AdviserID: formID(r, "adviser_contact_id"), AdviserPerson: f.Get("adviser_person"), Start: f.Get("start"), End: f.Get("end"),
		SlotMinutes: slot, Place: f.Get("place")}
	if f.Get("repeat") == "dated" {
		o.Date = f.Get("date")
	} else {
		o.Weekday, o.From, o.To = wd, f.Get("from"), f.Get("to")
	}
	if _, err := s.store.AddOfficeHours(r.Context(), o); err != nil {
		p := legalCalendarPage{Page: s.page(r, "legal.calendar_title"), Form: o}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderLegalCalendar(w, r, st, &p) })
	}
	http.Redirect(w, r, "/legal/calendar", http.StatusSeeOther)
	return nil
}

func (s *Server) officeHoursEndSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.EndOfficeHours(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/legal/calendar", http.StatusSeeOther)
	return nil
}

// portalLegalPage is the member's: its cases, its bookings and the free
// slots of the next two weeks, one day after another (phone first).
func (s *Server) portalLegalPage(w http.ResponseWriter, r *http.Request) error {
	p := legalCalendarPage{Page: s.page(r, "legal.portal_title")}
	return s.renderPortalLegal(w, r, http.StatusOK, &p)
}

func (s *Server) renderPortalLegal(w http.ResponseWriter, r *http.Request, status int, p *legalCalendarPage) error {
	if err := s.loadCalendar(r, p); err != nil {
		return err
	}
	var err error
	if p.Cases, _, err = s.store.ListLegalCases(r.Context(), chamber.LegalCaseFilter{}, chamber.Page{Limit: 50}); err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "booked":
		p.Flash = p.T("legal.booked")
	case "cancelled":
		p.Flash = p.T("legal.cancelled")
	}
	s.render(w, r, status, "portal_legal", p)
	return nil
}

func (s *Server) bookingSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	n := chamber.NewConsultation{OfficeHoursID: formID(r, "office_hours_id"), Date: f.Get("date"), Start: f.Get("start"), Topic: f.Get("topic")}
	if _, err := s.store.BookConsultation(r.Context(), n); err != nil {
		p := legalCalendarPage{Page: s.page(r, "legal.portal_title"), Booking: n}
		if chamber.ErrorCode(err) == chamber.ECONFLICT {
			p.Flash = p.T("legal.err.slot_taken")
			return s.renderPortalLegal(w, r, http.StatusConflict, &p)
		}
		return s.formFailed(w, r, err, &p, func(st int) error { return s.renderPortalLegal(w, r, st, &p) })
	}
	http.Redirect(w, r, "/portal/legal?done=booked", http.StatusSeeOther)
	return nil
}

func (s *Server) bookingCancelSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.CancelConsultation(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/legal?done=cancelled", http.StatusSeeOther)
	return nil
}

// SlotDays groups the slots by day for the portal.
func (p *legalCalendarPage) SlotDays() [][]*chamber.ConsultationSlot {
	var out [][]*chamber.ConsultationSlot
	for _, s := range p.Slots {
		if n := len(out); n > 0 && out[n-1][0].Date == s.Date {
			out[n-1] = append(out[n-1], s)
			continue
		}
		out = append(out, []*chamber.ConsultationSlot{s})
	}
	return out
}
