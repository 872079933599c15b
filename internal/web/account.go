package web

import (
	"net/http"

	"github.com/chamber-org/chamber"
)

type accountPage struct {
	Page
	Tokens   []*chamber.Token
	NewToken string
	// Portal: a member's portal login has no API tokens of its own.
	Portal bool
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, p *accountPage) error {
	toks, err := s.store.ListTokens(r.Context(), p.Actor.UserID)
	if err != nil {
		return err
	}
	p.Tokens, p.Portal = toks, portalLogin(p.Actor)
	s.render(w, r, status, "account", p)
	return nil
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	p := accountPage{Page: s.page(r, "account.title")}
	if r.URL.Query().Get("saved") == "1" {
		p.Flash = p.T("app.saved")
	}
	return s.renderAccount(w, r, http.StatusOK, &p)
}

func (s *Server) accountPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	err := s.store.ChangeOwnPassword(r.Context(), r.PostForm.Get("old_password"), r.PostForm.Get("new_password"))
	if err != nil {
		p := accountPage{Page: s.page(r, "account.title")}
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, &p)
	}
	// A password change ends every session, this one too.
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	a := info(r).Actor
	secret, _, err := s.store.CreateToken(r.Context(), a.UserID, r.PostForm.Get("name"))
	p := accountPage{Page: s.page(r, "account.title")}
	if err != nil {
		if !p.withFieldErrors(err) {
			return err
		}
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, &p)
	}
	p.NewToken = secret
	return s.renderAccount(w, r, http.StatusCreated, &p)
}

func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?saved=1", http.StatusSeeOther)
	return nil
}
