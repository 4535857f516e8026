// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var accountTests = []test{
	{"Account/CreateFind", testAccountCreateFind},
	{"Account/NotFound", testAccountNotFound},
	{"Account/DuplicateEmail", testAccountDuplicateEmail},
	{"Account/Update", testAccountUpdate},
	{"Account/UpdateConflictAndInvalid", testAccountUpdateRefused},
	{"Account/Find", testAccountFind},
	{"Account/Delete", testAccountDelete},
	{"Account/InstanceAdmin", testAccountInstanceAdmin},
}

func testAccountCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	verified := time.Date(2025, 4, 1, 9, 30, 0, 123456789, time.FixedZone("JST", 9*3600))
	a := &badge.Account{Email: " Alice@Example.COM ", Name: "有村 アリス", PasswordHash: "$argon2id$v=19$x",
		EmailVerifiedAt: &verified, Locale: badge.LocaleJA}
	wantOK(t, "CreateAccount", s.CreateAccount(ctx, a))
	if a.ID <= 0 || a.Email != "alice@example.com" || a.CreatedAt.IsZero() || !a.UpdatedAt.Equal(a.CreatedAt) {
		t.Errorf("CreateAccount set ID %d, Email %q, CreatedAt %v, UpdatedAt %v; want an id, the lower-cased address and equal times",
			a.ID, a.Email, a.CreatedAt, a.UpdatedAt)
	}
	if want := verified.UTC().Truncate(time.Microsecond); !a.EmailVerifiedAt.Equal(want) || a.EmailVerifiedAt.Location() != time.UTC {
		t.Errorf("EmailVerifiedAt = %v, want %v (UTC, microseconds)", a.EmailVerifiedAt, want)
	}
	got, err := s.FindAccountByID(ctx, a.ID)
	wantOK(t, "FindAccountByID", err)
	wantSame(t, "FindAccountByID", got, a)
	got, err = s.FindAccountByEmail(ctx, "ALICE@example.com")
	wantOK(t, "FindAccountByEmail", err)
	wantSame(t, "FindAccountByEmail", got, a)
}

func testAccountNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	a, err := s.FindAccountByID(ctx, 12345)
	if a != nil {
		t.Errorf("FindAccountByID(missing) = %+v, want nil", a)
	}
	wantErr(t, "FindAccountByID(missing)", err, store.ErrNotFound)
	_, err = s.FindAccountByEmail(ctx, "nobody@example.com")
	wantErr(t, "FindAccountByEmail(missing)", err, store.ErrNotFound)
	_, err = s.UpdateAccount(ctx, 12345, store.AccountUpdate{Name: ptr("x")})
	wantErr(t, "UpdateAccount(missing)", err, store.ErrNotFound)
	wantErr(t, "DeleteAccount(missing)", s.DeleteAccount(ctx, 12345), store.ErrNotFound)
}

func testAccountDuplicateEmail(t *testing.T, s store.Store) {
	newAccount(t, s, "bob@example.com")
	dup := &badge.Account{Email: "BOB@example.com", Locale: badge.LocaleEN}
	wantErr(t, "CreateAccount(same address, other case)", s.CreateAccount(t.Context(), dup), store.ErrConflict)
	items, total, err := s.FindAccounts(t.Context(), store.AccountFilter{})
	wantTotal(t, "FindAccounts after conflict", items, total, err, 1, 1)
}

func testAccountUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "carol@example.com")
	at := time.Now().Add(-hour)
	got, err := s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Name: ptr("Carol"), Locale: ptr(badge.LocaleJA),
		PasswordHash: ptr("h2"), EmailVerifiedAt: &at})
	wantOK(t, "UpdateAccount", err)
	if got.Name != "Carol" || got.Locale != "ja" || got.PasswordHash != "h2" || got.EmailVerifiedAt == nil ||
		got.Email != a.Email || got.UpdatedAt.Before(a.UpdatedAt) {
		t.Errorf("UpdateAccount = %+v, want name, locale, hash and verification changed", got)
	}
	found, err := s.FindAccountByID(ctx, a.ID)
	wantOK(t, "FindAccountByID", err)
	wantSame(t, "FindAccountByID after update", found, got)

	got, err = s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Email: ptr("Carol2@Example.com")})
	wantOK(t, "UpdateAccount(email)", err)
	if got.Email != "carol2@example.com" || got.EmailVerifiedAt != nil {
		t.Errorf("UpdateAccount(email) = %q verified %v, want carol2@example.com, unverified", got.Email, got.EmailVerifiedAt)
	}
}

func testAccountUpdateRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "dan@example.com")
	newAccount(t, s, "erin@example.com")
	_, err := s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Email: ptr("ERIN@example.com")})
	wantErr(t, "UpdateAccount(taken address)", err, store.ErrConflict)
	_, err = s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Name: ptr(long(badge.MaxNameLen + 1))})
	wantInvalid(t, "UpdateAccount(long name)", err, "name")
	_, err = s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Locale: ptr("fr")})
	wantInvalid(t, "UpdateAccount(locale fr)", err, "locale")
	found, err := s.FindAccountByID(ctx, a.ID)
	wantOK(t, "FindAccountByID", err)
	wantSame(t, "account after refused updates", found, a)
}

func testAccountFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	var all []int64
	for _, e := range []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"} {
		all = append(all, newAccount(t, s, e).ID)
	}
	id := func(a *badge.Account) int64 { return a.ID }
	items, total, err := s.FindAccounts(ctx, store.AccountFilter{})
	wantTotal(t, "FindAccounts{}", items, total, err, 5, 5)
	wantSame(t, "FindAccounts{} ids", ids(items, id), all)
	items, total, err = s.FindAccounts(ctx, store.AccountFilter{Page: store.Page{Offset: 1, Limit: 2}})
	wantTotal(t, "FindAccounts{Offset 1, Limit 2}", items, total, err, 2, 5)
	wantSame(t, "FindAccounts{Offset 1, Limit 2} ids", ids(items, id), all[1:3])
	items, total, err = s.FindAccounts(ctx, store.AccountFilter{Page: store.Page{Offset: 3}})
	wantTotal(t, "FindAccounts{Offset 3}", items, total, err, 2, 5)
	items, total, err = s.FindAccounts(ctx, store.AccountFilter{Email: ptr("C@EXAMPLE.com")})
	wantTotal(t, "FindAccounts{Email}", items, total, err, 1, 1)
	items, total, err = s.FindAccounts(ctx, store.AccountFilter{ID: &all[3]})
	wantTotal(t, "FindAccounts{ID}", items, total, err, 1, 1)
	items, total, err = s.FindAccounts(ctx, store.AccountFilter{Email: ptr("zz@example.com")})
	wantTotal(t, "FindAccounts{no match}", items, total, err, 0, 0)
}

func testAccountDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "frank@example.com")
	keep := newAccount(t, s, "grace@example.com")
	wantOK(t, "DeleteAccount", s.DeleteAccount(ctx, a.ID))
	_, err := s.FindAccountByID(ctx, a.ID)
	wantErr(t, "FindAccountByID(deleted)", err, store.ErrNotFound)
	wantErr(t, "DeleteAccount(again)", s.DeleteAccount(ctx, a.ID), store.ErrNotFound)
	_, err = s.FindAccountByID(ctx, keep.ID)
	wantOK(t, "FindAccountByID(other account)", err)
}

func testAccountInstanceAdmin(t *testing.T, s store.Store) {
	ctx := t.Context()
	plain := newAccount(t, s, "user@example.com")
	if plain.InstanceAdmin {
		t.Error("a new account is an instance administrator by default")
	}
	admin := &badge.Account{Email: "root@example.com", Locale: badge.LocaleEN, InstanceAdmin: true}
	wantOK(t, "CreateAccount(instance admin)", s.CreateAccount(ctx, admin))
	got, err := s.FindAccountByID(ctx, admin.ID)
	wantOK(t, "FindAccountByID", err)
	wantSame(t, "FindAccountByID(instance admin)", got, admin)
	items, total, err := s.FindAccounts(ctx, store.AccountFilter{InstanceAdmin: ptr(true)})
	wantTotal(t, "FindAccounts{InstanceAdmin: true}", items, total, err, 1, 1)
	if len(items) == 1 && items[0].ID != admin.ID {
		t.Errorf("FindAccounts{InstanceAdmin: true} = account %d, want %d", items[0].ID, admin.ID)
	}
	items, total, err = s.FindAccounts(ctx, store.AccountFilter{InstanceAdmin: ptr(false)})
	wantTotal(t, "FindAccounts{InstanceAdmin: false}", items, total, err, 1, 1)

	got, err = s.UpdateAccount(ctx, plain.ID, store.AccountUpdate{InstanceAdmin: ptr(true)})
	if err != nil || !got.InstanceAdmin {
		t.Errorf("UpdateAccount(InstanceAdmin: true) = %+v, %v", got, err)
	}
	got, err = s.UpdateAccount(ctx, admin.ID, store.AccountUpdate{Name: ptr("Root")})
	if err != nil || !got.InstanceAdmin {
		t.Errorf("UpdateAccount(name) = %+v, %v; want the flag kept", got, err)
	}
	got, err = s.UpdateAccount(ctx, admin.ID, store.AccountUpdate{InstanceAdmin: ptr(false)})
	if err != nil || got.InstanceAdmin {
		t.Errorf("UpdateAccount(InstanceAdmin: false) = %+v, %v", got, err)
	}
	found, err := s.FindAccountByEmail(ctx, "root@example.com")
	wantOK(t, "FindAccountByEmail", err)
	wantSame(t, "FindAccountByEmail after the updates", found, got)
}
