package chamber_test

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/chamber-org/chamber"
	"pgregory.net/rapid"
)

// Bodies are plain text: whatever is typed, the paragraphs hold no blank
// line and no control character, keep every visible character in order,
// and html/template prints them with no markup of their own.
func TestParagraphsProperty(t *testing.T) {
	tmpl := template.Must(template.New("b").Parse(`{{range .}}<p>{{range $i, $l := .}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>{{end}}`))
	rapid.Check(t, func(t *rapid.T) {
		body := rapid.StringOf(rapid.OneOf(rapid.RuneFrom([]rune("<>&\"'\n\r\t 　段落ab\x00\x1b")), rapid.Rune())).Draw(t, "body")
		paras := chamber.Paragraphs(body)
		var visible strings.Builder
		for _, p := range paras {
			if len(p) == 0 {
				t.Fatal("empty paragraph")
			}
			for _, l := range p {
				if strings.TrimSpace(l) == "" || strings.ContainsAny(l, "\n\r\x00\x1b") || !utf8.ValidString(l) {
					t.Fatalf("bad line %q", l)
				}
				visible.WriteString(l)
			}
		}
		strip := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r < 0x20 || r == 0x7f || unicode.IsSpace(r) || r == utf8.RuneError {
					return -1
				}
				return r
			}, s)
		}
		if strip(visible.String()) != strip(body) {
			t.Fatalf("text lost: %q → %q", body, visible.String())
		}
		var out bytes.Buffer
		if err := tmpl.Execute(&out, paras); err != nil {
			t.Fatal(err)
		}
		html := strings.NewReplacer("<p>", "", "</p>", "", "<br>", "").Replace(out.String())
		if strings.ContainsAny(html, "<>") {
			t.Fatalf("markup leaked: %q", out.String())
		}
	})
}

func TestAudienceJSON(t *testing.T) {
	for in, want := range map[string]chamber.Audience{
		`"all_members"`: chamber.AudienceAllMembers, `"council"`: chamber.AudienceCouncil, `"staff"`: chamber.AudienceStaff,
		`12`: chamber.BodyAudience(12), `"12"`: chamber.BodyAudience(12), `"tier:council"`: chamber.TierAudience("council"),
		`-3`: "invalid", `1.5`: "invalid", `true`: "invalid", `"everyone"`: "everyone",
	} {
		var a chamber.Audience
		if err := json.Unmarshal([]byte(in), &a); err != nil || a != want {
			t.Errorf("%s → %q %v, want %q", in, a, err, want)
		}
		if want != "invalid" && want != "everyone" {
			if !a.Valid() {
				t.Errorf("%s not valid", in)
			}
			b, _ := json.Marshal(a)
			var back chamber.Audience
			json.Unmarshal(b, &back)
			if back != a {
				t.Errorf("round trip %s → %s → %q", in, b, back)
			}
		} else if a.Valid() {
			t.Errorf("%s valid", in)
		}
	}
	if b, _ := json.Marshal(chamber.BodyAudience(7)); string(b) != "7" {
		t.Errorf("body audience marshals as %s", b)
	}
}

func TestAnnouncementInputValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		in    chamber.AnnouncementInput
		field string
	}{
		"ok":           {chamber.AnnouncementInput{Kind: "notice", Title: "t", Body: "b"}, ""},
		"update kind":  {chamber.AnnouncementInput{Kind: "update", Title: "t", Body: "b"}, ""},
		"bad kind":     {chamber.AnnouncementInput{Kind: "memo", Title: "t", Body: "b"}, "kind"},
		"no title":     {chamber.AnnouncementInput{Kind: "news", Body: "b"}, "title"},
		"no body":      {chamber.AnnouncementInput{Kind: "news", Title: "t", Body: " \n "}, "body"},
		"ack on news":  {chamber.AnnouncementInput{Kind: "news", Title: "t", Body: "b", RequireAck: true}, "require_ack"},
		"category":     {chamber.AnnouncementInput{Kind: "news", Title: "t", Body: "b", Category: "finance"}, "category"},
		"disclosure":   {chamber.AnnouncementInput{Kind: "disclosure", Title: "t", Body: "b", Category: "finance", Year: 2025}, ""},
		"bad year":     {chamber.AnnouncementInput{Kind: "disclosure", Title: "t", Body: "b", Year: 20}, "year"},
		"bad audience": {chamber.AnnouncementInput{Kind: "news", Title: "t", Body: "b", Audience: "everyone"}, "audience"},
		"long title":   {chamber.AnnouncementInput{Kind: "news", Title: strings.Repeat("字", 201), Body: "b"}, "title"},
	} {
		tc.in.Normalize()
		err := tc.in.Validate()
		var e *chamber.Error
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		if err == nil || !errorAs(err, &e) || !chamber.Fields(e.Fields).Has(tc.field) {
			t.Errorf("%s: %v, want a %s error", name, err, tc.field)
		}
	}
}

func errorAs(err error, e **chamber.Error) bool {
	ce, ok := err.(*chamber.Error)
	*e = ce
	return ok
}
