package web

import (
	"net/url"
	"strings"
	"testing"
)

// browserResolve is how a lenient browser reads a Location header on
// https://chamber.example/login: it drops tabs and line breaks (and leading
// or trailing spaces and controls) and reads "\" as "/".
func browserResolve(t testing.TB, loc string) (*url.URL, bool) {
	loc = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, loc)
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	base, _ := url.Parse("https://chamber.example/login")
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, false
	}
	return base.ResolveReference(ref), true
}

func TestSafeNextKeepsRedirectsOnSite(t *testing.T) {
	attacks := []string{
		"/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/\r\n/evil.example",
		"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
		"/%2f%2fevil.example", "/%2F/evil.example", "%2f%2fevil.example", "/%5cevil.example", "/%5C%5Cevil.example",
		"https://evil.example", "http:evil.example", "HTTPS://evil.example/", "javascript:alert(1)", "data:text/html,x",
		"//user@evil.example", "/ /evil.example", "/\u3000/evil.example", "/\u00a0/evil.example", "/\ufeff/evil.example",
		"/\uff0fevil.example", "\t//evil.example", " //evil.example", "evil.example", "", "/\x00/evil.example", "/\x7f/evil.example",
		"/%00", "/%0d%0aSet-Cookie:x=1", "/\u2028/evil.example",
	}
	for _, a := range attacks {
		if got := safeNext(a); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", a, got)
		}
	}
	keep := []string{"/", "/members", "/members?q=%E5%BC%A0%E4%B8%89&tier=1", "/meetings/3#agenda-2", "/finance/vouchers?cursor=a%3Ab", "/张三"}
	for _, k := range keep {
		if got := safeNext(k); got != k {
			t.Errorf("safeNext(%q) = %q, want it kept", k, got)
		}
	}
}

// FuzzSafeNext: whatever comes in, what goes out resolves to this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/%09/evil.example", "//x", "/\\x", "/a?b=c#d", "/%2f%2fx", "https://x", "/\t/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		out := safeNext(next)
		if out != "/" && out != next {
			t.Fatalf("safeNext(%q) = %q: neither kept nor refused", next, out)
		}
		u, ok := browserResolve(t, out)
		if !ok {
			t.Fatalf("safeNext(%q) = %q does not parse", next, out)
		}
		if u.Host != "chamber.example" || u.Scheme != "https" {
			t.Fatalf("safeNext(%q) = %q leads to %s://%s", next, out, u.Scheme, u.Host)
		}
	})
}
