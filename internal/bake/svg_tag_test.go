// SPDX-License-Identifier: Apache-2.0

package bake

import "testing"

func TestWithNamespace(t *testing.T) {
	const ns = nsOB3
	tests := []struct{ in, want, name string }{
		{`<svg>`, `<svg xmlns:openbadges="` + ns + `">`, "svg"},
		{`<svg/>`, `<svg xmlns:openbadges="` + ns + `">`, "svg"},
		{"<s:svg a='1'\n\t/>", "<s:svg a='1' xmlns:openbadges=\"" + ns + "\"\n\t>", "s:svg"},
		{`<svg a="x>y" b = 'z' >`, `<svg a="x>y" b = 'z' xmlns:openbadges="` + ns + `" >`, "svg"},
		{`<svg xmlns:openbadges="http://openbadges.org" a="1">`, `<svg a="1" xmlns:openbadges="` + ns + `">`, "svg"},
		{"<svg a=\"1\"\n  xmlns:openbadges='" + ns + "'>", `<svg a="1" xmlns:openbadges="` + ns + `">`, "svg"},
		{`<svg xmlns:openbadgesx="u" xmlns:openbadges="u">`, `<svg xmlns:openbadgesx="u" xmlns:openbadges="` + ns + `">`, "svg"},
	}
	for _, tt := range tests {
		got, tag, err := withNamespace(tt.in, ns)
		if err != nil || got != tt.want || tag.name != tt.name {
			t.Errorf("withNamespace(%q) = %q, name %q, %v; want %q, name %q", tt.in, got, tag.name, err, tt.want, tt.name)
		}
	}
	for _, bad := range []string{`<svg`, `svg>`, `<svg a>`, `<svg a=1>`, `<svg a="1>`, `<svg a="1"b="2">`, `<svg / >`, `<svg/ >`} {
		if _, _, err := withNamespace(bad, ns); err == nil {
			t.Errorf("withNamespace(%q) succeeded, want an error", bad)
		}
	}
}
