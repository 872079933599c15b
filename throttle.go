package chamber

import (
	"net/netip"
	"strings"
)

// AddressKey is the throttling key of a client address: an IPv4 address as
// it is, an IPv6 address by its /64 (one site, or one host's changing
// privacy addresses); anything unparsable as given.
func AddressKey(addr string) string {
	a, err := netip.ParseAddr(strings.Trim(addr, "[]"))
	if err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
