package chamber

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in internal/web/error.go.
const (
	EINVALID      = "invalid"      // 422: a field is wrong
	EBADREQUEST   = "bad_request"  // 400: malformed request
	EUNAUTHORIZED = "unauthorized" // 401: not logged in, bad credentials
	EFORBIDDEN    = "forbidden"    // 403: logged in but not allowed
	ENOTFOUND     = "not_found"    // 404
	ECONFLICT     = "conflict"     // 409: duplicate or wrong state
	ETHROTTLED    = "rate_limited" // 429
	EINTERNAL     = "internal"     // 500: never for bad input
)

// Error is the one error type the domain returns to the outside. Code is the
// class; Reason (optional) is a finer snake_case code shown to API clients
// (e.g. "notice_period"); Key and Args name a message in the i18n catalog, so
// the web layer can show it in the user's language.
type Error struct {
	Code   string
	Reason string
	Key    string
	Args   []any
	Fields []FieldError
	// RetryAfter is set on ETHROTTLED errors: seconds to wait.
	RetryAfter int
}

// FieldError names one bad field and why, as a catalog key.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

func (e *Error) Error() string {
	s := e.Code
	if e.Reason != "" {
		s += "/" + e.Reason
	}
	if e.Key != "" {
		s += ": " + e.Key
	}
	for _, f := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", f.Field, f.Key)
	}
	return s
}

// Errorf builds an *Error with a code and a message key.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// AsError returns the *Error err is or wraps, and whether there is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// Fields collects field errors while validating a form.
type Fields []FieldError

// Add records a bad field.
func (f *Fields) Add(field, key string, args ...any) {
	*f = append(*f, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field already has an error.
func (f Fields) Has(field string) bool {
	for _, e := range f {
		if e.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when no field is bad, else an EINVALID *Error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Reason: "invalid_fields", Key: "err.invalid_fields", Fields: f}
}
