// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var accountTokenTests = []test{
	{"AccountToken/UseOnce", testAccountTokenUseOnce},
	{"AccountToken/ExpiredIgnored", testAccountTokenExpired},
	{"AccountToken/Refused", testAccountTokenRefused},
	{"AccountToken/DeleteByKind", testAccountTokenDelete},
}

func newAccountToken(t *testing.T, s store.Repos, a *badge.Account, name, kind string, expires time.Time) *badge.AccountToken {
	t.Helper()
	tok := &badge.AccountToken{TokenHash: digest(name), Kind: kind, AccountID: a.ID, Email: a.Email, ExpiresAt: expires}
	wantOK(t, "CreateAccountToken("+name+")", s.CreateAccountToken(t.Context(), tok))
	return tok
}

func testAccountTokenUseOnce(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	tok := newAccountToken(t, s, a, "reset", badge.TokenResetPassword, time.Now().Add(hour))
	got, err := s.FindAccountToken(ctx, tok.TokenHash, badge.TokenResetPassword)
	wantOK(t, "FindAccountToken", err)
	wantSame(t, "FindAccountToken", got, tok)
	_, err = s.FindAccountToken(ctx, tok.TokenHash, badge.TokenVerifyEmail)
	wantErr(t, "FindAccountToken(other kind)", err, store.ErrNotFound)
	_, err = s.UseAccountToken(ctx, tok.TokenHash, badge.TokenVerifyEmail)
	wantErr(t, "UseAccountToken(other kind)", err, store.ErrNotFound)
	got, err = s.UseAccountToken(ctx, tok.TokenHash, badge.TokenResetPassword)
	if err != nil || got.UsedAt == nil || got.AccountID != a.ID {
		t.Fatalf("UseAccountToken = %+v, %v; want it, used", got, err)
	}
	_, err = s.UseAccountToken(ctx, tok.TokenHash, badge.TokenResetPassword)
	wantErr(t, "UseAccountToken(again)", err, store.ErrNotFound)
	_, err = s.FindAccountToken(ctx, tok.TokenHash, badge.TokenResetPassword)
	wantErr(t, "FindAccountToken(used)", err, store.ErrNotFound)
}

func testAccountTokenExpired(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	tok := newAccountToken(t, s, a, "old", badge.TokenVerifyEmail, time.Now().Add(-time.Second))
	newAccountToken(t, s, a, "new", badge.TokenVerifyEmail, time.Now().Add(hour))
	_, err := s.FindAccountToken(ctx, tok.TokenHash, badge.TokenVerifyEmail)
	wantErr(t, "FindAccountToken(expired)", err, store.ErrNotFound)
	_, err = s.UseAccountToken(ctx, tok.TokenHash, badge.TokenVerifyEmail)
	wantErr(t, "UseAccountToken(expired)", err, store.ErrNotFound)
	n, err := s.DeleteExpiredAccountTokens(ctx)
	if err != nil || n != 1 {
		t.Errorf("DeleteExpiredAccountTokens = %d, %v; want 1", n, err)
	}
}

func testAccountTokenRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	tok := newAccountToken(t, s, a, "t", badge.TokenVerifyEmail, time.Now().Add(hour))
	dup := *tok
	wantErr(t, "CreateAccountToken(same hash)", s.CreateAccountToken(ctx, &dup), store.ErrConflict)
	orphan := &badge.AccountToken{TokenHash: digest("o"), Kind: badge.TokenVerifyEmail, AccountID: a.ID + 5,
		Email: "o@example.com", ExpiresAt: time.Now().Add(hour)}
	wantErr(t, "CreateAccountToken(missing account)", s.CreateAccountToken(ctx, orphan), store.ErrNotFound)
	bad := &badge.AccountToken{TokenHash: digest("k"), Kind: "login", AccountID: a.ID,
		Email: a.Email, ExpiresAt: time.Now().Add(hour)}
	wantInvalid(t, "CreateAccountToken(kind login)", s.CreateAccountToken(ctx, bad), "kind")
}

func testAccountTokenDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "ann@example.com")
	newAccountToken(t, s, a, "r1", badge.TokenResetPassword, time.Now().Add(hour))
	newAccountToken(t, s, a, "r2", badge.TokenResetPassword, time.Now().Add(hour))
	v := newAccountToken(t, s, a, "v1", badge.TokenVerifyEmail, time.Now().Add(hour))
	n, err := s.DeleteAccountTokens(ctx, a.ID, badge.TokenResetPassword)
	if err != nil || n != 2 {
		t.Errorf("DeleteAccountTokens(reset) = %d, %v; want 2", n, err)
	}
	_, err = s.FindAccountToken(ctx, v.TokenHash, badge.TokenVerifyEmail)
	wantOK(t, "FindAccountToken(other kind kept)", err)
}
