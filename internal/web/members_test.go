// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestInviteAcceptChangeRole: an admin invites a colleague; the mail is in
// the outbox; the colleague, signed out, is sent to create an account and
// comes back to accept; both are members; the admin changes the role; the
// colleague, now an issuer, cannot change roles (403) and sees no controls.
func TestInviteAcceptChangeRole(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.run([]step{
		{name: "members page", path: "/console/members", status: 200, want: []string{"メンバーを招待", "デモ管理者", "オーナー"}},
		{name: "invite form", path: "/console/members/invite", status: 200, want: []string{`type="radio" name="role" value="issuer" checked`}},
		{name: "invalid address", method: "POST", path: "/console/members/invite", form: form("email", "not-an-address", "role", "issuer"),
			status: 400, want: []string{"メールアドレスの形式が正しくありません", `value="not-an-address"`}},
		{name: "invalid role", method: "POST", path: "/console/members/invite", form: form("email", "x@example.jp", "role", "king"),
			status: 400, want: []string{"権限は、オーナー・管理者・発行担当者・閲覧者のいずれか"}},
		{name: "invite", method: "POST", path: "/console/members/invite", form: form("email", "Colleague@Example.ac.jp", "role", "viewer"),
			status: 303, location: "/console/members"},
		{name: "invited", path: "/console/members", status: 200, want: []string{"colleague@example.ac.jp宛てに招待メールを送信しました", "招待中"}},
		{name: "outbox shows the invitation in full", path: "/console/outbox", status: 200,
			want: []string{"colleague@example.ac.jp", `<a href="` + s.URL + `/invitations/accept?token=`}},
	})
	link := s.linkIn(s.mailTo("colleague@example.ac.jp"), "/invitations/accept?token=")
	back := url.QueryEscape(link)

	colleague := s.browser()
	colleague.run([]step{
		{name: "signed out: offered to sign in or sign up", path: link, status: 200,
			want: []string{`href="/login?next=` + back, `href="/signup?next=` + back}},
		{name: "accepting signed out goes to sign in", method: "POST", path: "/invitations/accept", form: form("token", "x"), status: 303},
		{name: "sign up, coming back", method: "POST", path: "/signup",
			form:   form("name", "鈴木 一郎", "email", "colleague@example.ac.jp", "password", "colleague passphrase", "next", link),
			status: 303, location: "/login?" + url.Values{"email": {"colleague@example.ac.jp"}, "next": {link}}.Encode()},
		{name: "sign in, coming back", method: "POST", path: "/login",
			form: form("email", "colleague@example.ac.jp", "password", "colleague passphrase", "next", link), status: 303, location: link},
		{name: "signed in: a button", path: link, status: 200, want: []string{"colleague@example.ac.jp で組織に参加します", `action="/invitations/accept"`}},
		{name: "accept", method: "POST", path: "/invitations/accept", form: form("token", strings.TrimPrefix(link, "/invitations/accept?token=")),
			status: 303, location: "/console"},
		{name: "in the organisation", path: "/console", status: 200, want: []string{"「明石デモ大学 / Akashi Demo University」に参加しました", "明石デモ大学", "閲覧者"}},
		{name: "the link is used up", method: "POST", path: "/invitations/accept", form: form("token", strings.TrimPrefix(link, "/invitations/accept?token=")),
			status: 404},
	})
	c, err := s.m.Store.FindAccountByEmail(context.Background(), "colleague@example.ac.jp")
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.m.Store.FindAccountByEmail(context.Background(), demoEmail)
	if err != nil {
		t.Fatal(err)
	}
	rolePath := fmt.Sprintf("/console/members/%d/role", c.ID)
	admin.run([]step{
		{name: "both members", path: "/console/members", status: 200,
			want: []string{"デモ管理者", "鈴木 一郎", "colleague@example.ac.jp", `action="` + rolePath + `"`}, notWant: []string{"招待中"}},
		{name: "make issuer", method: "POST", path: rolePath, form: form("role", "issuer", "name", "鈴木 一郎"), status: 303, location: "/console/members"},
		{name: "role changed", path: "/console/members", status: 200, want: []string{"鈴木 一郎さんの権限を「発行担当者」に変更しました"}},
		{name: "the last owner cannot step down", method: "POST", path: fmt.Sprintf("/console/members/%d/role", a.ID), form: form("role", "admin"),
			status: 303, location: "/console/members"},
		{name: "told why", path: "/console/members", status: 200, want: []string{"組織には少なくとも1人のオーナーが必要です"}},
		{name: "no such member", method: "POST", path: "/console/members/999999/role", form: form("role", "viewer"), status: 404},
		{name: "audit log", path: "/console/audit", status: 200, want: []string{"メンバーを招待", "組織に参加", "メンバーの権限を変更", "to: issuer"}},
	})
	colleague.run([]step{
		{name: "issuer sees members without controls", path: "/console/members", status: 200,
			want: []string{"デモ管理者", "発行担当者"}, notWant: []string{`action="/console/members/`, "メンバーを招待</a>"}},
		{name: "issuer cannot change roles", method: "POST", path: fmt.Sprintf("/console/members/%d/role", a.ID), form: form("role", "viewer"),
			status: 403, want: []string{"この操作を行う権限がありません"}},
		{name: "issuer cannot invite", method: "POST", path: "/console/members/invite", form: form("email", "x@example.jp", "role", "viewer"), status: 403},
		{name: "issuer cannot read the audit log", path: "/console/audit", status: 403},
		{name: "issuer sees settings read-only", path: "/console/settings", status: 200,
			want: []string{"この設定を変更できるのは、オーナーと管理者のみです"}, notWant: []string{`action="/console/settings"`}},
		{name: "issuer's navigation", path: "/console", status: 200, notWant: []string{`href="/console/audit"`, `href="/console/api-clients"`}},
		{name: "leave", method: "POST", path: fmt.Sprintf("/console/members/%d/remove", c.ID), form: form("name", "鈴木 一郎"), status: 303},
	})
	admin.check(step{name: "gone", path: "/console/members", notWant: []string{"鈴木 一郎"}})
}

// TestOrganizationSwitcher: an account in two organisations switches
// between them; it cannot switch to one it is not in.
func TestOrganizationSwitcher(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	// A second organisation, made through the bootstrap use case.
	res, err := s.m.Service().Bootstrap(context.Background(), bootstrapInput("第二大学", "second-u", demoEmail, demoPassword))
	if err != nil {
		t.Fatal(err)
	}
	admin.run([]step{
		{name: "switcher lists both", path: "/console", status: 200, want: []string{`action="/console/switch"`, "第二大学", "明石デモ大学"}},
		{name: "switch", method: "POST", path: "/console/switch", form: form("org", fmt.Sprint(res.OrgID), "next", "/console/settings"),
			status: 303, location: "/console/settings"},
		{name: "now the second", path: "/console/settings", status: 200, want: []string{`value="第二大学"`}},
		{name: "not a member", method: "POST", path: "/console/switch", form: form("org", "999999"), status: 404},
		{name: "not a number", method: "POST", path: "/console/switch", form: form("org", "x"), status: 400},
		{name: "next must stay in the console", method: "POST", path: "/console/switch", form: form("org", fmt.Sprint(res.OrgID), "next", "//evil.example/console"),
			status: 303, location: "/console"},
	})
}
