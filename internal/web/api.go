package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
)

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// decodeJSON reads one JSON object into v, strictly: the body must be JSON,
// unknown fields are refused, and nothing may follow the object.
func decodeJSON(r *http.Request, v any) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	return decodeJSONBytes(body, v)
}

// decodeJSONWith is decodeJSON requiring the named fields to be present,
// for a body that replaces a whole setting (a field left out by mistake is
// refused instead of being reset to zero) or whose value counts even at
// zero (a progress report's percent). Names match as encoding/json matches
// them, whatever their case.
func decodeJSONWith(r *http.Request, v any, required ...string) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	if err := decodeJSONBytes(body, v); err != nil {
		return err
	}
	var present map[string]json.RawMessage
	if err := json.Unmarshal(body, &present); err != nil {
		return jsonError(err)
	}
	var missing chamber.Fields
	for _, name := range required {
		found := false
		for k := range present {
			found = found || strings.EqualFold(k, name)
		}
		if !found {
			missing.Add(name, "err.required")
		}
	}
	return missing.Err()
}

// readBody checks the content type and reads the whole (size-limited) body.
func readBody(r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, &chamber.Error{Code: chamber.EBADREQUEST, Reason: "bad_content_type", Key: "err.content_type"}
		}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, jsonError(err)
	}
	return body, nil
}

// decodeJSONBytes is decodeJSON on a body already read.
func decodeJSONBytes(body []byte, v any) error {
	if !utf8.Valid(body) {
		// encoding/json would put U+FFFD in silently: refuse instead of losing text.
		return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{"not UTF-8"}}
	}
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] != '{' {
		// null, a list or a scalar is not a body: nothing may pass as an empty object.
		return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{"expected a JSON object"}}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			typ.Field = jsonFieldPath(v, typ.Field)
		}
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{"trailing data after the object"}}
	}
	// The text and date rules, on every string of the body.
	return checkJSONInput(body)
}

func jsonError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	if errors.Is(err, io.EOF) {
		return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{"empty body"}}
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{fmt.Sprintf("syntax error at byte %d", syn.Offset)}}
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		field := typ.Field
		if field == "" {
			return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{"expected a JSON object"}}
		}
		return &chamber.Error{Code: chamber.EINVALID, Reason: "invalid_fields", Key: "err.invalid_fields",
			Fields: []chamber.FieldError{{Field: field, Key: "err.invalid_value"}}}
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		name := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return &chamber.Error{Code: chamber.EINVALID, Reason: "unknown_field", Key: "err.unknown_field", Args: []any{name},
			Fields: []chamber.FieldError{{Field: name, Key: "err.unknown_field", Args: []any{name}}}}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{"unexpected end"}}
	}
	return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "malformed_json", Key: "err.bad_json", Args: []any{"cannot be read"}}
}

// pageParams reads ?cursor= and ?limit= (1..200).
func pageParams(r *http.Request) (chamber.Page, error) {
	q := r.URL.Query()
	p := chamber.Page{Cursor: q.Get("cursor")}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > chamber.MaxPageLimit {
			return p, &chamber.Error{Code: chamber.EINVALID, Reason: "invalid_fields", Key: "err.bad_limit",
				Fields: []chamber.FieldError{{Field: "limit", Key: "err.bad_limit"}}}
		}
		p.Limit = n
	}
	if len(p.Cursor) > 200 {
		return p, chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
	}
	return p.Normalize(), nil
}

// pathID reads a positive integer path value; anything else is not found.
func pathID(r *http.Request, name string) (chamber.ID, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, chamber.Errorf(chamber.ENOTFOUND, "err.not_found")
	}
	return v, nil
}

// list is the shape of every list answer.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// writeFilteredPage answers one page of a filtered list: ?cursor= and
// ?limit=, the filter read from the query, and the store's page of it.
func writeFilteredPage[F, T any](w http.ResponseWriter, r *http.Request, filter func(*http.Request) (F, error),
	page func(context.Context, F, chamber.Page) ([]T, string, error)) error {
	pg, err := pageParams(r)
	if err != nil {
		return err
	}
	f, err := filter(r)
	if err != nil {
		return err
	}
	items, next, err := page(r.Context(), f, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}

// writePaged answers a list the store returns whole (short lists: bodies,
// accounts, a meeting's motions, a member's history) in the same paged
// shape as the others: ?limit= (1..200) and ?cursor= (where the previous
// page stopped) are honoured, so a client pages every list alike.
func writePaged[T any](w http.ResponseWriter, r *http.Request, items []T) error {
	p, err := pageParams(r)
	if err != nil {
		return err
	}
	start := 0
	if p.Cursor != "" {
		n, err := strconv.Atoi(p.Cursor)
		if err != nil || n < 0 || n > len(items) {
			return chamber.Errorf(chamber.EBADREQUEST, "err.bad_cursor")
		}
		start = n
	}
	end := min(start+p.Limit, len(items))
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	writeJSON(w, http.StatusOK, newList(items[start:end], next))
	return nil
}

// jsonFieldPath turns encoding/json's Go-side path of a field (which names an
// embedded struct by its type, "ProfileText.logo_id") into the path a client
// sent ("logo_id"): a segment that is an embedded struct without a JSON name
// of its own is dropped.
func jsonFieldPath(v any, field string) string {
	t := reflect.TypeOf(v)
	var out []string
	for _, seg := range strings.Split(field, ".") {
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct {
			out = append(out, seg)
			t = nil
			continue
		}
		if f, ok := t.FieldByName(seg); ok && f.Anonymous && jsonTagName(f) == "" {
			t = f.Type
			continue
		}
		out = append(out, seg)
		t = jsonFieldType(t, seg)
	}
	return strings.Join(out, ".")
}

// jsonFieldType is the type of the field of struct t that JSON calls name.
func jsonFieldType(t reflect.Type, name string) reflect.Type {
	for _, f := range reflect.VisibleFields(t) {
		tag := jsonTagName(f)
		if tag == name || (tag == "" && strings.EqualFold(f.Name, name)) {
			return f.Type
		}
	}
	return nil
}

// jsonTagName is the name part of a field's json tag ("" when it has none).
func jsonTagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}
