// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/pgtest"
)

// One round of the purge deletes the codes and tokens that expired more
// than a day ago, and keeps the live ones and those that expired since.
func TestPurgeOAuth(t *testing.T) {
	for name, url := range map[string]func(*testing.T) string{
		"sqlite":   func(*testing.T) string { return "" },
		"postgres": func(t *testing.T) string { return pgtest.Start(t) },
	} {
		t.Run(name, func(t *testing.T) { testPurgeOAuth(t, url(t)) })
	}
}

func testPurgeOAuth(t *testing.T, dbURL string) {
	m := NewMain()
	m.Config.DataDir = t.TempDir()
	m.Config.DatabaseURL = dbURL
	m.Logger = nil
	ctx := context.Background()
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	hash := func(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }
	acc := &badge.Account{Email: "hanako@example.ac.jp", Name: "花子", Locale: badge.LocaleJA}
	c := &badge.OAuthClient{ClientID: "akd_lms", SecretHash: hash("secret"), Name: "LMS",
		RedirectURIs: []string{"https://lms.example.ac.jp/cb"}, Scopes: []string{"offline_access"},
		GrantTypes: []string{badge.GrantAuthorizationCode, badge.GrantRefreshToken}, AuthMethod: badge.AuthClientSecretBasic}
	if err := errors.Join(m.Store.CreateAccount(ctx, acc), m.Store.CreateOAuthClient(ctx, c)); err != nil {
		t.Fatal(err)
	}
	g := &badge.OAuthGrant{ClientID: c.ClientID, AccountID: acc.ID, Scopes: c.Scopes}
	if err := m.Store.CreateOAuthGrant(ctx, g); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	challenge := "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
	code := func(name string, exp time.Time) error {
		return m.Store.CreateAuthorizationCode(ctx, &badge.AuthorizationCode{CodeHash: hash(name), GrantID: g.ID,
			RedirectURI: c.RedirectURIs[0], CodeChallenge: challenge, ExpiresAt: exp})
	}
	token := func(name, kind string, exp time.Time) error {
		return m.Store.CreateOAuthToken(ctx, &badge.OAuthToken{TokenHash: hash(name), GrantID: g.ID, Kind: kind,
			Scopes: c.Scopes, ExpiresAt: exp})
	}
	err := errors.Join(
		code("old code", now.Add(-48*time.Hour)),
		code("recent code", now.Add(-time.Hour)),
		code("live code", now.Add(time.Minute)),
		token("old access", badge.TokenAccess, now.Add(-47*time.Hour)),
		token("old refresh", badge.TokenRefresh, now.Add(-30*24*time.Hour)),
		token("recent access", badge.TokenAccess, now.Add(-time.Hour)),
		token("live refresh", badge.TokenRefresh, now.Add(time.Hour)),
	)
	if err != nil {
		t.Fatal(err)
	}

	if n := m.purgeOAuthOnce(ctx); n != 3 {
		t.Errorf("purgeOAuthOnce deleted %d, want 3", n)
	}
	for name, gone := range map[string]bool{"old code": true, "recent code": false, "live code": false} {
		_, err := m.Store.FindAuthorizationCode(ctx, hash(name))
		if gone != errors.Is(err, store.ErrNotFound) {
			t.Errorf("after the purge, FindAuthorizationCode(%s) = %v", name, err)
		}
	}
	for name, gone := range map[string]bool{"old access": true, "old refresh": true, "recent access": false, "live refresh": false} {
		_, err := m.Store.FindOAuthToken(ctx, hash(name))
		if gone != errors.Is(err, store.ErrNotFound) {
			t.Errorf("after the purge, FindOAuthToken(%s) = %v", name, err)
		}
	}
	if _, err := m.Store.FindOAuthGrant(ctx, g.ID); err != nil {
		t.Errorf("the purge took the grant: %v", err)
	}
	if n := m.purgeOAuthOnce(ctx); n != 0 {
		t.Errorf("a second purge deleted %d, want 0", n)
	}
}
