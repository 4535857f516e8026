// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"slices"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
)

// authorizeFor runs the consent step for the wallet of ctx and returns the
// code and its verifier.
func authorizeFor(t *testing.T, s *Service, ctx context.Context, c *RegisteredClient, scope string) (code, verifier string) {
	t.Helper()
	verifier = "a-code-verifier-of-at-least-forty-three-characters"
	sum := sha256.Sum256([]byte(verifier))
	back, err := s.Authorize(ctx, AuthorizationRequest{ResponseType: "code", ClientID: c.Client.ClientID, Scope: scope,
		CodeChallenge: base64.RawURLEncoding.EncodeToString(sum[:]), CodeChallengeMethod: "S256"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(back)
	return u.Query().Get("code"), verifier
}

// The wallet's connected apps: one entry per client, its grants together;
// disconnecting one ends all its grants and tokens, and only the owner's.
func TestConnectedApps(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		bg := context.Background()
		owner, other := mustAccount(t, s, "owner@example.jp"), mustAccount(t, s, "other@example.jp")
		me := as(owner.ID)
		register := func(name string) *RegisteredClient {
			c, err := s.RegisterOAuthClient(bg, ClientRegistration{ClientName: name, RedirectURIs: []string{"https://lms.example.org/cb"}}, "")
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		lms, app := register("Example LMS"), register("Portfolio app")

		code, verifier := authorizeFor(t, s, me, lms, ScopeOB2AssertionCreate)
		tk, err := s.ExchangeOAuthToken(bg, TokenRequest{GrantType: "authorization_code", Code: code, CodeVerifier: verifier,
			ClientID: lms.Client.ClientID, ClientSecret: lms.Secret})
		if err != nil {
			t.Fatal(err)
		}
		pending, pendingVerifier := authorizeFor(t, s, me, lms, ScopeOB3CredentialRead) // allowed again, not exchanged yet
		authorizeFor(t, s, me, app, ScopeOB3ProfileRead)
		authorizeFor(t, s, as(other.ID), lms, ScopeOB2AssertionRead)

		apps, err := s.ConnectedApps(me)
		if err != nil || len(apps) != 2 {
			t.Fatalf("ConnectedApps = %d apps, %v; want 2", len(apps), err)
		}
		if apps[0].Client.Name != "Portfolio app" || apps[1].Client.Name != "Example LMS" {
			t.Errorf("ConnectedApps = %s, %s; want the latest allowed first", apps[0].Client.Name, apps[1].Client.Name)
		}
		got := apps[1]
		if !slices.Equal(got.Scopes, []string{ScopeOB3CredentialRead, ScopeOB2AssertionCreate}) {
			t.Errorf("the LMS's scopes = %v, want both grants' in WalletScopes order", got.Scopes)
		}
		if got.LastUsedAt == nil || got.GrantedAt.After(*got.LastUsedAt) || apps[0].LastUsedAt != nil {
			t.Errorf("granted %v, last used %v (the other app: %v)", got.GrantedAt, got.LastUsedAt, apps[0].LastUsedAt)
		}
		theirs, err := s.ConnectedApps(as(other.ID))
		if err != nil || len(theirs) != 1 || theirs[0].ID == got.ID {
			t.Errorf("the other account's apps = %+v, %v", theirs, err)
		}

		// Another account's grant is not found; nor is anything signed out.
		if _, err := s.DisconnectApp(as(other.ID), got.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("DisconnectApp(another's grant) = %v, want not found", err)
		}
		if _, err := s.DisconnectApp(bg, got.ID); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("DisconnectApp(signed out) = %v", err)
		}
		c, err := s.DisconnectApp(me, got.ID)
		if err != nil || c.ClientID != lms.Client.ClientID {
			t.Fatalf("DisconnectApp = %+v, %v", c, err)
		}
		// Its tokens and its other grant's code are refused now.
		if _, err := s.AuthenticateWalletBearer(bg, "Bearer "+tk.AccessToken); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("the access token after disconnecting: %v", err)
		}
		_, err = s.ExchangeOAuthToken(bg, TokenRequest{GrantType: "refresh_token", RefreshToken: tk.RefreshToken,
			ClientID: lms.Client.ClientID, ClientSecret: lms.Secret})
		if badge.ErrorKey(err) != OAuthInvalidGrant {
			t.Errorf("refreshing after disconnecting: %v, want invalid_grant", err)
		}
		_, err = s.ExchangeOAuthToken(bg, TokenRequest{GrantType: "authorization_code", Code: pending, CodeVerifier: pendingVerifier,
			ClientID: lms.Client.ClientID, ClientSecret: lms.Secret})
		if badge.ErrorKey(err) != OAuthInvalidGrant {
			t.Errorf("exchanging the other grant's code after disconnecting: %v, want invalid_grant", err)
		}
		if apps, err := s.ConnectedApps(me); err != nil || len(apps) != 1 || apps[0].Client.Name != "Portfolio app" {
			t.Errorf("ConnectedApps after disconnecting = %d apps, %v", len(apps), err)
		}
		if _, err := s.DisconnectApp(me, got.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("DisconnectApp(again) = %v, want not found", err)
		}
		if theirs, err := s.ConnectedApps(as(other.ID)); err != nil || len(theirs) != 1 {
			t.Errorf("the other account's apps after my disconnecting = %d, %v", len(theirs), err)
		}
	})
}
