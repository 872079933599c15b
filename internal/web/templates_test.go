package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/chamber-org/chamber/internal/i18n"
)

// Every literal catalog key a template asks for exists in the catalog, so
// no page shows a raw key in either language.
func TestTemplateKeysExist(t *testing.T) {
	re := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		body, _ := assets.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(body), -1) {
			checked++
			if !i18n.Has(m[1]) {
				t.Errorf("%s: no catalog key %q", strings.TrimPrefix(f, "templates/"), m[1])
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d keys found: the pattern is off", checked)
	}
}
