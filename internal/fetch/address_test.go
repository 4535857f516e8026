// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"errors"
	"net/netip"
	"testing"
)

func TestForbidden(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		// IPv4 refused
		{"127.0.0.1", true},
		{"127.255.255.254", true},
		{"10.0.0.1", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"100.64.0.1", true},
		{"100.127.255.255", true},
		{"0.0.0.0", true},
		{"0.1.2.3", true},
		{"224.0.0.1", true},
		{"239.255.255.250", true},
		{"255.255.255.255", true},
		{"240.0.0.1", true},
		// IPv4 allowed
		{"8.8.8.8", false},
		{"1.1.1.1", false},
		{"172.15.255.255", false},
		{"172.32.0.1", false},
		{"100.63.255.255", false},
		{"100.128.0.1", false},
		{"192.0.2.1", false},
		{"93.184.216.34", false},
		// IPv6 refused
		{"::1", true},
		{"::", true},
		{"fc00::1", true},
		{"fd12:3456:789a::1", true},
		{"fe80::1", true},
		{"fe80::1%eth0", true},
		{"fec0::1", true},
		{"ff02::1", true},
		{"ff01::1", true},
		{"ff0e::1", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.1.2.3", true},
		{"::ffff:169.254.169.254", true},
		{"::ffff:100.64.0.1", true},
		{"::127.0.0.1", true},
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"64:ff9b::7f00:1", true},    // NAT64 of 127.0.0.1
		{"2002:7f00:1::1", true},     // 6to4 of 127.0.0.1
		{"2002:c0a8:101::1", true},   // 6to4 of 192.168.1.1
		// IPv6 allowed
		{"2001:4860:4860::8888", false},
		{"2606:4700:4700::1111", false},
		{"::ffff:8.8.8.8", false},
		{"64:ff9b::808:808", false}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", false},  // 6to4 of 8.8.8.8
		{"fbff::1", false},
	}
	for _, tt := range tests {
		got := Forbidden(netip.MustParseAddr(tt.addr))
		if got != tt.want {
			t.Errorf("Forbidden(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
	if !Forbidden(netip.Addr{}) {
		t.Errorf("Forbidden(zero Addr) = false, want true")
	}
}

func TestDialControl(t *testing.T) {
	tests := []struct {
		address string
		wantErr bool
	}{
		{"127.0.0.1:443", true},
		{"[::1]:443", true},
		{"[fe80::1%eth0]:443", true},
		{"[::ffff:192.168.0.1]:80", true},
		{"8.8.8.8:443", false},
		{"[2001:4860:4860::8888]:443", false},
		{"not-an-address", true},
	}
	for _, tt := range tests {
		err := dialControl("tcp", tt.address, nil)
		if (err != nil) != tt.wantErr {
			t.Errorf("dialControl(%q) = %v, want error %v", tt.address, err, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("dialControl(%q) = %v, want ErrForbiddenAddress", tt.address, err)
		}
	}
}
