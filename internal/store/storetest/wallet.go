// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var walletTests = []test{
	{"AccountEmail/Lifecycle", testAccountEmailLifecycle},
	{"AccountEmail/Conflicts", testAccountEmailConflicts},
	{"Award/WalletFilters", testAwardWalletFilters},
}

func testAccountEmailLifecycle(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "mika@uni.example.ac.jp")
	es, err := s.FindAccountEmails(ctx, a.ID)
	wantOK(t, "FindAccountEmails", err)
	if len(es) != 1 || es[0].Email != a.Email || !es[0].Primary || es[0].VerifiedAt != nil {
		t.Fatalf("FindAccountEmails(new account) = %+v, want only the primary, unverified address", es)
	}
	e := &badge.AccountEmail{AccountID: a.ID, Email: " Mika@Home.Example "}
	wantOK(t, "CreateAccountEmail", s.CreateAccountEmail(ctx, e))
	if e.Email != "mika@home.example" || e.Primary || e.CreatedAt.IsZero() {
		t.Errorf("CreateAccountEmail set %+v", e)
	}
	got, err := s.FindAccountEmail(ctx, "MIKA@home.example")
	wantOK(t, "FindAccountEmail", err)
	wantSame(t, "FindAccountEmail", got, e)

	at := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	v, err := s.VerifyAccountEmail(ctx, a.ID, e.Email, at)
	wantOK(t, "VerifyAccountEmail", err)
	if v.VerifiedAt == nil || !v.VerifiedAt.Equal(at) {
		t.Errorf("VerifyAccountEmail = %+v, want verified at %v", v, at)
	}
	// Verifying the primary address verifies the account too.
	_, err = s.VerifyAccountEmail(ctx, a.ID, a.Email, at)
	wantOK(t, "VerifyAccountEmail(primary)", err)
	acc, _ := s.FindAccountByID(ctx, a.ID)
	if acc.EmailVerifiedAt == nil {
		t.Error("VerifyAccountEmail(primary) left the account unverified")
	}
	_, err = s.VerifyAccountEmail(ctx, a.ID+1000, e.Email, at)
	wantErr(t, "VerifyAccountEmail(other account)", err, store.ErrNotFound)

	// The primary address moves, and the account follows.
	wantOK(t, "SetPrimaryAccountEmail", s.SetPrimaryAccountEmail(ctx, a.ID, e.Email))
	acc, _ = s.FindAccountByID(ctx, a.ID)
	if acc.Email != e.Email || acc.EmailVerifiedAt == nil {
		t.Errorf("after SetPrimaryAccountEmail the account is %+v", acc)
	}
	es, _ = s.FindAccountEmails(ctx, a.ID)
	if len(es) != 2 || es[0].Email != e.Email || !es[0].Primary || es[1].Primary {
		t.Errorf("FindAccountEmails = %+v, want the new primary first", es)
	}
	wantErr(t, "SetPrimaryAccountEmail(missing)", s.SetPrimaryAccountEmail(ctx, a.ID, "no@example.com"), store.ErrNotFound)
	wantErr(t, "DeleteAccountEmail(primary)", s.DeleteAccountEmail(ctx, a.ID, e.Email), store.ErrNotFound)
	wantOK(t, "DeleteAccountEmail", s.DeleteAccountEmail(ctx, a.ID, "mika@uni.example.ac.jp"))
	es, _ = s.FindAccountEmails(ctx, a.ID)
	if len(es) != 1 {
		t.Errorf("after DeleteAccountEmail: %+v", es)
	}
	// Changing the account's address through UpdateAccount moves the primary row.
	_, err = s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Email: ptr("mika@new.example")})
	wantOK(t, "UpdateAccount(email)", err)
	es, _ = s.FindAccountEmails(ctx, a.ID)
	if len(es) != 1 || es[0].Email != "mika@new.example" || es[0].VerifiedAt != nil {
		t.Errorf("after UpdateAccount(email): %+v", es)
	}
	wantOK(t, "DeleteAccount", s.DeleteAccount(ctx, a.ID))
	_, err = s.FindAccountEmail(ctx, "mika@new.example")
	wantErr(t, "FindAccountEmail(deleted account)", err, store.ErrNotFound)
}

func testAccountEmailConflicts(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "a@example.com")
	b := newAccount(t, s, "b@example.com")
	wantErr(t, "CreateAccountEmail(another's primary)", s.CreateAccountEmail(ctx, &badge.AccountEmail{AccountID: b.ID, Email: "A@example.com"}), store.ErrConflict)
	wantOK(t, "CreateAccountEmail", s.CreateAccountEmail(ctx, &badge.AccountEmail{AccountID: a.ID, Email: "a2@example.com"}))
	wantErr(t, "CreateAccount(another's secondary)", s.CreateAccount(ctx, &badge.Account{Email: "a2@example.com", Locale: badge.LocaleJA}), store.ErrConflict)
	wantErr(t, "CreateAccountEmail(no account)", s.CreateAccountEmail(ctx, &badge.AccountEmail{AccountID: 9999, Email: "x@example.com"}), store.ErrNotFound)
	wantInvalid(t, "CreateAccountEmail(bad)", s.CreateAccountEmail(ctx, &badge.AccountEmail{AccountID: a.ID, Email: "not an address"}), "email")
	wantErr(t, "DeleteAccountEmail(another's)", s.DeleteAccountEmail(ctx, b.ID, "a2@example.com"), store.ErrNotFound)
}

func testAwardWalletFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	org := newOrg(t, s, "wallet")
	bc := newBadgeClass(t, s, org.ID, "wallet-badge")
	holder := newAccount(t, s, "holder@example.com")
	a1 := newAward(t, s, bc, "one@example.com", "w-1")
	a2 := newAward(t, s, bc, "Two@example.com", "w-2")
	a3 := newAward(t, s, bc, "three@example.com", "w-3")
	now := time.Now()
	_, err := s.UpdateAward(ctx, a1.ID, store.AwardUpdate{ClaimedBy: &holder.ID, ClaimedAt: &now})
	wantOK(t, "UpdateAward(claim)", err)
	got, err := s.UpdateAward(ctx, a2.ID, store.AwardUpdate{DeclinedAt: &now})
	wantOK(t, "UpdateAward(decline)", err)
	if got.DeclinedAt == nil {
		t.Error("UpdateAward(decline) left DeclinedAt nil")
	}
	find := func(what string, f store.AwardFilter, want ...int64) {
		t.Helper()
		items, total, err := s.FindAwards(ctx, f)
		wantOK(t, what, err)
		gotIDs := ids(items, func(a *badge.Award) int64 { return a.ID })
		if total != len(want) || len(gotIDs) != len(want) {
			t.Errorf("%s = %v (total %d), want %v", what, gotIDs, total, want)
			return
		}
		for _, id := range want {
			if !slicesContains(gotIDs, id) {
				t.Errorf("%s = %v, want %v", what, gotIDs, want)
			}
		}
	}
	find("ClaimedBy", store.AwardFilter{ClaimedBy: &holder.ID}, a1.ID)
	find("ClaimedBy 0", store.AwardFilter{ClaimedBy: ptr(int64(0))}, a2.ID, a3.ID)
	find("Claimed false", store.AwardFilter{Claimed: ptr(false)}, a2.ID, a3.ID)
	find("Declined", store.AwardFilter{Declined: ptr(true)}, a2.ID)
	find("RecipientEmails", store.AwardFilter{RecipientEmails: []string{"TWO@example.com", "three@example.com"}}, a2.ID, a3.ID)
	find("RecipientEmails empty", store.AwardFilter{RecipientEmails: []string{}})
	find("pending", store.AwardFilter{RecipientEmails: []string{"one@example.com", "two@example.com", "three@example.com"},
		Claimed: ptr(false), Declined: ptr(false)}, a3.ID)
	got, err = s.UpdateAward(ctx, a1.ID, store.AwardUpdate{Unclaim: true})
	wantOK(t, "UpdateAward(unclaim)", err)
	if got.ClaimedBy != 0 || got.ClaimedAt != nil {
		t.Errorf("UpdateAward(unclaim) = claimed by %d at %v", got.ClaimedBy, got.ClaimedAt)
	}
	find("ClaimedBy after unclaim", store.AwardFilter{ClaimedBy: &holder.ID})
}
