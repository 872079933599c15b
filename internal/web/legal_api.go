package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// legalAPIRoutes are the JSON endpoints of legal aid: cases (legal.handle
// works on them, the member reads its own) and the consultation calendar.
func (s *Server) legalAPIRoutes() []*route {
	const handle = chamber.PermLegalHandle
	return []*route{
		api(perm("POST", "/api/v1/legal-cases", handle, s.apiLegalCaseOpen), "Open a legal-aid case (维权) for a member, or from a legal_aid/rights ticket (\"ticket_id\"; one case per ticket, 409 otherwise)", "NewLegalCase"),
		api(user("GET", "/api/v1/legal-cases", s.apiLegalCaseList), "Legal-aid cases, newest first (?status=open|in_progress|closed, ?member_id=): legal.handle holders see all, a portal login its own member's, others none", ""),
		api(user("GET", "/api/v1/legal-cases/{id}", s.apiLegalCaseGet), "One case with its steps; the member concerned sees it without notes and internal steps, everyone else without legal.handle gets 404", ""),
		api(perm("PATCH", "/api/v1/legal-cases/{id}", handle, s.apiLegalCasePatch), "Change an open case's adviser (a contact), parties, amount or notes", "LegalCasePatch"),
		api(perm("POST", "/api/v1/legal-cases/{id}/steps", handle, s.apiLegalStepAdd), "Record a dated step (consultation, lawyer's letter, negotiation, mediation, arbitration, litigation); \"internal\": true hides it from the member", "LegalStep"),
		api(perm("POST", "/api/v1/legal-cases/{id}/close", handle, s.apiLegalCaseClose), "Close the case with its outcome and result; the member is told", "LegalClose"),
		api(user("GET", "/api/v1/legal-office-hours", s.apiOfficeHoursList), "The advisers' consultation hours still running (weekly or dated)", ""),
		api(perm("POST", "/api/v1/legal-office-hours", handle, s.apiOfficeHoursAdd), "Add an adviser's office hours: weekly (\"weekday\" 1–7 from \"from\" to \"to\") or on a \"date\", split into slots of \"slot_minutes\"", "OfficeHours"),
		api(perm("POST", "/api/v1/legal-office-hours/{id}/end", handle, s.apiOfficeHoursEnd), "Stop weekly office hours after today (bookings made stay)", ""),
		api(user("GET", "/api/v1/legal-office-hours/slots", s.apiConsultationSlots), "The bookable slots of ?from= to ?to= (at most 62 days; weekly hours skip days off) and whether each is taken", ""),
		api(user("POST", "/api/v1/legal-consultations", s.apiConsultationBook), "Book a slot (a portal login for its own member, legal.handle for any member); a taken slot is 409, and of bookings sent at once exactly one wins", "NewConsultation"),
		api(user("GET", "/api/v1/legal-consultations", s.apiConsultationList), "Bookings (?upcoming=true): legal.handle holders see all, a portal login its own member's", ""),
		api(user("POST", "/api/v1/legal-consultations/{id}/cancel", s.apiConsultationCancel), "Cancel a booking not yet begun (its member or legal.handle)", ""),
	}
}

func legalSchemas() obj {
	party := oaObject([]string{"role", "name"}, obj{"role": oaEnum(chamber.LegalPartyRoles...), "name": oaString})
	return obj{
		"NewLegalCase": oaObject(nil, obj{"ticket_id": oaInteger, "member_id": oaInteger, "subject": oaString, "summary": oaString,
			"parties": oaArray(party), "dispute_amount_fen": oaInteger, "adviser_contact_id": oaInteger, "adviser_person": oaString, "notes": oaString}),
		"LegalCasePatch": oaObject(nil, obj{"adviser_contact_id": oaInteger, "adviser_person": oaString, "parties": oaArray(party),
			"dispute_amount_fen": oaInteger, "notes": oaString}),
		"LegalStep":  oaObject([]string{"date", "kind", "note"}, obj{"date": oaDate, "kind": oaEnum(chamber.LegalStepKinds...), "note": oaString, "internal": oaBoolean}),
		"LegalClose": oaObject([]string{"outcome", "result"}, obj{"outcome": oaEnum(chamber.LegalOutcomes...), "result": oaString}),
		"OfficeHours": oaObject([]string{"adviser_contact_id", "start", "end", "slot_minutes"}, obj{"adviser_contact_id": oaInteger, "adviser_person": oaString,
			"weekday": obj{"type": "integer", "minimum": 0, "maximum": 7}, "date": oaDate, "from": oaDate, "to": oaDate,
			"start": obj{"type": "string", "pattern": `^\d{2}:\d{2}$`, "example": "14:00"}, "end": obj{"type": "string", "pattern": `^\d{2}:\d{2}$`, "example": "17:00"},
			"slot_minutes": obj{"type": "integer", "minimum": 10, "maximum": 240}, "place": oaString}),
		"NewConsultation": oaObject([]string{"office_hours_id", "date", "start", "topic"}, obj{"office_hours_id": oaInteger, "date": oaDate,
			"start": obj{"type": "string", "pattern": `^\d{2}:\d{2}$`}, "member_id": oaInteger, "topic": oaString}),
	}
}

func (s *Server) apiLegalCaseOpen(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewLegalCase
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.store.OpenLegalCase(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/legal-cases/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// legalFilter reads ?status= and ?member_id=.
func legalFilter(r *http.Request) (chamber.LegalCaseFilter, error) {
	f := chamber.LegalCaseFilter{Status: r.URL.Query().Get("status")}
	if v := r.URL.Query().Get("member_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, fieldErr("member_id", "err.invalid_value")
		}
		f.MemberID = id
	}
	return f, nil
}

func (s *Server) apiLegalCaseList(w http.ResponseWriter, r *http.Request) error {
	return writeFilteredPage(w, r, legalFilter, s.store.ListLegalCases)
}

func (s *Server) apiLegalCaseGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.store.FindLegalCase(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// legalAction decodes the body into in, runs fn and answers status with
// what it returns: the shape of the case's writes.
func legalAction[T, R any](w http.ResponseWriter, r *http.Request, status int, optional bool, fn func(id chamber.ID, in T) (R, error)) error {
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
	out, err := fn(id, in)
	if err != nil {
		return err
	}
	writeJSON(w, status, out)
	return nil
}

func (s *Server) apiLegalCasePatch(w http.ResponseWriter, r *http.Request) error {
	return legalAction(w, r, http.StatusOK, false, func(id chamber.ID, in chamber.LegalCasePatch) (*chamber.LegalCase, error) {
		return s.store.PatchLegalCase(r.Context(), id, in)
	})
}

func (s *Server) apiLegalStepAdd(w http.ResponseWriter, r *http.Request) error {
	return legalAction(w, r, http.StatusCreated, false, func(id chamber.ID, in struct {
		Date     string `json:"date"`
		Kind     string `json:"kind"`
		Note     string `json:"note"`
		Internal bool   `json:"internal"`
	}) (*chamber.LegalStep, error) {
		return s.store.AddLegalStep(r.Context(), id, chamber.LegalStep{Date: in.Date, Kind: in.Kind, Note: in.Note, Internal: in.Internal})
	})
}

func (s *Server) apiLegalCaseClose(w http.ResponseWriter, r *http.Request) error {
	return legalAction(w, r, http.StatusOK, false, func(id chamber.ID, in struct {
		Outcome string `json:"outcome"`
		Result  string `json:"result"`
	}) (*chamber.LegalCase, error) {
		return s.store.CloseLegalCase(r.Context(), id, in.Outcome, in.Result)
	})
}

func (s *Server) apiOfficeHoursList(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.store.ListOfficeHours(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(hs, ""))
	return nil
}

func (s *Server) apiOfficeHoursAdd(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		AdviserID     chamber.ID `json:"adviser_contact_id"`
		AdviserPerson string     `json:"adviser_person"`
		Weekday       int        `json:"weekday"`
		Date          string     `json:"date"`
		From          string     `json:"from"`
		To            string     `json:"to"`
		Start         string     `json:"start"`
		End           string     `json:"end"`
		SlotMinutes   int        `json:"slot_minutes"`
		Place         string     `json:"place"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	o, err := s.store.AddOfficeHours(r.Context(), chamber.OfficeHours{AdviserID: in.AdviserID, AdviserPerson: in.AdviserPerson, Weekday: in.Weekday,
		Date: in.Date, From: in.From, To: in.To, Start: in.Start, End: in.End, SlotMinutes: in.SlotMinutes, Place: in.Place})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) apiOfficeHoursEnd(w http.ResponseWriter, r *http.Request) error {
	return legalAction(w, r, http.StatusOK, true, func(id chamber.ID, _ struct{}) (*chamber.OfficeHours, error) {
		return s.store.EndOfficeHours(r.Context(), id)
	})
}

// slotSpan is ?from= and ?to=, from today for two weeks by default.
func (s *Server) slotSpan(r *http.Request) (string, string) {
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	today := s.store.Today(r.Context())
	if from == "" {
		from = today
	}
	if to == "" {
		if d, ok := chamber.ParseDate(from); ok {
			to = d.AddDate(0, 0, 13).Format("2006-01-02")
		}
	}
	return from, to
}

func (s *Server) apiConsultationSlots(w http.ResponseWriter, r *http.Request) error {
	from, to := s.slotSpan(r)
	slots, err := s.store.ConsultationSlots(r.Context(), from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(slots, ""))
	return nil
}

func (s *Server) apiConsultationBook(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewConsultation
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	b, err := s.store.BookConsultation(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, b)
	return nil
}

func (s *Server) apiConsultationList(w http.ResponseWriter, r *http.Request) error {
	up, err := queryTrue(r, "upcoming")
	if err != nil {
		return err
	}
	bs, err := s.store.ListConsultations(r.Context(), up)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(bs, ""))
	return nil
}

func (s *Server) apiConsultationCancel(w http.ResponseWriter, r *http.Request) error {
	return legalAction(w, r, http.StatusOK, true, func(id chamber.ID, _ struct{}) (*chamber.Consultation, error) {
		return s.store.CancelConsultation(r.Context(), id)
	})
}
