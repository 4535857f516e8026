// SPDX-License-Identifier: Apache-2.0

package oauthform

import (
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// FuzzTokenRequest feeds the token endpoint's parsing any body and any
// Authorization header: it never panics, refuses with invalid_request only,
// never takes credentials from anywhere but the Basic header and the form,
// and reads Basic credentials as sent.
func FuzzTokenRequest(f *testing.F) {
	f.Add("grant_type=authorization_code&code=akc_x&redirect_uri=https%3A%2F%2Fa.example%2Fcb&code_verifier=v", "Basic "+base64.StdEncoding.EncodeToString([]byte("akd_id:s3cr-t_X")))
	f.Add("grant_type=refresh_token&refresh_token=akr_x&client_id=akd_id&client_secret=s", "")
	f.Add("grant_type=refresh_token&grant_type=authorization_code", "")
	f.Add("client_id=a&client_id=b", "Basic !!!")
	f.Add("%zz=1&grant_type=x", "Basic "+base64.StdEncoding.EncodeToString([]byte("a%3Ab:c%2B")))
	f.Add("grant_type=authorization_code;code=1", "Bearer abc")
	f.Add("grant_type=x&client_id=a", "Basic "+base64.StdEncoding.EncodeToString([]byte("b:c")))
	f.Fuzz(func(t *testing.T, body, auth string) {
		r := httptest.NewRequest("POST", "/oauth/token", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		in, err := ParseTokenRequest(r)
		if err != nil {
			var e Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseTokenRequest(%q, %q) = %v; want only Error (invalid_request)", body, auth, err)
			}
			return
		}
		form, _ := url.ParseQuery(body)
		if in.GrantType == "" || in.GrantType != form.Get("grant_type") {
			t.Fatalf("grant_type %q from %q", in.GrantType, body)
		}
		id, secret, basic := r.BasicAuth()
		if basic {
			if in.ClientID != id || in.ClientSecret != secret {
				t.Fatalf("Basic %q:%q read as %q:%q", id, secret, in.ClientID, in.ClientSecret)
			}
		} else if in.ClientID != form.Get("client_id") || in.ClientSecret != form.Get("client_secret") {
			t.Fatalf("form credentials %q:%q read as %q:%q", form.Get("client_id"), form.Get("client_secret"), in.ClientID, in.ClientSecret)
		}
	})
}

// Credentials of our alphabet read the same whether a client
// form-urlencodes them before Basic authentication (RFC 6749 §2.3.1) or
// not (Moodle): that encoding leaves [A-Za-z0-9_-] unchanged.
func TestBasicCredentialsAsSent(t *testing.T) {
	alphabet := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	for _, pair := range [][2]string{{"akd_AbC-_09", "S3cr_t-x"}, {"akd_" + strings.Repeat("z", 22), strings.Repeat("-_", 21) + "A"}} {
		if !alphabet.MatchString(pair[0]+pair[1]) || url.QueryEscape(pair[0]) != pair[0] || url.QueryEscape(pair[1]) != pair[1] {
			t.Fatalf("%q is not left alone by form-urlencoding", pair)
		}
		r := httptest.NewRequest("POST", "/oauth/token", strings.NewReader("grant_type=refresh_token"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(pair[0]+":"+pair[1])))
		in, err := ParseTokenRequest(r)
		if err != nil || in.ClientID != pair[0] || in.ClientSecret != pair[1] {
			t.Errorf("Basic %q = %+v, %v", pair, in, err)
		}
	}
	// A secret with a colon splits at the first one, as RFC 7617 says.
	r := httptest.NewRequest("POST", "/oauth/token", strings.NewReader("grant_type=x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("id:a:b")))
	if in, _ := ParseTokenRequest(r); in.ClientID != "id" || in.ClientSecret != "a:b" {
		t.Errorf("id:a:b read as %q:%q", in.ClientID, in.ClientSecret)
	}
}
