package web

import (
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
)

func itoa(n int) string { return strconv.Itoa(n) }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write([]byte("ok\n"))
	return err
}

type homePage struct {
	Page
	Counts *chamber.Counts
	Perms  []chamber.Permission
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	counts, err := s.store.Counts(r.Context())
	if err != nil {
		return err
	}
	p := homePage{Page: s.page(r, "home.title"), Counts: counts}
	for _, perm := range chamber.AllPermissions {
		if p.Actor.Permissions[perm] {
			p.Perms = append(p.Perms, perm)
		}
	}
	s.render(w, r, http.StatusOK, "home", &p)
	return nil
}
