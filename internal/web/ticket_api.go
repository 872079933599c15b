package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// ticketAPIRoutes are the JSON endpoints of member services and the
// contacts register.
func (s *Server) ticketAPIRoutes() []*route {
	const handle = chamber.PermTicketHandle
	return []*route{
		api(user("POST", "/api/v1/tickets", s.apiTicketCreate), "File a request (a portal login files for its own member); department and due_at come from the routing rule of its kind", "NewTicket"),
		api(user("GET", "/api/v1/tickets", s.apiTicketList), "Requests, newest first (?status=open|in_progress|resolved, ?kind=, ?overdue=true, ?mine=true, ?member_id=); a portal login sees its own member's", ""),
		api(user("GET", "/api/v1/tickets/{id}", s.apiTicketGet), "One request with its replies (a member never sees internal notes) and referrals", ""),
		api(user("GET", "/api/v1/tickets/{id}/replies", s.apiTicketReplies), "The replies of a request as its reader may see them", ""),
		api(user("POST", "/api/v1/tickets/{id}/replies", s.apiTicketReply), "Answer the member, add an internal note (\"internal\": true, staff only), or the member's follow-up", "TicketReply"),
		api(perm("POST", "/api/v1/tickets/{id}/assign", handle, s.apiTicketAssign), "Give the request to a handler", "TicketAssign"),
		api(perm("POST", "/api/v1/tickets/{id}/refer", handle, s.apiTicketRefer), "Refer the request to an outside contact (law firm, bank, agency)", "TicketRefer"),
		api(perm("POST", "/api/v1/tickets/{id}/resolve", handle, s.apiTicketResolve), "Resolve with the outcome; the member is told and may rate it", "TicketResolve"),
		api(perm("POST", "/api/v1/tickets/{id}/reopen", handle, s.apiTicketReopen), "Open a resolved request again", ""),
		api(user("POST", "/api/v1/tickets/{id}/satisfaction", s.apiTicketRate), "The member rates a resolved request, once (409 otherwise)", "TicketRating"),
		api(perm("GET", "/api/v1/ticket-routes", handle, s.apiTicketRoutes), "The routing rule of each kind: department, default handler, working days to first answer and to resolution", ""),
		api(perm("PUT", "/api/v1/ticket-routes/{kind}", chamber.PermSettingsWrite, s.apiTicketRouteSet), "Replace the routing rule of a kind", "TicketRoute"),
		api(perm("GET", "/api/v1/holidays", handle, s.apiHolidays), "The holiday calendar of ?year= (official holidays and 调休 working days)", ""),
		api(perm("PUT", "/api/v1/holidays", chamber.PermSettingsWrite, s.apiHolidaysSet), "Replace a year's holiday calendar", "HolidayYear"),

		api(perm("GET", "/api/v1/contacts", chamber.PermOrgRead, s.apiContactList), "The contacts register (?q= in Chinese, pinyin or initials; ?kind=)", ""),
		api(perm("POST", "/api/v1/contacts", handle, s.apiContactCreate), "Add an outside organisation with its people", "Contact"),
		api(perm("GET", "/api/v1/contacts/{id}", chamber.PermOrgRead, s.apiContactGet), "One contact with its people and interaction log", ""),
		api(perm("POST", "/api/v1/contacts/{id}/interactions", handle, s.apiInteractionCreate), "Log a visit, reception, meeting, call or letter", "Interaction"),
	}
}

func ticketSchemas() obj {
	kinds := make([]string, len(chamber.TicketKinds))
	for i, k := range chamber.TicketKinds {
		kinds[i] = string(k)
	}
	return obj{
		"NewTicket": oaObject([]string{"kind", "subject", "body"}, obj{
			"kind": oaEnum(kinds...), "member_id": oaInteger, "subject": oaString, "body": oaString,
			"channel": oaEnum(chamber.TicketChannels...), "requester_name": oaString, "requester_phone": oaString,
			"parties": oaString, "dispute_amount_fen": oaInteger,
		}),
		"TicketReply":   oaObject([]string{"body"}, obj{"body": oaString, "internal": oaBoolean}),
		"TicketAssign":  oaObject([]string{"user_id"}, obj{"user_id": oaInteger}),
		"TicketRefer":   oaObject([]string{"contact_id"}, obj{"contact_id": oaInteger, "note": oaString}),
		"TicketResolve": oaObject([]string{"outcome"}, obj{"outcome": oaString}),
		"TicketRating":  oaObject([]string{"rating"}, obj{"rating": obj{"type": "integer", "minimum": 1, "maximum": 5}, "comment": oaString}),
		"TicketRoute": oaObject([]string{"department_id", "resolve_days"}, obj{
			"department_id": oaInteger, "handler_user_id": oaInteger, "first_answer_days": oaInteger, "resolve_days": oaInteger,
		}),
		"HolidayYear": oaObject([]string{"year", "days"}, obj{"year": oaInteger, "days": oaArray(oaObject([]string{"date"}, obj{
			"date": oaDate, "name": oaString, "workday": oaBoolean,
		}))}),
		"Contact": oaObject([]string{"kind", "name"}, obj{
			"kind": oaEnum(chamber.ContactKinds...), "name": oaString, "country": oaString, "notes": oaString, "owner_user_id": oaInteger,
			"people": oaArray(oaObject([]string{"name"}, obj{"name": oaString, "title": oaString, "phone": oaString, "email": oaString})),
		}),
		"Interaction": oaObject([]string{"date", "kind", "summary"}, obj{
			"date": oaDate, "kind": oaEnum(chamber.InteractionKinds...), "summary": oaString, "user_ids": oaArray(oaInteger),
		}),
	}
}

func (s *Server) apiTicketCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewTicket
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t, err := s.store.CreateTicket(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/tickets/"+strconv.FormatInt(t.ID, 10))
	writeJSON(w, http.StatusCreated, t)
	return nil
}

// ticketFilter reads a list's filters from the query.
func ticketFilter(r *http.Request) (chamber.TicketFilter, error) {
	q := r.URL.Query()
	f := chamber.TicketFilter{Status: q.Get("status"), Kind: q.Get("kind")}
	var err error
	if f.Overdue, err = queryTrue(r, "overdue"); err != nil {
		return f, err
	}
	if f.Mine, err = queryTrue(r, "mine"); err != nil {
		return f, err
	}
	if v := q.Get("member_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, fieldErr("member_id", "err.invalid_value")
		}
		f.MemberID = id
	}
	return f, nil
}

func (s *Server) apiTicketList(w http.ResponseWriter, r *http.Request) error {
	return writeFilteredPage(w, r, ticketFilter, s.store.ListTickets)
}

func (s *Server) apiTicketGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.store.FindTicket(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) apiTicketReplies(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rs, err := s.store.TicketReplies(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rs, ""))
	return nil
}

func (s *Server) apiTicketReply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body     string `json:"body"`
		Internal bool   `json:"internal"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rep, err := s.store.ReplyTicket(r.Context(), id, in.Body, in.Internal)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

// ticketAction decodes a body into in (if given), runs fn and answers 200
// with the ticket: the shape of assign, refer, resolve and reopen.
func ticketAction[T any](w http.ResponseWriter, r *http.Request, optional bool, fn func(id chamber.ID, in T) (*chamber.Ticket, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in T
	if optional {
		err = decodeOptional(r, &in)
	} else {
		err = decodeJSON(r, &in)
	}
	if err != nil {
		return err
	}
	t, err := fn(id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) apiTicketAssign(w http.ResponseWriter, r *http.Request) error {
	return ticketAction(w, r, false, func(id chamber.ID, in struct {
		UserID chamber.ID `json:"user_id"`
	}) (*chamber.Ticket, error) {
		return s.store.AssignTicket(r.Context(), id, in.UserID)
	})
}

func (s *Server) apiTicketRefer(w http.ResponseWriter, r *http.Request) error {
	return ticketAction(w, r, false, func(id chamber.ID, in struct {
		ContactID chamber.ID `json:"contact_id"`
		Note      string     `json:"note"`
	}) (*chamber.Ticket, error) {
		return s.store.ReferTicket(r.Context(), id, in.ContactID, in.Note)
	})
}

func (s *Server) apiTicketResolve(w http.ResponseWriter, r *http.Request) error {
	return ticketAction(w, r, false, func(id chamber.ID, in struct {
		Outcome string `json:"outcome"`
	}) (*chamber.Ticket, error) {
		return s.store.ResolveTicket(r.Context(), id, in.Outcome)
	})
}

func (s *Server) apiTicketReopen(w http.ResponseWriter, r *http.Request) error {
	return ticketAction(w, r, true, func(id chamber.ID, _ struct{}) (*chamber.Ticket, error) {
		return s.store.ReopenTicket(r.Context(), id)
	})
}

func (s *Server) apiTicketRate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Rating  int    `json:"rating"`
		Comment string `json:"comment"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t, err := s.store.RateTicket(r.Context(), id, in.Rating, in.Comment)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) apiTicketRoutes(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.TicketRoutes(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rs, ""))
	return nil
}

func (s *Server) apiTicketRouteSet(w http.ResponseWriter, r *http.Request) error {
	var in chamber.TicketRoute
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.Kind = chamber.TicketKind(r.PathValue("kind"))
	if !chamber.ValidTicketKind(in.Kind) {
		return chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	if err := s.store.SetTicketRoute(r.Context(), in); err != nil {
		return err
	}
	return s.apiTicketRoutes(w, r)
}

func yearParam(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return def, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2100 {
		return 0, fieldErr("year", "err.invalid_value")
	}
	return y, nil
}

func (s *Server) apiHolidays(w http.ResponseWriter, r *http.Request) error {
	y, err := yearParam(r, atoiYear(s.store.Today(r.Context())))
	if err != nil {
		return err
	}
	hs, err := s.store.Holidays(r.Context(), y)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": y, "days": hs})
	return nil
}

func (s *Server) apiHolidaysSet(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Year int               `json:"year"`
		Days []chamber.Holiday `json:"days"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.store.SetHolidays(r.Context(), in.Year, in.Days); err != nil {
		return err
	}
	hs, err := s.store.Holidays(r.Context(), in.Year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": in.Year, "days": hs})
	return nil
}

func (s *Server) apiContactList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	cs, next, err := s.store.ListContacts(r.Context(), r.URL.Query().Get("q"), r.URL.Query().Get("kind"), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(cs, next))
	return nil
}

func (s *Server) apiContactCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.Contact
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.CreateContact(r.Context(), chamber.Contact{Kind: in.Kind, Name: in.Name, Country: in.Country, Notes: in.Notes, OwnerID: in.OwnerID, People: in.People})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/contacts/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiContactGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.FindContact(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiInteractionCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.Interaction
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	it, err := s.store.AddInteraction(r.Context(), chamber.Interaction{ContactID: id, Date: in.Date, Kind: in.Kind, Summary: in.Summary, UserIDs: in.UserIDs})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, it)
	return nil
}

// atoiYear is the year of a YYYY-MM-DD date.
func atoiYear(date string) int {
	y, _ := strconv.Atoi(date[:min(4, len(date))])
	return y
}
