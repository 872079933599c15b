package chamber_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// imports lists what the non-test Go files of dir import.
func imports(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no Go files (%v)", dir, err)
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range ast.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out[p] = filepath.Base(f)
		}
	}
	return out
}

// TestLayers: the domain package imports only the standard library, and the
// store returns data: it knows no message catalog, spreadsheet format or web
// layer (the program hands it the texts and the sheet reader it needs).
func TestLayers(t *testing.T) {
	for p, f := range imports(t, ".") {
		if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
			t.Errorf("the domain package imports %s (%s): only the standard library", p, f)
		}
	}
	banned := []string{"/internal/i18n", "/internal/sheet", "/internal/web", "github.com/xuri/excelize"}
	for p, f := range imports(t, "internal/sqlstore") {
		for _, b := range banned {
			if strings.Contains(p, b) {
				t.Errorf("the store imports %s (%s)", p, f)
			}
		}
	}
}
