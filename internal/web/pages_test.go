// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/i18n"
)

// missingKey is how the catalog renders a key it does not have.
var missingKey = regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]`)

// TestEveryPage renders every page in both languages, with data in every
// list, and requires the language attribute, the security headers, no
// missing message, and afterwards an empty i18n.Default().Missing().
func TestEveryPage(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.run([]step{
		{name: "an invitation for the outbox", method: "POST", path: "/console/members/invite", form: form("email", "new@example.jp", "role", "issuer"), status: 303},
		{name: "an API client", method: "POST", path: "/console/api-clients", form: form("name", "Moodle"), status: 201},
	})
	// An account whose address is not confirmed yet: the console's banner.
	unverified := s.browser()
	unverified.check(step{name: "sign up", method: "POST", path: "/signup",
		form: form("name", "未確認", "email", "unverified@example.jp", "password", "unverified passphrase"), status: 303})
	unverified.signIn("unverified@example.jp", "unverified passphrase")
	invite := s.linkIn(s.mailTo("new@example.jp"), "/invitations/accept")
	signedOut := []string{"/login", "/signup", "/forgot-password", "/reset-password?token=abc", "/verify-email?token=abc", invite}
	console := []string{"/console", "/console/members", "/console/members/invite", "/console/settings", "/console/audit", "/console/outbox",
		"/console/outbox/instance", "/console/api-clients", invite}
	for _, lang := range []string{"ja", "en"} {
		anon := s.browser()
		for _, b := range []*browser{anon, admin, unverified} {
			b.check(step{name: "choose " + lang, method: "POST", path: "/lang", form: form("lang", lang, "next", "/login"), status: 303})
		}
		for _, p := range signedOut {
			checkPage(t, anon, p, lang, http.StatusOK)
		}
		for _, p := range console {
			checkPage(t, admin, p, lang, http.StatusOK)
		}
		checkPage(t, unverified, "/console", lang, http.StatusOK)
		checkPage(t, anon, "/no/such/page", lang, http.StatusNotFound)
		checkPage(t, admin, "/console/no-such-page", lang, http.StatusNotFound)
		checkPage(t, anon, "/invitations/accept", lang, http.StatusNotFound)
	}
	if m := i18n.Default().Missing(); len(m) > 0 {
		t.Errorf("i18n.Default().Missing() = %v after rendering every page", m)
	}
}

func checkPage(t *testing.T, b *browser, path, lang string, status int) {
	t.Helper()
	r := b.do(step{path: path})
	if r.status != status {
		t.Errorf("%s GET %s = %d, want %d\n%.1500s", lang, path, r.status, status, mainOf(r.body))
	}
	if !strings.Contains(r.body, fmt.Sprintf(`<html lang="%s">`, lang)) {
		t.Errorf("%s GET %s: no <html lang=%q>", lang, path, lang)
	}
	if m := missingKey.FindString(r.body); m != "" {
		t.Errorf("%s GET %s shows the missing message %s", lang, path, m)
	}
	if strings.Contains(r.body, "{") {
		t.Errorf("%s GET %s shows an unfilled placeholder near %q", lang, path, r.body[max(0, strings.Index(r.body, "{")-60):][:120])
	}
	checkSecurityHeaders(t, path, r.header)
}

func checkSecurityHeaders(t *testing.T, path string, h http.Header) {
	t.Helper()
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("GET %s: %s = %q, want %q", path, k, got, v)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, d := range []string{"default-src 'self'", "script-src 'none'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("GET %s: Content-Security-Policy %q lacks %s", path, csp, d)
		}
	}
}

// TestErrorKeysTranslated: every message key the domain and the services
// give their errors exists in both catalogs, so a form never falls back to
// a generic message.
func TestErrorKeysTranslated(t *testing.T) {
	keys := []string{
		badge.KeyRequired, badge.KeyTooLong, badge.KeyEmail, badge.KeySlug, badge.KeyURL, badge.KeyLocale, badge.KeyRole,
		badge.KeyKind, badge.KeyText, badge.KeyJSON, badge.KeyScope, badge.KeyImageType, badge.KeyTokenFormat,
		badge.KeyReference, badge.KeyInternal,
		"auth.invalid_credentials", "auth.rate_limited", "auth.link_invalid", "members.last_owner", "members.already_member",
		"auth.already_verified", "auth.resend_wait", "invitation.invalid", "invitation.used", "invitation.expired",
		"validation.email_taken", "validation.slug_taken", "validation.password_short", "validation.too_long",
		"error.unauthorized", "error.forbidden", "error.not_found", "error.cross_origin",
	}
	for _, code := range []string{badge.CodeInvalid, badge.CodeNotFound, badge.CodeConflict, badge.CodeUnauthorized,
		badge.CodeForbidden, badge.CodeRateLimited, badge.CodeInternal} {
		keys = append(keys, "error."+code)
	}
	c := i18n.Default()
	for _, l := range i18n.Supported {
		for _, k := range keys {
			if !c.Has(l, k) {
				t.Errorf("Has(%s, %q) = false", l, k)
			}
		}
	}
}

// TestStatic: the style sheet and icon are served; there is no listing.
func TestStatic(t *testing.T) {
	s := start(t)
	b := s.browser()
	r := b.check(step{name: "login page", path: "/login", status: 200})
	css := regexp.MustCompile(`href="(/static/akashi\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(r.body)
	if css == nil {
		t.Fatal("no style sheet link")
	}
	r = b.check(step{name: "style sheet", path: css[1], status: 200, want: []string{":focus-visible", "@media"}})
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("style sheet Content-Type = %q", ct)
	}
	b.check(step{name: "icon", path: "/static/favicon.svg", status: 200})
	b.check(step{name: "no listing", path: "/static/", status: 404})
}
