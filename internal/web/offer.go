package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Business matching (供需对接): a member posts its supply or demand on the
// portal, staff (relations.write) approve it, and each offer shows the
// approved offers of the other kind that fit it, with the reasons.
// The routes are open to any login: the store shows a portal login its own
// member's offers only, staff with relations.read all, anyone else none.
func (s *Server) offerRoutes() []*route {
	const wr = chamber.PermRelationsWrite
	return []*route{
		user("GET", "/offers", s.offersPage),
		user("POST", "/offers", s.relationForm(s.offersPage, s.offerSubmit)),
		user("GET", "/offers/{id}", s.offerPage),
		perm("POST", "/offers/{id}/approve", wr, s.offerApproveSubmit),

		api(user("POST", "/api/v1/offers", s.apiOfferCreate), "Post a supply or demand offer (供需信息); a portal login posts for its own member and waits for approval", "NewOffer"),
		api(user("GET", "/api/v1/offers", s.apiOfferList), "Offers, newest first (?kind=supply|demand, ?status=pending|approved); a portal login its own", ""),
		api(user("GET", "/api/v1/offers/{id}", s.apiOfferGet), "One offer", ""),
		api(perm("POST", "/api/v1/offers/{id}/approve", wr, s.apiOfferApprove), "Approve a member's offer for matching (409 once approved)", ""),
		api(user("GET", "/api/v1/offers/{id}/matches", s.apiOfferMatches), "Approved offers of the other kind ranked by how well their Chinese text, industry and region fit, with the shared words and reasons", ""),
	}
}

func offerSchemas() obj {
	return obj{
		"NewOffer": oaObject([]string{"kind", "title", "body"}, obj{"member_id": oaInteger, "kind": oaEnum(chamber.OfferSupply, chamber.OfferDemand),
			"title": oaString, "body": oaString, "industry": oaString, "region": oaString}),
	}
}

type offersPage struct {
	Page
	Items  []*chamber.Offer
	Next   string
	Status string
	Portal bool
	Form   relForm
}

// OfferKinds and OfferStatuses feed the forms.
func (p *offersPage) OfferKinds() []string { return []string{chamber.OfferDemand, chamber.OfferSupply} }
func (p *offersPage) OfferStatuses() []string {
	return []string{chamber.OfferPending, chamber.OfferApproved}
}

func (s *Server) offersPage(w http.ResponseWriter, r *http.Request) error {
	p := offersPage{Page: s.relPage(r, "offer.title"), Form: formValues(r), Status: r.URL.Query().Get("status")}
	p.Portal = portalLogin(p.Actor) && !p.Actor.Can(chamber.PermRelationsRead)
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.ListOffers(r.Context(), "", p.Status, pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "offers", &p)
	return nil
}

func (s *Server) offerSubmit(r *http.Request) (string, error) {
	f := r.PostForm
	in := chamber.NewOffer{Kind: f.Get("kind"), Title: f.Get("title"), Body: f.Get("body"), Industry: f.Get("industry"), Region: f.Get("region")}
	if no := strings.TrimSpace(f.Get("member_no")); no != "" {
		id, err := s.memberByNo(r, "member_no", no)
		if err != nil {
			return "", err
		}
		in.MemberID = id
	}
	o, err := s.store.CreateOffer(r.Context(), in)
	if err != nil {
		return "", err
	}
	return idPath("/offers/", o.ID), nil
}

type offerPage struct {
	Page
	O       *chamber.Offer
	Matches []chamber.Match
	Intros  []*chamber.Introduction
	Today   string
	// CanAsk: the viewer may ask for introductions from this offer.
	CanAsk bool
	asked  map[chamber.ID]bool
}

// Asked reports whether an introduction to the offer was asked for.
func (p *offerPage) Asked(id chamber.ID) bool { return p.asked[id] }

// Reason explains one match reason in the page's language.
func (p *offerPage) Reason(m chamber.Match, code string) string {
	switch code {
	case "text":
		return p.T("offer.reason.text", strings.Join(m.Shared, "、"))
	case "industry", "industry_near":
		return p.T("offer.reason."+code, m.Offer.Industry)
	}
	return p.T("offer.reason."+code, m.Offer.Region)
}

func (s *Server) offerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.offerPageWith(w, r, id)
}

func (s *Server) offerPageWith(w http.ResponseWriter, r *http.Request, id chamber.ID) error {
	var err error
	p := offerPage{Page: s.relPage(r, "offer.title"), Today: s.store.Today(r.Context()), asked: map[chamber.ID]bool{}}
	if r.URL.Query().Get("requested") != "" {
		p.Flash = p.T("intro.requested")
	}
	if p.O, err = s.store.FindOffer(r.Context(), id); err != nil {
		return err
	}
	if p.Matches, err = s.store.OfferMatches(r.Context(), id, 20); err != nil {
		return err
	}
	if p.Intros, _, err = s.store.ListIntroductions(r.Context(), chamber.IntroductionFilter{OfferID: id}, chamber.Page{Limit: chamber.MaxPageLimit}); err != nil {
		return err
	}
	for _, x := range p.Intros {
		p.asked[x.OfferID], p.asked[x.MatchOfferID] = true, true
	}
	a := p.Actor
	p.CanAsk = p.O.Status == chamber.OfferApproved && (a.Can(chamber.PermRelationsWrite) ||
		(a.MemberID == p.O.MemberID && !a.Can(chamber.PermRelationsRead)))
	s.render(w, r, http.StatusOK, "offer", &p)
	return nil
}

func (s *Server) offerApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.store.ApproveOffer(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, idPath("/offers/", id)+"?saved=1", http.StatusSeeOther)
	return nil
}

func (s *Server) apiOfferCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.NewOffer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	o, err := s.store.CreateOffer(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/offers/", o.ID))
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) apiOfferList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListOffers(r.Context(), r.URL.Query().Get("kind"), r.URL.Query().Get("status"), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiOfferGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.store.FindOffer(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiOfferApprove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.store.ApproveOffer(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiOfferMatches(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	limit := 20
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 50 {
			return fieldErr("limit", "err.bad_limit")
		}
	}
	ms, err := s.store.OfferMatches(r.Context(), id, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ms, ""))
	return nil
}
