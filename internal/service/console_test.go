// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// TestInstanceOutbox: the bootstrap admin is an instance administrator and
// reads the mail the instance sends itself (sign-up confirmations); an
// organisation owner who is not, a recipient and an anonymous caller
// cannot, and the organisation's own outbox does not show it.
func TestInstanceOutbox(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		boot, err := s.Bootstrap(ctx, BootstrapInput{OrgName: "Instance U", AdminEmail: "root@example.ac.jp", AdminPassword: "a long password"})
		if err != nil {
			t.Fatal(err)
		}
		admin, _ := s.Store.FindAccountByID(ctx, boot.AdminID)
		if !admin.InstanceAdmin {
			t.Fatal("the bootstrap admin is not an instance administrator")
		}
		if _, err := s.SignUp(ctx, NewAccount{Email: "new@example.ac.jp", Name: "New", Password: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		ms, n, err := s.InstanceOutbox(as(admin.ID), store.Page{})
		if err != nil || n != 1 || len(ms) != 1 || ms[0].To != "new@example.ac.jp" || ms[0].OrgID != 0 {
			t.Fatalf("InstanceOutbox(instance admin) = %d mails %+v, %v; want the sign-up confirmation", n, ms, err)
		}
		// An organisation owner who is not an instance administrator.
		owner := mustAccount(t, s, "owner@example.ac.jp")
		o, err := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "Other U", OwnerID: owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		recipient, _ := s.Store.FindAccountByEmail(ctx, "new@example.ac.jp")
		for name, c := range map[string]context.Context{"owner": as(owner.ID), "recipient": as(recipient.ID)} {
			if _, _, err := s.InstanceOutbox(c, store.Page{}); badge.ErrorCode(err) != badge.CodeForbidden {
				t.Errorf("InstanceOutbox(%s) = %v, want forbidden", name, err)
			}
		}
		if _, _, err := s.InstanceOutbox(ctx, store.Page{}); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("InstanceOutbox(anonymous) = %v, want unauthorized", err)
		}
		for _, org := range []int64{o.ID, boot.OrgID} {
			who := owner.ID
			if org == boot.OrgID {
				who = admin.ID
			}
			ms, _, err := s.Outbox(as(who), org, store.Page{})
			for _, m := range ms {
				if m.To == "new@example.ac.jp" {
					t.Errorf("organisation %d's outbox shows the instance's mail", org)
				}
			}
			if err != nil {
				t.Error(err)
			}
		}
		// Nobody makes themselves an instance administrator.
		self, err := s.CreateAccount(as(owner.ID), NewAccount{Email: "sneaky@example.ac.jp", Password: "long enough pw", InstanceAdmin: true})
		if err != nil || self.InstanceAdmin {
			t.Errorf("self-made instance admin: %+v, %v", self, err)
		}
		// Bootstrap again with an existing account makes it an instance administrator.
		if _, err := s.Bootstrap(ctx, BootstrapInput{OrgName: "Third", AdminEmail: "owner@example.ac.jp", AdminPassword: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		if a, _ := s.Store.FindAccountByID(ctx, owner.ID); !a.InstanceAdmin {
			t.Error("an existing account set up by bootstrap is not an instance administrator")
		}
	})
}

// TestInvitationPreviewAndAccept: the link shows the organisation and role
// without being used up; accepting it switches the session to the
// organisation joined; a used, an expired and an unknown link each say so.
func TestInvitationPreviewAndAccept(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		owner := mustAccount(t, s, "owner@example.ac.jp")
		o, _ := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "図書館 Library", OwnerID: owner.ID})
		colleague := mustAccount(t, s, "colleague@example.ac.jp")
		own, _ := s.CreateOrganization(as(colleague.ID), NewOrganization{Name: "Own lab", OwnerID: colleague.ID})

		if _, err := s.Invite(as(owner.ID), o.ID, "colleague@example.ac.jp", badge.RoleIssuer); err != nil {
			t.Fatal(err)
		}
		tok := lastMailToken(t, s, "colleague@example.ac.jp")
		for i := 0; i < 2; i++ { // looking does not use the link up
			p, err := s.PreviewInvitation(ctx, tok)
			if err != nil || p.OrgName != "図書館 Library" || p.Role != badge.RoleIssuer || p.Email != "colleague@example.ac.jp" ||
				p.Inviter != "テスト 太郎" || p.ExpiresAt.Before(time.Now()) {
				t.Fatalf("PreviewInvitation = %+v, %v", p, err)
			}
		}

		st, err := s.SignIn(ctx, "colleague@example.ac.jp", "correct horse battery", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if st.Session.OrgID != own.ID {
			t.Fatalf("session starts in organisation %d, want the colleague's own %d", st.Session.OrgID, own.ID)
		}
		// Someone else's session token is refused, and nothing is accepted.
		other, _ := s.SignIn(ctx, "owner@example.ac.jp", "correct horse battery", "", "")
		if _, err := s.AcceptInvitation(as(colleague.ID), tok, other.Token); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("accepting with another account's session: %v", err)
		}
		m, err := s.AcceptInvitation(as(colleague.ID), tok, st.Token)
		if err != nil || m.OrgID != o.ID || m.Role != badge.RoleIssuer {
			t.Fatalf("AcceptInvitation = %+v, %v", m, err)
		}
		sess, err := s.Store.FindSessionByID(ctx, hex.EncodeToString(hashToken(st.Token)))
		if err != nil || sess.OrgID != o.ID {
			t.Errorf("session after accepting = %+v, %v; want organisation %d selected", sess, err, o.ID)
		}

		for name, c := range map[string]struct {
			token, key string
			ctx        context.Context
		}{
			"preview used":   {tok, "invitation.used", ctx},
			"accept used":    {tok, "invitation.used", as(colleague.ID)},
			"preview forged": {strings.Repeat("x", 43), "invitation.invalid", ctx},
		} {
			var err error
			if strings.HasPrefix(name, "preview") {
				_, err = s.PreviewInvitation(c.ctx, c.token)
			} else {
				_, err = s.AcceptInvitation(c.ctx, c.token, "")
			}
			if badge.ErrorCode(err) != badge.CodeNotFound || badge.ErrorKey(err) != c.key {
				t.Errorf("%s: %v (key %q), want not_found %s", name, err, badge.ErrorKey(err), c.key)
			}
		}

		if _, err := s.Invite(as(owner.ID), o.ID, "late@example.ac.jp", badge.RoleViewer); err != nil {
			t.Fatal(err)
		}
		late := lastMailToken(t, s, "late@example.ac.jp")
		lateAccount := mustAccount(t, s, "late@example.ac.jp")
		expireInvitations(t, s) // the store decides expiry by its own clock
		if _, err := s.PreviewInvitation(ctx, late); badge.ErrorKey(err) != "invitation.expired" {
			t.Errorf("preview expired: %v, want invitation.expired", err)
		}
		if _, err := s.AcceptInvitation(as(lateAccount.ID), late, ""); badge.ErrorKey(err) != "invitation.expired" {
			t.Errorf("accept expired: %v, want invitation.expired", err)
		}
	})
}

// expireInvitations moves every invitation's deadline into the past.
func expireInvitations(t *testing.T, s *Service) {
	t.Helper()
	q := `UPDATE invitations SET expires_at = $1`
	var past any = time.Now().Add(-time.Hour)
	if s.Store.Dialect() == "sqlite" {
		q, past = `UPDATE invitations SET expires_at = ?`, time.Now().Add(-time.Hour).UnixMicro()
	}
	if _, err := s.Store.DB().ExecContext(context.Background(), q, past); err != nil {
		t.Fatal(err)
	}
}

// TestSetMyLocale: the account's language is changed by its owner only.
func TestSetMyLocale(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		a := mustAccount(t, s, "hanako@example.ac.jp")
		if a.Locale != badge.LocaleJA {
			t.Fatalf("default locale = %q", a.Locale)
		}
		got, err := s.SetMyLocale(as(a.ID), "en")
		if err != nil || got.Locale != "en" {
			t.Errorf("SetMyLocale(en) = %+v, %v", got, err)
		}
		if _, err := s.SetMyLocale(as(a.ID), "fr"); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("SetMyLocale(fr) = %v", err)
		}
		if _, err := s.SetMyLocale(context.Background(), "ja"); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("SetMyLocale(anonymous) = %v", err)
		}
		st, err := s.SignIn(context.Background(), "hanako@example.ac.jp", "correct horse battery", "", "")
		if err != nil || st.Account.Locale != "en" {
			t.Errorf("SignIn account = %+v, %v; want locale en", st.Account, err)
		}
	})
}

// TestResendVerification: an unverified account may sign in and ask for a
// new confirmation mail, at most once a minute counting the sign-up mail;
// the new link confirms the address; then there is nothing to resend.
func TestResendVerification(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		a, err := s.SignUp(ctx, NewAccount{Email: "taro@example.ac.jp", Name: "太郎", Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.SignIn(ctx, "taro@example.ac.jp", "correct horse battery", "", "")
		if err != nil || st.Account.EmailVerifiedAt != nil {
			t.Fatalf("sign-in with an unverified address: %+v, %v; want allowed", st, err)
		}
		mails := func() int {
			to := "taro@example.ac.jp"
			_, n, err := s.Store.FindOutboxMails(ctx, store.OutboxFilter{To: &to})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if _, err := s.ResendVerification(as(a.ID)); badge.ErrorCode(err) != badge.CodeRateLimited {
			t.Errorf("resend right after sign-up: %v, want rate_limited", err)
		}
		if n := mails(); n != 1 {
			t.Errorf("%d mails after a refused resend, want 1", n)
		}
		later := time.Now().Add(VerifyResendInterval + time.Second)
		s.Now = func() time.Time { return later }
		if _, err := s.ResendVerification(as(a.ID)); err != nil {
			t.Fatalf("resend after a minute: %v", err)
		}
		if n := mails(); n != 2 {
			t.Errorf("%d mails after a resend, want 2", n)
		}
		// The store recorded the resend at its own, real clock.
		s.Now = nil
		if _, err := s.ResendVerification(as(a.ID)); badge.ErrorCode(err) != badge.CodeRateLimited {
			t.Errorf("second resend within the minute: %v, want rate_limited", err)
		}
		if _, err := s.ResendVerification(ctx); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("anonymous resend: %v", err)
		}
		if v, err := s.VerifyEmail(ctx, lastMailToken(t, s, "taro@example.ac.jp")); err != nil || v.EmailVerifiedAt == nil {
			t.Fatalf("the resent link: %+v, %v", v, err)
		}
		s.Now = func() time.Time { return later.Add(time.Hour) }
		if _, err := s.ResendVerification(as(a.ID)); badge.ErrorKey(err) != "auth.already_verified" {
			t.Errorf("resend once verified: %v, want auth.already_verified", err)
		}
	})
}

// TestAuditLogNames: the audit log names who acted and on whom, by name
// and address.
func TestAuditLogNames(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		owner := mustAccount(t, s, "owner@example.ac.jp")
		o, _ := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "Audit U", OwnerID: owner.ID})
		colleague, err := s.CreateAccount(system, NewAccount{Email: "colleague@example.ac.jp", Name: "鈴木 一郎", Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		s.Invite(as(owner.ID), o.ID, "colleague@example.ac.jp", badge.RoleViewer)
		if _, err := s.AcceptInvitation(as(colleague.ID), lastMailToken(t, s, "colleague@example.ac.jp"), ""); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeRole(as(owner.ID), o.ID, colleague.ID, badge.RoleIssuer); err != nil {
			t.Fatal(err)
		}
		recs, n, err := s.AuditLog(as(owner.ID), o.ID, store.Page{})
		if err != nil || n != 4 {
			t.Fatalf("AuditLog = %d, %v", n, err)
		}
		byAction := map[string]*AuditRecord{}
		for _, r := range recs {
			byAction[r.Action] = r
		}
		want := map[string][2]string{ // action: actor, target
			"member.role_change": {"owner@example.ac.jp", "colleague@example.ac.jp"},
			"member.join":        {"colleague@example.ac.jp", "colleague@example.ac.jp"},
			"member.invite":      {"owner@example.ac.jp", ""},
			"org.create":         {"owner@example.ac.jp", ""},
		}
		for action, w := range want {
			r := byAction[action]
			if r == nil || r.Actor == nil || r.Actor.Email != w[0] {
				t.Errorf("%s: actor = %+v, want %s", action, r, w[0])
				continue
			}
			if got := ""; r.Target != nil {
				got = r.Target.Email
				if got != w[1] {
					t.Errorf("%s: target = %q, want %q", action, got, w[1])
				}
			} else if w[1] != "" {
				t.Errorf("%s: no target, want %q", action, w[1])
			}
		}
		if r := byAction["member.join"]; r != nil && r.Actor != nil && r.Actor.Name != "鈴木 一郎" {
			t.Errorf("actor name = %q", r.Actor.Name)
		}
	})
}

// TestRoleRights is what each role may do in its organisation, as the
// members page describes it (role.*.desc in the catalogs; the web tests
// check the text against the same rights).
func TestRoleRights(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		owner := mustAccount(t, s, "owner@example.ac.jp")
		o, _ := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "Rights U", OwnerID: owner.ID})
		member := map[badge.Role]*badge.Account{badge.RoleOwner: owner}
		for _, r := range []badge.Role{badge.RoleAdmin, badge.RoleIssuer, badge.RoleViewer} {
			a := mustAccount(t, s, string(r)+"@example.ac.jp")
			if err := s.Store.CreateMembership(context.Background(), &badge.Membership{OrgID: o.ID, AccountID: a.ID, Role: r}); err != nil {
				t.Fatal(err)
			}
			member[r] = a
		}
		rights := map[string]func(ctx context.Context) error{
			"see members": func(ctx context.Context) error { _, err := s.Members(ctx, o.ID); return err },
			"see the organisation": func(ctx context.Context) error {
				_, _, err := s.Organization(ctx, o.ID)
				return err
			},
			"read the audit log": func(ctx context.Context) error { _, _, err := s.AuditLog(ctx, o.ID, store.Page{}); return err },
			"read the outbox":    func(ctx context.Context) error { _, _, err := s.Outbox(ctx, o.ID, store.Page{}); return err },
			"list API clients":   func(ctx context.Context) error { _, err := s.APIClients(ctx, o.ID); return err },
			"change settings": func(ctx context.Context) error {
				_, err := s.UpdateOrganization(ctx, o.ID, OrganizationSettings{Name: "Rights U", DefaultLocale: "ja"})
				return err
			},
			"invite": func(ctx context.Context) error {
				_, err := s.Invite(ctx, o.ID, "someone@example.ac.jp", badge.RoleViewer)
				return err
			},
			"invite an owner": func(ctx context.Context) error {
				_, err := s.Invite(ctx, o.ID, "boss@example.ac.jp", badge.RoleOwner)
				return err
			},
		}
		least := map[string]badge.Role{
			"see members": badge.RoleViewer, "see the organisation": badge.RoleViewer,
			"read the audit log": badge.RoleAdmin, "read the outbox": badge.RoleAdmin, "list API clients": badge.RoleAdmin,
			"change settings": badge.RoleAdmin, "invite": badge.RoleAdmin, "invite an owner": badge.RoleOwner,
		}
		for right, do := range rights {
			for role, a := range member {
				err := do(as(a.ID))
				if allowed := role.AtLeast(least[right]); allowed != (err == nil) {
					t.Errorf("%s may %s: %v, want allowed=%v", role, right, err, allowed)
				} else if !allowed && badge.ErrorCode(err) != badge.CodeForbidden {
					t.Errorf("%s may not %s: %v, want forbidden", role, right, err)
				}
			}
		}
	})
}
