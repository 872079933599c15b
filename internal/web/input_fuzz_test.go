package web

import (
	"errors"
	"fmt"
	"testing"

	"github.com/chamber-org/chamber"
)

// fuzzBody is a body with the shapes the API decodes: nested objects,
// lists, multi-line and date fields.
type fuzzBody struct {
	Name    string         `json:"name"`
	Body    string         `json:"body"`
	Date    string         `json:"date"`
	Lines   []fuzzLine     `json:"lines"`
	Extra   map[string]any `json:"extra"`
	Count   int64          `json:"count"`
	Flag    *bool          `json:"flag"`
	Members []int64        `json:"members"`
}

type fuzzLine struct {
	Memo     string `json:"memo"`
	Note     string `json:"note"`
	StartsAt string `json:"starts_at"`
	DebitFen int64  `json:"debit_fen"`
}

// walkStrings calls fn with every string of a decoded JSON value and its
// path, the way checkJSONInput names fields.
func walkStrings(path string, v any, fn func(path, s string)) {
	switch x := v.(type) {
	case string:
		fn(path, x)
	case []any:
		for i, e := range x {
			walkStrings(fmt.Sprintf("%s[%d]", path, i), e, fn)
		}
	case map[string]any:
		for k, e := range x {
			fn(path+"."+k, k) // keys obey the single-line rule
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkStrings(p, e, fn)
		}
	}
}

// FuzzDecodeJSON: whatever the body, the decoder answers a domain error
// (400/422, never a 500) or a value in which every string obeys the text
// rule and every date field the date range.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"name": "商会", "body": "a\nb\tc", "date": "2026-03-01"}`,
		`{"name": "a\u0000b"}`, `{"body": "a\u0007"}`, `{"date": "0001-01-01"}`, `{"date": "9999-12-31"}`,
		`{"lines": [{"memo": "x", "note": "a\r\nb", "starts_at": "2026-01-01T09:00:00+08:00"}]}`,
		`{"lines": [{"memo": "x\u001f"}]}`, `{"extra": {"k\u0001": 1}}`, `{"extra": {"a": [{"b": "\u007f"}]}}`,
		`null`, `[]`, `{}`, `{"name": 1}`, `{"unknown": 1}`, `{"name": "a"} {}`, "\xff", `{"count": 1e400}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v fuzzBody
		err := decodeJSONBytes(body, &v)
		if err != nil {
			var ce *chamber.Error
			if !errors.As(err, &ce) || (ce.Code != chamber.EINVALID && ce.Code != chamber.EBADREQUEST) {
				t.Fatalf("%q: not a 400/422: %v", body, err)
			}
			return
		}
		check := func(field, s string) {
			if !chamber.TextOK(s, chamber.MultilineField(field)) {
				t.Fatalf("%q: %s=%q passed the text rule", body, field, s)
			}
		}
		check("name", v.Name)
		check("body", v.Body)
		check("date", v.Date)
		if !dateValueOK(v.Date) {
			t.Fatalf("%q: date %q passed the range", body, v.Date)
		}
		for i, l := range v.Lines {
			check(fmt.Sprintf("lines[%d].memo", i), l.Memo)
			check(fmt.Sprintf("lines[%d].note", i), l.Note)
			check(fmt.Sprintf("lines[%d].starts_at", i), l.StartsAt)
			if !dateValueOK(l.StartsAt) {
				t.Fatalf("%q: starts_at %q passed the range", body, l.StartsAt)
			}
		}
		walkStrings("extra", map[string]any(v.Extra), func(p, s string) {
			if !chamber.TextOK(s, chamber.MultilineField(p)) {
				t.Fatalf("%q: %s=%q passed the text rule", body, p, s)
			}
		})
	})
}

// The field of a wrongly typed value is named as the client sent it, also
// inside an embedded struct and inside a list of objects.
func TestDecodeJSONFieldPath(t *testing.T) {
	type Inner struct {
		LogoID int64 `json:"logo_id"`
	}
	type line struct {
		Inner
		Memo string `json:"memo"`
	}
	type body struct {
		Inner
		Lines []line `json:"lines"`
	}
	for in, want := range map[string]string{
		`{"logo_id": "x"}`:                  "logo_id",
		`{"lines": [{"memo": 1}]}`:          "lines.memo",
		`{"lines": [{"logo_id": "7"}]}`:     "lines.logo_id",
		`{"lines": [{"memo": "a"}, false]}`: "lines",
	} {
		var v body
		var ce *chamber.Error
		if err := decodeJSONBytes([]byte(in), &v); !errors.As(err, &ce) || len(ce.Fields) != 1 || ce.Fields[0].Field != want {
			t.Errorf("%s: %v, want field %q", in, err, want)
		}
	}
}
