// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var tokenInMail = regexp.MustCompile(`token=([A-Za-z0-9_-]{43})`)

// lastMailToken returns the token in the newest outbox mail to addr.
func lastMailToken(t *testing.T, s *Service, addr string) string {
	t.Helper()
	ms, _, err := s.Store.FindOutboxMails(context.Background(), store.OutboxFilter{To: &addr})
	if err != nil || len(ms) == 0 {
		t.Fatalf("no mail to %s: %v", addr, err)
	}
	m := ms[len(ms)-1]
	for _, x := range ms {
		if x.ID > m.ID {
			m = x
		}
	}
	got := tokenInMail.FindStringSubmatch(m.TextBody)
	if got == nil {
		t.Fatalf("no token link in mail:\n%s", m.TextBody)
	}
	return got[1]
}

func TestSignUpVerifySignIn(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		a, err := s.SignUp(ctx, NewAccount{Email: "taro@example.ac.jp", Name: "山田 太郎", Password: "correct horse battery", Locale: "ja"})
		if err != nil {
			t.Fatal(err)
		}
		if a.EmailVerifiedAt != nil {
			t.Error("sign-up verified the address without the link")
		}
		tok := lastMailToken(t, s, "taro@example.ac.jp")
		v, err := s.VerifyEmail(ctx, tok)
		if err != nil || v.EmailVerifiedAt == nil {
			t.Fatalf("VerifyEmail = %+v, %v", v, err)
		}
		if _, err := s.VerifyEmail(ctx, tok); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("link used twice: %v", err)
		}
		st, err := s.SignIn(ctx, "Taro@Example.ac.jp", "correct horse battery", "192.0.2.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		sess, acc, err := s.Authenticate(ctx, st.Token)
		if err != nil || acc.ID != a.ID || sess.AccountID != a.ID {
			t.Errorf("Authenticate = %+v %+v %v", sess, acc, err)
		}
		if err := s.SignOut(ctx, st.Token); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, st.Token); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("after sign-out: %v", err)
		}
	})
}

func TestSignInRateLimit(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		mustAccount(t, s, "hanako@example.ac.jp")
		for i := 0; i < SignInLimit; i++ {
			if _, err := s.SignIn(ctx, "hanako@example.ac.jp", "wrong password!", "192.0.2.9", ""); badge.ErrorCode(err) != badge.CodeUnauthorized {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		// Now even the right password is refused, from any address.
		if _, err := s.SignIn(ctx, "hanako@example.ac.jp", "correct horse battery", "198.51.100.7", ""); badge.ErrorCode(err) != badge.CodeRateLimited {
			t.Errorf("after %d failures: %v, want rate_limited", SignInLimit, err)
		}
		// An unknown address and a known one fail alike.
		_, e1 := s.SignIn(ctx, "nobody@example.ac.jp", "whatever pw", "", "")
		if badge.ErrorCode(e1) != badge.CodeUnauthorized || badge.ErrorKey(e1) != "auth.invalid_credentials" {
			t.Errorf("unknown account: %v", e1)
		}
		// After the window the right password works again.
		later := time.Now().Add(SignInWindow + time.Minute)
		s.Now = func() time.Time { return later }
		if _, err := s.SignIn(ctx, "hanako@example.ac.jp", "correct horse battery", "198.51.100.7", ""); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		mustAccount(t, s, "jiro@example.ac.jp")
		old, _ := s.SignIn(ctx, "jiro@example.ac.jp", "correct horse battery", "", "")
		if err := s.RequestPasswordReset(ctx, "nobody@example.ac.jp"); err != nil {
			t.Errorf("unknown address: %v (must look the same as a known one)", err)
		}
		if err := s.RequestPasswordReset(ctx, "jiro@example.ac.jp"); err != nil {
			t.Fatal(err)
		}
		tok := lastMailToken(t, s, "jiro@example.ac.jp")
		if err := s.ResetPassword(ctx, tok, "short"); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("short password: %v", err)
		}
		if err := s.ResetPassword(ctx, tok, "a brand new password"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, old.Token); err == nil {
			t.Error("old session survived a password reset")
		}
		if _, err := s.SignIn(ctx, "jiro@example.ac.jp", "a brand new password", "", ""); err != nil {
			t.Errorf("new password: %v", err)
		}
		if err := s.ResetPassword(ctx, tok, "yet another password"); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("reset link used twice: %v", err)
		}
	})
}

func TestMembersAndRoles(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		owner := mustAccount(t, s, "owner@example.ac.jp")
		o, err := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "Library", OwnerID: owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		colleague := mustAccount(t, s, "colleague@example.ac.jp")
		stranger := mustAccount(t, s, "stranger@example.ac.jp")
		other, _ := s.CreateOrganization(as(stranger.ID), NewOrganization{Name: "Other org", OwnerID: stranger.ID})

		if _, err := s.Invite(as(colleague.ID), o.ID, "x@example.ac.jp", badge.RoleViewer); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("non-member inviting: %v", err)
		}
		inv, err := s.Invite(as(owner.ID), o.ID, "colleague@example.ac.jp", badge.RoleIssuer)
		if err != nil {
			t.Fatal(err)
		}
		tok := lastMailToken(t, s, "colleague@example.ac.jp")
		if _, err := s.AcceptInvitation(ctx, tok, ""); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("anonymous accept: %v", err)
		}
		m, err := s.AcceptInvitation(as(colleague.ID), tok, "")
		if err != nil || m.Role != badge.RoleIssuer || m.OrgID != inv.OrgID {
			t.Fatalf("accept = %+v, %v", m, err)
		}
		if _, err := s.AcceptInvitation(as(colleague.ID), tok, ""); err == nil {
			t.Error("invitation accepted twice")
		}
		// An issuer cannot change roles; the owner can; no one can leave the org ownerless.
		if err := s.ChangeRole(as(colleague.ID), o.ID, colleague.ID, badge.RoleAdmin); badge.ErrorCode(err) != badge.CodeForbidden {
			t.Errorf("issuer promoting self: %v", err)
		}
		if err := s.ChangeRole(as(owner.ID), o.ID, colleague.ID, badge.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeRole(as(colleague.ID), o.ID, owner.ID, badge.RoleViewer); badge.ErrorCode(err) != badge.CodeForbidden {
			t.Errorf("admin demoting the owner: %v", err)
		}
		if err := s.ChangeRole(as(owner.ID), o.ID, owner.ID, badge.RoleAdmin); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("last owner stepping down: %v", err)
		}
		if err := s.RemoveMember(as(owner.ID), o.ID, owner.ID); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("last owner leaving: %v", err)
		}
		// One organisation's staff cannot see or change another's.
		for name, err := range map[string]error{
			"members": func() error { _, err := s.Members(as(owner.ID), other.ID); return err }(),
			"settings": func() error {
				_, err := s.UpdateOrganization(as(owner.ID), other.ID, OrganizationSettings{Name: "pwned"})
				return err
			}(),
			"audit":  func() error { _, _, err := s.AuditLog(as(owner.ID), other.ID, store.Page{}); return err }(),
			"outbox": func() error { _, _, err := s.Outbox(as(owner.ID), other.ID, store.Page{}); return err }(),
			"remove": s.RemoveMember(as(owner.ID), other.ID, stranger.ID),
			"role":   s.ChangeRole(as(owner.ID), other.ID, stranger.ID, badge.RoleViewer),
			"invite": func() error { _, err := s.Invite(as(owner.ID), other.ID, "a@b.jp", badge.RoleViewer); return err }(),
		} {
			if badge.ErrorCode(err) != badge.CodeNotFound {
				t.Errorf("cross-organisation %s: %v, want not_found", name, err)
			}
		}
		if o2, _ := s.Store.FindOrganizationByID(ctx, other.ID); o2.Name != "Other org" {
			t.Errorf("other organisation changed: %+v", o2)
		}
		ms, err := s.Members(as(colleague.ID), o.ID)
		if err != nil || len(ms) != 2 {
			t.Errorf("members = %d, %v", len(ms), err)
		}
		entries, n, _ := s.AuditLog(as(owner.ID), o.ID, store.Page{})
		if n < 4 || entries[0].Action != "member.role_change" {
			t.Errorf("audit log: %d entries, newest %+v", n, entries[0])
		}
	})
}
