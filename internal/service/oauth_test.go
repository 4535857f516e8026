// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
)

// RFC 7636 Appendix B: the S256 challenge of the example verifier.
func TestPKCEVector(t *testing.T) {
	const verifier, challenge = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
	if !pkceMatches(verifier, challenge) || !codeVerifierRE.MatchString(verifier) || !codeChallengeRE.MatchString(challenge) {
		t.Errorf("the RFC 7636 example does not check")
	}
	if pkceMatches(verifier, strings.ToLower(challenge)) || pkceMatches(challenge, challenge) {
		t.Errorf("a wrong verifier or challenge checks")
	}
}

// An instance served over https takes https redirect URIs, and http only
// on a loopback address.
func TestRedirectURIRules(t *testing.T) {
	s := &Service{BaseURL: "https://badges.example.ac.jp"}
	for raw, ok := range map[string]bool{
		"https://lms.example.org/admin/oauth2callback.php": true,
		"https://lms.example.org/cb?x=1":                   true,
		"http://127.0.0.1:8000/cb":                         true,
		"http://localhost/cb":                              true,
		"http://[::1]:9/cb":                                true,
		"http://lms.example.org/cb":                        false,
		"https://lms.example.org/cb#frag":                  false,
		"https://user@lms.example.org/cb":                  false,
		"lms.example.org/cb":                               false,
		"ftp://lms.example.org/cb":                         false,
		"https:///cb":                                      false,
	} {
		if err := s.checkRedirectURI(raw); (err == nil) != ok {
			t.Errorf("checkRedirectURI(%q) = %v, want ok %v", raw, err, ok)
		}
	}
	dev := &Service{BaseURL: "http://127.0.0.1:8080"}
	if err := dev.checkRedirectURI("http://moodle.test/admin/oauth2callback.php"); err != nil {
		t.Errorf("an http instance refuses an http LMS: %v", err)
	}
}

// Two exchanges of one code at the same moment: one wins, the other is a
// reuse, and the grant ends — on both databases.
func TestConcurrentCodeExchange(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		owner := mustAccount(t, s, "owner@example.jp")
		c, err := s.RegisterOAuthClient(context.Background(), ClientRegistration{RedirectURIs: []string{"https://lms.example.org/cb"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
		back, err := s.Authorize(as(owner.ID), AuthorizationRequest{ResponseType: "code", ClientID: c.Client.ClientID,
			CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", CodeChallengeMethod: "S256", State: "s"})
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(back)
		if u.Query().Get("scope") != strings.Join(WalletScopes, " ") || u.Query().Get("iss") != s.BaseURL {
			t.Errorf("authorization response %s: want every registered scope and iss", back)
		}
		req := TokenRequest{GrantType: "authorization_code", Code: u.Query().Get("code"), CodeVerifier: verifier,
			ClientID: c.Client.ClientID, ClientSecret: c.Secret} // no redirect_uri: the only one registered
		var wg sync.WaitGroup
		results := make([]*WalletTokens, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() { results[i], errs[i] = s.ExchangeOAuthToken(context.Background(), req) })
		}
		wg.Wait()
		won := 0
		for i := range 2 {
			switch {
			case errs[i] == nil:
				won++
			case badge.ErrorKey(errs[i]) != OAuthInvalidGrant:
				t.Errorf("exchange %d: %v", i, errs[i])
			}
		}
		if won != 1 {
			t.Fatalf("%d exchanges won, want 1 (%v)", won, errs)
		}
		for _, r := range results {
			if r == nil {
				continue
			}
			if _, err := s.AuthenticateWalletBearer(context.Background(), "Bearer "+r.AccessToken); badge.ErrorCode(err) != badge.CodeUnauthorized {
				t.Errorf("the winner's token after a concurrent reuse: %v, want revoked", err)
			}
		}
	})
}
