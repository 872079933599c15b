package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chamber-org/chamber"
	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

func testCredit(n int) string {
	body := fmt.Sprintf("91330100MA%07d", n)
	return body + string(chamber.CreditCodeCheckChar(body))
}

func TestImportExportMembers(t *testing.T) {
	env := map[string]string{"CHAMBER_DB": sqlstoretest.DSN(t, false)}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("\ufeff名称,类型,会员等级,统一社会信用代码,联系人,电话\n")
	for i := 0; i < 1000; i++ {
		code := testCredit(i)
		if i == 499 {
			code = "91330100MA00000000"
		}
		fmt.Fprintf(&b, "导入公司%d,单位,理事单位,%s,张三,13812345678\n", i, code)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte(b.String()), 0o644)
	code, out, stderr := cli(t, env, "", "import", "members", bad)
	if code != 1 || !strings.Contains(out, "row 501\tcredit_code") || !strings.Contains(stderr, "nothing was imported") {
		t.Fatalf("bad import: %d %q %q", code, out, stderr)
	}
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte(strings.Replace(b.String(), "91330100MA00000000", testCredit(5000), 1)), 0o644)
	if code, out, stderr = cli(t, env, "", "import", "members", good); code != 0 || !strings.Contains(out, "imported 1000") {
		t.Fatalf("good import: %d %q %q", code, out, stderr)
	}
	for _, f := range []string{"xlsx", "csv"} {
		path := filepath.Join(dir, "out."+f)
		if code, out, stderr = cli(t, env, "", "export", "members", "--format", f, "--out", path); code != 0 || !strings.Contains(out, "exported 1000") {
			t.Fatalf("export %s: %d %q %q", f, code, out, stderr)
		}
		// The export imports again into a fresh database.
		env2 := map[string]string{"CHAMBER_DB": sqlstoretest.DSN(t, false)}
		if code, out, stderr = cli(t, env2, "", "import", "members", path); code != 0 || !strings.Contains(out, "imported 1000") {
			t.Fatalf("re-import %s: %d %q %q", f, code, out, stderr)
		}
	}
	if code, _, _ := cli(t, env, "", "export", "members", "--format", "pdf", "--out", "x"); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
}
