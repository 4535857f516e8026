// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var oauthTests = []test{
	{"OAuth/Client", testOAuthClient},
	{"OAuth/ClientRefused", testOAuthClientRefused},
	{"OAuth/GrantRevoke", testOAuthGrantRevoke},
	{"OAuth/LiveGrants", testOAuthLiveGrants},
	{"OAuth/CodeSingleUse", testOAuthCodeSingleUse},
	{"OAuth/TokenUse", testOAuthTokenUse},
	{"OAuth/Refused", testOAuthRefused},
	{"OAuth/DeleteExpired", testOAuthDeleteExpired},
	{"OAuth/Cascade", testOAuthCascade},
}

// oauthClientFor returns a valid, unstored dynamically registered client.
func oauthClientFor(clientID string) *badge.OAuthClient {
	return &badge.OAuthClient{ClientID: clientID, SecretHash: digest("secret " + clientID), Name: "LMS " + clientID,
		RedirectURIs: []string{"https://lms.example.org/admin/oauth2callback.php", "https://lms.example.org/cb?x=1&y=2"},
		Scopes:       []string{"https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.create", "offline_access"},
		GrantTypes:   []string{badge.GrantAuthorizationCode, badge.GrantRefreshToken}, AuthMethod: badge.AuthClientSecretBasic,
		ClientURI: "https://lms.example.org/", LogoURI: "https://lms.example.org/logo.png", SoftwareID: "moodle", SoftwareVersion: "2024100700"}
}

func newOAuthClient(t *testing.T, s store.Repos, clientID string) *badge.OAuthClient {
	t.Helper()
	c := oauthClientFor(clientID)
	wantOK(t, "CreateOAuthClient("+clientID+")", s.CreateOAuthClient(t.Context(), c))
	return c
}

func newGrant(t *testing.T, s store.Repos, c *badge.OAuthClient, a *badge.Account) *badge.OAuthGrant {
	t.Helper()
	g := &badge.OAuthGrant{ClientID: c.ClientID, AccountID: a.ID, Scopes: c.Scopes}
	wantOK(t, "CreateOAuthGrant", s.CreateOAuthGrant(t.Context(), g))
	return g
}

func newCode(t *testing.T, s store.Repos, g *badge.OAuthGrant, name string, expires time.Time) *badge.AuthorizationCode {
	t.Helper()
	x := &badge.AuthorizationCode{CodeHash: digest(name), GrantID: g.ID, RedirectURI: "https://lms.example.org/cb?x=1&y=2",
		CodeChallenge: strings.Repeat("E", 43), ExpiresAt: expires}
	wantOK(t, "CreateAuthorizationCode("+name+")", s.CreateAuthorizationCode(t.Context(), x))
	return x
}

func newOAuthToken(t *testing.T, s store.Repos, g *badge.OAuthGrant, kind, name string, expires time.Time) *badge.OAuthToken {
	t.Helper()
	tok := &badge.OAuthToken{TokenHash: digest(name), GrantID: g.ID, Kind: kind, Scopes: g.Scopes[:1], ExpiresAt: expires}
	wantOK(t, "CreateOAuthToken("+name+")", s.CreateOAuthToken(t.Context(), tok))
	tok.ClientID, tok.AccountID = g.ClientID, g.AccountID // what a read fills in
	return tok
}

func testOAuthClient(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newOAuthClient(t, s, "akd_one")
	if c.ID == 0 || c.CreatedAt.IsZero() {
		t.Errorf("CreateOAuthClient left ID %d, CreatedAt %v", c.ID, c.CreatedAt)
	}
	got, err := s.FindOAuthClient(ctx, "akd_one")
	wantOK(t, "FindOAuthClient", err)
	wantSame(t, "FindOAuthClient", got, c)
	if !got.HasGrantType(badge.GrantRefreshToken) {
		t.Errorf("HasGrantType(refresh_token) = false for %v", got.GrantTypes)
	}
	_, err = s.FindOAuthClient(ctx, "akd_nobody")
	wantErr(t, "FindOAuthClient(unknown)", err, store.ErrNotFound)
}

func testOAuthClientRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	newOAuthClient(t, s, "akd_one")
	wantErr(t, "CreateOAuthClient(same client id)", s.CreateOAuthClient(ctx, oauthClientFor("akd_one")), store.ErrConflict)
	for _, tc := range []struct {
		field string
		edit  func(c *badge.OAuthClient)
	}{
		{"client_name", func(c *badge.OAuthClient) { c.Name = "" }},
		{"redirect_uris", func(c *badge.OAuthClient) { c.RedirectURIs = nil }},
		{"redirect_uris", func(c *badge.OAuthClient) { c.RedirectURIs = []string{"javascript:alert(1)"} }},
		{"grant_types", func(c *badge.OAuthClient) { c.GrantTypes = []string{"password"} }},
		{"token_endpoint_auth_method", func(c *badge.OAuthClient) { c.AuthMethod = "none" }},
		{"scope", func(c *badge.OAuthClient) { c.Scopes = []string{"bad scope"} }},
		{"logo_uri", func(c *badge.OAuthClient) { c.LogoURI = "data:image/png;base64,AAAA" }},
	} {
		c := oauthClientFor("akd_" + tc.field)
		tc.edit(c)
		wantInvalid(t, "CreateOAuthClient(bad "+tc.field+")", s.CreateOAuthClient(ctx, c), tc.field)
	}
}

func testOAuthGrantRevoke(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newOAuthClient(t, s, "akd_one")
	g := newGrant(t, s, c, newAccount(t, s, "ann@example.com"))
	got, err := s.FindOAuthGrant(ctx, g.ID)
	wantOK(t, "FindOAuthGrant", err)
	wantSame(t, "FindOAuthGrant", got, g)
	access := newOAuthToken(t, s, g, badge.TokenAccess, "access", time.Now().Add(hour))
	newOAuthToken(t, s, g, badge.TokenRefresh, "refresh", time.Now().Add(hour))
	got2, err := s.FindOAuthToken(ctx, access.TokenHash)
	wantOK(t, "FindOAuthToken", err)
	wantSame(t, "FindOAuthToken", got2, access)

	wantOK(t, "RevokeOAuthGrant", s.RevokeOAuthGrant(ctx, g.ID))
	got, err = s.FindOAuthGrant(ctx, g.ID)
	if err != nil || got.RevokedAt == nil {
		t.Fatalf("FindOAuthGrant(revoked) = %+v, %v; want RevokedAt set", got, err)
	}
	first := *got.RevokedAt
	for _, name := range []string{"access", "refresh"} {
		_, err := s.FindOAuthToken(ctx, digest(name))
		wantErr(t, "FindOAuthToken("+name+" of a revoked grant)", err, store.ErrNotFound)
	}
	// A token created for a revoked grant (a race with the revocation) is
	// never found either.
	late := newOAuthToken(t, s, g, badge.TokenAccess, "late", time.Now().Add(hour))
	_, err = s.FindOAuthToken(ctx, late.TokenHash)
	wantErr(t, "FindOAuthToken(created after the revocation)", err, store.ErrNotFound)
	wantOK(t, "RevokeOAuthGrant(again)", s.RevokeOAuthGrant(ctx, g.ID))
	if got, _ := s.FindOAuthGrant(ctx, g.ID); got == nil || got.RevokedAt == nil || !got.RevokedAt.Equal(first) {
		t.Errorf("revoking again changed RevokedAt from %v to %+v", first, got)
	}
	wantErr(t, "RevokeOAuthGrant(unknown)", s.RevokeOAuthGrant(ctx, g.ID+100), store.ErrNotFound)
}

// An account's live grants: those that still hold a usable code or token,
// newest first, each with its client and its latest token's time.
func testOAuthLiveGrants(t *testing.T, s store.Store) {
	ctx := t.Context()
	one, two := newOAuthClient(t, s, "akd_one"), newOAuthClient(t, s, "akd_two")
	ann, bob := newAccount(t, s, "ann@example.com"), newAccount(t, s, "bob@example.com")
	now := time.Now()

	codeOnly := newGrant(t, s, one, ann)
	newCode(t, s, codeOnly, "live code", now.Add(time.Minute))
	withAccess := newGrant(t, s, one, ann)
	newCode(t, s, withAccess, "used code", now.Add(time.Minute))
	wantOK(t, "UseAuthorizationCode", s.UseAuthorizationCode(ctx, digest("used code")))
	access := newOAuthToken(t, s, withAccess, badge.TokenAccess, "live access", now.Add(hour))
	expired := newGrant(t, s, one, ann)
	newCode(t, s, expired, "expired code", now.Add(-time.Minute))
	newOAuthToken(t, s, expired, badge.TokenAccess, "expired access", now.Add(-time.Minute))
	spent := newGrant(t, s, one, ann)
	newOAuthToken(t, s, spent, badge.TokenRefresh, "spent refresh", now.Add(hour))
	wantOK(t, "UseOAuthToken", s.UseOAuthToken(ctx, digest("spent refresh")))
	revoked := newGrant(t, s, one, ann)
	newOAuthToken(t, s, revoked, badge.TokenAccess, "revoked access", now.Add(hour))
	wantOK(t, "RevokeOAuthGrant", s.RevokeOAuthGrant(ctx, revoked.ID))
	refresh := newGrant(t, s, two, ann)
	newOAuthToken(t, s, refresh, badge.TokenRefresh, "live refresh", now.Add(hour))
	bobs := newGrant(t, s, one, bob)
	newOAuthToken(t, s, bobs, badge.TokenAccess, "bob's access", now.Add(hour))

	got, err := s.FindLiveOAuthGrants(ctx, ann.ID, now)
	wantOK(t, "FindLiveOAuthGrants", err)
	var ids []int64
	for _, g := range got {
		ids = append(ids, g.ID)
	}
	wantSame(t, "FindLiveOAuthGrants ids", ids, []int64{refresh.ID, withAccess.ID, codeOnly.ID})
	if len(got) != 3 {
		t.FailNow()
	}
	wantSame(t, "FindLiveOAuthGrants grant", got[1].OAuthGrant, withAccess)
	wantSame(t, "FindLiveOAuthGrants client", got[0].Client, two)
	wantSame(t, "FindLiveOAuthGrants client", got[1].Client, one)
	if got[1].LastTokenAt == nil || !got[1].LastTokenAt.Equal(access.CreatedAt) {
		t.Errorf("LastTokenAt = %v, want the access token's %v", got[1].LastTokenAt, access.CreatedAt)
	}
	if got[2].LastTokenAt != nil {
		t.Errorf("LastTokenAt of a grant without tokens = %v, want nil", got[2].LastTokenAt)
	}
	// Later, the code and the access token have expired too.
	got, err = s.FindLiveOAuthGrants(ctx, ann.ID, now.Add(2*hour))
	if err != nil || len(got) != 0 {
		t.Errorf("FindLiveOAuthGrants(later) = %d grants, %v; want none", len(got), err)
	}
	got, err = s.FindLiveOAuthGrants(ctx, ann.ID+bob.ID+100, now)
	if err != nil || len(got) != 0 {
		t.Errorf("FindLiveOAuthGrants(unknown account) = %d grants, %v; want none", len(got), err)
	}
}

func testOAuthCodeSingleUse(t *testing.T, s store.Store) {
	ctx := t.Context()
	g := newGrant(t, s, newOAuthClient(t, s, "akd_one"), newAccount(t, s, "ann@example.com"))
	x := newCode(t, s, g, "code", time.Now().Add(time.Minute))
	got, err := s.FindAuthorizationCode(ctx, x.CodeHash)
	wantOK(t, "FindAuthorizationCode", err)
	wantSame(t, "FindAuthorizationCode", got, x)
	wantOK(t, "UseAuthorizationCode", s.UseAuthorizationCode(ctx, x.CodeHash))
	wantErr(t, "UseAuthorizationCode(again)", s.UseAuthorizationCode(ctx, x.CodeHash), store.ErrNotFound)
	got, err = s.FindAuthorizationCode(ctx, x.CodeHash)
	if err != nil || got.UsedAt == nil {
		t.Errorf("FindAuthorizationCode(used) = %+v, %v; want it with UsedAt", got, err)
	}
	// An expired code is still found: the service tells it apart.
	old := newCode(t, s, g, "old", time.Now().Add(-time.Minute))
	_, err = s.FindAuthorizationCode(ctx, old.CodeHash)
	wantOK(t, "FindAuthorizationCode(expired)", err)
	_, err = s.FindAuthorizationCode(ctx, digest("unknown"))
	wantErr(t, "FindAuthorizationCode(unknown)", err, store.ErrNotFound)
	wantErr(t, "UseAuthorizationCode(unknown)", s.UseAuthorizationCode(ctx, digest("unknown")), store.ErrNotFound)
}

func testOAuthTokenUse(t *testing.T, s store.Store) {
	ctx := t.Context()
	g := newGrant(t, s, newOAuthClient(t, s, "akd_one"), newAccount(t, s, "ann@example.com"))
	r := newOAuthToken(t, s, g, badge.TokenRefresh, "refresh", time.Now().Add(hour))
	wantOK(t, "UseOAuthToken", s.UseOAuthToken(ctx, r.TokenHash))
	wantErr(t, "UseOAuthToken(again)", s.UseOAuthToken(ctx, r.TokenHash), store.ErrNotFound)
	got, err := s.FindOAuthToken(ctx, r.TokenHash)
	if err != nil || got.UsedAt == nil {
		t.Errorf("FindOAuthToken(used) = %+v, %v; want it with UsedAt", got, err)
	}
	old := newOAuthToken(t, s, g, badge.TokenAccess, "old", time.Now().Add(-time.Second))
	_, err = s.FindOAuthToken(ctx, old.TokenHash)
	wantOK(t, "FindOAuthToken(expired)", err)
	wantOK(t, "DeleteOAuthToken", s.DeleteOAuthToken(ctx, old.TokenHash))
	wantErr(t, "DeleteOAuthToken(again)", s.DeleteOAuthToken(ctx, old.TokenHash), store.ErrNotFound)
	_, err = s.FindOAuthToken(ctx, old.TokenHash)
	wantErr(t, "FindOAuthToken(deleted)", err, store.ErrNotFound)
}

func testOAuthRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newOAuthClient(t, s, "akd_one")
	a := newAccount(t, s, "ann@example.com")
	wantErr(t, "CreateOAuthGrant(unknown client)", s.CreateOAuthGrant(ctx, &badge.OAuthGrant{ClientID: "akd_nobody", AccountID: a.ID}), store.ErrNotFound)
	wantErr(t, "CreateOAuthGrant(unknown account)", s.CreateOAuthGrant(ctx, &badge.OAuthGrant{ClientID: c.ClientID, AccountID: a.ID + 100}), store.ErrNotFound)
	wantInvalid(t, "CreateOAuthGrant(no account)", s.CreateOAuthGrant(ctx, &badge.OAuthGrant{ClientID: c.ClientID}), "account_id")
	g := newGrant(t, s, c, a)

	x := newCode(t, s, g, "code", time.Now().Add(time.Minute))
	dup := *x
	wantErr(t, "CreateAuthorizationCode(same hash)", s.CreateAuthorizationCode(ctx, &dup), store.ErrConflict)
	orphan := *x
	orphan.CodeHash, orphan.GrantID = digest("orphan"), g.ID+100
	wantErr(t, "CreateAuthorizationCode(unknown grant)", s.CreateAuthorizationCode(ctx, &orphan), store.ErrNotFound)
	bad := *x
	bad.CodeHash, bad.CodeChallenge = digest("bad"), "plain-verifier"
	wantInvalid(t, "CreateAuthorizationCode(short challenge)", s.CreateAuthorizationCode(ctx, &bad), "code_challenge")

	tok := newOAuthToken(t, s, g, badge.TokenAccess, "access", time.Now().Add(hour))
	same := &badge.OAuthToken{TokenHash: tok.TokenHash, GrantID: g.ID, Kind: badge.TokenAccess, ExpiresAt: time.Now().Add(hour)}
	wantErr(t, "CreateOAuthToken(same hash)", s.CreateOAuthToken(ctx, same), store.ErrConflict)
	lost := &badge.OAuthToken{TokenHash: digest("lost"), GrantID: g.ID + 100, Kind: badge.TokenAccess, ExpiresAt: time.Now().Add(hour)}
	wantErr(t, "CreateOAuthToken(unknown grant)", s.CreateOAuthToken(ctx, lost), store.ErrNotFound)
	kind := &badge.OAuthToken{TokenHash: digest("kind"), GrantID: g.ID, Kind: "id", ExpiresAt: time.Now().Add(hour)}
	wantInvalid(t, "CreateOAuthToken(bad kind)", s.CreateOAuthToken(ctx, kind), "kind")
}

func testOAuthDeleteExpired(t *testing.T, s store.Store) {
	ctx := t.Context()
	g := newGrant(t, s, newOAuthClient(t, s, "akd_one"), newAccount(t, s, "ann@example.com"))
	now := time.Now()
	newCode(t, s, g, "old code", now.Add(-time.Minute))
	newCode(t, s, g, "new code", now.Add(time.Minute))
	newOAuthToken(t, s, g, badge.TokenAccess, "old token", now.Add(-time.Minute))
	newOAuthToken(t, s, g, badge.TokenRefresh, "new token", now.Add(time.Minute))
	n, err := s.DeleteExpiredOAuth(ctx, now)
	if err != nil || n != 2 {
		t.Errorf("DeleteExpiredOAuth = %d, %v; want 2", n, err)
	}
	_, err = s.FindAuthorizationCode(ctx, digest("old code"))
	wantErr(t, "FindAuthorizationCode(expired, deleted)", err, store.ErrNotFound)
	_, err = s.FindAuthorizationCode(ctx, digest("new code"))
	wantOK(t, "FindAuthorizationCode(live)", err)
	_, err = s.FindOAuthToken(ctx, digest("new token"))
	wantOK(t, "FindOAuthToken(live)", err)
}

// Deleting an account ends its grants and their codes and tokens.
func testOAuthCascade(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	g := newGrant(t, s, newOAuthClient(t, s, "akd_one"), a)
	x := newCode(t, s, g, "code", time.Now().Add(time.Minute))
	tok := newOAuthToken(t, s, g, badge.TokenAccess, "access", time.Now().Add(hour))
	wantOK(t, "DeleteAccount", s.DeleteAccount(ctx, a.ID))
	_, err := s.FindOAuthGrant(ctx, g.ID)
	wantErr(t, "FindOAuthGrant(account deleted)", err, store.ErrNotFound)
	_, err = s.FindAuthorizationCode(ctx, x.CodeHash)
	wantErr(t, "FindAuthorizationCode(account deleted)", err, store.ErrNotFound)
	_, err = s.FindOAuthToken(ctx, tok.TokenHash)
	wantErr(t, "FindOAuthToken(account deleted)", err, store.ErrNotFound)
}
