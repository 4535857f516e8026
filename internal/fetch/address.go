// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"fmt"
	"net/netip"
	"syscall"
)

// forbiddenPrefixes are the ranges refused besides those the netip.Addr
// predicates already name (loopback, private, link-local, multicast,
// unspecified).
var forbiddenPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network", RFC 791
	netip.MustParsePrefix("100.64.0.0/10"), // shared address space (CGNAT), RFC 6598
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, and the limited broadcast address
	netip.MustParsePrefix("::/96"),         // IPv4-compatible IPv6 (deprecated), also ::1 and ::
	netip.MustParsePrefix("fec0::/10"),     // site-local (deprecated), RFC 3879
}

// nat64Prefixes and sixToFour embed an IPv4 address; they are refused when
// the embedded address is.
var (
	nat64Prefixes = []netip.Prefix{
		netip.MustParsePrefix("64:ff9b::/96"), // RFC 6052 well-known prefix
	}
	sixToFour = netip.MustParsePrefix("2002::/16") // RFC 3056
)

// Forbidden reports whether a connection to ip must be refused when private
// addresses are not allowed. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are
// judged by their IPv4 address.
func Forbidden(ip netip.Addr) bool {
	if !ip.IsValid() {
		return true
	}
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() {
		return true
	}
	for _, p := range forbiddenPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	if v4, ok := embeddedIPv4(ip); ok {
		return Forbidden(v4)
	}
	return false
}

// embeddedIPv4 returns the IPv4 address carried by a NAT64 or 6to4 address.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	for _, p := range nat64Prefixes {
		if p.Contains(ip) {
			return netip.AddrFrom4([4]byte(b[12:16])), true
		}
	}
	if sixToFour.Contains(ip) {
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}

// testOnlyAllow, when set, lets chosen addresses through the check so a test
// can tell one loopback server from another.
var testOnlyAllow func(netip.AddrPort) bool

// dialControl is the net.Dialer.Control hook: it sees the resolved address
// just before the socket connects.
func dialControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse dial address %q", ErrForbiddenAddress, address)
	}
	if testOnlyAllow != nil && testOnlyAllow(ap) {
		return nil
	}
	if Forbidden(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
	}
	return nil
}
