// SPDX-License-Identifier: Apache-2.0

package oauth_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/service"
)

const (
	scopeOB2Read   = service.ScopeOB2AssertionRead
	scopeOB2Create = service.ScopeOB2AssertionCreate
	scopeOB2Prof   = service.ScopeOB2ProfileRead
)

// The whole grant on both databases: register, consent, exchange with
// Basic authentication, use, refresh with the secret in the form (as
// Moodle does), rotation, and a rotated refresh token coming back.
func TestAuthorizationCodeGrant(t *testing.T) {
	for name, db := range databases {
		t.Run(name, func(t *testing.T) {
			s := start(t, db(t))
			c := s.newClient("")
			owner := s.wallet("owner@example.jp")
			code, verifier := owner.authorize(c, scopeOB2Prof+" "+scopeOB2Read+" offline_access")

			r := s.token(codeForm(c, code, verifier), c.ID, c.Secret)
			if r.status != 200 || r.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Fatalf("token = %d %v %s", r.status, r.header, r.body)
			}
			var tk tokens
			json.Unmarshal([]byte(r.body), &tk)
			wantScope := service.ScopeOB2AssertionRead + " " + service.ScopeOB2ProfileRead + " offline_access"
			if tk.TokenType != "Bearer" || tk.ExpiresIn != 3600 || tk.AccessToken == "" || tk.RefreshToken == "" || tk.Scope != wantScope {
				t.Errorf("token response = %+v; want Bearer, 3600 s, both tokens, scope %q", tk, wantScope)
			}
			if p := s.api("GET", "/ims/ob/v2p1/profile", tk.AccessToken); p.status != 200 || !strings.Contains(p.body, "mailto:owner@example.jp") {
				t.Errorf("profile with the new token = %d %s", p.status, p.body)
			}

			refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.RefreshToken}, "scope": {tk.Scope},
				"client_id": {c.ID}, "client_secret": {c.Secret}}
			r = s.token(refresh, "", "")
			var tk2 tokens
			json.Unmarshal([]byte(r.body), &tk2)
			if r.status != 200 || tk2.RefreshToken == "" || tk2.RefreshToken == tk.RefreshToken || tk2.Scope != wantScope {
				t.Fatalf("refresh = %d %s; want new tokens with the same scope", r.status, r.body)
			}
			if p := s.api("GET", "/ims/ob/v2p1/profile", tk2.AccessToken); p.status != 200 {
				t.Errorf("profile with the refreshed token = %d %s", p.status, p.body)
			}
			// Narrower on refresh is fine; wider is not.
			narrow := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk2.RefreshToken}, "scope": {scopeOB2Read}}
			r = s.token(narrow, c.ID, c.Secret)
			var tk3 tokens
			json.Unmarshal([]byte(r.body), &tk3)
			if r.status != 200 || tk3.Scope != scopeOB2Read {
				t.Fatalf("refresh for less = %d %s", r.status, r.body)
			}
			if p := s.api("GET", "/ims/ob/v2p1/profile", tk3.AccessToken); p.status != 403 {
				t.Errorf("profile with a token narrowed to assertion.readonly = %d, want 403", p.status)
			}
			wide := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk3.RefreshToken}, "scope": {scopeOB2Create}}
			wantOAuthError(t, "refresh for more", s.token(wide, c.ID, c.Secret), 400, "invalid_scope")

			// The first refresh token was rotated away: presenting it again
			// revokes the whole grant.
			wantOAuthError(t, "rotated refresh token again", s.token(refresh, "", ""), 400, "invalid_grant")
			for _, tok := range []string{tk.AccessToken, tk2.AccessToken, tk3.AccessToken} {
				if p := s.api("GET", "/ims/ob/v2p1/assertions", tok); p.status != 401 {
					t.Errorf("a token of the revoked grant = %d, want 401", p.status)
				}
			}
			wantOAuthError(t, "refresh after the grant was revoked",
				s.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk3.RefreshToken}}, c.ID, c.Secret), 400, "invalid_grant")
		})
	}
}

// wantOAuthError fails t unless r is an OAuth error response.
func wantOAuthError(t *testing.T, what string, r *reply, status int, code string) {
	t.Helper()
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	json.Unmarshal([]byte(r.body), &e)
	if r.status != status || e.Error != code || e.Description == "" {
		t.Errorf("%s = %d %s; want %d with error %q and a description", what, r.status, r.body, status, code)
	}
}

// Every way the token endpoint refuses, on both databases (code reuse and
// expiry are the store's to get right).
func TestTokenErrors(t *testing.T) {
	for name, db := range databases {
		t.Run(name, func(t *testing.T) {
			s := start(t, db(t))
			c := s.newClient("")
			other := s.newClient("")
			owner := s.wallet("owner@example.jp")

			code, verifier := owner.authorize(c, scopeOB2Read)
			wantOAuthError(t, "wrong verifier", s.token(codeForm(c, code, strings.Repeat("x", 43)), c.ID, c.Secret), 400, "invalid_grant")
			wantOAuthError(t, "short verifier", s.token(codeForm(c, code, "short"), c.ID, c.Secret), 400, "invalid_grant")
			wantOAuthError(t, "no verifier", s.token(url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.Redirect}}, c.ID, c.Secret), 400, "invalid_request")
			bad := codeForm(c, code, verifier)
			bad.Set("redirect_uri", "https://lms.example.org/elsewhere")
			wantOAuthError(t, "wrong redirect_uri", s.token(bad, c.ID, c.Secret), 400, "invalid_grant")
			wantOAuthError(t, "wrong secret", s.token(codeForm(c, code, verifier), c.ID, c.Secret+"x"), 401, "invalid_client")
			if r := s.token(codeForm(c, code, verifier), c.ID, "nope"); r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("invalid_client without WWW-Authenticate")
			}
			wantOAuthError(t, "unknown client", s.token(codeForm(c, code, verifier), "akd_nobody", c.Secret), 401, "invalid_client")
			wantOAuthError(t, "no client authentication", s.token(codeForm(c, code, verifier), "", ""), 401, "invalid_client")
			wantOAuthError(t, "another client's code", s.token(codeForm(c, code, verifier), other.ID, other.Secret), 400, "invalid_grant")
			wantOAuthError(t, "unknown code", s.token(codeForm(c, "akc_nothing", verifier), c.ID, c.Secret), 400, "invalid_grant")

			// None of the failures above used the code up.
			first := s.exchange(c, code, verifier)
			if p := s.api("GET", "/ims/ob/v2p1/assertions", first.AccessToken); p.status != 200 {
				t.Fatalf("assertions with the token = %d %s", p.status, p.body)
			}
			// Reuse: refused, and what the code gave is revoked.
			wantOAuthError(t, "code used twice", s.token(codeForm(c, code, verifier), c.ID, c.Secret), 400, "invalid_grant")
			if p := s.api("GET", "/ims/ob/v2p1/assertions", first.AccessToken); p.status != 401 {
				t.Errorf("token of a reused code = %d, want 401", p.status)
			}
			wantOAuthError(t, "refresh token of a reused code",
				s.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first.RefreshToken}}, c.ID, c.Secret), 400, "invalid_grant")

			// Expired: codes live five minutes.
			code, verifier = owner.authorize(c, scopeOB2Read)
			s.advance(service.AuthorizationCodeLifetime + time.Second)
			wantOAuthError(t, "expired code", s.token(codeForm(c, code, verifier), c.ID, c.Secret), 400, "invalid_grant")

			// Access tokens expire after an hour.
			code, verifier = owner.authorize(c, scopeOB2Read)
			tk := s.exchange(c, code, verifier)
			s.advance(time.Hour)
			if p := s.api("GET", "/ims/ob/v2p1/assertions", tk.AccessToken); p.status != 401 || !strings.Contains(p.header.Get("WWW-Authenticate"), "invalid_token") {
				t.Errorf("expired access token = %d %v", p.status, p.header)
			}
			// The refresh token still works, and client_secret_post is
			// accepted for a client registered with client_secret_basic.
			r := s.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.RefreshToken},
				"client_id": {c.ID}, "client_secret": {c.Secret}}, "", "")
			if r.status != 200 {
				t.Errorf("refresh after the access token expired = %d %s", r.status, r.body)
			}
			wantOAuthError(t, "a refresh token of another client",
				s.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.RefreshToken}}, other.ID, other.Secret), 400, "invalid_grant")
			wantOAuthError(t, "an access token as refresh token",
				s.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.AccessToken}}, c.ID, c.Secret), 400, "invalid_grant")
			wantOAuthError(t, "no refresh token", s.token(url.Values{"grant_type": {"refresh_token"}}, c.ID, c.Secret), 400, "invalid_request")
		})
	}
}

// The shape of token requests: grant types, duplicates, content type,
// credentials in two places.
func TestTokenRequestShape(t *testing.T) {
	s := start(t, "")
	c := s.newClient("")
	code, verifier := s.wallet("owner@example.jp").authorize(c, scopeOB2Read)
	wantOAuthError(t, "no grant_type", s.token(url.Values{"code": {code}}, c.ID, c.Secret), 400, "invalid_request")
	wantOAuthError(t, "password grant", s.token(url.Values{"grant_type": {"password"}}, c.ID, c.Secret), 400, "unsupported_grant_type")
	wantOAuthError(t, "implicit", s.token(url.Values{"grant_type": {"implicit"}}, c.ID, c.Secret), 400, "unsupported_grant_type")
	dup := codeForm(c, code, verifier)
	dup.Add("code", "akc_other")
	wantOAuthError(t, "code twice", s.token(dup, c.ID, c.Secret), 400, "invalid_request")
	mixed := codeForm(c, code, verifier)
	mixed.Set("client_id", "akd_someone_else")
	wantOAuthError(t, "client_id differs from Basic", s.token(mixed, c.ID, c.Secret), 400, "invalid_request")
	mixed = codeForm(c, code, verifier)
	mixed.Set("client_secret", "another")
	wantOAuthError(t, "client_secret differs from Basic", s.token(mixed, c.ID, c.Secret), 400, "invalid_request")
	json := s.call("POST", "/oauth/token", "application/json", []byte(`{"grant_type":"authorization_code"}`), nil)
	wantOAuthError(t, "JSON body", json, 400, "invalid_request")
	// The same client id in the form beside Basic is fine (many libraries
	// send it), and the code still works after all of the above.
	same := codeForm(c, code, verifier)
	same.Set("client_id", c.ID)
	if r := s.token(same, c.ID, c.Secret); r.status != 200 {
		t.Errorf("client_id in the form and Basic = %d %s", r.status, r.body)
	}
}

// The client-credentials grant of the organisations' API clients is still
// served (by package api) behind the authorization server's grants.
func TestClientCredentialsPassThrough(t *testing.T) {
	s := start(t, "")
	r := s.token(url.Values{"grant_type": {"client_credentials"}}, "akc_nobody", "nope")
	wantOAuthError(t, "client credentials, unknown client", r, 401, "invalid_client")
	if strings.Contains(r.body, "authorization_code") {
		t.Errorf("the client-credentials answer came from the wrong handler: %s", r.body)
	}
}

// Every way the authorization endpoint refuses: to the client when it can
// be trusted with the answer, on a page when not.
func TestAuthorizeErrors(t *testing.T) {
	s := start(t, "")
	c := s.newClient(scopeOB2Read + " " + scopeOB2Create)
	owner := s.wallet("owner@example.jp")
	_, challenge := newPKCE()
	base := authParams(c, scopeOB2Read, "xyz", challenge)
	with := func(k, v string) url.Values {
		p := url.Values{}
		for key, vs := range base {
			p[key] = append([]string{}, vs...)
		}
		if v == "" {
			p.Del(k)
		} else {
			p.Set(k, v)
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		params url.Values
		code   string // the error sent back; "" for a page
		desc   string // a part of error_description
	}{
		{"PKCE missing", with("code_challenge", ""), "invalid_request", "PKCE"},
		{"PKCE plain", with("code_challenge_method", "plain"), "invalid_request", "S256"},
		{"PKCE method missing", with("code_challenge_method", ""), "invalid_request", "S256"},
		{"challenge not a digest", with("code_challenge", "too-short"), "invalid_request", "code_challenge"},
		{"response_type token", with("response_type", "token"), "unsupported_response_type", "code"},
		{"response_type missing", with("response_type", ""), "unsupported_response_type", "code"},
		{"scope not registered", with("scope", service.ScopeOB3ProfileUpdate), "invalid_scope", "profile.update"},
		{"scope unknown", with("scope", "openid"), "invalid_scope", "openid"},
		{"parameter twice", func() url.Values { p := with("", ""); p.Add("scope", scopeOB2Create); return p }(), "invalid_request", "scope"},
		{"unknown client", with("client_id", "akd_nobody"), "", "not registered"},
		{"no client", with("client_id", ""), "", "not registered"},
		{"redirect not registered", with("redirect_uri", "https://evil.example/cb"), "", "did not register"},
		{"redirect differs by a slash", with("redirect_uri", c.Redirect+"/"), "", "did not register"},
	} {
		r := owner.get("/oauth/authorize?" + tc.params.Encode())
		if tc.code == "" {
			if r.status != 400 || r.header.Get("Location") != "" || !strings.Contains(r.body, tc.desc) {
				t.Errorf("%s: %d %s, want an error page saying %q\n%.800s", tc.name, r.status, r.header.Get("Location"), tc.desc, r.body)
			}
			continue
		}
		if r.status != http.StatusSeeOther {
			t.Errorf("%s: %d, want a redirect to the client\n%.800s", tc.name, r.status, r.body)
			continue
		}
		u := r.location(t)
		q := u.Query()
		if u.Scheme+"://"+u.Host+u.Path != c.Redirect || q.Get("error") != tc.code || !strings.Contains(q.Get("error_description"), tc.desc) ||
			q.Get("state") != "xyz" || q.Get("iss") != s.URL || q.Get("code") != "" {
			t.Errorf("%s: redirect %s; want error %q about %q with the state and iss", tc.name, u, tc.code, tc.desc)
		}
	}

	// Not signed in: sign in first, then back to the same request.
	anon := s.browser()
	r := anon.get("/oauth/authorize?" + base.Encode())
	want := "/login?next=" + url.QueryEscape("/oauth/authorize?"+base.Encode())
	if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
		t.Errorf("signed out: %d to %q, want %q", r.status, r.header.Get("Location"), want)
	}
	// The owner says no.
	u := owner.consent(base, "deny")
	if q := u.Query(); q.Get("error") != "access_denied" || q.Get("state") != "xyz" || q.Get("code") != "" {
		t.Errorf("deny: redirect %s", u)
	}
	// An answer posted without a session goes to sign in, not to the client.
	form := with("", "")
	form.Set("decision", "allow")
	if r := anon.post("/oauth/authorize", form); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
		t.Errorf("allow while signed out: %d to %q", r.status, r.header.Get("Location"))
	}
	// An answer from another site is refused (CSRF).
	req, _ := http.NewRequest("POST", s.URL+"/oauth/authorize", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := owner.send(req); r.status != http.StatusForbidden {
		t.Errorf("cross-site allow: %d, want 403", r.status)
	}
}

// The consent page names the client and the host it returns to, says what
// each scope allows in plain words, in both languages, and lets the
// browser follow its answer to the client's origin (form-action).
func TestConsentPage(t *testing.T) {
	s := start(t, "")
	c := s.newClient("")
	owner := s.wallet("owner@example.jp")
	_, challenge := newPKCE()
	params := authParams(c, service.ScopeOB3CredentialRead+" "+service.ScopeOB3ProfileRead+" "+service.ScopeOB2ProfileRead+" offline_access", "s", challenge)
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Example LMS", "lms.example.org", "See the badges in your wallet (Open Badges 3.0 form)", "See your name and e-mail address", "Keep this access", "Allow", "Deny"}},
		{"ja", []string{"Example LMS", "lms.example.org", "ウォレットのバッジを見る（Open Badges 3.0 形式）", "あなたの名前とメールアドレスを見る", "許可する", "許可しない"}},
	} {
		owner.post("/lang", url.Values{"lang": {tc.lang}, "next": {"/wallet"}})
		r := owner.get("/oauth/authorize?" + params.Encode())
		if r.status != 200 || !strings.Contains(r.body, `<html lang="`+tc.lang+`"`) {
			t.Fatalf("%s: consent page %d\n%.500s", tc.lang, r.status, r.body)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s: consent page lacks %q", tc.lang, w)
			}
		}
		// profile.readonly of OB 3.0 and OB 2.1 read the same: said once.
		if n := strings.Count(r.body, "<li>"); n != 3 {
			t.Errorf("%s: %d scope lines, want 3", tc.lang, n)
		}
		if regexp.MustCompile(`\[oauth\.[a-z_.]+\]`).MatchString(r.body) {
			t.Errorf("%s: a message key is missing from the catalog", tc.lang)
		}
		csp := r.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "form-action 'self' https://lms.example.org;") || !strings.Contains(csp, "script-src 'none'") {
			t.Errorf("%s: Content-Security-Policy = %q", tc.lang, csp)
		}
	}
}

// Registration (RFC 7591) without a token: what comes back, the defaults,
// and what is refused.
func TestRegistration(t *testing.T) {
	s := start(t, "")
	r := s.register(map[string]any{"client_name": "Moodle", "client_uri": "https://lms.example.org/",
		"logo_uri": "https://lms.example.org/pix/f/moodle-256.png", "tos_uri": "https://lms.example.org/", "policy_uri": "https://lms.example.org/",
		"software_id": "moodle", "software_version": "2024100700", "redirect_uris": []string{lmsCallback},
		"token_endpoint_auth_method": "client_secret_basic", "grant_types": []string{"authorization_code", "refresh_token"},
		"response_types": []string{"code"}, "scope": scopeOB2Prof + " " + scopeOB2Read + " " + scopeOB2Create + " https://example.org/unknown-scope",
		"jwks_uri": "https://lms.example.org/jwks"}) // unknown metadata is ignored
	if r.status != http.StatusCreated || r.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("register = %d %s", r.status, r.body)
	}
	m := r.json(t)
	secret, _ := m["client_secret"].(string)
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(secret) || !strings.HasPrefix(m["client_id"].(string), "akd_") {
		t.Errorf("client_id %v, client_secret %q: want akd_… and 43 characters of [A-Za-z0-9_-]", m["client_id"], secret)
	}
	if m["scope"] != scopeOB2Read+" "+scopeOB2Create+" "+scopeOB2Prof && m["scope"] != scopeOB2Prof+" "+scopeOB2Read+" "+scopeOB2Create {
		t.Errorf("scope = %v; want the three known scopes, the unknown one left out", m["scope"])
	}
	issued, _ := m["client_id_issued_at"].(float64)
	if m["client_secret_expires_at"] != float64(0) || time.Since(time.Unix(int64(issued), 0)) > time.Minute ||
		m["token_endpoint_auth_method"] != "client_secret_basic" || m["client_name"] != "Moodle" || m["software_id"] != "moodle" {
		t.Errorf("registration response = %v", m)
	}

	// Defaults: every scope, both grants, client_secret_basic, the host as name.
	m = s.register(map[string]any{"redirect_uris": []string{"https://app.example.net/cb"}}).json(t)
	if m["client_name"] != "app.example.net" || m["token_endpoint_auth_method"] != "client_secret_basic" ||
		len(m["grant_types"].([]any)) != 2 || m["scope"] != strings.Join(service.WalletScopes, " ") {
		t.Errorf("defaults = %v", m)
	}
	// http on a loopback address is fine (an LMS on the same machine).
	if r := s.register(map[string]any{"redirect_uris": []string{"http://127.0.0.1:8000/cb"}}); r.status != 201 {
		t.Errorf("loopback http redirect = %d %s", r.status, r.body)
	}

	for _, tc := range []struct {
		name string
		meta any
		code string
	}{
		{"no redirect_uris", map[string]any{"client_name": "x"}, "invalid_redirect_uri"},
		{"relative redirect", map[string]any{"redirect_uris": []string{"/cb"}}, "invalid_redirect_uri"},
		{"fragment", map[string]any{"redirect_uris": []string{"https://a.example/cb#x"}}, "invalid_redirect_uri"},
		{"custom scheme", map[string]any{"redirect_uris": []string{"javascript:alert(1)"}}, "invalid_redirect_uri"},
		{"userinfo", map[string]any{"redirect_uris": []string{"https://u:p@a.example/cb"}}, "invalid_redirect_uri"},
		{"public client", map[string]any{"redirect_uris": []string{lmsCallback}, "token_endpoint_auth_method": "none"}, "invalid_client_metadata"},
		{"private_key_jwt", map[string]any{"redirect_uris": []string{lmsCallback}, "token_endpoint_auth_method": "private_key_jwt"}, "invalid_client_metadata"},
		{"client credentials grant", map[string]any{"redirect_uris": []string{lmsCallback}, "grant_types": []string{"client_credentials"}}, "invalid_client_metadata"},
		{"implicit", map[string]any{"redirect_uris": []string{lmsCallback}, "response_types": []string{"token"}}, "invalid_client_metadata"},
		{"only unknown scopes", map[string]any{"redirect_uris": []string{lmsCallback}, "scope": "openid profile"}, "invalid_client_metadata"},
		{"redirect_uris a string", map[string]any{"redirect_uris": lmsCallback}, "invalid_client_metadata"},
		{"not an object", []string{"x"}, "invalid_client_metadata"},
		{"bad logo", map[string]any{"redirect_uris": []string{lmsCallback}, "logo_uri": "data:image/png;base64,AA"}, "invalid_client_metadata"},
	} {
		b, _ := json.Marshal(tc.meta)
		wantOAuthError(t, tc.name, s.call("POST", "/oauth/register", "application/json", b, nil), 400, tc.code)
	}
	wantOAuthError(t, "a form", s.call("POST", "/oauth/register", "application/x-www-form-urlencoded", []byte("client_name=x"), nil), 400, "invalid_client_metadata")
}

// Registration is rate-limited per address.
func TestRegistrationRateLimit(t *testing.T) {
	s := start(t, "")
	meta := map[string]any{"redirect_uris": []string{lmsCallback}}
	for i := range service.RegisterLimitPerIP {
		if r := s.register(meta); r.status != 201 {
			t.Fatalf("registration %d = %d %s", i+1, r.status, r.body)
		}
	}
	r := s.register(meta)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Errorf("registration over the limit = %d %v %s", r.status, r.header, r.body)
	}
	s.advance(service.RegisterWindow + time.Minute)
	if r := s.register(meta); r.status != 201 {
		t.Errorf("registration an hour later = %d %s", r.status, r.body)
	}
}

// Revocation (RFC 7009): an access token alone, a refresh token with its
// grant; unknown and other clients' tokens change nothing.
func TestRevocation(t *testing.T) {
	s := start(t, "")
	c := s.newClient("")
	other := s.newClient("")
	owner := s.wallet("owner@example.jp")
	revoke := func(token, id, secret string) *reply {
		req := url.Values{"token": {token}, "token_type_hint": {"access_token"}}
		return s.token2("/oauth/revoke", req, id, secret)
	}
	code, verifier := owner.authorize(c, scopeOB2Read)
	tk := s.exchange(c, code, verifier)
	ok := func(what, token string, want int) {
		t.Helper()
		if r := s.api("GET", "/ims/ob/v2p1/assertions", token); r.status != want {
			t.Errorf("%s: API = %d, want %d", what, r.status, want)
		}
	}
	if r := revoke(tk.AccessToken, other.ID, other.Secret); r.status != 200 {
		t.Errorf("revoke another client's token = %d %s", r.status, r.body)
	}
	ok("after another client revoked it", tk.AccessToken, 200)
	wantOAuthError(t, "revoke with a wrong secret", revoke(tk.AccessToken, c.ID, "nope"), 401, "invalid_client")
	ok("after a revocation with a wrong secret", tk.AccessToken, 200)
	if r := revoke("akw_unknown", c.ID, c.Secret); r.status != 200 || r.body != "" {
		t.Errorf("revoke an unknown token = %d %q", r.status, r.body)
	}
	wantOAuthError(t, "revoke without a token", s.token2("/oauth/revoke", url.Values{}, c.ID, c.Secret), 400, "invalid_request")

	if r := revoke(tk.AccessToken, c.ID, c.Secret); r.status != 200 {
		t.Errorf("revoke = %d %s", r.status, r.body)
	}
	ok("revoked access token", tk.AccessToken, 401)
	// The refresh token lives on; revoking it ends the grant.
	r := s.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk.RefreshToken}}, c.ID, c.Secret)
	var tk2 tokens
	json.Unmarshal([]byte(r.body), &tk2)
	if r.status != 200 {
		t.Fatalf("refresh after revoking the access token = %d %s", r.status, r.body)
	}
	form := url.Values{"token": {tk2.RefreshToken}, "client_id": {c.ID}, "client_secret": {c.Secret}} // client_secret_post
	if r := s.token2("/oauth/revoke", form, "", ""); r.status != 200 {
		t.Errorf("revoke the refresh token = %d %s", r.status, r.body)
	}
	ok("access token of a revoked refresh token's grant", tk2.AccessToken, 401)
	wantOAuthError(t, "refresh with a revoked refresh token",
		s.token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tk2.RefreshToken}}, c.ID, c.Secret), 400, "invalid_grant")
}

// token2 posts a form to path with optional Basic credentials.
func (s *server) token2(path string, form url.Values, id, secret string) *reply {
	s.t.Helper()
	req, _ := http.NewRequest("POST", s.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if id != "" {
		req.SetBasicAuth(id, secret)
	}
	return s.browser().send(req)
}

// The APIs' bearer checks: no token, a bad one, one without the scope.
func TestBearer(t *testing.T) {
	s := start(t, "")
	c := s.newClient("")
	code, verifier := s.wallet("owner@example.jp").authorize(c, scopeOB2Read)
	tk := s.exchange(c, code, verifier)
	for _, tc := range []struct {
		name, path, auth string
		status           int
		challenge        string
	}{
		{"no token", "/ims/ob/v2p1/assertions", "", 401, `Bearer realm="akashi"`},
		{"unknown token", "/ims/ob/v2p1/assertions", "Bearer akw_nothing", 401, `error="invalid_token"`},
		{"Basic", "/ims/ob/v2p1/assertions", "Basic YTpi", 401, `error="invalid_token"`},
		{"the refresh token", "/ims/ob/v2p1/assertions", "Bearer " + tk.RefreshToken, 401, `error="invalid_token"`},
		{"insufficient scope", "/ims/ob/v2p1/profile", "Bearer " + tk.AccessToken, 403, `error="insufficient_scope", scope="` + scopeOB2Prof + `"`},
		{"OB 3.0 with an OB 2.1 token", "/ims/ob/v3p0/credentials", "Bearer " + tk.AccessToken, 403, `scope="` + service.ScopeOB3CredentialRead + `"`},
		{"lower-case scheme", "/ims/ob/v2p1/assertions", "bearer " + tk.AccessToken, 200, ""},
	} {
		r := s.call("GET", tc.path, "", nil, map[string]string{"Authorization": tc.auth})
		if tc.auth == "" {
			r = s.call("GET", tc.path, "", nil, nil)
		}
		if r.status != tc.status || !strings.Contains(r.header.Get("WWW-Authenticate"), tc.challenge) {
			t.Errorf("%s: %d, WWW-Authenticate %q; want %d with %q", tc.name, r.status, r.header.Get("WWW-Authenticate"), tc.status, tc.challenge)
		}
	}
	// An API-client token (client credentials) is not a wallet token.
	if r := s.api("GET", "/ims/ob/v3p0/profile", "akt_not_a_wallet_token"); r.status != 401 {
		t.Errorf("API-client style token = %d", r.status)
	}
}

// RFC 8414 metadata names the endpoints and what they support.
func TestMetadata(t *testing.T) {
	s := start(t, "")
	r := s.call("GET", "/.well-known/oauth-authorization-server", "", nil, nil)
	m := r.json(t)
	if r.status != 200 || m["issuer"] != s.URL || m["token_endpoint"] != s.URL+"/oauth/token" ||
		m["registration_endpoint"] != s.URL+"/oauth/register" || m["authorization_endpoint"] != s.URL+"/oauth/authorize" ||
		m["revocation_endpoint"] != s.URL+"/oauth/revoke" || m["authorization_response_iss_parameter_supported"] != true {
		t.Errorf("metadata = %d %v", r.status, m)
	}
	if methods, _ := m["code_challenge_methods_supported"].([]any); len(methods) != 1 || methods[0] != "S256" {
		t.Errorf("code_challenge_methods_supported = %v, want [S256]", methods)
	}
}
