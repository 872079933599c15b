package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// reqInfo is what the middleware learns about a request, shared with
// handlers and the error writer through the context.
type reqInfo struct {
	ID      string
	Route   string
	Actor   *chamber.Actor
	TokenID chamber.ID
	Lang    string
	Addr    string // the client's address (trusted proxies resolved)
	Status  int
	Ballot  bool // a voting route: see route.Ballot
}

type reqInfoKey struct{}

func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(reqInfoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{Lang: i18n.ZH}
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var requestIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// middleware wraps the mux: request id, one log line and metrics per
// request, panic recovery, security headers, cross-origin protection, and
// friendly 404/405 answers for requests no route matches.
func (s *Server) middleware(mux *http.ServeMux) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, &chamber.Error{Code: chamber.EFORBIDDEN, Reason: "cross_origin", Key: "err.cross_origin"})
	}))
	routed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern == "" {
			// No route: ask the mux whether it is 404 or 405, answer in our shape.
			probe := &probeWriter{header: http.Header{}}
			h.ServeHTTP(probe, r)
			if probe.status == http.StatusMethodNotAllowed {
				if allow := probe.header.Get("Allow"); allow != "" {
					w.Header().Set("Allow", allow)
				}
				s.writeError(w, r, &chamber.Error{Code: "method_not_allowed", Key: "err.method_not_allowed"})
				return
			}
			s.writeError(w, r, chamber.Errorf(chamber.ENOTFOUND, "err.not_found"))
			return
		}
		mux.ServeHTTP(w, r)
	})
	inner := cop.Handler(routed)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{ID: r.Header.Get("X-Request-ID"), Lang: s.requestLang(r, nil), Addr: s.remoteAddr(r).String()}
		if !requestIDRE.MatchString(ri.ID) {
			ri.ID = newRequestID()
		}
		r = r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, ri))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h := sw.Header()
		h.Set("X-Request-ID", ri.ID)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
		if isTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "request_id", ri.ID, "panic", p, "stack", string(debug.Stack()))
				if !sw.wrote {
					s.writeError(sw, r, chamber.Errorf(chamber.EINTERNAL, "err.internal"))
				}
			}
			d := time.Since(start)
			route := ri.Route
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, sw.status, d)
			var uid chamber.ID
			if ri.Actor != nil {
				uid = ri.Actor.UserID
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			if ri.Ballot {
				if level == slog.LevelError {
					s.log.LogAttrs(r.Context(), level, "request", slog.String("request_id", ri.ID), slog.String("method", r.Method),
						slog.String("route", route), slog.Int("status", sw.status))
				}
				return
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("request_id", ri.ID), slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.String("route", route), slog.Int("status", sw.status), slog.Duration("duration", d),
				slog.Int64("user_id", uid), slog.String("remote", clientAddr(r)))
		}()
		inner.ServeHTTP(sw, r)
	})
}

// probeWriter records what the mux would answer, writing nothing.
type probeWriter struct {
	header http.Header
	status int
}

func (p *probeWriter) Header() http.Header { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = 200
	}
	return len(b), nil
}
func (p *probeWriter) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}

func isTLS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

const (
	sessionCookie = "chamber_session"
	langCookie    = "chamber_lang"
	maxFormBytes  = 1 << 20
	maxJSONBytes  = 1 << 20
)

// requestLang: the user's choice (cookie, then the login's saved locale),
// then Accept-Language, then zh-CN.
func (s *Server) requestLang(r *http.Request, locale *string) string {
	if c, err := r.Cookie(langCookie); err == nil && i18n.Valid(c.Value) {
		return c.Value
	}
	if locale != nil && i18n.Valid(*locale) {
		return *locale
	}
	return i18n.Negotiate(r.Header.Get("Accept-Language"))
}

// adapt turns a route into a handler: it finds the actor, checks access,
// limits the body, runs the handler and writes any error it returns.
func (s *Server) adapt(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r)
		ri.Route = rt.Method + " " + rt.Pattern
		ri.Ballot = rt.Ballot
		if err := s.authenticate(w, r, rt); err != nil {
			s.writeError(w, r, err)
			return
		}
		switch rt.Access {
		case loggedIn, needPerm, staffOnly:
			if ri.Actor == nil {
				if rt.API {
					s.writeError(w, r, chamber.Errorf(chamber.EUNAUTHORIZED, "err.unauthorized"))
				} else {
					http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				}
				return
			}
			if rt.Access == staffOnly && portalLogin(ri.Actor) {
				s.writeError(w, r, &chamber.Error{Code: chamber.EFORBIDDEN, Key: "err.staff_only"})
				return
			}
			if rt.Access == needPerm && !ri.Actor.Can(rt.Perm) {
				s.writeError(w, r, &chamber.Error{Code: chamber.EFORBIDDEN, Key: "err.forbidden", Args: []any{string(rt.Perm)}})
				return
			}
		}
		if r.Body != nil {
			limit := int64(maxFormBytes)
			if rt.API {
				limit = maxJSONBytes
			}
			if rt.MaxBody > 0 {
				limit = rt.MaxBody
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		if err := checkRequestInput(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := rt.Handler(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// authenticate finds the actor: a bearer token (API routes), else the
// session cookie. A bad bearer token is an error; a stale cookie is not.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, rt *route) error {
	ri := info(r)
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" && rt.API {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return chamber.Errorf(chamber.EUNAUTHORIZED, "err.bad_token")
		}
		a, tokID, err := s.store.TokenActor(ctx, strings.TrimSpace(secret))
		if err != nil {
			return err
		}
		if err := s.throttle(ctx, "t:"+strconv.FormatInt(tokID, 10), time.Second, s.cfg.TokenRate, "err.rate_limited"); err != nil {
			return err
		}
		ri.Actor, ri.TokenID = a, tokID
	} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		a, err := s.store.SessionActor(ctx, c.Value)
		switch {
		case err == nil:
			ri.Actor = a
		case chamber.ErrorCode(err) == chamber.EUNAUTHORIZED:
			s.clearCookie(w, r, sessionCookie)
		default:
			return err
		}
	}
	if ri.Actor != nil {
		*r = *r.WithContext(chamber.WithActor(ctx, ri.Actor))
		ri.Lang = s.requestLang(r, &ri.Actor.Locale)
	}
	return nil
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || isTLS(r),
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || isTLS(r)})
}
