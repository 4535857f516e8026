// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var accessTokenTests = []test{
	{"AccessToken/CreateFindDelete", testAccessTokenCreateFind},
	{"AccessToken/ExpiredIgnored", testAccessTokenExpired},
	{"AccessToken/Refused", testAccessTokenRefused},
}

func testAccessTokenCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newClient(t, s, newOrg(t, s, "acme"), "cl_1")
	tok := newToken(t, s, c, "bearer", time.Now().Add(hour))
	if tok.CreatedAt.IsZero() {
		t.Error("CreateAccessToken left CreatedAt zero")
	}
	got, err := s.FindAccessToken(ctx, tok.TokenHash)
	wantOK(t, "FindAccessToken", err)
	wantSame(t, "FindAccessToken", got, tok)
	if !got.HasScope("badges:write") || got.HasScope("admin") {
		t.Errorf("scopes = %v, want badges:read and badges:write", got.Scopes)
	}
	wantOK(t, "DeleteAccessToken", s.DeleteAccessToken(ctx, tok.TokenHash))
	_, err = s.FindAccessToken(ctx, tok.TokenHash)
	wantErr(t, "FindAccessToken(deleted)", err, store.ErrNotFound)
	wantErr(t, "DeleteAccessToken(again)", s.DeleteAccessToken(ctx, tok.TokenHash), store.ErrNotFound)
}

func testAccessTokenExpired(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newClient(t, s, newOrg(t, s, "acme"), "cl_1")
	old := newToken(t, s, c, "old", time.Now().Add(-time.Second))
	newToken(t, s, c, "new", time.Now().Add(hour))
	_, err := s.FindAccessToken(ctx, old.TokenHash)
	wantErr(t, "FindAccessToken(expired)", err, store.ErrNotFound)
	n, err := s.DeleteExpiredAccessTokens(ctx)
	if err != nil || n != 1 {
		t.Errorf("DeleteExpiredAccessTokens = %d, %v; want 1", n, err)
	}
	_, err = s.FindAccessToken(ctx, digest("new"))
	wantOK(t, "FindAccessToken(live)", err)
}

func testAccessTokenRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newClient(t, s, newOrg(t, s, "acme"), "cl_1")
	tok := newToken(t, s, c, "bearer", time.Now().Add(hour))
	dup := *tok
	wantErr(t, "CreateAccessToken(same hash)", s.CreateAccessToken(ctx, &dup), store.ErrConflict)
	orphan := &badge.AccessToken{TokenHash: digest("o"), ClientID: "cl_unknown", OrgID: c.OrgID, ExpiresAt: time.Now().Add(hour)}
	wantErr(t, "CreateAccessToken(unknown client)", s.CreateAccessToken(ctx, orphan), store.ErrNotFound)
	bad := &badge.AccessToken{TokenHash: []byte("short"), ClientID: c.ClientID, OrgID: c.OrgID, ExpiresAt: time.Now().Add(hour)}
	wantInvalid(t, "CreateAccessToken(short hash)", s.CreateAccessToken(ctx, bad), "token_hash")
}
