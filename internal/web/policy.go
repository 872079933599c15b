package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

// Economic and policy information: the feed of policy bulletins
// (announcements of kind policy, by industry) for every login, and a
// member's subscriptions by industry on the portal; staff write the
// bulletins on the announcement pages with the audience subscribers.
func (s *Server) policyRoutes() []*route {
	return []*route{
		user("GET", "/policy", s.policyPage),
		perm("POST", "/policy/subscriptions", chamber.PermPortal, s.policySubscribeSubmit),

		api(user("GET", "/api/v1/policy-bulletins", s.apiPolicyBulletins), "Published policy bulletins (政策信息), newest first (?industry= that industry's and those for every industry)", ""),
		api(perm("GET", "/api/v1/me/policy-subscriptions", chamber.PermPortal, s.apiPolicySubscriptions), "The caller's member's policy subscriptions by industry, and the industries to choose from", ""),
		api(perm("PUT", "/api/v1/me/policy-subscriptions", chamber.PermPortal, s.apiPolicySubscribe), "Replace the caller's member's policy subscriptions; new bulletins of those industries reach its inbox", "PolicySubscriptions"),
	}
}

func policySchemas() obj {
	return obj{
		"PolicySubscriptions": oaObject(nil, obj{"all_industries": oaBoolean, "industries": oaArray(oaString)}),
	}
}

type policyPage struct {
	annPage
	Items    []*chamber.PolicyBulletin
	Next     string
	Industry string
	Sub      *chamber.PolicySubscription
	subs     map[string]bool
}

// Subscribed reports whether the member takes the industry's bulletins.
func (p *policyPage) Subscribed(industry string) bool { return p.subs[industry] }

func (s *Server) policyPage(w http.ResponseWriter, r *http.Request) error {
	p := policyPage{annPage: s.annPage(r, "policy.title"), Industry: r.URL.Query().Get("industry"), subs: map[string]bool{}}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("policy.saved")
	}
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	if p.Items, p.Next, err = s.store.PolicyBulletins(r.Context(), p.Industry, pg); err != nil {
		return err
	}
	if p.Actor.MemberID != 0 {
		if p.Sub, err = s.store.PolicySubscriptions(r.Context()); err != nil {
			return err
		}
		for _, i := range p.Sub.Industries {
			p.subs[i] = true
		}
	}
	s.render(w, r, http.StatusOK, "policy", &p)
	return nil
}

func (s *Server) policySubscribeSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	in := chamber.PolicySubscriptionInput{AllIndustries: r.PostForm.Get("all") == "1", Industries: r.PostForm["industry"]}
	if _, err := s.store.SetPolicySubscriptions(r.Context(), in); err != nil {
		return err
	}
	http.Redirect(w, r, "/policy?saved=1", http.StatusSeeOther)
	return nil
}

func (s *Server) apiPolicyBulletins(w http.ResponseWriter, r *http.Request) error {
	return writeFilteredPage(w, r, func(r *http.Request) (string, error) { return r.URL.Query().Get("industry"), nil }, s.store.PolicyBulletins)
}

func (s *Server) apiPolicySubscriptions(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.store.PolicySubscriptions(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sub)
	return nil
}

func (s *Server) apiPolicySubscribe(w http.ResponseWriter, r *http.Request) error {
	var in chamber.PolicySubscriptionInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	sub, err := s.store.SetPolicySubscriptions(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sub)
	return nil
}
