package web

import (
	"net/url"
	"strings"
)

// safeNext is the one gate for redirect targets taken from a request
// (?next=, form fields): it returns next when it can only ever be a path of
// this site, and "/" otherwise. Browsers forgive a lot in a Location header
// (they drop tabs and line breaks, read "\" as "/", and take "//host" as
// another site), so anything unusual is refused rather than repaired: control
// characters and backslashes anywhere (raw or percent-encoded), a scheme, a
// host, or a path that starts with two slashes once decoded.
func safeNext(next string) string {
	if next == "" || len(next) > 2048 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	if unsafeRedirectText(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	// The decoded path must be just as plain: "/%2f%2fevil", "/%5cevil", "/%09/evil".
	if !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || unsafeRedirectText(u.Path) {
		return "/"
	}
	return next
}

// unsafeRedirectText: a C0 control character, DEL, a backslash, or any
// Unicode space or invisible format character a browser might drop.
func unsafeRedirectText(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x20, r == 0x7f, r == '\\', r == ' ':
			return true
		case r >= 0x80 && r <= 0x9f, r == 0xa0, r == 0xad, r == 0x1680, r >= 0x2000 && r <= 0x200f,
			r >= 0x2028 && r <= 0x202f, r == 0x205f, r >= 0x2060 && r <= 0x206f, r == 0x3000, r == 0xfeff,
			r == 0xff0f, r == 0xff3c, r == 0x2215, r == 0x2044, r == 0xfffd: // lookalike slashes too
			return true
		}
	}
	return false
}
