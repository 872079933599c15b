package web

import (
	"net/http"
	"strconv"

	ics "github.com/arran4/golang-ical"

	"github.com/chamber-org/chamber"
)

// eventAPIRoutes are the JSON endpoints of activities and the work plan.
func (s *Server) eventAPIRoutes() []*route {
	const manage, plan = chamber.PermEventManage, chamber.PermWorkPlanManage
	return []*route{
		api(perm("POST", "/api/v1/events", manage, s.apiEventCreate), "Plan an event (a draft)", "NewEvent"),
		api(pub("GET", "/api/v1/events", s.apiEventList), "Events (?status=, ?kind=, ?year=, ?upcoming=true): staff see drafts, the public only public events", ""),
		api(pub("GET", "/api/v1/events/{id}", s.apiEventGet), "One event", ""),
		api(perm("POST", "/api/v1/events/{id}/publish", manage, s.apiEventPublish), "Approve a draft and open registration (status open)", ""),
		api(perm("POST", "/api/v1/events/{id}/status", manage, s.apiEventStatus), "Close registration, cancel, or mark done with the summary (总结评估)", "EventStatus"),
		api(pub("POST", "/api/v1/events/{id}/registrations", s.apiEventRegister), "Register: staff for anyone, a portal login for its own member, the public for a public event; past capacity waitlisted", "NewRegistration"),
		api(perm("GET", "/api/v1/events/{id}/registrations", manage, s.apiEventRegistrations), "The attendance list: confirmed, waitlisted in order, cancelled", ""),
		api(perm("POST", "/api/v1/events/{id}/check-ins", manage, s.apiEventCheckIn), "Check the holder of a registration code in (409 twice, waitlisted or cancelled)", "EventCheckIn"),
		api(pub("POST", "/api/v1/events/{id}/feedback", s.apiEventFeedback), "Rate the event with a checked-in registration code, once", "EventFeedback"),
		api(perm("GET", "/api/v1/events/{id}/stats", manage, s.apiEventStats), "Registrations, check-ins, rating and budget vs actual", ""),
		api(pub("GET", "/api/v1/events/{id}/calendar.ics", s.apiEventICS), "The event as text/calendar (RFC 5545), one VEVENT", ""),
		api(user("GET", "/api/v1/registrations", s.apiMyRegistrations), "A portal login's own member's registrations", ""),
		api(user("GET", "/api/v1/registrations/{id}", s.apiRegistrationGet), "One registration (staff or its own member)", ""),
		api(user("POST", "/api/v1/registrations/{id}/cancel", s.apiRegistrationCancel), "Cancel a registration; the first on the waitlist is confirmed and told", ""),
		api(perm("POST", "/api/v1/registrations/{id}/fee", chamber.PermFinancePost, s.apiRegistrationFee), "Take a registration's fee: posts Dr cash / Cr 提供服务收入 (活动收入), both lines tagged event_id; once (409)", "NewEventFee"),
		api(user("GET", "/api/v1/members/{id}/trainings", s.apiMemberTrainings), "A member's training history: the training events (培训) its people were checked in at, with hours (member.read or the member's own login)", ""),
		api(user("GET", "/api/v1/me/calendar.ics", s.apiMyCalendar), "The caller's calendar feed: upcoming events it may attend (a member: those it registered for)", ""),

		api(perm("POST", "/api/v1/work-plans", plan, s.apiWorkPlanCreate), "Start a year's work plan", "NewWorkPlan"),
		api(user("GET", "/api/v1/work-plans", s.apiWorkPlanList), "The work plans, newest year first", ""),
		api(user("GET", "/api/v1/work-plans/{id}", s.apiWorkPlanGet), "A plan with its items: percent, status (planned|in_progress|done|overdue), links", ""),
		api(perm("PATCH", "/api/v1/work-plans/{id}", plan, s.apiWorkPlanPatch), "Rename a plan or record the motion that adopted it (adopted_by)", "WorkPlanPatch"),
		api(perm("POST", "/api/v1/work-plans/{id}/items", plan, s.apiWorkPlanItemCreate), "Add an item: department, owner post, due date, target", "NewWorkPlanItem"),
		api(user("POST", "/api/v1/work-plan-items/{id}/links", s.apiWorkPlanLink), "Link an item to the event, meeting or document that carries it out", "WorkPlanLink"),
		api(user("POST", "/api/v1/work-plan-items/{id}/progress", s.apiWorkPlanProgress), "The owner reports progress (0–100 %)", "ItemProgress"),
	}
}

func eventSchemas() obj {
	kinds := make([]string, len(chamber.EventKinds))
	for i, k := range chamber.EventKinds {
		kinds[i] = string(k)
	}
	out := obj{
		"NewEvent": oaObject([]string{"kind", "title", "starts_at", "ends_at"}, obj{
			"kind": oaEnum(kinds...), "title": oaString, "description": oaString, "starts_at": oaString, "ends_at": oaString,
			"location": oaString, "capacity": oaInteger, "fee_fen": oaInteger, "budget_fen": oaInteger,
			"audience": obj{"description": `"all_members", "public" or a body id`}, "department_id": oaInteger, "registration_deadline": oaString,
		}),
		"EventStatus":     oaObject([]string{"status"}, obj{"status": oaEnum(chamber.EventClosed, chamber.EventDone, chamber.EventCancelled), "summary": oaString}),
		"NewRegistration": oaObject(nil, obj{"member_id": oaInteger, "attendee_name": oaString, "phone": oaString, "organisation": oaString}),
		"EventCheckIn":    oaObject([]string{"code"}, obj{"code": oaString}),
		"NewEventFee":     oaObject([]string{"method"}, obj{"method": oaEnum(chamber.PayMethods...), "amount_fen": oaInteger, "date": oaDate}),
		"EventFeedback":   oaObject([]string{"code", "rating"}, obj{"code": oaString, "rating": obj{"type": "integer", "minimum": 1, "maximum": 5}, "comment": oaString}),
		"NewWorkPlan":     oaObject([]string{"year", "title"}, obj{"year": oaInteger, "title": oaString}),
		"WorkPlanPatch":   oaObject(nil, obj{"title": oaString, "adopted_by": oaInteger}),
		"NewWorkPlanItem": oaObject([]string{"title", "department_id", "due_on"}, obj{
			"title": oaString, "department_id": oaInteger, "owner_position_id": oaInteger, "due_on": oaDate, "target": oaString,
		}),
		"WorkPlanLink": oaObject([]string{"kind", "id"}, obj{"kind": oaEnum(chamber.WorkPlanLinkKinds...), "id": oaInteger}),
		"ItemProgress": oaObject([]string{"percent"}, obj{"percent": obj{"type": "integer", "minimum": 0, "maximum": 100}, "note": oaString}),
	}
	for _, more := range []obj{charitySchemas(), moreEventSchemas()} {
		for k, v := range more {
			out[k] = v
		}
	}
	return out
}

func (s *Server) apiEventCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewEvent
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.store.CreateEvent(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/events/"+strconv.FormatInt(e.ID, 10))
	writeJSON(w, http.StatusCreated, e)
	return nil
}

// eventFilter reads a list's filters from the query.
func eventFilter(r *http.Request) (chamber.EventFilter, error) {
	q := r.URL.Query()
	f := chamber.EventFilter{Status: q.Get("status"), Kind: q.Get("kind")}
	var err error
	if f.Upcoming, err = queryTrue(r, "upcoming"); err != nil {
		return f, err
	}
	if f.Status != "" && !containsString(chamber.EventStatuses, f.Status) {
		return f, fieldErr("status", "err.invalid_value")
	}
	if f.Kind != "" && !chamber.ValidEventKind(chamber.EventKind(f.Kind)) {
		return f, fieldErr("kind", "err.invalid_value")
	}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			return f, fieldErr("year", "err.invalid_value")
		}
		f.Year = y
	}
	return f, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) apiEventList(w http.ResponseWriter, r *http.Request) error {
	return writeFilteredPage(w, r, eventFilter, s.store.ListEvents)
}

// withEvent runs fn on the path's event id.
func withID(fn func(w http.ResponseWriter, r *http.Request, id chamber.ID) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		return fn(w, r, id)
	}
}

func (s *Server) apiEventGet(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		e, err := s.store.FindEvent(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, e)
		return nil
	})(w, r)
}

func (s *Server) apiEventPublish(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		e, err := s.store.PublishEvent(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, e)
		return nil
	})(w, r)
}

func (s *Server) apiEventStatus(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in struct {
			Status  string `json:"status"`
			Summary string `json:"summary"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		e, err := s.store.SetEventStatus(r.Context(), id, in.Status, in.Summary)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, e)
		return nil
	})(w, r)
}

func (s *Server) apiEventRegister(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		if err := s.throttleEventRegistration(r); err != nil {
			return err
		}
		var in chamber.NewRegistration
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		reg, err := s.store.Register(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, reg)
		return nil
	})(w, r)
}

func (s *Server) apiEventRegistrations(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		regs, err := s.store.ListRegistrations(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, newList(regs, ""))
		return nil
	})(w, r)
}

func (s *Server) apiEventCheckIn(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in struct {
			Code string `json:"code"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		reg, err := s.store.CheckInEvent(r.Context(), id, in.Code)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, reg)
		return nil
	})(w, r)
}

func (s *Server) apiEventFeedback(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.EventFeedback
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		if err := s.store.Feedback(r.Context(), id, in); err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, map[string]any{"rating": in.Rating})
		return nil
	})(w, r)
}

func (s *Server) apiEventStats(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		st, err := s.store.EventStats(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, st)
		return nil
	})(w, r)
}

// calendar writes events as an RFC 5545 calendar.
func (s *Server) writeCalendar(w http.ResponseWriter, r *http.Request, name string, events []*chamber.Event) {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//chamber//events//ZH")
	cal.SetXWRCalName(name)
	host := r.Host
	if host == "" {
		host = "chamber"
	}
	for _, e := range events {
		ve := cal.AddEvent("event-" + strconv.FormatInt(e.ID, 10) + "@" + host)
		ve.SetDtStampTime(e.CreatedAt)
		ve.SetCreatedTime(e.CreatedAt)
		ve.SetStartAt(e.StartsAt)
		ve.SetEndAt(e.EndsAt)
		ve.SetSummary(e.Title)
		if e.Location != "" {
			ve.SetLocation(e.Location)
		}
		if e.Description != "" {
			ve.SetDescription(e.Description)
		}
		if e.Status == chamber.EventCancelled {
			ve.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ve.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = cal.SerializeTo(w)
}

func (s *Server) apiEventICS(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		e, err := s.store.FindEvent(r.Context(), id)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", `attachment; filename="event-`+strconv.FormatInt(id, 10)+`.ics"`)
		s.writeCalendar(w, r, e.Title, []*chamber.Event{e})
		return nil
	})(w, r)
}

// apiMyCalendar is the login's feed: a member's registered events, staff's
// and other logins' upcoming published events.
func (s *Server) apiMyCalendar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := chamber.ActorFrom(ctx)
	var events []*chamber.Event
	if a != nil && a.MemberID != 0 {
		regs, err := s.store.ListRegistrations(ctx, 0)
		if err != nil {
			return err
		}
		for _, reg := range regs {
			if reg.Status == chamber.RegCancelled {
				continue
			}
			if e, err := s.store.FindEvent(ctx, reg.EventID); err == nil {
				events = append(events, e)
			}
		}
	} else {
		es, _, err := s.store.ListEvents(ctx, chamber.EventFilter{Upcoming: true}, chamber.Page{Limit: chamber.MaxPageLimit})
		if err != nil {
			return err
		}
		for _, e := range es {
			if e.Status != chamber.EventDraft {
				events = append(events, e)
			}
		}
	}
	s.writeCalendar(w, r, "商会活动", events)
	return nil
}

func (s *Server) apiMyRegistrations(w http.ResponseWriter, r *http.Request) error {
	if a := chamber.ActorFrom(r.Context()); a == nil || a.MemberID == 0 {
		writeJSON(w, http.StatusOK, newList([]*chamber.Registration{}, "")) // only a member login registers for itself
		return nil
	}
	regs, err := s.store.ListRegistrations(r.Context(), 0)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(regs, ""))
	return nil
}

func (s *Server) apiRegistrationGet(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		reg, err := s.store.FindRegistration(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, reg)
		return nil
	})(w, r)
}

func (s *Server) apiRegistrationCancel(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		reg, err := s.store.CancelRegistration(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, reg)
		return nil
	})(w, r)
}

func (s *Server) apiWorkPlanCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewWorkPlan
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.store.CreateWorkPlan(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiWorkPlanList(w http.ResponseWriter, r *http.Request) error {
	if a := chamber.ActorFrom(r.Context()); a != nil && a.MemberID != 0 && !a.Can(chamber.PermWorkPlanManage) {
		writeJSON(w, http.StatusOK, newList([]*chamber.WorkPlan{}, "")) // the plan is the secretariat's
		return nil
	}
	ps, err := s.store.ListWorkPlans(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ps, ""))
	return nil
}

func (s *Server) apiWorkPlanGet(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		p, err := s.store.FindWorkPlan(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p)
		return nil
	})(w, r)
}

func (s *Server) apiWorkPlanPatch(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.WorkPlanPatch
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		p, err := s.store.PatchWorkPlan(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p)
		return nil
	})(w, r)
}

func (s *Server) apiWorkPlanItemCreate(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.NewWorkPlanItem
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		it, err := s.store.AddWorkPlanItem(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, it)
		return nil
	})(w, r)
}

func (s *Server) apiWorkPlanLink(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.WorkPlanLink
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		it, err := s.store.LinkWorkPlanItem(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, it)
		return nil
	})(w, r)
}

func (s *Server) apiWorkPlanProgress(w http.ResponseWriter, r *http.Request) error {
	return withID(func(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
		var in chamber.ItemProgressReport
		if err := decodeJSONWith(r, &in, "percent"); err != nil {
			return err
		}
		it, err := s.store.ReportProgress(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, it)
		return nil
	})(w, r)
}
