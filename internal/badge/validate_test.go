// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// validator is anything with a Validate method.
type validator interface{ Validate() error }

func validOrg() *Organization {
	return &Organization{Slug: "tokyo-uni", Name: "東京大学", URL: "https://example.ac.jp", ContactEmail: "a@example.ac.jp", DefaultLocale: "ja"}
}

func validAccount() *Account {
	return &Account{Email: "ann@example.com", Name: "Ann", Locale: "en"}
}

func TestValidate(t *testing.T) {
	sha := make([]byte, 32)
	future := time.Now().Add(time.Hour)
	org := func(f func(*Organization)) validator { o := validOrg(); f(o); return o }
	acc := func(f func(*Account)) validator { a := validAccount(); f(a); return a }
	tests := []struct {
		name  string
		v     validator
		field string // "" = valid
	}{
		{"account", validAccount(), ""},
		{"account name of 200 kana", acc(func(a *Account) { a.Name = strings.Repeat("あ", 200) }), ""},
		{"account name of 201 kana", acc(func(a *Account) { a.Name = strings.Repeat("あ", 201) }), "name"},
		{"account name with a newline", acc(func(a *Account) { a.Name = "a\nb" }), "name"},
		{"account name not UTF-8", acc(func(a *Account) { a.Name = "\xff" }), "name"},
		{"account without e-mail", acc(func(a *Account) { a.Email = "" }), "email"},
		{"account e-mail without domain dot", acc(func(a *Account) { a.Email = "a@localhost" }), "email"},
		{"account e-mail with display name", acc(func(a *Account) { a.Email = "A <a@example.com>" }), "email"},
		{"account e-mail of 255 octets", acc(func(a *Account) { a.Email = strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".com" }), "email"},
		{"account locale fr", acc(func(a *Account) { a.Locale = "fr" }), "locale"},
		{"organization", validOrg(), ""},
		{"slug of 2", org(func(o *Organization) { o.Slug = "ab" }), ""},
		{"slug of 63", org(func(o *Organization) { o.Slug = strings.Repeat("a", 63) }), ""},
		{"slug of 1", org(func(o *Organization) { o.Slug = "a" }), "slug"},
		{"slug of 64", org(func(o *Organization) { o.Slug = strings.Repeat("a", 64) }), "slug"},
		{"slug upper case", org(func(o *Organization) { o.Slug = "Acme" }), "slug"},
		{"slug leading hyphen", org(func(o *Organization) { o.Slug = "-acme" }), "slug"},
		{"slug underscore", org(func(o *Organization) { o.Slug = "ac_me" }), "slug"},
		{"organization without name", org(func(o *Organization) { o.Name = " " }), "name"},
		{"organization URL ftp", org(func(o *Organization) { o.URL = "ftp://example.com" }), "url"},
		{"organization URL relative", org(func(o *Organization) { o.URL = "/about" }), "url"},
		{"organization logo without type", org(func(o *Organization) { o.LogoImage = []byte("x") }), "logo"},
		{"organization logo svg", org(func(o *Organization) { o.LogoImage, o.LogoType = []byte("<svg/>"), "image/svg+xml" }), ""},
		{"membership", &Membership{OrgID: 1, AccountID: 2, Role: RoleIssuer}, ""},
		{"membership role Admin", &Membership{OrgID: 1, AccountID: 2, Role: "Admin"}, "role"},
		{"invitation", &Invitation{OrgID: 1, Email: "a@example.com", Role: RoleViewer, TokenHash: sha, ExpiresAt: future}, ""},
		{"invitation short hash", &Invitation{OrgID: 1, Email: "a@example.com", Role: RoleViewer, TokenHash: sha[:16], ExpiresAt: future}, "token_hash"},
		{"session", &Session{ID: strings.Repeat("ab", 32), AccountID: 1, ExpiresAt: future}, ""},
		{"session upper-case id", &Session{ID: strings.Repeat("AB", 32), AccountID: 1, ExpiresAt: future}, "id"},
		{"account token", &AccountToken{TokenHash: sha, Kind: TokenResetPassword, AccountID: 1, Email: "a@example.com", ExpiresAt: future}, ""},
		{"signing key", &SigningKey{Kind: KeyKindEd25519, PublicKey: []byte("p"), PrivateKeyEnc: []byte("s")}, ""},
		{"signing key negative org", &SigningKey{OrgID: -1, Kind: KeyKindEd25519, PublicKey: []byte("p"), PrivateKeyEnc: []byte("s")}, "org_id"},
		{"API client", &APIClient{OrgID: 1, ClientID: "c", SecretHash: sha, Name: "n", Scopes: []string{"https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"}}, ""},
		{"API client without secret", &APIClient{OrgID: 1, ClientID: "c", Name: "n"}, "secret_hash"},
		{"access token", &AccessToken{TokenHash: sha, ClientID: "c", OrgID: 1, ExpiresAt: future}, ""},
		{"audit entry", &AuditEntry{Action: "org.updated", Detail: `{"a":1}`}, ""},
		{"audit detail not JSON", &AuditEntry{Action: "org.updated", Detail: `{`}, "detail"},
		{"outbox mail", &OutboxMail{To: "a@example.com", Subject: "s", TextBody: "t", Locale: "ja"}, ""},
		{"outbox subject with newline", &OutboxMail{To: "a@example.com", Subject: "s\r\nBcc: x@y.z", TextBody: "t", Locale: "ja"}, "subject"},
		{"login attempt", &LoginAttempt{Key: "ip:192.0.2.1"}, ""},
	}
	for _, tc := range tests {
		err := tc.v.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s: Validate() = %v, want nil", tc.name, err)
			}
			continue
		}
		e, ok := errors.AsType[*Error](err)
		if !ok || e.Code != CodeInvalid || e.Field != tc.field || e.Key == "" || e.Message == "" {
			t.Errorf("%s: Validate() = %#v, want an invalid error on %q with a key and a message", tc.name, err, tc.field)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	if got := NormalizeEmail("  Ann@Example.COM\n"); got != "ann@example.com" {
		t.Errorf("NormalizeEmail = %q", got)
	}
}
