// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

var system = service.WithActor(context.Background(), service.Actor{System: true})

// member creates a verified account with role in the demo organisation.
func (s *server) member(email string, role badge.Role) *badge.Account {
	s.t.Helper()
	a, err := s.m.Service().CreateAccount(system, service.NewAccount{Email: email, Name: string(role) + " 担当", Password: "member passphrase", Verified: true})
	if err != nil {
		s.t.Fatal(err)
	}
	o, err := s.m.Store.FindOrganizationBySlug(context.Background(), "demo-university")
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.m.Store.CreateMembership(context.Background(), &badge.Membership{OrgID: o.ID, AccountID: a.ID, Role: role}); err != nil {
		s.t.Fatal(err)
	}
	return a
}

// TestInstanceOutbox: a new account's confirmation mail, sent by the
// instance and not by an organisation, is readable by the demo admin (an
// instance administrator) on a tab of the outbox page, and by nobody else,
// not even another organisation admin.
func TestInstanceOutbox(t *testing.T) {
	s := start(t)
	anon := s.browser()
	anon.check(step{name: "sign up", method: "POST", path: "/signup",
		form: form("name", "新人", "email", "newbie@example.ac.jp", "password", "newbie passphrase"), status: 303})
	link := s.linkIn(s.mailTo("newbie@example.ac.jp"), "/verify-email?token=")

	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.run([]step{
		{name: "the organisation's outbox has a tab for the instance's", path: "/console/outbox", status: 200,
			want:    []string{`href="/console/outbox/instance"`, "インスタンスのメール", "明石デモ大学 / Akashi Demo Universityのメール"},
			notWant: []string{"newbie@example.ac.jp"}},
		{name: "the instance's outbox", path: "/console/outbox/instance", status: 200,
			want: []string{"インスタンスの送信トレイ", "閲覧できるのはインスタンス管理者のみです", "newbie@example.ac.jp", "メールアドレスのご確認",
				`<a href="` + s.URL + link + `">`, `<a href="/console/outbox/instance" aria-current="page">`}},
	})

	orgAdmin := s.member("orgadmin@example.ac.jp", badge.RoleAdmin)
	other := s.browser()
	other.signIn(orgAdmin.Email, "member passphrase")
	other.run([]step{
		{name: "an organisation admin has no instance tab", path: "/console/outbox", status: 200,
			notWant: []string{`href="/console/outbox/instance"`, "newbie@example.ac.jp"}},
		{name: "nor the instance outbox", path: "/console/outbox/instance", status: 403, notWant: []string{"newbie@example.ac.jp"}},
	})
	newbie := s.browser()
	newbie.signIn("newbie@example.ac.jp", "newbie passphrase")
	newbie.check(step{name: "nor an account without an organisation", path: "/console/outbox/instance", status: 403,
		notWant: []string{"/verify-email?token="}})
	anon.check(step{name: "signed out: sign in first", path: "/console/outbox/instance", status: 303,
		location: "/login?next=%2Fconsole%2Foutbox%2Finstance"})
}

// TestInvitationPreview: the link shows the organisation, role and
// inviter before anything is accepted, and looking does not use it up;
// accepting selects the organisation joined; a used, an expired and a
// mangled link each say so plainly.
func TestInvitationPreview(t *testing.T) {
	s := start(t)
	// The colleague already runs another organisation, which their
	// sessions open in.
	if _, err := s.m.Service().Bootstrap(context.Background(), bootstrapInput("第二大学", "second-u", "colleague@example.ac.jp", "colleague passphrase")); err != nil {
		t.Fatal(err)
	}
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.check(step{name: "invite", method: "POST", path: "/console/members/invite",
		form: form("email", "colleague@example.ac.jp", "role", "issuer"), status: 303})
	link := s.linkIn(s.mailTo("colleague@example.ac.jp"), "/invitations/accept?token=")
	token := strings.TrimPrefix(link, "/invitations/accept?token=")

	anon := s.browser()
	for i := 0; i < 2; i++ {
		anon.check(step{name: "signed out: what the invitation is", path: link, status: 200,
			want: []string{"明石デモ大学 / Akashi Demo Universityから「発行担当者」として参加するよう招待されています",
				"デモ管理者 / Demo Admin", "colleague@example.ac.jp", `href="/login?next=`}})
	}
	demo, err := s.m.Store.FindOrganizationBySlug(context.Background(), "demo-university")
	if err != nil {
		t.Fatal(err)
	}
	c := s.browser()
	c.signIn("colleague@example.ac.jp", "colleague passphrase")
	c.run([]step{
		{name: "starts in the own organisation", path: "/console", status: 200, want: []string{"<h1>第二大学</h1>"}},
		{name: "signed in: what the invitation is, and a button", path: link, status: 200,
			want: []string{"明石デモ大学 / Akashi Demo University", "発行担当者", `action="/invitations/accept"`}},
		{name: "accept", method: "POST", path: "/invitations/accept", form: form("token", token), status: 303, location: "/console"},
		{name: "the console opens the organisation joined", path: "/console", status: 200,
			want: []string{"「明石デモ大学 / Akashi Demo University」に参加しました", "<h1>明石デモ大学 / Akashi Demo University</h1>", "発行担当者"}},
		{name: "and stays there", path: "/console/members", status: 200, want: []string{fmt.Sprintf(`<option value="%d" selected>明石デモ大学`, demo.ID)}},
		{name: "the link, used", path: link, status: 404, want: []string{"この招待はすでに承諾されているため"},
			notWant: []string{`action="/invitations/accept"`}},
		{name: "accepting it again", method: "POST", path: "/invitations/accept", form: form("token", token), status: 404,
			want: []string{"この招待はすでに承諾されているため"}},
	})
	anon.run([]step{
		{name: "a mangled link", path: link[:len(link)-3], status: 404, want: []string{"この招待リンクは無効です"}},
	})
	admin.check(step{name: "invite another", method: "POST", path: "/console/members/invite",
		form: form("email", "late@example.ac.jp", "role", "viewer"), status: 303})
	late := s.linkIn(s.mailTo("late@example.ac.jp"), "/invitations/accept?token=")
	s.advance(service.InvitationLifetime + time.Hour)
	anon.acceptLanguage = "en"
	anon.check(step{name: "an expired link", path: late, status: 404,
		want: []string{"This invitation has expired. Please ask the person who invited you to send a new one."}})
}

// TestUnverifiedBanner: an account whose address is not confirmed can sign
// in; the console asks to confirm it, with a button to send the mail again
// at most once a minute; once confirmed the banner is gone.
func TestUnverifiedBanner(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.check(step{name: "sign up", method: "POST", path: "/signup",
		form: form("name", "未確認", "email", "unverified@example.ac.jp", "password", "unverified passphrase"), status: 303})
	b.signIn("unverified@example.ac.jp", "unverified passphrase")
	count := func() int {
		to := "unverified@example.ac.jp"
		_, n, err := s.m.Store.FindOutboxMails(context.Background(), store.OutboxFilter{To: &to})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	b.run([]step{
		{name: "banner", path: "/console", status: 200, want: []string{`id="verify-banner"`, "unverified@example.ac.jp はまだ確認されていません",
			`action="/verify-email/resend"`, "確認メールを再送信する"}},
		{name: "resend right after signing up", method: "POST", path: "/verify-email/resend", form: form("next", "/console"),
			status: 303, location: "/console"},
		{name: "told to wait", path: "/console", status: 200, want: []string{"flash-alert", "確認メールは1分以内に送信済みです"}},
	})
	if n := count(); n != 1 {
		t.Errorf("%d confirmation mails after a refused resend, want 1", n)
	}
	s.advance(time.Minute + time.Second)
	b.run([]step{
		{name: "resend a minute later", method: "POST", path: "/verify-email/resend", form: form("next", "//evil.example/"),
			status: 303, location: "/console"},
		{name: "sent", path: "/console", status: 200, want: []string{"flash-notice", "unverified@example.ac.jp宛てに確認用のリンクを再送信しました"}},
		{name: "again at once", method: "POST", path: "/verify-email/resend", form: form("next", "/console"), status: 303},
		{name: "refused", path: "/console", status: 200, want: []string{"確認メールは1分以内に送信済みです"}},
	})
	if n := count(); n != 2 {
		t.Errorf("%d confirmation mails after one resend, want 2", n)
	}
	link := s.linkIn(s.mailTo("unverified@example.ac.jp"), "/verify-email?token=")
	b.run([]step{
		{name: "confirm", method: "POST", path: "/verify-email", form: form("token", strings.TrimPrefix(link, "/verify-email?token=")),
			status: 303, location: "/console"},
		{name: "no banner", path: "/console", status: 200, want: []string{"メールアドレスの確認が完了しました"}, notWant: []string{`id="verify-banner"`}},
	})
	s.browser().check(step{name: "signed out: sign in first", method: "POST", path: "/verify-email/resend", status: 303,
		location: "/login?next=%2Fconsole"})
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.check(step{name: "a verified account has no banner", path: "/console", status: 200, notWant: []string{`id="verify-banner"`}})
}

// TestAuditNames: the audit log names people by name and address, never
// by account number.
func TestAuditNames(t *testing.T) {
	s := start(t)
	v := s.member("viewer@example.ac.jp", badge.RoleViewer)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.run([]step{
		{name: "change a role", method: "POST", path: fmt.Sprintf("/console/members/%d/role", v.ID), form: form("role", "issuer"), status: 303},
		{name: "audit log", path: "/console/audit", status: 200,
			want:    []string{"デモ管理者 / Demo Admin", "admin@demo.akashi.example", "viewer 担当", "viewer@example.ac.jp", "メンバーの権限を変更"},
			notWant: []string{"アカウント #", fmt.Sprintf("account %d", v.ID)}},
	})
}

var (
	rightsList = regexp.MustCompile(`(?s)<ul class="rights" data-role="(\w+)">(.*?)</ul>`)
	rightItem  = regexp.MustCompile(`data-right="(\w+)"`)
)

// TestRoleRights: what the members page says each role may do is what the
// console lets a member with that role do, right by right.
func TestRoleRights(t *testing.T) {
	s := start(t)
	page := s.browser()
	page.signIn(demoEmail, demoPassword)
	body := page.check(step{name: "members page", path: "/console/members", status: 200}).body
	said := map[string][]string{}
	for _, m := range rightsList.FindAllStringSubmatch(body, -1) {
		for _, r := range rightItem.FindAllStringSubmatch(m[2], -1) {
			said[m[1]] = append(said[m[1]], r[1])
		}
	}
	if len(said) != 4 {
		t.Fatalf("the members page lists rights for %d roles, want 4:\n%s", len(said), mainOf(body))
	}
	// A request that succeeds exactly when the member has the right.
	probes := map[string]func(b *browser, n int) step{
		"view": func(*browser, int) step { return step{path: "/console/members"} },
		"members": func(_ *browser, n int) step {
			return step{method: "POST", path: "/console/members/invite", form: form("email", fmt.Sprintf("m%d@example.jp", n), "role", "viewer")}
		},
		"owners": func(_ *browser, n int) step {
			return step{method: "POST", path: "/console/members/invite", form: form("email", fmt.Sprintf("o%d@example.jp", n), "role", "owner")}
		},
		"settings": func(*browser, int) step {
			return step{method: "POST", path: "/console/settings", form: form("name", "明石デモ大学 / Akashi Demo University", "default_locale", "ja")}
		},
		"api_clients": func(*browser, int) step { return step{path: "/console/api-clients"} },
		"audit":       func(*browser, int) step { return step{path: "/console/audit"} },
		"outbox":      func(*browser, int) step { return step{path: "/console/outbox"} },
		// Issuing needs a badge image upload; the issuing tests in
		// internal/service check that issuers may and viewers may not.
		"issue": nil,
	}
	for right := range probes {
		if !slices.Contains(said["owner"], right) {
			t.Errorf("the owner is not said to have the right %q", right)
		}
	}
	n := 0
	for _, role := range []badge.Role{badge.RoleOwner, badge.RoleAdmin, badge.RoleIssuer, badge.RoleViewer} {
		b := s.browser()
		if role == badge.RoleOwner {
			b.signIn(demoEmail, demoPassword)
		} else {
			a := s.member(string(role)+"@example.ac.jp", role)
			b.signIn(a.Email, "member passphrase")
		}
		for _, r := range said[string(role)] {
			if _, ok := probes[r]; !ok {
				t.Errorf("the page lists a right %q the test does not know: add a probe", r)
			}
		}
		for right, probe := range probes {
			if probe == nil {
				continue
			}
			n++
			st := probe(b, n)
			resp := b.do(st)
			has := slices.Contains(said[string(role)], right)
			if allowed := resp.status < 400; allowed != has {
				t.Errorf("%s, %s: %s %s = %d; the members page says the role %s", role, right, or(st.method, "GET"), st.path, resp.status,
					map[bool]string{true: "may", false: "may not"}[has])
			} else if !allowed && resp.status != 403 {
				t.Errorf("%s, %s: %d, want 403", role, right, resp.status)
			}
		}
	}
}
