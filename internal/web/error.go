package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/i18n"
)

// statusOf maps a domain error code to its HTTP status: the one place this happens.
func statusOf(code string) int {
	switch code {
	case chamber.EINVALID:
		return http.StatusUnprocessableEntity
	case chamber.EBADREQUEST:
		return http.StatusBadRequest
	case chamber.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case chamber.EFORBIDDEN:
		return http.StatusForbidden
	case chamber.ENOTFOUND:
		return http.StatusNotFound
	case chamber.ECONFLICT:
		return http.StatusConflict
	case chamber.ETHROTTLED:
		return http.StatusTooManyRequests
	case "method_not_allowed":
		return http.StatusMethodNotAllowed
	case "too_large":
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// apiError is the JSON error shape of API.md.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details,omitempty"`
}

// asDomainError turns any error into a *chamber.Error; unknown errors are
// internal and logged with the request id, never shown.
func (s *Server) asDomainError(r *http.Request, err error) *chamber.Error {
	var e *chamber.Error
	if errors.As(err, &e) {
		return e
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &chamber.Error{Code: "too_large", Key: "err.body_too_large", Args: []any{mbe.Limit}}
	}
	s.log.Error("internal error", "request_id", info(r).ID, "route", info(r).Route, "err", err)
	return chamber.Errorf(chamber.EINTERNAL, "err.internal")
}

// writeError answers with err: JSON on API paths, an HTML page elsewhere.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := s.asDomainError(r, err)
	status := statusOf(e.Code)
	if e.Code == chamber.EINTERNAL {
		status = http.StatusInternalServerError
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	ri := info(r)
	lang := ri.Lang
	if isAPI(r) {
		body := apiErrorBody{Code: apiCode(e), Message: i18n.T(lang, e.Key, e.Args...)}
		if len(e.Fields) > 0 {
			fields := map[string]string{}
			for _, f := range e.Fields {
				if _, dup := fields[f.Field]; !dup {
					fields[f.Field] = i18n.T(lang, f.Key, f.Args...)
				}
			}
			body.Details = map[string]any{"fields": fields}
		}
		if e.Code == chamber.EINTERNAL {
			body.Details = map[string]any{"request_id": ri.ID}
		}
		writeJSON(w, status, apiError{Error: body})
		return
	}
	if status == http.StatusUnauthorized {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	msg := i18n.T(lang, e.Key, e.Args...)
	if status == http.StatusForbidden && e.Reason == "" {
		msg = i18n.T(lang, "err.forbidden_page") // the permission's code name means nothing to a visitor
	}
	p := errorPage{Page: s.page(r, "err.title"), Status: status, Message: msg, RequestID: ri.ID}
	s.render(w, r, status, "error", &p)
}

// apiCode is the snake_case code clients see: the finer reason when there
// is one, else the class.
func apiCode(e *chamber.Error) string {
	if e.Reason != "" {
		return e.Reason
	}
	return e.Code
}

type errorPage struct {
	Page
	Status    int
	Message   string
	RequestID string
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
