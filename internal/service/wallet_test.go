// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// lastToken returns the token of the latest mail to addr carrying a link
// with prefix (such as "/claim/" or "/verify-email?token=").
func lastToken(t *testing.T, s *Service, addr, prefix string) string {
	t.Helper()
	mails, _, err := s.Store.FindOutboxMails(context.Background(), store.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails { // newest first
		if m.To != addr {
			continue
		}
		i := strings.Index(m.TextBody, prefix)
		if i < 0 {
			continue
		}
		tok := m.TextBody[i+len(prefix):]
		if j := strings.IndexAny(tok, " \r\n\t"); j >= 0 {
			tok = tok[:j]
		}
		return tok
	}
	t.Fatalf("no mail to %s with %q", addr, prefix)
	return ""
}

func TestClaimIntoWallet(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		ctx := context.Background()
		a := f.award(t, "hana@student.example.ac.jp", "花子", "")
		tok := lastToken(t, s, "hana@student.example.ac.jp", "/claim/")

		if _, err := s.ClaimWithNewAccount(ctx, tok, ClaimAccount{Name: "", Password: "correct horse battery"}); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("claim without a name: %v", err)
		}
		if _, err := s.ClaimWithNewAccount(ctx, tok, ClaimAccount{Name: "花子", Password: "short"}); badge.ErrorKey(err) != "validation.password_short" {
			t.Errorf("claim with a short password: %v", err)
		}
		st, err := s.ClaimWithNewAccount(ctx, tok, ClaimAccount{Name: "花子", Password: "correct horse battery", Locale: "en"})
		if err != nil {
			t.Fatal(err)
		}
		acc := st.Account
		if _, _, err := s.Authenticate(ctx, st.Token); err != nil {
			t.Errorf("the new account's session: %v", err)
		}
		if acc.Email != "hana@student.example.ac.jp" || acc.EmailVerifiedAt == nil || acc.Locale != "en" {
			t.Errorf("new wallet account = %+v", acc)
		}
		got, _ := s.Store.FindAwardByID(ctx, a.ID)
		if got.ClaimedBy != acc.ID || got.ClaimedAt == nil || got.ClaimTokenHash != nil {
			t.Errorf("claimed award: by %d at %v token %x", got.ClaimedBy, got.ClaimedAt, got.ClaimTokenHash)
		}
		// Single use: the link is gone, both ways.
		if _, err := s.ClaimWithNewAccount(ctx, tok, ClaimAccount{Name: "x", Password: "correct horse battery"}); badge.ErrorKey(err) != "claim.unknown" {
			t.Errorf("second claim: %v", err)
		}
		if _, err := s.ClaimAward(as(acc.ID), tok); badge.ErrorKey(err) != "claim.unknown" {
			t.Errorf("second claim, signed in: %v", err)
		}
		if _, err := s.OpenClaim(ctx, tok); badge.ErrorKey(err) != "claim.unknown" {
			t.Errorf("open after claim: %v", err)
		}
		bs, err := s.WalletBadges(as(acc.ID), "")
		if err != nil || len(bs) != 1 || bs[0].Award.ID != a.ID || bs[0].State != "valid" {
			t.Fatalf("WalletBadges = %+v, %v", bs, err)
		}

		// A signed-in recipient claims a badge sent to another address;
		// the address joins the account.
		b := f.award(t, "hana@home.example", "花子", "")
		tok = lastToken(t, s, "hana@home.example", "/claim/")
		if _, err := s.ClaimAward(ctx, tok); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("anonymous ClaimAward: %v", err)
		}
		if _, err := s.ClaimAward(as(acc.ID), tok); err != nil {
			t.Fatal(err)
		}
		es, _ := s.MyEmails(as(acc.ID))
		if len(es) != 2 || es[1].Email != "hana@home.example" || es[1].VerifiedAt == nil {
			t.Errorf("addresses after claim: %+v", es)
		}
		// An address with an account must sign in.
		c := f.award(t, "hana@student.example.ac.jp", "花子", "")
		tok = lastToken(t, s, "hana@student.example.ac.jp", "/claim/")
		if _, err := s.ClaimWithNewAccount(ctx, tok, ClaimAccount{Name: "x", Password: "correct horse battery"}); badge.ErrorKey(err) != "wallet.sign_in_to_claim" {
			t.Errorf("new account for a taken address: %v", err)
		}
		// Search by name and issuer.
		for q, want := range map[string]int{"": 2, "データ": 2, "data science": 2, "chiba": 2, "nothing": 0} {
			if bs, _ := s.WalletBadges(as(acc.ID), q); len(bs) != want {
				t.Errorf("WalletBadges(%q) = %d badges, want %d", q, len(bs), want)
			}
		}
		// Revoked: claiming says so; the wallet shows the state.
		if _, err := s.Revoke(as(f.issuer.ID), f.org.ID, []int64{b.ID, c.ID}, "mistake"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimAward(as(acc.ID), tok); badge.ErrorKey(err) != "claim.revoked" {
			t.Errorf("claim of revoked: %v", err)
		}
		wb, err := s.WalletBadge(as(acc.ID), b.ID)
		if err != nil || wb.State != badge.AwardRevoked {
			t.Errorf("WalletBadge(revoked) = %+v, %v", wb, err)
		}
	})
}

func TestWalletEmailsAndPending(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		ctx := context.Background()
		me := mustAccount(t, s, "ken@uni.example.ac.jp")
		other := mustAccount(t, s, "other@example.com")
		e, err := s.AddEmail(as(me.ID), "Ken@Life.Example")
		if err != nil || e.Email != "ken@life.example" || e.VerifiedAt != nil {
			t.Fatalf("AddEmail = %+v, %v", e, err)
		}
		if _, err := s.AddEmail(as(other.ID), "ken@life.example"); badge.ErrorKey(err) != "wallet.email_taken" {
			t.Errorf("AddEmail(taken) = %v", err)
		}
		if _, err := s.AddEmail(ctx, "x@example.com"); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("AddEmail(anonymous) = %v", err)
		}
		// Not pending until verified.
		a := f.award(t, "ken@life.example", "Ken", "")
		if ps, _ := s.PendingBadges(as(me.ID)); len(ps) != 0 {
			t.Errorf("pending before verification: %d", len(ps))
		}
		if err := s.MakePrimaryEmail(as(me.ID), "ken@life.example"); badge.ErrorKey(err) != "wallet.primary_unverified" {
			t.Errorf("MakePrimaryEmail(unverified) = %v", err)
		}
		tok := lastToken(t, s, "ken@life.example", "/verify-email?token=")
		acc, err := s.VerifyEmail(ctx, tok)
		if err != nil || acc.Email != me.Email {
			t.Fatalf("VerifyEmail(secondary) = %+v, %v; want the primary address unchanged", acc, err)
		}
		ps, err := s.PendingBadges(as(me.ID))
		if err != nil || len(ps) != 1 || ps[0].Award.ID != a.ID {
			t.Fatalf("PendingBadges = %+v, %v", ps, err)
		}
		// Nobody else sees or touches it.
		if ps, _ := s.PendingBadges(as(other.ID)); len(ps) != 0 {
			t.Errorf("another account sees %d pending", len(ps))
		}
		if _, err := s.AcceptPending(as(other.ID), a.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("AcceptPending by another = %v", err)
		}
		if err := s.DeclinePending(as(other.ID), a.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("DeclinePending by another = %v", err)
		}
		if _, err := s.AcceptPending(as(me.ID), a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AcceptPending(as(me.ID), a.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("AcceptPending twice = %v", err)
		}
		if ps, _ := s.PendingBadges(as(me.ID)); len(ps) != 0 {
			t.Errorf("pending after accept: %d", len(ps))
		}
		// Declined: never shown again.
		b := f.award(t, "ken@uni.example.ac.jp", "Ken", "")
		if err := s.DeclinePending(as(me.ID), b.ID); err != nil {
			t.Fatal(err)
		}
		ps, _ = s.PendingBadges(as(me.ID))
		bs, _ := s.WalletBadges(as(me.ID), "")
		if len(ps) != 0 || len(bs) != 1 {
			t.Errorf("after decline: %d pending, %d in wallet; want 0 and 1", len(ps), len(bs))
		}
		// Primary moves; removing an address keeps accepted badges.
		if err := s.MakePrimaryEmail(as(other.ID), "ken@life.example"); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("MakePrimaryEmail(another's) = %v", err)
		}
		if err := s.RemoveEmail(as(me.ID), "ken@uni.example.ac.jp"); badge.ErrorKey(err) != "wallet.remove_primary" {
			t.Errorf("RemoveEmail(primary) = %v", err)
		}
		if err := s.MakePrimaryEmail(as(me.ID), "ken@life.example"); err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveEmail(as(other.ID), "ken@uni.example.ac.jp"); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("RemoveEmail(another's) = %v", err)
		}
		if err := s.RemoveEmail(as(me.ID), "ken@uni.example.ac.jp"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignIn(ctx, "ken@life.example", "correct horse battery", "", ""); err != nil {
			t.Errorf("sign in with the new primary address: %v", err)
		}
		if bs, _ := s.WalletBadges(as(me.ID), ""); len(bs) != 1 {
			t.Errorf("after removing the address the wallet has %d badges, want 1", len(bs))
		}
	})
}

func TestWalletPrivacyRemoveAndDelete(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newIssuingFixture(t, s)
		ctx := context.Background()
		me := mustAccount(t, s, "yui@example.com")
		other := mustAccount(t, s, "mallory@example.com")
		a := f.award(t, "yui@example.com", "Yui", "")
		b := f.award(t, "yui@example.com", "Yui", "")
		for _, x := range []*badge.Award{a, b} {
			if _, err := s.AcceptPending(as(me.ID), x.ID); err != nil {
				t.Fatal(err)
			}
		}
		// Another account can neither see nor change my badges.
		if _, err := s.WalletBadge(as(other.ID), a.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("WalletBadge by another = %v", err)
		}
		if _, err := s.SetBadgePrivate(as(other.ID), a.ID, true); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("SetBadgePrivate by another = %v", err)
		}
		if err := s.RemoveFromWallet(as(other.ID), a.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("RemoveFromWallet by another = %v", err)
		}
		if bs, _ := s.WalletBadges(as(other.ID), ""); len(bs) != 0 {
			t.Errorf("another's wallet shows %d badges", len(bs))
		}
		// Private: no public page; public again: back.
		if _, err := s.SetBadgePrivate(as(me.ID), a.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublicAward(ctx, a.PublicID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("PublicAward(private) = %v", err)
		}
		if wb, err := s.WalletBadge(as(me.ID), a.ID); err != nil || !wb.Award.Private {
			t.Errorf("the owner still sees the private badge: %+v, %v", wb, err)
		}
		if _, err := s.SetBadgePrivate(as(me.ID), a.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublicAward(ctx, a.PublicID); err != nil {
			t.Errorf("PublicAward(public again) = %v", err)
		}
		// Removing: gone from the wallet and from pending, private, still
		// valid at the issuer.
		if err := s.RemoveFromWallet(as(me.ID), a.ID); err != nil {
			t.Fatal(err)
		}
		ps, _ := s.PendingBadges(as(me.ID))
		bs, _ := s.WalletBadges(as(me.ID), "")
		if len(ps) != 0 || len(bs) != 1 {
			t.Errorf("after removal: %d pending, %d in wallet; want 0 and 1", len(ps), len(bs))
		}
		got, _ := s.Store.FindAwardByID(ctx, a.ID)
		if !got.Private || got.RevokedAt != nil || got.ClaimedBy != 0 {
			t.Errorf("removed award: private %v revoked %v claimed by %d", got.Private, got.RevokedAt, got.ClaimedBy)
		}
		// Deleting the account: password checked, data gone, public pages gone.
		pending := f.award(t, "yui@example.com", "Yui", "")
		if err := s.DeleteMyAccount(as(me.ID), "wrong password!"); badge.ErrorKey(err) != "wallet.wrong_password" {
			t.Errorf("DeleteMyAccount(wrong password) = %v", err)
		}
		if err := s.DeleteMyAccount(as(f.owner.ID), "correct horse battery"); badge.ErrorKey(err) != "wallet.leave_orgs_first" {
			t.Errorf("DeleteMyAccount(organisation owner) = %v", err)
		}
		if err := s.DeleteMyAccount(as(me.ID), "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		for _, x := range []*badge.Award{b, pending} {
			if _, err := s.PublicAward(ctx, x.PublicID); badge.ErrorCode(err) != badge.CodeNotFound {
				t.Errorf("PublicAward after account deletion = %v", err)
			}
		}
		if _, err := s.Store.FindAccountByID(ctx, me.ID); err == nil {
			t.Error("the account is still there")
		}
		if _, err := s.Store.FindAccountEmail(ctx, "yui@example.com"); err == nil {
			t.Error("the address is still there")
		}
	})
}
