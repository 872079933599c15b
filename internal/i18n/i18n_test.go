package i18n

import (
	"strings"
	"testing"
	"time"
)

func TestCatalogComplete(t *testing.T) {
	if len(duplicateKeys) > 0 {
		t.Errorf("keys defined twice: %v", duplicateKeys)
	}
	for _, k := range Keys() {
		m := catalog[k]
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("%s: missing a language: %q", k, m)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: zh and en take different arguments: %q / %q", k, m[0], m[1])
		}
	}
}

func TestNegotiate(t *testing.T) {
	for h, want := range map[string]string{
		"":                        ZH,
		"en-US,en;q=0.9":          EN,
		"zh-CN,zh;q=0.9,en;q=0.8": ZH,
		"fr-FR, en;q=0.5":         EN,
		"en;q=0.4, zh-TW;q=0.6":   ZH,
		"de":                      ZH,
		"garbage;;,=":             ZH,
	} {
		if got := Negotiate(h); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", h, got, want)
		}
	}
}

func TestDate(t *testing.T) {
	d := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	if got := Date(ZH, d); got != "2026年11月26日" {
		t.Fatal(got)
	}
	if got := Date(EN, d); got != "2026-11-26" {
		t.Fatal(got)
	}
	if got := T(EN, "err.too_long", 100); got != "At most 100 characters." {
		t.Fatal(got)
	}
	if got := T(ZH, "no.such.key"); got != "no.such.key" {
		t.Fatal(got)
	}
}
