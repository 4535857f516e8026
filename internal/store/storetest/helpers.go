// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

func ptr[T any](v T) *T { return &v }

// digest returns the SHA-256 of s, standing in for a token hash.
func digest(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// sessionID returns a valid session id derived from s.
func sessionID(s string) string { return hex.EncodeToString(digest(s)) }

// hour is a duration short enough for tests, long enough not to race them.
const hour = time.Hour

// wantErr fails t unless errors.Is(err, target).
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%s: err = %v, want %v", what, err, target)
	}
}

// wantOK fails t now if err is not nil.
func wantOK(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantInvalid fails t unless err is a *badge.Error with code invalid about field.
func wantInvalid(t *testing.T, what string, err error, field string) {
	t.Helper()
	e, ok := errors.AsType[*badge.Error](err)
	if !ok || e.Code != badge.CodeInvalid || e.Field != field {
		t.Errorf("%s: err = %v, want a badge.Error with code %q on field %q", what, err, badge.CodeInvalid, field)
	}
}

// wantSame fails t if got and want differ.
func wantSame(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: mismatch (-want +got):\n%s", what, d)
	}
}

// wantTotal fails t unless a Find returned n items and total.
func wantTotal[T any](t *testing.T, what string, items []T, total int, err error, n, wantTotal int) {
	t.Helper()
	if err != nil || len(items) != n || total != wantTotal {
		t.Errorf("%s = %d items, total %d, err %v; want %d items, total %d", what, len(items), total, err, n, wantTotal)
	}
}

func long(n int) string { return strings.Repeat("x", n) }

func newAccount(t *testing.T, s store.Repos, email string) *badge.Account {
	t.Helper()
	a := &badge.Account{Email: email, Name: "Name of " + email, Locale: badge.LocaleEN}
	wantOK(t, "CreateAccount("+email+")", s.CreateAccount(t.Context(), a))
	return a
}

func newOrg(t *testing.T, s store.Repos, slug string) *badge.Organization {
	t.Helper()
	o := &badge.Organization{Slug: slug, Name: "Org " + slug, DefaultLocale: badge.LocaleJA}
	wantOK(t, "CreateOrganization("+slug+")", s.CreateOrganization(t.Context(), o))
	return o
}

func newMember(t *testing.T, s store.Repos, org *badge.Organization, a *badge.Account, r badge.Role) *badge.Membership {
	t.Helper()
	m := &badge.Membership{OrgID: org.ID, AccountID: a.ID, Role: r}
	wantOK(t, "CreateMembership", s.CreateMembership(t.Context(), m))
	return m
}

func newSession(t *testing.T, s store.Repos, a *badge.Account, name string, expires time.Time) *badge.Session {
	t.Helper()
	x := &badge.Session{ID: sessionID(name), AccountID: a.ID, ExpiresAt: expires, UserAgent: "test", IP: "192.0.2.1"}
	wantOK(t, "CreateSession("+name+")", s.CreateSession(t.Context(), x))
	return x
}

func newKey(t *testing.T, s store.Repos, orgID int64, kind string) *badge.SigningKey {
	t.Helper()
	k := &badge.SigningKey{OrgID: orgID, Kind: kind, PublicKey: []byte("spki " + kind), PrivateKeyEnc: []byte("sealed " + kind)}
	wantOK(t, "CreateSigningKey", s.CreateSigningKey(t.Context(), k))
	return k
}

func newClient(t *testing.T, s store.Repos, org *badge.Organization, clientID string) *badge.APIClient {
	t.Helper()
	c := &badge.APIClient{OrgID: org.ID, ClientID: clientID, SecretHash: digest("secret " + clientID),
		Name: "client " + clientID, Scopes: []string{"badges:read", "badges:write"}}
	wantOK(t, "CreateAPIClient("+clientID+")", s.CreateAPIClient(t.Context(), c))
	return c
}

func newToken(t *testing.T, s store.Repos, c *badge.APIClient, name string, expires time.Time) *badge.AccessToken {
	t.Helper()
	tok := &badge.AccessToken{TokenHash: digest(name), ClientID: c.ClientID, OrgID: c.OrgID, Scopes: c.Scopes, ExpiresAt: expires}
	wantOK(t, "CreateAccessToken("+name+")", s.CreateAccessToken(t.Context(), tok))
	return tok
}

func newInvitation(t *testing.T, s store.Repos, org *badge.Organization, by *badge.Account, email string, expires time.Time) *badge.Invitation {
	t.Helper()
	i := &badge.Invitation{OrgID: org.ID, Email: email, Role: badge.RoleIssuer, TokenHash: digest("invite " + email),
		InvitedBy: by.ID, ExpiresAt: expires}
	wantOK(t, "CreateInvitation("+email+")", s.CreateInvitation(t.Context(), i))
	return i
}

func newMail(t *testing.T, s store.Repos, orgID int64, to string) *badge.OutboxMail {
	t.Helper()
	m := &badge.OutboxMail{OrgID: orgID, To: to, Subject: "Hello " + to, TextBody: "Hello.", HTMLBody: "<p>Hello.</p>", Locale: badge.LocaleJA}
	wantOK(t, "CreateOutboxMail("+to+")", s.CreateOutboxMail(t.Context(), m))
	return m
}

func newAudit(t *testing.T, s store.Repos, orgID, actorID int64, action string) *badge.AuditEntry {
	t.Helper()
	e := &badge.AuditEntry{OrgID: orgID, ActorID: actorID, Action: action, TargetType: "account",
		TargetID: fmt.Sprint(actorID), Detail: `{"n":1}`}
	wantOK(t, "CreateAuditEntry("+action+")", s.CreateAuditEntry(t.Context(), e))
	return e
}

// ids returns the IDs of items, for comparing Find results.
func ids[T any](items []T, id func(T) int64) []int64 {
	out := []int64{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

// newImage stores a stand-in PNG image whose bytes depend on content.
func newImage(t *testing.T, s store.Repos, orgID int64, content string) *badge.BadgeImage {
	t.Helper()
	data := []byte("\x89PNG\r\n\x1a\n" + content)
	img := &badge.BadgeImage{OrgID: orgID, SHA256: digest(string(data)), MediaType: "image/png", Data: data}
	wantOK(t, "CreateBadgeImage("+content+")", s.CreateBadgeImage(t.Context(), img))
	return img
}

// badgeClassFor returns a valid, unstored badge class.
func badgeClassFor(orgID, imageID int64, publicID string) *badge.BadgeClass {
	return &badge.BadgeClass{OrgID: orgID, PublicID: publicID, NameJA: "バッジ " + publicID, NameEN: "Badge " + publicID,
		DescriptionJA: "説明", DescriptionEN: "A description.", ImageID: imageID,
		CriteriaNarrative: "Do the work.", AchievementType: "Badge", Formats: []string{badge.FormatOB3DataIntegrity}}
}

// newBadgeClass stores a badge class with an image of its own.
func newBadgeClass(t *testing.T, s store.Repos, orgID int64, publicID string) *badge.BadgeClass {
	t.Helper()
	b := badgeClassFor(orgID, newImage(t, s, orgID, publicID).ID, publicID)
	wantOK(t, "CreateBadgeClass("+publicID+")", s.CreateBadgeClass(t.Context(), b))
	return b
}

// newSlot allocates one revocation status entry.
func newSlot(t *testing.T, s store.Repos, orgID int64) store.StatusSlot {
	t.Helper()
	slots, err := s.AllocateStatusSlots(t.Context(), orgID, badge.StatusRevocation, 1)
	wantOK(t, "AllocateStatusSlots", err)
	return slots[0]
}

// awardFor returns a valid, unstored award of b in slot.
func awardFor(b *badge.BadgeClass, slot store.StatusSlot, email, publicID string) *badge.Award {
	return &badge.Award{OrgID: b.OrgID, BadgeClassID: b.ID, Revision: b.Revision, PublicID: publicID,
		RecipientEmail: email, RecipientName: "Name of " + email, RecipientLocale: badge.LocaleJA,
		IssuedAt: time.Now(), StatusListID: slot.ListID, StatusIndex: slot.Index}
}

// newAward stores an award of b in a new status entry.
func newAward(t *testing.T, s store.Repos, b *badge.BadgeClass, email, publicID string) *badge.Award {
	t.Helper()
	a := awardFor(b, newSlot(t, s, b.OrgID), email, publicID)
	wantOK(t, "CreateAward("+publicID+")", s.CreateAward(t.Context(), a))
	return a
}
