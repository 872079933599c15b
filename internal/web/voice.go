package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sheet"
)

// The voice of members (反映会员呼声): the report of a period's requests,
// printable and as xlsx, and the marking of typical cases (典型事例).
func (s *Server) voiceRoutes() []*route {
	const handle = chamber.PermTicketHandle
	return []*route{
		perm("GET", "/reports/voice", handle, s.voiceReportPage),
		perm("POST", "/tickets/{id}/typical-case", handle, s.typicalCaseSubmit),
		api(perm("GET", "/api/v1/reports/voice", handle, s.apiVoiceReport), "Requests filed ?from= to ?to= (dates, both included; default this year) by kind, industry, region and outcome (resolved, referred, pending): counts, resolved, on time and its share, satisfaction; with the period's typical cases", ""),
		api(perm("POST", "/api/v1/tickets/{id}/typical-case", handle, s.apiTypicalCaseMark), "Mark a resolved request as a typical case (典型事例): a draft disclosure that only the announcement approval publishes; \"anonymise\" replaces the member's name (409 when not resolved or marked already)", "NewTypicalCase"),
		api(perm("GET", "/api/v1/typical-cases", handle, s.apiTypicalCases), "The typical cases of the requests filed ?from= to ?to=, with their announcement's status", ""),
	}
}

func voiceSchemas() obj {
	return obj{"NewTypicalCase": oaObject(nil, obj{"title": oaString, "body": oaString, "anonymise": oaBoolean,
		"audience": obj{"description": "all_members, council, staff, public (default), \"tier:CODE\" or a body id"}})}
}

// voicePeriod is ?from= and ?to=, this year until today by default.
func (s *Server) voicePeriod(r *http.Request) (string, string) {
	today := s.store.Today(r.Context())
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if from == "" {
		from = today[:4] + "-01-01"
	}
	if to == "" {
		to = today
	}
	return from, to
}

func (s *Server) apiVoiceReport(w http.ResponseWriter, r *http.Request) error {
	from, to := s.voicePeriod(r)
	rep, err := s.store.VoiceReport(r.Context(), from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) apiTypicalCases(w http.ResponseWriter, r *http.Request) error {
	from, to := s.voicePeriod(r)
	cs, err := s.store.TypicalCases(r.Context(), from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(cs, ""))
	return nil
}

func (s *Server) apiTypicalCaseMark(w http.ResponseWriter, r *http.Request) error {
	return legalAction(w, r, http.StatusCreated, true, func(id chamber.ID, in chamber.NewTypicalCase) (*chamber.TypicalCase, error) {
		return s.store.MarkTypicalCase(r.Context(), id, in)
	})
}

func (s *Server) typicalCaseSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = s.store.MarkTypicalCase(r.Context(), id, chamber.NewTypicalCase{Title: r.PostForm.Get("title"), Anonymise: r.PostForm.Get("anonymise") == "1"})
	return s.ticketFormDone(w, r, id, err, nil)
}

type voicePage struct {
	Page
	Rep *chamber.VoiceReport
}

// Share is an on-time share as a percentage.
func (p *voicePage) Share(g chamber.VoiceGroup) string {
	if g.Resolved == 0 {
		return "—"
	}
	return strconv.FormatFloat(g.OnTimeShare*100, 'f', 1, 64) + "%"
}

// Avg is a satisfaction average, or a dash when nobody rated.
func (p *voicePage) Avg(v float64) string {
	if v == 0 {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Name is a breakdown key as the reader reads it.
func (p *voicePage) Name(dim, key string) string {
	switch {
	case key == "":
		return p.T("voice.unknown")
	case dim == "kind":
		return p.T("ticket.kind." + key)
	case dim == "outcome":
		return p.T("voice.outcome." + key)
	}
	return key
}

// Sections are the four breakdowns in order.
func (p *voicePage) Sections() []voiceSection {
	return []voiceSection{{"kind", p.Rep.ByKind}, {"industry", p.Rep.ByIndustry}, {"region", p.Rep.ByRegion}, {"outcome", p.Rep.ByOutcome}}
}

type voiceSection struct {
	Dim  string
	Rows []chamber.VoiceGroup
}

// voiceReportPage is GET /reports/voice?from=&to= (&format=xlsx).
func (s *Server) voiceReportPage(w http.ResponseWriter, r *http.Request) error {
	from, to := s.voicePeriod(r)
	p := voicePage{Page: s.page(r, "voice.title")}
	rep, err := s.store.VoiceReport(r.Context(), from, to)
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		rep = &chamber.VoiceReport{From: from, To: to}
		p.Rep = rep
		s.render(w, r, http.StatusUnprocessableEntity, "report_voice", &p)
		return nil
	}
	p.Rep = rep
	if format := r.URL.Query().Get("format"); format != "" {
		if format != "xlsx" {
			return fieldErr("format", "err.invalid_value")
		}
		return s.writeVoiceXLSX(w, &p)
	}
	s.render(w, r, http.StatusOK, "report_voice", &p)
	return nil
}

// writeVoiceXLSX sends the report as a workbook (internal/sheet): the
// period, then each breakdown under its heading, then the typical cases.
func (s *Server) writeVoiceXLSX(w http.ResponseWriter, p *voicePage) error {
	rep := p.Rep
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="voice-%s-%s.xlsx"`, rep.From, rep.To))
	sw, err := sheet.NewWriter(w, sheet.XLSX)
	if err != nil {
		return err
	}
	row := func(cells ...string) error { return sw.Write(cells) }
	head := []string{"", p.T("voice.count"), p.T("voice.resolved"), p.T("voice.on_time"), p.T("voice.on_time_share"), p.T("voice.satisfaction")}
	line := func(name string, g chamber.VoiceGroup) error {
		return row(name, strconv.Itoa(g.Count), strconv.Itoa(g.Resolved), strconv.Itoa(g.OnTime), p.Share(g), p.Avg(g.SatisfactionAvg))
	}
	if err := row(p.Chamber.Name + " " + p.T("voice.title")); err != nil {
		return err
	}
	if err := row(p.T("voice.period"), rep.From+" — "+rep.To); err != nil {
		return err
	}
	for _, sec := range p.Sections() {
		h := append([]string{}, head...)
		h[0] = p.T("voice.by." + sec.Dim)
		if err := row(); err != nil {
			return err
		}
		if err := row(h...); err != nil {
			return err
		}
		for _, g := range sec.Rows {
			if err := line(p.Name(sec.Dim, g.Key), g); err != nil {
				return err
			}
		}
		if err := line(p.T("voice.total"), rep.Total); err != nil {
			return err
		}
	}
	if err := row(); err != nil {
		return err
	}
	if err := row(p.T("voice.cases"), p.T("ticket.kind"), p.T("voice.case_status"), p.T("voice.anonymised")); err != nil {
		return err
	}
	for _, c := range rep.Cases {
		anon := ""
		if c.Anonymised {
			anon = p.T("voice.yes")
		}
		if err := row(c.Title, p.T("ticket.kind."+string(c.Kind)), p.T("ann.status."+c.AnnouncementStatus), anon); err != nil {
			return err
		}
	}
	return sw.Close()
}
