// SPDX-License-Identifier: Apache-2.0

package ob2

import "testing"

func TestOrigin(t *testing.T) {
	tests := map[string]string{
		"https://Example.org/a":        "https://example.org",
		"https://example.org:443/a":    "https://example.org",
		"http://example.org:80/a":      "http://example.org",
		"https://example.org:8443/a#x": "https://example.org:8443",
		"https://[::1]:8443/":          "https://[::1]:8443",
		"urn:uuid:1":                   "",
		"ftp://example.org/":           "",
		"/relative":                    "",
	}
	for in, want := range tests {
		if got := origin(in); got != want {
			t.Errorf("origin(%q) = %q, want %q", in, got, want)
		}
	}
	if sameOrigin("urn:a", "urn:a") {
		t.Errorf("sameOrigin(urn:a, urn:a) = true, want false")
	}
}

func TestIsIRI(t *testing.T) {
	tests := map[string]bool{
		"https://example.org/a":    true,
		"urn:uuid:5e0c1b7a":        true,
		"data:image/png;base64,AA": true,
		"mailto:a@example.org":     true,
		"example.org/a":            false,
		"/a":                       false,
		"":                         false,
		"https://":                 false,
		"%zz":                      false,
	}
	for in, want := range tests {
		if got := isIRI(in); got != want {
			t.Errorf("isIRI(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestHostedPolicy(t *testing.T) {
	const issuer = "https://issuer.test/profile"
	tests := []struct {
		name   string
		id     string
		v      *VerificationObject
		wantOK bool
	}{
		{"same origin", "https://issuer.test/a/1", nil, true},
		{"same origin, explicit port", "https://issuer.test:443/a/1", nil, true},
		{"other host", "https://cdn.test/a/1", nil, false},
		{"other scheme", "http://issuer.test/a/1", nil, false},
		{"other port", "https://issuer.test:8443/a/1", nil, false},
		{"empty policy is the default", "https://cdn.test/a/1", &VerificationObject{Type: "VerificationObject"}, false},
		{"allowedOrigins", "https://cdn.test/a/1", &VerificationObject{AllowedOrigins: OneOrMany[string]{"cdn.test"}}, true},
		{"allowedOrigins with port", "https://cdn.test:8443/a/1", &VerificationObject{AllowedOrigins: OneOrMany[string]{"CDN.test"}}, true},
		{"allowedOrigins excludes issuer origin", "https://issuer.test/a/1", &VerificationObject{AllowedOrigins: OneOrMany[string]{"cdn.test"}}, false},
		{"allowedOrigins is not a suffix match", "https://evilcdn.test/a/1", &VerificationObject{AllowedOrigins: OneOrMany[string]{"cdn.test"}}, false},
		{"startsWith", "https://cdn.test/issuer/a/1", &VerificationObject{StartsWith: OneOrMany[string]{"https://x.test/", "https://cdn.test/issuer/"}}, true},
		{"startsWith miss", "https://cdn.test/other/a/1", &VerificationObject{StartsWith: OneOrMany[string]{"https://cdn.test/issuer/"}}, false},
		{"both must hold", "https://cdn.test/issuer/a/1", &VerificationObject{
			StartsWith: OneOrMany[string]{"https://cdn.test/issuer/"}, AllowedOrigins: OneOrMany[string]{"other.test"}}, false},
		{"verificationProperty other than id", "https://issuer.test/a/1", &VerificationObject{
			VerificationProperty: "uid", AllowedOrigins: OneOrMany[string]{"issuer.test"}}, false},
	}
	for _, tt := range tests {
		_, problem := hostedPolicy(tt.id, &Profile{ID: issuer, Verification: tt.v})
		if (problem == "") != tt.wantOK {
			t.Errorf("%s: hostedPolicy(%s) problem = %q, want ok %v", tt.name, tt.id, problem, tt.wantOK)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	tests := map[string]bool{
		"2016-12-31T23:59:59Z":           true,
		"2016-12-31T23:59:59+00:00":      true,
		"2016-12-31T23:59:59.123-05:00":  true,
		"2016-12-31T23:59:59+0900":       true,
		"2016-12-31T23:59Z":              true,
		"2016-12-31T23:59:59":            false,
		"2016-12-31":                     false,
		"1483228799":                     false,
		"31/12/2016":                     false,
		"2016-12-31T23:59:59.123456789Z": true,
	}
	for in, want := range tests {
		if got := validDateTime(in); got != want {
			t.Errorf("validDateTime(%q) = %v, want %v", in, got, want)
		}
	}
}
