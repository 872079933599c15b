package web

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/chamber-org/chamber"
)

// ParseCIDRList reads a comma- or space-separated list of CIDR prefixes
// ("10.0.0.0/8, ::1/128"); a bare address means just that address.
func ParseCIDRList(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR prefix (e.g. 10.0.0.0/8)", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR prefix", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// NormalizeBaseURL checks a --base-url value: http or https, a host, no
// query or fragment; the trailing slash is dropped.
func NormalizeBaseURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q is not a base URL (e.g. https://chamber.example.org)", s)
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

func inPrefixes(a netip.Addr, list []netip.Prefix) bool {
	if !a.IsValid() {
		return false
	}
	a = a.Unmap()
	for _, p := range list {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peerAddr is the address of the immediate peer, without the port.
func peerAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap()
	}
	a, _ := netip.ParseAddr(strings.Trim(r.RemoteAddr, "[]"))
	return a.Unmap()
}

// remoteAddr is the client's address: the peer's, unless the peer is one of
// the trusted proxies, in which case X-Forwarded-For is read from the right,
// skipping trusted proxies, and the first address that is not one is the
// client. An address a client wrote itself at the left of the header is
// never believed past an untrusted hop.
func (s *Server) remoteAddr(r *http.Request) netip.Addr {
	addr := peerAddr(r)
	if len(s.cfg.TrustedProxies) == 0 || !inPrefixes(addr, s.cfg.TrustedProxies) {
		return addr
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		a, err := netip.ParseAddr(h)
		if err != nil {
			if ap, perr := netip.ParseAddrPort(h); perr == nil {
				a = ap.Addr()
			} else {
				return addr // garbage: stop at the last hop we trust
			}
		}
		a = a.Unmap()
		addr = a
		if !inPrefixes(a, s.cfg.TrustedProxies) {
			return a
		}
	}
	return addr
}

// clientAddr is the client's address as text (see remoteAddr), worked out
// once per request by the middleware.
func clientAddr(r *http.Request) string {
	if ri := info(r); ri.Addr != "" {
		return ri.Addr
	}
	return peerAddr(r).String()
}

// baseURL is the configured public address (--base-url) that every printed
// link starts with; never the request's Host header.
func (s *Server) baseURL() string { return s.cfg.BaseURL }

// throttle counts one event against key (shared by every instance through
// the database) and answers 429 with Retry-After past limit per window.
func (s *Server) throttle(ctx context.Context, key string, window time.Duration, limit int, msgKey string) error {
	ok, wait, err := s.store.Hit(ctx, key, window, limit)
	if err != nil {
		return err
	}
	if !ok {
		secs := max(1, int((wait+time.Second-1)/time.Second))
		e := &chamber.Error{Code: chamber.ETHROTTLED, Key: msgKey, RetryAfter: secs}
		if msgKey != "err.rate_limited" {
			e.Args = []any{secs}
		}
		return e
	}
	return nil
}

// Anonymous applications to join: at most applyLimit per applyWindow from
// one address (a recruitment fair on one Wi-Fi still fits).
const (
	applyWindow = 10 * time.Minute
	applyLimit  = 20
)

// throttleApply limits applications sent without a login, per address.
func (s *Server) throttleApply(r *http.Request) error {
	if info(r).Actor != nil {
		return nil
	}
	return s.throttle(r.Context(), "apply:"+chamber.AddressKey(clientAddr(r)), applyWindow, applyLimit, "err.apply_throttled")
}
