// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var validateTests = []test{
	{"Validate/BeforeSQL", testValidateBeforeSQL},
	{"Validate/NothingWritten", testValidateNothingWritten},
}

// invalidCreate is a Create call with a bad field, and the field named.
type invalidCreate struct {
	name, field string
	call        func(t *testing.T, s store.Repos) error
}

var later = time.Now().Add(24 * hour)

var invalidCreates = []invalidCreate{
	{"account name too long", "name", func(t *testing.T, s store.Repos) error {
		return s.CreateAccount(t.Context(), &badge.Account{Email: "a@example.com", Name: long(badge.MaxNameLen + 1), Locale: "en"})
	}},
	{"account e-mail too long", "email", func(t *testing.T, s store.Repos) error {
		e := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 190) + ".com"
		return s.CreateAccount(t.Context(), &badge.Account{Email: e, Locale: "en"})
	}},
	{"account e-mail with a display name", "email", func(t *testing.T, s store.Repos) error {
		return s.CreateAccount(t.Context(), &badge.Account{Email: "Ann <ann@example.com>", Locale: "en"})
	}},
	{"organization slug too long", "slug", func(t *testing.T, s store.Repos) error {
		return s.CreateOrganization(t.Context(), &badge.Organization{Slug: long(badge.MaxSlugLen + 1), Name: "n", DefaultLocale: "en"})
	}},
	{"organization URL too long", "url", func(t *testing.T, s store.Repos) error {
		u := "https://example.com/" + long(badge.MaxURLLen)
		return s.CreateOrganization(t.Context(), &badge.Organization{Slug: "ok", Name: "n", URL: u, DefaultLocale: "en"})
	}},
	{"organization logo too large", "logo", func(t *testing.T, s store.Repos) error {
		logo := make([]byte, badge.MaxLogoBytes+1)
		return s.CreateOrganization(t.Context(), &badge.Organization{Slug: "ok", Name: "n", DefaultLocale: "en", LogoImage: logo, LogoType: "image/png"})
	}},
	{"membership without account", "account_id", func(t *testing.T, s store.Repos) error {
		return s.CreateMembership(t.Context(), &badge.Membership{OrgID: 1, Role: badge.RoleViewer})
	}},
	{"invitation without expiry", "expires_at", func(t *testing.T, s store.Repos) error {
		return s.CreateInvitation(t.Context(), &badge.Invitation{OrgID: 1, Email: "a@example.com", Role: badge.RoleViewer, TokenHash: digest("t")})
	}},
	{"session IP too long", "ip", func(t *testing.T, s store.Repos) error {
		return s.CreateSession(t.Context(), &badge.Session{ID: sessionID("s"), AccountID: 1, ExpiresAt: later, IP: long(badge.MaxIPLen + 1)})
	}},
	{"account token without e-mail", "email", func(t *testing.T, s store.Repos) error {
		return s.CreateAccountToken(t.Context(), &badge.AccountToken{TokenHash: digest("t"), Kind: badge.TokenVerifyEmail, AccountID: 1, ExpiresAt: later})
	}},
	{"signing key too large", "public_key", func(t *testing.T, s store.Repos) error {
		return s.CreateSigningKey(t.Context(), &badge.SigningKey{Kind: badge.KeyKindRSA, PublicKey: make([]byte, badge.MaxPublicKeyLen+1), PrivateKeyEnc: []byte("s")})
	}},
	{"API client name too long", "name", func(t *testing.T, s store.Repos) error {
		return s.CreateAPIClient(t.Context(), &badge.APIClient{OrgID: 1, ClientID: "c", SecretHash: digest("s"), Name: long(badge.MaxNameLen + 1)})
	}},
	{"access token with too many scopes", "scopes", func(t *testing.T, s store.Repos) error {
		return s.CreateAccessToken(t.Context(), &badge.AccessToken{TokenHash: digest("t"), ClientID: "c", OrgID: 1,
			Scopes: strings.Fields(strings.Repeat("s ", badge.MaxScopes+1)), ExpiresAt: later})
	}},
	{"audit action too long", "action", func(t *testing.T, s store.Repos) error {
		return s.CreateAuditEntry(t.Context(), &badge.AuditEntry{Action: long(badge.MaxShortLen + 1)})
	}},
	{"outbox body too large", "text_body", func(t *testing.T, s store.Repos) error {
		return s.CreateOutboxMail(t.Context(), &badge.OutboxMail{To: "a@example.com", Subject: "s", TextBody: long(badge.MaxMailBodyLen + 1), Locale: "en"})
	}},
	{"login attempt key too long", "key", func(t *testing.T, s store.Repos) error {
		return s.CreateLoginAttempt(t.Context(), &badge.LoginAttempt{Key: long(badge.MaxLoginKeyLen + 1)})
	}},
	{"badge image of the wrong type", "image", func(t *testing.T, s store.Repos) error {
		return s.CreateBadgeImage(t.Context(), &badge.BadgeImage{OrgID: 1, SHA256: digest("GIF89a"), MediaType: "image/gif", Data: []byte("GIF89a")})
	}},
	{"badge image with the wrong digest", "sha256", func(t *testing.T, s store.Repos) error {
		return s.CreateBadgeImage(t.Context(), &badge.BadgeImage{OrgID: 1, SHA256: digest("x"), MediaType: "image/png", Data: []byte("png")})
	}},
	{"badge class without a name", "name_ja", func(t *testing.T, s store.Repos) error {
		b := badgeClassFor(1, 1, "b")
		b.NameJA, b.NameEN = "", ""
		return s.CreateBadgeClass(t.Context(), b)
	}},
	{"award with a bad e-mail", "email", func(t *testing.T, s store.Repos) error {
		return s.CreateAward(t.Context(), awardFor(&badge.BadgeClass{ID: 1, OrgID: 1, Revision: 1}, store.StatusSlot{ListID: 1}, "a@", "u"))
	}},
	{"award past the end of its status list", "status_index", func(t *testing.T, s store.Repos) error {
		slot := store.StatusSlot{ListID: 1, Index: badge.StatusListSize}
		return s.CreateAward(t.Context(), awardFor(&badge.BadgeClass{ID: 1, OrgID: 1, Revision: 1}, slot, "a@example.com", "u"))
	}},
	{"bulk award in an unknown state", "state", func(t *testing.T, s store.Repos) error {
		return s.CreateBulkAward(t.Context(), &badge.BulkAward{OrgID: 1, BadgeClassID: 1, State: "paused"}, bulkRows(1))
	}},
}

// testValidateBeforeSQL calls each Create on a closed store: the
// validation error must come back, not a database error, so no SQL ran.
func testValidateBeforeSQL(t *testing.T, s store.Store) {
	wantOK(t, "Close", s.Close())
	for _, c := range invalidCreates {
		wantInvalid(t, c.name, c.call(t, s), c.field)
	}
}

// testValidateNothingWritten checks that refused Creates leave no rows.
func testValidateNothingWritten(t *testing.T, s store.Store) {
	for _, c := range invalidCreates {
		_ = c.call(t, s)
	}
	var n int
	err := s.DB().QueryRowContext(t.Context(), `SELECT
		(SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM organizations) + (SELECT COUNT(*) FROM memberships) +
		(SELECT COUNT(*) FROM invitations) + (SELECT COUNT(*) FROM sessions) + (SELECT COUNT(*) FROM account_tokens) +
		(SELECT COUNT(*) FROM signing_keys) + (SELECT COUNT(*) FROM api_clients) + (SELECT COUNT(*) FROM access_tokens) +
		(SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM outbox_mail) + (SELECT COUNT(*) FROM login_attempts) +
		(SELECT COUNT(*) FROM badge_images) + (SELECT COUNT(*) FROM badge_classes) + (SELECT COUNT(*) FROM badge_class_revisions) +
		(SELECT COUNT(*) FROM awards) + (SELECT COUNT(*) FROM status_lists) + (SELECT COUNT(*) FROM bulk_awards) +
		(SELECT COUNT(*) FROM bulk_award_rows)`).Scan(&n)
	if err != nil || n != 0 {
		t.Errorf("rows after refused creates = %d, %v; want 0", n, err)
	}
}
