// SPDX-License-Identifier: Apache-2.0

package web_test

import (
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
	b.signIn(demoEmail, demoPassword)
	b.run([]step{
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
