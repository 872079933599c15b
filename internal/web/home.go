package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/chamber-org/chamber"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Drain makes /healthz answer 503 from now on (SIGTERM: the balancer stops
// sending new requests before the server shuts down).
func (s *Server) Drain() { s.draining.Store(true) }

// healthz is the balancer's readiness check: 200 "ok" while the instance
// takes requests and its database answers, 503 while it drains or the
// database is unreachable (checked within 2 s).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	status, body := http.StatusOK, "ok\n"
	if s.draining.Load() {
		status, body = http.StatusServiceUnavailable, "draining\n"
	} else if p, ok := s.store.(interface{ Ping(context.Context) error }); ok {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := p.Ping(ctx); err != nil {
			s.log.Warn("healthz: database unreachable", "err", err)
			status, body = http.StatusServiceUnavailable, "database unreachable\n"
		}
	}
	w.WriteHeader(status)
	_, err := w.Write([]byte(body))
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
