package main

import (
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
