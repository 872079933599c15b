// Package i18n holds chamber's message catalog: every text a user sees, in
// zh-CN (the default) and en, and the choice of language for a request.
package i18n

import (
	"fmt"
	"strings"
	"time"
)

// Languages chamber speaks; the first is the default.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Supported lists the languages in the order the language menu shows them.
var Supported = []string{ZH, EN}

// T returns the message for key in lang, formatted with args. A key missing
// from the catalog is returned as is, so a slip shows rather than panics.
func T(lang, key string, args ...any) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == EN {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalog.
func Has(key string) bool { _, ok := catalog[key]; return ok }

// Keys returns every catalog key (for tests).
func Keys() []string {
	out := make([]string, 0, len(catalog))
	for k := range catalog {
		out = append(out, k)
	}
	return out
}

// Valid reports whether lang is a supported language code.
func Valid(lang string) bool { return lang == ZH || lang == EN }

// Negotiate picks zh-CN or en from an Accept-Language header, by quality;
// anything else falls back to zh-CN.
func Negotiate(header string) string {
	best, bestQ := ZH, -1.0
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		tag, q := part, 1.0
		if i := strings.Index(part, ";"); i >= 0 {
			tag = strings.TrimSpace(part[:i])
			var v float64
			if _, err := fmt.Sscanf(strings.TrimSpace(part[i+1:]), "q=%g", &v); err == nil {
				q = v
			}
		}
		tag = strings.ToLower(tag)
		var lang string
		switch {
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			lang = ZH
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			lang = EN
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

// Date formats a calendar date: 2026年11月26日 in zh-CN, 2026-11-26 in en.
func Date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if lang == EN {
		return t.Format("2006-01-02")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// DateTime formats an instant in loc: 2026年11月26日 14:05 or 2026-11-26 14:05.
func DateTime(lang string, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	return Date(lang, t) + " " + t.Format("15:04")
}
