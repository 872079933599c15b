package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// The input rules at the decoding layer: every text value that reaches a
// handler — JSON bodies, form fields, query strings, multipart text fields
// and file names — holds no control character (multi-line fields may hold
// tab, LF and CR; chamber.MultilineField decides which), and every value of
// a date field lies in chamber.MinDate…MaxDate. A value that breaks a rule
// is a 422 naming the field, before any handler or database sees it.

// dateField reports whether a JSON key or form/query name holds a date or a
// time: "date", "from", "to", "*_date", "*_on", "*_at" …
func dateField(name string) bool {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "date", "from", "to", "until", "since", "as_of", "on":
		return true
	}
	return strings.HasSuffix(name, "_date") || strings.HasSuffix(name, "_on") || strings.HasSuffix(name, "_at")
}

// dateValueOK reports whether a date field's value, when it is a date
// (YYYY-MM-DD), a month (YYYY-MM), an RFC 3339 time or a datetime-local
// value, lies in the range. Values that are no date are left to the
// handler's own validation.
func dateValueOK(v string) bool {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01"} {
		if t, err := time.Parse(layout, v); err == nil {
			return chamber.DateInRange(t)
		}
	}
	return true
}

// checkValue applies both rules to one named value.
func checkValue(field, v string) error {
	if !chamber.TextOK(v, chamber.MultilineField(field)) {
		return chamber.TextError(field)
	}
	if dateField(field) && !dateValueOK(v) {
		return chamber.DateRangeError(field)
	}
	return nil
}

// checkJSONInput walks a JSON document (already known to be valid) and
// applies the rules to every string value, naming it by its path
// ("lines[0].memo"). Object keys are checked too: a key with a control
// character is refused as that key.
func checkJSONInput(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object  bool
		key     string // the current key (object)
		index   int    // values seen so far (array)
		wantKey bool
	}
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index-1) + "]")
			}
		}
		return b.String()
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // EOF (or an error the strict decoder already reported)
		}
		var top *frame
		if n := len(stack); n > 0 {
			top = stack[n-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if top != nil && !top.object {
					top.index++
				}
				stack = append(stack, &frame{object: d == '{', wantKey: d == '{'})
			case '}', ']':
				stack = stack[:len(stack)-1]
				if n := len(stack); n > 0 && stack[n-1].object {
					stack[n-1].wantKey = true
				}
			}
			continue
		}
		if top != nil && top.object && top.wantKey {
			key, _ := tok.(string)
			top.key, top.wantKey = key, false
			if !chamber.TextOK(key, false) {
				return chamber.TextError(path())
			}
			continue
		}
		if top != nil && !top.object {
			top.index++
		}
		if s, ok := tok.(string); ok {
			if err := checkValue(path(), s); err != nil {
				return err
			}
		}
		if top != nil && top.object {
			top.wantKey = true
		}
	}
}

// checkRequestInput applies the rules to the query string and, for a form
// post, to every form field and uploaded file name. It parses the form
// itself (a handler's later ParseForm is then a no-op).
func checkRequestInput(r *http.Request) error {
	if err := checkValues(r.URL.Query(), "next"); err != nil {
		return err
	}
	if r.Body == nil || r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return formError(err)
		}
		return checkValues(r.PostForm, "next")
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return formError(err)
		}
		if err := checkValues(r.MultipartForm.Value, ""); err != nil {
			return err
		}
		return checkFileNames(r.MultipartForm.File)
	}
	return nil
}

func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return &chamber.Error{Code: chamber.EBADREQUEST, Reason: "bad_form", Key: "err.bad_form"}
}

// checkValues checks every value of a form or query, in name order (so the
// field named is the same on every run); skip names a parameter handled by
// a rule of its own ("next": the same-site redirect rule).
func checkValues(vs url.Values, skip string) error {
	names := make([]string, 0, len(vs))
	for k := range vs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if k == skip {
			continue
		}
		if !chamber.TextOK(k, false) {
			return chamber.TextError(strconv.QuoteToASCII(k))
		}
		for _, v := range vs[k] {
			if err := checkValue(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkFileNames(files map[string][]*multipart.FileHeader) error {
	for k, fs := range files {
		for _, fh := range fs {
			if !chamber.TextOK(fh.Filename, false) {
				return chamber.TextError(k)
			}
		}
	}
	return nil
}

// decodeFull decodes a full-replacement body (PUT): besides decodeJSON's
// rules, each of the required top-level keys must be present and not null,
// so that null, {} or half a body never replaces what is stored.
func decodeFull(r *http.Request, v any, required ...string) error {
	var raw map[string]json.RawMessage
	body, err := readBody(r)
	if err != nil {
		return err
	}
	if err := decodeJSONBytes(body, v); err != nil {
		return err
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return jsonError(err)
	}
	var f chamber.Fields
	for _, k := range required {
		if m, ok := raw[k]; !ok || string(bytes.TrimSpace(m)) == "null" {
			f.Add(k, "err.required")
		}
	}
	return f.Err()
}
