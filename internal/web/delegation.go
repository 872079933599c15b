package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// Delegations (出访/来访): the list with the new-delegation form, one
// delegation with its participants, programme, budget vs actual from the
// ledger and the trip report, the bilingual letter (介绍信/邀请函) to print,
// and the API.

type delegationsPage struct {
	Page
	Items    []*chamber.Delegation
	Next     string
	Contacts []*chamber.Contact
	Holders  []chamber.Participant
	Form     relForm
}

// Directions are outbound and inbound, for the form.
func (p *delegationsPage) Directions() []string {
	return []string{chamber.DelegationOutbound, chamber.DelegationInbound}
}

// Checked says whether a staff login was ticked in the posted form.
func (f relForm) Checked(name string, id chamber.ID) bool {
	for _, v := range strings.Split(f[name], "\n") {
		if v == strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}

func (s *Server) delegationsPage(w http.ResponseWriter, r *http.Request) error {
	p := delegationsPage{Page: s.relPage(r, "delegation.title"), Form: formValues(r)}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.ListDelegations(r.Context(), pg); err != nil {
		return err
	}
	if p.Can(string(chamber.PermRelationsWrite)) {
		p.Contacts = s.contactChoices(r)
		if p.Holders, err = s.store.PositionHolders(r.Context()); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "delegations", &p)
	return nil
}

// formParticipants reads the members (by 会员编号, separated by spaces,
// commas or lines) and the staff ticked.
func (s *Server) formParticipants(r *http.Request) ([]chamber.ID, []chamber.ID, error) {
	members := []chamber.ID{}
	for _, no := range strings.FieldsFunc(r.PostForm.Get("member_nos"), func(c rune) bool {
		return c == ',' || c == '，' || c == '、' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '　'
	}) {
		id, err := s.memberByNo(r, "member_nos", no)
		if err != nil {
			return nil, nil, err
		}
		members = append(members, id)
	}
	staff := []chamber.ID{}
	for _, v := range r.PostForm["staff_user_ids"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			staff = append(staff, n)
		}
	}
	return members, staff, nil
}

func (s *Server) delegationSubmit(r *http.Request) (string, error) {
	f := r.PostForm
	budget, err := formYuan(r, "budget", "budget_fen")
	if err != nil {
		return "", err
	}
	members, staff, err := s.formParticipants(r)
	if err != nil {
		return "", err
	}
	d, err := s.store.CreateDelegation(r.Context(), chamber.NewDelegation{Direction: f.Get("direction"), Title: f.Get("title"),
		Destination: f.Get("destination"), From: f.Get("from"), To: f.Get("to"), ContactID: formID(r, "contact_id"), Purpose: f.Get("purpose"),
		Programme: f.Get("programme"), BudgetFen: budget, MemberIDs: members, StaffIDs: staff})
	if err != nil {
		return "", err
	}
	return idPath("/delegations/", d.ID), nil
}

type delegationPage struct {
	Page
	D         *chamber.Delegation
	Programme []chamber.ProgrammeLine
	Holders   []chamber.Participant
	MemberNos string
	Today     string
	Form      relForm
}

// Holds says whether the delegation takes the staff login id.
func (p *delegationPage) Holds(id chamber.ID) bool {
	for _, s := range p.D.StaffIDs {
		if s == id {
			return true
		}
	}
	return false
}

// BudgetRate is the share of the budget spent.
func (p *delegationPage) BudgetRate() string { return percent(p.D.ActualFen, p.D.BudgetFen) }

func (s *Server) loadDelegationPage(r *http.Request, title string) (*delegationPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p := &delegationPage{Page: s.relPage(r, title), Form: formValues(r), Today: s.store.Today(r.Context())}
	if p.D, err = s.store.FindDelegation(r.Context(), id); err != nil {
		return nil, err
	}
	p.Programme = chamber.ProgrammeLines(p.D.Programme)
	return p, nil
}

func (s *Server) delegationPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadDelegationPage(r, "delegation.title")
	if err != nil {
		return err
	}
	if p.Can(string(chamber.PermRelationsWrite)) {
		if p.Holders, err = s.store.PositionHolders(r.Context()); err != nil {
			return err
		}
		if len(p.D.MemberIDs) > 0 {
			nos := []string{}
			for _, id := range p.D.MemberIDs {
				if m, err := s.store.FindMember(r.Context(), id); err == nil {
					nos = append(nos, m.MemberNo)
				}
			}
			p.MemberNos = strings.Join(nos, " ")
		}
	}
	s.render(w, r, http.StatusOK, "delegation", p)
	return nil
}

// delegationLetter is the printed letter in Chinese and English: a letter
// of introduction (介绍信) for an outbound delegation, an invitation
// (邀请函) for an inbound one.
func (s *Server) delegationLetter(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadDelegationPage(r, "delegation.letter")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "delegation_letter", p)
	return nil
}

func (s *Server) delegationPlanSubmit(r *http.Request) (string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", err
	}
	budget, err := formYuan(r, "budget", "budget_fen")
	if err != nil {
		return "", err
	}
	members, staff, err := s.formParticipants(r)
	if err != nil {
		return "", err
	}
	prog := r.PostForm.Get("programme")
	if _, err := s.store.PlanDelegation(r.Context(), id, chamber.DelegationPlan{Programme: &prog, BudgetFen: &budget, MemberIDs: &members, StaffIDs: &staff}); err != nil {
		return "", err
	}
	return idPath("/delegations/", id) + "?saved=1", nil
}

func (s *Server) delegationReportSubmit(r *http.Request) (string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", err
	}
	if _, err := s.store.ReportDelegation(r.Context(), id, r.PostForm.Get("report")); err != nil {
		return "", err
	}
	return idPath("/delegations/", id) + "?saved=1#report", nil
}

func (s *Server) apiDelegationCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewDelegation
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.CreateDelegation(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/delegations/", d.ID))
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiDelegationList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListDelegations(r.Context(), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiDelegationGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.store.FindDelegation(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiDelegationPlan(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.DelegationPlan
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.PlanDelegation(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiDelegationReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Text string `json:"text"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.store.ReportDelegation(r.Context(), id, in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// letterText is one language's letter of a delegation.
type letterText struct {
	Lang, Title, To, Body, People, Caption, Seal, Date string
}

// Letters are the letter in Chinese and in English, from the catalog.
func (p *delegationPage) Letters() []letterText {
	d := p.D
	var names []string
	for _, s := range d.Staff {
		names = append(names, s.Name)
	}
	for _, m := range d.Members {
		names = append(names, m.Name)
	}
	var out []letterText
	for _, lang := range []string{"zh-CN", "en"} {
		t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
		date := func(s string) string {
			if v, ok := chamber.ParseDate(s); ok {
				return i18n.Date(lang, v)
			}
			return s
		}
		l := letterText{Lang: lang, Title: t("delegation.letter." + d.Direction), To: t("delegation.letter.to_any"),
			Caption: t("delegation.programme"), Seal: t("delegation.letter.seal"), Date: date(p.Today)}
		if d.Contact != "" {
			l.To = t("delegation.letter.to", d.Contact)
		}
		dest, purpose := d.Destination, d.Purpose
		if dest == "" {
			dest = t("delegation.letter.you")
		}
		if purpose == "" {
			purpose = t("delegation.letter.purpose")
		}
		l.Body = t("delegation.letter.body."+d.Direction, p.Chamber.Name, d.Title, len(names), date(d.From), date(d.To), dest, purpose)
		if len(names) > 0 {
			sep := "、"
			if lang == "en" {
				sep = ", "
			}
			l.People = t("delegation.letter.people."+d.Direction, strings.Join(names, sep))
		}
		out = append(out, l)
	}
	return out
}
