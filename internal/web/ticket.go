package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// ticketRoutes are member services' pages (staff, portal and the public
// 信访 form) and the contacts register's, then the API.
func (s *Server) ticketRoutes() []*route {
	const handle = chamber.PermTicketHandle
	return append([]*route{
		perm("GET", "/tickets", handle, s.ticketsPage),
		perm("POST", "/tickets", handle, s.ticketSubmit),
		perm("GET", "/tickets/settings", handle, s.ticketSettingsPage),
		perm("POST", "/tickets/settings/routes", chamber.PermSettingsWrite, s.ticketRouteSubmit),
		perm("POST", "/tickets/settings/holidays", chamber.PermSettingsWrite, s.holidaysSubmit),
		user("GET", "/tickets/{id}", s.ticketPage),
		user("POST", "/tickets/{id}/replies", s.ticketReplySubmit),
		perm("POST", "/tickets/{id}/assign", handle, s.ticketActionSubmit("assign")),
		perm("POST", "/tickets/{id}/refer", handle, s.ticketActionSubmit("refer")),
		perm("POST", "/tickets/{id}/resolve", handle, s.ticketActionSubmit("resolve")),
		perm("POST", "/tickets/{id}/reopen", handle, s.ticketActionSubmit("reopen")),
		perm("GET", "/portal/tickets", chamber.PermPortal, s.portalTicketsPage),
		perm("POST", "/portal/tickets", chamber.PermPortal, s.ticketSubmit),
		perm("GET", "/portal/tickets/{id}", chamber.PermPortal, s.ticketPage),
		perm("POST", "/portal/tickets/{id}/replies", chamber.PermPortal, s.ticketReplySubmit),
		perm("POST", "/portal/tickets/{id}/satisfaction", chamber.PermPortal, s.ticketRateSubmit),
		pub("GET", "/petition", s.petitionPage),
		pub("POST", "/petition", s.ticketSubmit),
		perm("GET", "/contacts", chamber.PermOrgRead, s.contactsPage),
		perm("POST", "/contacts", handle, s.contactSubmit),
		perm("GET", "/contacts/{id}", chamber.PermOrgRead, s.contactPage),
		perm("POST", "/contacts/{id}/interactions", handle, s.interactionSubmit),
	}, s.ticketAPIRoutes()...)
}

// Kind and status lists for the ticket templates.
func (p *Page) TicketKinds() []chamber.TicketKind { return chamber.TicketKinds }
func (p *Page) TicketStatuses() []string          { return chamber.TicketStatuses }
func (p *Page) ContactKinds() []string            { return chamber.ContactKinds }
func (p *Page) InteractionKinds() []string        { return chamber.InteractionKinds }

type ticketForm struct {
	Kind, MemberNo, Subject, Body, Name, Phone, Parties, Dispute, Channel string
}

type ticketsPage struct {
	Page
	Tickets []*chamber.Ticket
	Next    string
	Filter  chamber.TicketFilter
	Form    ticketForm
	// Filed is the ticket just filed (portal and public forms).
	Filed *chamber.Ticket
}

func (s *Server) ticketsPage(w http.ResponseWriter, r *http.Request) error {
	p := ticketsPage{Page: s.page(r, "ticket.title")}
	return s.renderTickets(w, r, http.StatusOK, &p, "tickets")
}

func (s *Server) portalTicketsPage(w http.ResponseWriter, r *http.Request) error {
	p := ticketsPage{Page: s.page(r, "ticket.portal_title"), Form: ticketForm{Kind: string(chamber.TicketInquiry)}}
	return s.renderTickets(w, r, http.StatusOK, &p, "portal_tickets")
}

func (s *Server) renderTickets(w http.ResponseWriter, r *http.Request, status int, p *ticketsPage, tmpl string) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Filter, err = ticketFilter(r); err != nil {
		return err
	}
	if p.Tickets, p.Next, err = s.store.ListTickets(r.Context(), p.Filter, pg); err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("filed"), 10, 64); err == nil && id > 0 {
		p.Filed, _ = s.store.FindTicket(r.Context(), id)
	}
	s.render(w, r, status, tmpl, p)
	return nil
}

func (s *Server) petitionPage(w http.ResponseWriter, r *http.Request) error {
	p := ticketsPage{Page: s.page(r, "ticket.petition_title"), Form: ticketForm{Kind: string(chamber.TicketPetition)}}
	if r.URL.Query().Get("filed") != "" {
		p.Flash = p.T("ticket.petition_done")
	}
	s.render(w, r, http.StatusOK, "petition", &p)
	return nil
}

// ticketSubmit files a request from the staff, portal or public form; the
// store decides by the caller what it may file.
func (s *Server) ticketSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	form := ticketForm{Kind: f.Get("kind"), MemberNo: strings.TrimSpace(f.Get("member_no")), Subject: f.Get("subject"), Body: f.Get("body"),
		Name: f.Get("requester_name"), Phone: f.Get("requester_phone"), Parties: f.Get("parties"), Dispute: strings.TrimSpace(f.Get("dispute")), Channel: f.Get("channel")}
	n := chamber.NewTicket{Kind: chamber.TicketKind(form.Kind), Subject: form.Subject, Body: form.Body, RequesterName: form.Name,
		RequesterPhone: form.Phone, Parties: form.Parties, Channel: form.Channel}
	if id, err := strconv.ParseInt(form.MemberNo, 10, 64); err == nil && id > 0 && len(form.MemberNo) < 6 {
		n.MemberID = id
	} else {
		n.MemberNo = form.MemberNo
	}
	var bad chamber.Fields
	if form.Dispute != "" {
		v, ok := chamber.ParseYuan(form.Dispute)
		if !ok {
			bad.Add("dispute_amount_fen", "ledger.err.amount")
		}
		n.DisputeFen = v
	}
	err := bad.Err()
	var t *chamber.Ticket
	if err == nil {
		ctx := r.Context()
		if r.URL.Path == "/petition" { // the public form files as the public, whoever is logged in
			ctx = chamber.WithActor(ctx, nil)
		}
		t, err = s.store.CreateTicket(ctx, n)
	}
	tmpl, back := "tickets", "/tickets"
	switch {
	case strings.HasPrefix(r.URL.Path, "/portal/"):
		tmpl, back = "portal_tickets", "/portal/tickets"
	case r.URL.Path == "/petition":
		tmpl, back = "petition", "/petition"
	}
	if err != nil {
		p := ticketsPage{Page: s.page(r, "ticket.title"), Form: form}
		if !p.withFieldErrors(err) {
			return err
		}
		if tmpl == "petition" {
			s.render(w, r, http.StatusUnprocessableEntity, tmpl, &p)
			return nil
		}
		return s.renderTickets(w, r, http.StatusUnprocessableEntity, &p, tmpl)
	}
	switch tmpl {
	case "tickets":
		back = "/tickets/" + strconv.FormatInt(t.ID, 10)
	case "portal_tickets":
		back += "?filed=" + strconv.FormatInt(t.ID, 10)
	default:
		back += "?filed=1"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

type ticketPage struct {
	Page
	Ticket   *chamber.Ticket
	Staff    bool
	Handlers []*chamber.User
	Contacts []*chamber.Contact
	Att      attachmentBox
	Form     struct{ Body, Outcome string }
}

// ticketPage shows a ticket to staff (with internal notes and the work
// forms) or to its member in the portal (without them). A member opening
// the staff address is sent to the portal's.
func (s *Server) ticketPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := ticketPage{Page: s.page(r, "ticket.title")}
	return s.renderTicket(w, r, http.StatusOK, id, &p)
}

func (s *Server) renderTicket(w http.ResponseWriter, r *http.Request, status int, id chamber.ID, p *ticketPage) error {
	ctx := r.Context()
	staff := p.Actor.Can(chamber.PermTicketHandle)
	portal := strings.HasPrefix(r.URL.Path, "/portal/")
	if !staff && !portal {
		http.Redirect(w, r, "/portal/tickets/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	t, err := s.store.FindTicket(ctx, id)
	if err != nil {
		return err
	}
	p.Ticket, p.Staff = t, staff && !portal
	if p.Staff {
		if p.Handlers, err = s.store.WhoMay(ctx, chamber.PermTicketHandle, s.store.Today(ctx)); err != nil {
			return err
		}
		if p.Contacts, _, err = s.store.ListContacts(ctx, "", "", chamber.Page{Limit: chamber.MaxPageLimit}); err != nil {
			return err
		}
	}
	p.Att = s.attachments(r, chamber.OwnerTicket, id)
	s.render(w, r, status, "ticket", p)
	return nil
}

func (s *Server) ticketBack(r *http.Request, id chamber.ID) string {
	if strings.HasPrefix(r.URL.Path, "/portal/") {
		return "/portal/tickets/" + strconv.FormatInt(id, 10)
	}
	return "/tickets/" + strconv.FormatInt(id, 10)
}

// ticketFormDone re-renders the ticket page with a form's field errors, or
// goes back to it after a change.
func (s *Server) ticketFormDone(w http.ResponseWriter, r *http.Request, id chamber.ID, err error, fill func(p *ticketPage)) error {
	if err == nil {
		http.Redirect(w, r, s.ticketBack(r, id), http.StatusSeeOther)
		return nil
	}
	p := ticketPage{Page: s.page(r, "ticket.title")}
	if !p.withFieldErrors(err) {
		return err
	}
	if fill != nil {
		fill(&p)
	}
	return s.renderTicket(w, r, http.StatusUnprocessableEntity, id, &p)
}

func (s *Server) ticketReplySubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	body := r.PostForm.Get("body")
	_, err = s.store.ReplyTicket(r.Context(), id, body, r.PostForm.Get("internal") == "1")
	return s.ticketFormDone(w, r, id, err, func(p *ticketPage) { p.Form.Body = body })
}

func (s *Server) ticketActionSubmit(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
		}
		f, ctx := r.PostForm, r.Context()
		formID := func(name string) chamber.ID {
			v, _ := strconv.ParseInt(f.Get(name), 10, 64)
			return v
		}
		switch action {
		case "assign":
			_, err = s.store.AssignTicket(ctx, id, formID("user_id"))
		case "refer":
			_, err = s.store.ReferTicket(ctx, id, formID("contact_id"), f.Get("note"))
		case "resolve":
			_, err = s.store.ResolveTicket(ctx, id, f.Get("outcome"))
		case "reopen":
			_, err = s.store.ReopenTicket(ctx, id)
		}
		return s.ticketFormDone(w, r, id, err, func(p *ticketPage) { p.Form.Outcome = f.Get("outcome") })
	}
}

func (s *Server) ticketRateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	rating, _ := strconv.Atoi(r.PostForm.Get("rating"))
	_, err = s.store.RateTicket(r.Context(), id, rating, r.PostForm.Get("comment"))
	return s.ticketFormDone(w, r, id, err, nil)
}

// StaffChannels are the channels staff record a request from.
func (p *Page) StaffChannels() []string { return []string{"phone", "visit", "letter"} }

// Stars are the choices of the satisfaction form.
func (p *ticketPage) Stars() []int { return []int{5, 4, 3, 2, 1} }
