package web

import (
	"net/http"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

type loginPage struct {
	Page
	Next     string
	Username string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if info(r).Actor != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	p := loginPage{Page: s.page(r, "login.title"), Next: safeNext(r.URL.Query().Get("next"))}
	if r.URL.Query().Get("out") == "1" {
		p.Flash = p.T("logout.done")
	}
	if u := r.URL.Query().Get("activated"); u != "" && len(u) <= 64 {
		p.Flash, p.Username = p.T("invite.activated", u), u
	}
	s.render(w, r, http.StatusOK, "login", &p)
	return nil
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	username, pw := r.PostForm.Get("username"), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	u, err := s.store.Login(r.Context(), username, pw, clientAddr(r))
	if err != nil {
		code := chamber.ErrorCode(err)
		if code != chamber.EUNAUTHORIZED && code != chamber.ETHROTTLED {
			return err
		}
		e, _ := chamber.AsError(err) // ErrorCode above found one
		status := http.StatusUnauthorized
		if code == chamber.ETHROTTLED {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", itoa(e.RetryAfter))
		}
		p := loginPage{Page: s.page(r, "login.title"), Next: next, Username: username}
		p.FormError = p.T(e.Key, e.Args...)
		s.render(w, r, status, "login", &p)
		return nil
	}
	secret, err := s.store.CreateSession(r.Context(), u.ID)
	if err != nil {
		return err
	}
	s.setCookie(w, r, sessionCookie, secret, chamber.SessionAbsolute)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.store.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/login?out=1", http.StatusSeeOther)
	return nil
}

// langSubmit records the user's language choice in a cookie and, for a
// login, in its profile.
func (s *Server) langSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	lang := r.PostForm.Get("lang")
	if !i18n.Valid(lang) {
		return chamber.Errorf(chamber.EBADREQUEST, "err.bad_request")
	}
	s.setCookie(w, r, langCookie, lang, 365*24*time.Hour)
	if info(r).Actor != nil {
		if err := s.store.SetLocale(r.Context(), lang); err != nil {
			return err
		}
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}
