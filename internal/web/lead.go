package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

// Investment leads (招商引资): the list with the new-lead form, one lead
// with its stage history and the move form, the funnel by stage and year,
// and the API.

type leadsPage struct {
	Page
	Items    []*chamber.Lead
	Next     string
	Stage    string
	Year     int
	Contacts []*chamber.Contact
	Form     relForm
}

// LeadStages are the stages a list filters by (the funnel's and lost).
func (p *Page) LeadStages() []string {
	return append(append([]string{}, chamber.LeadStages...), chamber.LeadLost)
}

// LeadNext are the stages a lead at stage s may move to.
func (p *Page) LeadNext(s string) []string {
	var out []string
	for _, t := range p.LeadStages() {
		if chamber.LeadMoveAllowed(s, t) {
			out = append(out, t)
		}
	}
	return out
}

func queryYear(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 2100 {
		return 0, fieldErr("year", "err.invalid_value")
	}
	return y, nil
}

func (s *Server) leadsPage(w http.ResponseWriter, r *http.Request) error {
	p := leadsPage{Page: s.relPage(r, "lead.title"), Form: formValues(r), Stage: r.URL.Query().Get("stage")}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Year, err = queryYear(r); err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.ListLeads(r.Context(), chamber.LeadFilter{Stage: p.Stage, Year: p.Year}, pg); err != nil {
		return err
	}
	if p.Can(string(chamber.PermRelationsWrite)) {
		p.Contacts = s.contactChoices(r)
	}
	s.render(w, r, http.StatusOK, "leads", &p)
	return nil
}

func (s *Server) leadSubmit(r *http.Request) (string, error) {
	f := r.PostForm
	amount, err := formYuan(r, "amount", "amount_fen")
	if err != nil {
		return "", err
	}
	in := chamber.NewLead{Title: f.Get("title"), Source: f.Get("source"), Industry: f.Get("industry"), Region: f.Get("region"), AmountFen: amount,
		ContactID: formID(r, "contact_id"), NextStep: f.Get("next_step"), NextOn: f.Get("next_on")}
	if no := f.Get("member_no"); no != "" {
		id, err := s.memberByNo(r, "member_no", no)
		if err != nil {
			return "", err
		}
		in.MemberID = id
	}
	l, err := s.store.CreateLead(r.Context(), in)
	if err != nil {
		return "", err
	}
	return idPath("/leads/", l.ID), nil
}

type leadPage struct {
	Page
	L    *chamber.Lead
	Form relForm
}

func (s *Server) leadPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := leadPage{Page: s.relPage(r, "lead.title"), Form: formValues(r)}
	if p.L, err = s.store.FindLead(r.Context(), id); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "lead", &p)
	return nil
}

func (s *Server) leadStageSubmit(r *http.Request) (string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", err
	}
	f := r.PostForm
	step, on := f.Get("next_step"), f.Get("next_on")
	if _, err := s.store.MoveLead(r.Context(), id, chamber.LeadMove{Stage: f.Get("stage"), Note: f.Get("note"), NextStep: &step, NextOn: &on}); err != nil {
		return "", err
	}
	return idPath("/leads/", id) + "?saved=1", nil
}

type funnelPage struct {
	Page
	F     *chamber.Funnel
	Chart *chart
}

// funnelPage is the year's leads by stage, as a server-drawn SVG chart
// with its table.
func (s *Server) funnelPage(w http.ResponseWriter, r *http.Request) error {
	p := funnelPage{Page: s.relPage(r, "lead.funnel")}
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	if year == 0 {
		year, _ = strconv.Atoi(s.store.Today(r.Context())[:4])
	}
	if p.F, err = s.store.LeadFunnel(r.Context(), year); err != nil {
		return err
	}
	y := strconv.Itoa(year)
	var bars []bar
	for _, row := range append(append([]chamber.FunnelRow{}, p.F.Stages...), p.F.Lost) {
		bars = append(bars, bar{Label: p.T("lead.stage." + row.Stage), N: int64(row.Count), Value: strconv.Itoa(row.Count),
			Href: "/leads?year=" + y + "&stage=" + row.Stage})
	}
	p.Chart = newChart("funnel", p.T("lead.funnel_of", year), p.T("lead.funnel_desc", p.F.Total), p.T("lead.count"), false, bars)
	p.Chart.TableLabel, p.Chart.LabelHead = p.T("dashboard.table"), p.T("lead.stage")
	s.render(w, r, http.StatusOK, "leads_funnel", &p)
	return nil
}

func (s *Server) apiLeadCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewLead
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.store.CreateLead(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/leads/", l.ID))
	writeJSON(w, http.StatusCreated, l)
	return nil
}

func (s *Server) apiLeadList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListLeads(r.Context(), chamber.LeadFilter{Stage: r.URL.Query().Get("stage"), Year: year}, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiLeadGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.store.FindLead(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiLeadStage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.LeadMove
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.store.MoveLead(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiLeadFunnel(w http.ResponseWriter, r *http.Request) error {
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	if year == 0 {
		year, _ = strconv.Atoi(s.store.Today(r.Context())[:4])
	}
	f, err := s.store.LeadFunnel(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}
