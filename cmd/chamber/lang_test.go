package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chamber-org/chamber/internal/sqlstore/sqlstoretest"
)

// The command speaks the terminal's language: LANG=zh_CN.UTF-8 (or
// CHAMBER_LANG) is Chinese, --lang before the command overrides it, and
// errors of the store come in the same language.
func TestCLILanguage(t *testing.T) {
	dsn := sqlstoretest.DSN(t, false)
	zh := map[string]string{"CHAMBER_DB": dsn, "LANG": "zh_CN.UTF-8"}
	if code, out, stderr := cli(t, zh, "", "migrate"); code != 0 || !strings.Contains(out, "数据库已是最新") {
		t.Fatalf("migrate in Chinese: %d %q %q", code, out, stderr)
	}
	if code, out, _ := cli(t, zh, "", "--lang", "en", "migrate"); code != 0 || !strings.Contains(out, "database is up to date") {
		t.Fatalf("--lang en: %d %q", code, out)
	}
	en := map[string]string{"CHAMBER_DB": dsn, "LANG": "C.UTF-8", "CHAMBER_LANG": "zh-CN"}
	if code, out, _ := cli(t, en, "", "verify"); code != 0 || !strings.Contains(out, "审计链与账簿均完好") {
		t.Fatalf("CHAMBER_LANG zh-CN verify: %d %q", code, out)
	}
	// A store error (bad password: too short) in Chinese, then in English.
	if code, _, stderr := cli(t, zh, "短\n", "user", "add", "--username", "boss", "--name", "会长", "--password-stdin"); code != 1 || !strings.Contains(stderr, "密码") {
		t.Fatalf("store error in Chinese: %d %q", code, stderr)
	}
	if code, _, stderr := cli(t, map[string]string{"CHAMBER_DB": dsn}, "短\n", "--lang=en", "user", "add", "--username", "boss", "--name", "会长", "--password-stdin"); code != 1 || !strings.Contains(stderr, "assword") {
		t.Fatalf("store error in English: %d %q", code, stderr)
	}
	if code, _, stderr := cli(t, zh, "", "--lang", "fr", "version"); code != 2 || !strings.Contains(stderr, "zh-CN") {
		t.Fatalf("bad --lang: %d %q", code, stderr)
	}
}

// chamber invite writes one row per invitation with its code; the codes
// activate logins; a second file of the same name is refused.
func TestCLIInvite(t *testing.T) {
	dsn := sqlstoretest.DSN(t, false)
	env := map[string]string{"CHAMBER_DB": dsn}
	csvIn := filepath.Join(t.TempDir(), "m.csv")
	if err := os.WriteFile(csvIn, []byte("名称,类型,统一社会信用代码,联系人,电话,电子邮箱\n杭州丝绸有限公司,单位,"+testCredit(1)+",王经理,13812345678,silk@example.com\n宁波港航集团,单位,"+testCredit(2)+",赵主任,13812345679,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, env, "", "import", "members", csvIn); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "letters.csv")
	code, stdout, stderr := cli(t, env, "", "invite", "--all", "--mail", "--base-url", "https://chamber.example", "--out", out)
	if code != 0 || !strings.Contains(stdout, "2 portal invitations made (1 queued") {
		t.Fatalf("invite: %d %q %q", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(rows) != 3 || !strings.Contains(rows[1], "https://chamber.example/activate?code=") {
		t.Fatalf("letters file: %q", b)
	}
	if code, _, _ := cli(t, env, "", "invite", "--all", "--base-url", "https://chamber.example", "--out", out); code != 1 {
		t.Fatalf("overwrite: %d", code)
	}
	if code, _, _ := cli(t, env, "", "invite", "--out", out+"2", "--base-url", "https://chamber.example"); code != 2 {
		t.Fatalf("whom missing: %d", code)
	}
}
