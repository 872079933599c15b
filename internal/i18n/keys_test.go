package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every literal message key the Go code names (Key: "…", T("…"),
// Errorf(code, "…"), field errors) exists in the catalog.
func TestCodeKeysExist(t *testing.T) {
	root := filepath.Join("..", "..")
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`Key:\s*"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`),
		regexp.MustCompile(`\bT\((?:[a-zA-Z.]+,\s*)?"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`),
		regexp.MustCompile(`Errorf\(chamber\.E[A-Z]+,\s*"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`),
		regexp.MustCompile(`Errorf\(E[A-Z]+,\s*"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`),
		regexp.MustCompile(`fieldErr\("[a-z_.]+",\s*"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`),
		regexp.MustCompile(`\.Add\("[a-z_.]+",\s*"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"`),
	}
	checked := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(body), -1) {
				if strings.HasSuffix(m[1], ".") {
					continue // a prefix the code completes at run time
				}
				checked++
				if !Has(m[1]) {
					t.Errorf("%s: no catalog key %q", p, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 200 {
		t.Fatalf("only %d keys found: the patterns are off", checked)
	}
}
