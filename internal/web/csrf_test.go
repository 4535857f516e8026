// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"testing"

	"github.com/akashi-badges/akashi/internal/store"
)

// TestForgedCrossSitePost: a form posted from another site, with a signed-in
// admin's cookie, is refused with 403 and changes nothing; the same form
// from our own pages works.
func TestForgedCrossSitePost(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.signIn(demoEmail, demoPassword)
	org, err := s.m.Store.FindOrganizationBySlug(context.Background(), "demo-university")
	if err != nil {
		t.Fatal(err)
	}
	forged := []map[string]string{
		{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
		{"Origin": "https://evil.example"},
		{"Sec-Fetch-Site": "same-site", "Origin": "https://sub.example"},
	}
	for _, hdr := range forged {
		b.run([]step{
			{name: "forged settings change", method: "POST", path: "/console/settings", header: hdr,
				form: form("name", "Hacked", "url", "", "contact_email", "", "default_locale", "ja"), status: 403,
				want: []string{"このページからフォームを送信できませんでした"}, notWant: []string{"Hacked"}},
			{name: "forged invitation", method: "POST", path: "/console/members/invite", header: hdr,
				form: form("email", "attacker@evil.example", "role", "owner"), status: 403},
			{name: "forged API client", method: "POST", path: "/console/api-clients", header: hdr, form: form("name", "evil"), status: 403},
			{name: "forged sign-out", method: "POST", path: "/logout", header: hdr, status: 403},
			{name: "forged language", method: "POST", path: "/lang", header: hdr, form: form("lang", "en"), status: 403},
			{name: "forged sign-in", method: "POST", path: "/login", header: hdr, form: form("email", demoEmail, "password", demoPassword), status: 403},
		})
	}
	after, err := s.m.Store.FindOrganizationByID(context.Background(), org.ID)
	if err != nil || after.Name != org.Name {
		t.Errorf("organisation name after forged posts = %q, %v; want %q", after.Name, err, org.Name)
	}
	to := "attacker@evil.example"
	if ms, _, _ := s.m.Store.FindOutboxMails(context.Background(), store.OutboxFilter{To: &to}); len(ms) != 0 {
		t.Errorf("forged invitation sent %d mails", len(ms))
	}
	b.run([]step{
		{name: "still signed in, in Japanese", path: "/console", status: 200, want: []string{`<html lang="ja">`, "ログアウト"}},
		{name: "same-origin post works", method: "POST", path: "/console/settings",
			header: map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": s.URL},
			form:   form("name", "明石デモ大学", "url", "https://demo.example.ac.jp", "contact_email", "office@demo.example.ac.jp", "default_locale", "ja"),
			status: 303, location: "/console/settings"},
	})
}
