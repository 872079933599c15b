package web

import (
	"github.com/chamber-org/chamber/internal/i18n"
	"net/http"

	"github.com/chamber-org/chamber"
)

func (s *Server) apiMemberCreate(w http.ResponseWriter, r *http.Request) error {
	var in chamber.MemberInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.store.CreateMember(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) apiMemberList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListMembers(r.Context(), memberFilter(r), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiMemberTiers(w http.ResponseWriter, r *http.Request) error {
	tiers, err := s.store.Tiers(r.Context())
	if err != nil {
		return err
	}
	return writePaged(w, r, tiers)
}

func (s *Server) apiMemberGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.store.FindMember(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiMemberPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var p chamber.MemberPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	m, err := s.store.UpdateMember(r.Context(), id, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiMemberHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	h, err := s.store.MemberHistory(r.Context(), id)
	if err != nil {
		return err
	}
	return writePaged(w, r, h)
}

func (s *Server) apiMemberStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var c chamber.StatusChange
	if err := decodeJSON(r, &c); err != nil {
		return err
	}
	m, err := s.store.ChangeMemberStatus(r.Context(), id, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiMemberLapse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body struct {
		Lapsed *bool  `json:"lapsed"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if body.Lapsed == nil {
		var f chamber.Fields
		f.Add("lapsed", "err.required")
		return f.Err()
	}
	m, err := s.store.SetMemberLapsed(r.Context(), id, *body.Lapsed, body.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiRepList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	reps, err := s.store.Representatives(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.store.FindMember(r.Context(), id); err != nil {
		return err
	}
	return writePaged(w, r, reps)
}

func (s *Server) apiRepAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var rep chamber.Representative
	if err := decodeJSON(r, &rep); err != nil {
		return err
	}
	created, err := s.store.AddRepresentative(r.Context(), id, rep)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, created)
	return nil
}

// applicationJSON is an application as the API shows it; the public
// answer carries the follow-up link once.
type applicationJSON struct {
	*chamber.Application
	StatusURL string `json:"status_url,omitempty"`
}

func (s *Server) apiApply(w http.ResponseWriter, r *http.Request) error {
	if err := s.throttleApply(r); err != nil {
		return err
	}
	var in chamber.ApplicationInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.store.Apply(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, applicationJSON{Application: a, StatusURL: s.baseURL() + "/join/" + a.Token})
	return nil
}

func (s *Server) apiApplicationList(w http.ResponseWriter, r *http.Request) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	items, next, err := s.store.ListApplications(r.Context(), chamber.ApplicationStatus(r.URL.Query().Get("status")), pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func (s *Server) apiApplicationDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var d chamber.AppDecision
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	a, err := s.store.DecideApplication(r.Context(), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiOwnMember(w http.ResponseWriter, r *http.Request) error {
	m, err := s.store.FindMember(r.Context(), info(r).Actor.MemberID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiOwnMemberPatch(w http.ResponseWriter, r *http.Request) error {
	var p chamber.MemberPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	m, cr, err := s.store.UpdateOwnMember(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*chamber.Member
		PendingChange *chamber.ChangeRequest `json:"pending_change,omitempty"`
	}{m, cr})
	return nil
}

// rowReport translates an import's row errors into the caller's language.
func rowReport(lang string, bad []chamber.ImportRowError) []chamber.ImportRowError {
	for i := range bad {
		bad[i].Message = i18n.T(lang, bad[i].Key, bad[i].Args...)
	}
	return bad
}
