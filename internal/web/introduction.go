package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chamber-org/chamber"
)

// Introductions (对接): from an offer's matches a member asks to be
// introduced to the member behind a fitting offer; staff (relations.write)
// log the introduction; both members see it on their pages.
func (s *Server) introductionRoutes() []*route {
	const wr = chamber.PermRelationsWrite
	return []*route{
		user("POST", "/offers/{id}/introductions", s.introRequestSubmit),
		user("GET", "/introductions", s.introductionsPage),
		perm("POST", "/introductions/{id}/log", wr, s.relationForm(s.introductionsPage, s.introLogSubmit)),

		api(user("POST", "/api/v1/offers/{id}/introductions", s.apiIntroRequest), "Ask for an introduction from this offer to a matching approved offer of another member (409 for the same pair again or a pending offer)", "NewIntroduction"),
		api(user("GET", "/api/v1/introductions", s.apiIntroList), "Introductions, newest first (?status=requested|introduced, ?offer_id=); a portal login those it asked for and those made to it", ""),
		api(user("GET", "/api/v1/introductions/{id}", s.apiIntroGet), "One introduction", ""),
		api(perm("POST", "/api/v1/introductions/{id}/log", wr, s.apiIntroLog), "Log the introduction made: when, who took part, the outcome (409 once logged); both members are told", "IntroductionLog"),
	}
}

func introductionSchemas() obj {
	return obj{
		"NewIntroduction": oaObject([]string{"match_offer_id"}, obj{"match_offer_id": oaInteger, "note": oaString}),
		"IntroductionLog": oaObject([]string{"introduced_on", "people", "outcome"}, obj{"introduced_on": oaDate, "people": oaString, "outcome": oaString}),
	}
}

type introductionsPage struct {
	Page
	Items  []*chamber.Introduction
	Next   string
	Status string
	Portal bool
	Today  string
	Form   relForm
}

func (s *Server) introductionsPage(w http.ResponseWriter, r *http.Request) error {
	p := introductionsPage{Page: s.relPage(r, "intro.title"), Form: formValues(r), Status: r.URL.Query().Get("status"), Today: s.store.Today(r.Context())}
	p.Portal = portalLogin(p.Actor) && !p.Actor.Can(chamber.PermRelationsRead)
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.ListIntroductions(r.Context(), chamber.IntroductionFilter{Status: p.Status}, pg); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "introductions", &p)
	return nil
}

// introRequestSubmit asks from the offer page; a refusal (the same pair
// again, a pending offer) comes back to the page as its flash.
func (s *Server) introRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	in := chamber.NewIntroduction{MatchOfferID: formID(r, "match_offer_id"), Note: r.PostForm.Get("note")}
	if _, err := s.store.RequestIntroduction(r.Context(), id, in); err != nil {
		if e, ok := chamber.AsError(err); ok && (e.Code == chamber.EINVALID || e.Code == chamber.ECONFLICT) {
			return s.offerPageWith(&formStatusWriter{ResponseWriter: w, status: http.StatusUnprocessableEntity}, withFormError(r, err), id)
		}
		return err
	}
	http.Redirect(w, r, idPath("/offers/", id)+"?requested=1#introductions", http.StatusSeeOther)
	return nil
}

func (s *Server) introLogSubmit(r *http.Request) (string, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "", err
	}
	f := r.PostForm
	in := chamber.IntroductionLog{IntroducedOn: f.Get("introduced_on"), People: f.Get("people"), Outcome: f.Get("outcome")}
	if _, err := s.store.LogIntroduction(r.Context(), id, in); err != nil {
		return "", err
	}
	back := "/introductions?saved=1"
	if o := strings.TrimSpace(f.Get("back_offer")); o != "" {
		if n, err := strconv.ParseInt(o, 10, 64); err == nil && n > 0 {
			back = idPath("/offers/", n) + "?saved=1#introductions"
		}
	}
	return back, nil
}

func (s *Server) apiIntroRequest(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.NewIntroduction
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	x, err := s.store.RequestIntroduction(r.Context(), id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", idPath("/api/v1/introductions/", x.ID))
	writeJSON(w, http.StatusCreated, x)
	return nil
}

func (s *Server) apiIntroList(w http.ResponseWriter, r *http.Request) error {
	return writeFilteredPage(w, r, func(r *http.Request) (chamber.IntroductionFilter, error) {
		q := r.URL.Query()
		f := chamber.IntroductionFilter{Status: q.Get("status")}
		if v := q.Get("offer_id"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, fieldErr("offer_id", "err.invalid_value")
			}
			f.OfferID = n
		}
		return f, nil
	}, s.store.ListIntroductions)
}

func (s *Server) apiIntroGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	x, err := s.store.FindIntroduction(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) apiIntroLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in chamber.IntroductionLog
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	x, err := s.store.LogIntroduction(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

// introCtx is what the introductions partial gets: the page, the list,
// the offer to come back to after a log (0: the introductions page).
type introCtx struct {
	P     *Page
	Items []*chamber.Introduction
	Back  chamber.ID
	Today string
}

// IntroList feeds the introductions partial.
func (p *introductionsPage) IntroList() introCtx {
	return introCtx{P: &p.Page, Items: p.Items, Today: p.Today}
}

// IntroList feeds the introductions partial.
func (p *offerPage) IntroList() introCtx {
	return introCtx{P: &p.Page, Items: p.Intros, Back: p.O.ID, Today: p.Today}
}

// IntroStatuses feed the filter.
func (p *introductionsPage) IntroStatuses() []string {
	return []string{chamber.IntroRequested, chamber.IntroIntroduced}
}
