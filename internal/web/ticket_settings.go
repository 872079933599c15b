package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

type ticketSettingsPage struct {
	Page
	Routes      []chamber.TicketRoute
	Departments []*chamber.Department
	Handlers    []*chamber.User
	Year        int
	Holidays    string // one day a line, as the form edits them
	Saved       bool
}

func (s *Server) ticketSettingsPage(w http.ResponseWriter, r *http.Request) error {
	p := ticketSettingsPage{Page: s.page(r, "ticket.settings"), Saved: r.URL.Query().Get("saved") == "1"}
	y, err := yearParam(r, s.clock.Now().In(p.loc).Year())
	if err != nil {
		return err
	}
	p.Year = y
	return s.renderTicketSettings(w, r, http.StatusOK, &p, true)
}

func (s *Server) renderTicketSettings(w http.ResponseWriter, r *http.Request, status int, p *ticketSettingsPage, loadDays bool) error {
	ctx := r.Context()
	var err error
	if p.Routes, err = s.store.TicketRoutes(ctx); err != nil {
		return err
	}
	if p.Departments, err = s.store.ListDepartments(ctx); err != nil {
		return err
	}
	// Who may be named handler is org.read (or ticket.handle); without it the
	// form offers only the department's default.
	if p.Handlers, err = s.store.WhoMay(ctx, chamber.PermTicketHandle, s.store.Today(ctx)); err != nil && chamber.ErrorCode(err) != chamber.EFORBIDDEN {
		return err
	}
	if loadDays {
		days, err := s.store.Holidays(ctx, p.Year)
		if err != nil {
			return err
		}
		var b strings.Builder
		for _, d := range days {
			b.WriteString(d.Date)
			if d.Workday {
				b.WriteString(" 上班")
			}
			if d.Name != "" {
				b.WriteString(" " + d.Name)
			}
			b.WriteString("\n")
		}
		p.Holidays = b.String()
	}
	s.render(w, r, status, "ticket_settings", p)
	return nil
}

func (s *Server) ticketRouteSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	f := r.PostForm
	num := func(name string) int64 { v, _ := strconv.ParseInt(f.Get(name), 10, 64); return v }
	rt := chamber.TicketRoute{Kind: chamber.TicketKind(f.Get("kind")), DepartmentID: num("department_id"), HandlerID: num("handler_user_id"),
		FirstDays: int(num("first_answer_days")), ResolveDays: int(num("resolve_days"))}
	if err := s.store.SetTicketRoute(r.Context(), rt); err != nil {
		p := ticketSettingsPage{Page: s.page(r, "ticket.settings"), Year: s.clock.Now().In(s.page(r, "").loc).Year()}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderTicketSettings(w, r, http.StatusUnprocessableEntity, &p, true)
	}
	http.Redirect(w, r, "/tickets/settings?saved=1", http.StatusSeeOther)
	return nil
}

// parseHolidays reads the form's lines: "DATE [上班] [name]".
func parseHolidays(text string) []chamber.Holiday {
	out := []chamber.Holiday{}
	for _, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		h := chamber.Holiday{Date: fields[0]}
		rest := fields[1:]
		if len(rest) > 0 && (rest[0] == "上班" || strings.EqualFold(rest[0], "workday")) {
			h.Workday, rest = true, rest[1:]
		}
		h.Name = strings.Join(rest, " ")
		out = append(out, h)
	}
	return out
}

func (s *Server) holidaysSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	p := ticketSettingsPage{Page: s.page(r, "ticket.settings"), Holidays: r.PostForm.Get("days")}
	y, err := strconv.Atoi(r.PostForm.Get("year"))
	if err == nil {
		p.Year = y
		err = s.store.SetHolidays(r.Context(), y, parseHolidays(p.Holidays))
	} else {
		err = fieldErr("year", "err.invalid_value")
	}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderTicketSettings(w, r, http.StatusUnprocessableEntity, &p, false)
	}
	http.Redirect(w, r, "/tickets/settings?saved=1&year="+strconv.Itoa(y), http.StatusSeeOther)
	return nil
}
