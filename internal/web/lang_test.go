// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"strings"
	"testing"
)

// TestLanguage: Japanese by default, the browser's language when it asks,
// and the switcher's choice over both, remembered across requests.
func TestLanguage(t *testing.T) {
	s := start(t)
	b := s.browser()
	b.run([]step{
		{name: "default Japanese", path: "/login", status: 200, want: []string{`<html lang="ja">`, "ログイン", `aria-pressed="true">日本語`}},
		{name: "browser asks English", path: "/login", header: map[string]string{"Accept-Language": "en-GB,en;q=0.9,ja;q=0.5"}, status: 200,
			want: []string{`<html lang="en">`, "Sign in"}},
		{name: "browser asks French: Japanese", path: "/login", header: map[string]string{"Accept-Language": "fr"}, status: 200,
			want: []string{`<html lang="ja">`}},
	})
	r := b.check(step{name: "switch to English", method: "POST", path: "/lang", form: form("lang", "en", "next", "/signup?next=%2Fconsole"),
		status: 303, location: "/signup?next=%2Fconsole"})
	c := r.header.Get("Set-Cookie")
	for _, attr := range []string{"akashi_lang=en", "Path=/", "Max-Age=31536000", "SameSite=Lax"} {
		if !strings.Contains(c, attr) {
			t.Errorf("language cookie %q lacks %s", c, attr)
		}
	}
	b.acceptLanguage = "ja"
	b.run([]step{
		{name: "English sticks", path: "/login", status: 200, want: []string{`<html lang="en">`, "Sign in", `aria-pressed="true">English`}},
		{name: "and on the next page", path: "/signup", status: 200, want: []string{`<html lang="en">`, "Create an account"}},
	})
	// Signed in, the account's language (the demo admin's is Japanese) wins.
	b.signIn(demoEmail, demoPassword)
	b.run([]step{
		{name: "console in the account's language", path: "/console", status: 200, want: []string{`<html lang="ja">`, "現在の組織", "ログアウト"}},
		{name: "to English", method: "POST", path: "/lang", form: form("lang", "en", "next", "/console"), status: 303, location: "/console"},
		{name: "console in English", path: "/console", status: 200, want: []string{"Current organisation", "Owner", "Sign out"}},
		{name: "back to Japanese", method: "POST", path: "/lang", form: form("lang", "ja", "next", "/console"), status: 303, location: "/console"},
		{name: "Japanese sticks", path: "/console/members", status: 200, want: []string{`<html lang="ja">`, "メンバー", "ログアウト"}},
		{name: "unknown language", method: "POST", path: "/lang", form: form("lang", "fr", "next", "/console"), status: 400},
	})
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", ""} {
		b.check(step{name: "only same-site paths: " + next, method: "POST", path: "/lang", form: form("lang", "ja", "next", next),
			status: 303, location: "/"})
	}
}

// TestLanguageFollowsAccount: the switcher saves the signed-in account's
// language; signing in again from a browser that never chose one (and asks
// for the other language) shows the account's language, and remembers it.
func TestLanguageFollowsAccount(t *testing.T) {
	s := start(t)
	for _, tc := range []struct{ choose, browserAsks, want, wantText string }{
		{"en", "ja", "en", "Current organisation"},
		{"ja", "en", "ja", "現在の組織"},
	} {
		b := s.browser()
		b.signIn(demoEmail, demoPassword)
		b.run([]step{
			{name: "choose " + tc.choose, method: "POST", path: "/lang", form: form("lang", tc.choose, "next", "/console"), status: 303},
			{name: "sign out", method: "POST", path: "/logout", status: 303},
		})
		if a, err := s.m.Store.FindAccountByEmail(context.Background(), demoEmail); err != nil || a.Locale != tc.choose {
			t.Fatalf("account locale after choosing %s = %+v, %v", tc.choose, a, err)
		}
		fresh := s.browser()
		fresh.acceptLanguage = tc.browserAsks
		fresh.check(step{name: "signed out, the browser's language", path: "/login", status: 200, want: []string{`<html lang="` + tc.browserAsks + `">`}})
		r := fresh.check(step{name: "sign in from a fresh browser", method: "POST", path: "/login",
			form: form("email", demoEmail, "password", demoPassword), status: 303, location: "/console"})
		if c := strings.Join(r.header.Values("Set-Cookie"), "\n"); !strings.Contains(c, "akashi_lang="+tc.want) {
			t.Errorf("sign-in did not remember the account's language %s in the browser: %s", tc.want, c)
		}
		fresh.run([]step{
			{name: "the account's language", path: "/console", status: 200, want: []string{`<html lang="` + tc.want + `">`, tc.wantText}},
			{name: "sign out", method: "POST", path: "/logout", status: 303},
			{name: "and after signing out", path: "/login", status: 200, want: []string{`<html lang="` + tc.want + `">`}},
		})
	}
}
