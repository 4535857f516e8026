// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/pgtest"
	"github.com/akashi-badges/akashi/internal/store/postgres"
	"github.com/akashi-badges/akashi/internal/store/sqlite"
)

func TestMain(m *testing.M) {
	// Cheaper argon2id in tests; the format and the check are the same.
	argonMemory, argonTime = 64, 1
	pgtest.Main(m)
}

// eachStore runs fn on a fresh SQLite and a fresh PostgreSQL store.
func eachStore(t *testing.T, fn func(t *testing.T, s *Service)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.OpenMemory(context.Background(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, newService(t, st))
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.Start(t)
		st, err := postgres.Open(context.Background(), url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, newService(t, st))
	})
}

func newService(t *testing.T, st store.Store) *Service {
	mk, err := keys.LoadOrCreateMasterKey(t.TempDir(), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return &Service{Store: st, MasterKey: mk, BaseURL: "http://127.0.0.1:8080"}
}

var system = WithActor(context.Background(), Actor{System: true})

func as(id int64) context.Context { return WithActor(context.Background(), Actor{AccountID: id}) }

func mustAccount(t *testing.T, s *Service, email string) *badge.Account {
	t.Helper()
	a, err := s.CreateAccount(system, NewAccount{Email: email, Name: "テスト 太郎", Password: "correct horse battery", Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestPassword(t *testing.T) {
	h, err := HashPassword("パスワード123456")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("HashPassword = %q, %v", h, err)
	}
	if ok, err := CheckPassword(h, "パスワード123456"); !ok || err != nil {
		t.Errorf("CheckPassword(right) = %v, %v", ok, err)
	}
	if ok, _ := CheckPassword(h, "パスワード123457"); ok {
		t.Error("CheckPassword accepted a wrong password")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=0,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword(%q) accepted a malformed hash", bad)
		}
	}
}

func TestCreateAccount(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		a := mustAccount(t, s, "Hanako@Example.AC.JP")
		if a.Email != "hanako@example.ac.jp" || a.EmailVerifiedAt == nil {
			t.Errorf("account = %+v", a)
		}
		for name, in := range map[string]NewAccount{
			"duplicate":      {Email: "hanako@example.ac.jp", Password: "long enough pw"},
			"short password": {Email: "x@example.ac.jp", Password: "short"},
			"bad email":      {Email: "not-an-address", Password: "long enough pw"},
			"long name":      {Email: "y@example.ac.jp", Name: strings.Repeat("長", 300), Password: "long enough pw"},
		} {
			if _, err := s.CreateAccount(system, in); badge.ErrorCode(err) == badge.CodeInternal || err == nil {
				t.Errorf("%s: err = %v, want a clear validation error", name, err)
			}
		}
		// Only the system may create a pre-verified account.
		b, err := s.CreateAccount(as(a.ID), NewAccount{Email: "z@example.ac.jp", Password: "long enough pw", Verified: true})
		if err != nil || b.EmailVerifiedAt != nil {
			t.Errorf("self-verified account: %+v, %v", b, err)
		}
	})
}

func TestCreateOrganizationAndAccess(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		owner := mustAccount(t, s, "owner@example.ac.jp")
		outsider := mustAccount(t, s, "outsider@example.ac.jp")
		o, err := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "工学部 Faculty of Engineering", OwnerID: owner.ID})
		if err != nil {
			t.Fatal(err)
		}
		if o.Slug != "faculty-of-engineering" {
			t.Errorf("slug = %q", o.Slug)
		}
		ks, _, err := s.Store.FindSigningKeys(context.Background(), store.SigningKeyFilter{OrgID: &o.ID})
		if err != nil || len(ks) != 2 {
			t.Fatalf("signing keys = %d, %v; want ed25519 and rsa", len(ks), err)
		}
		for _, k := range ks {
			signer, err := keys.OpenPrivateKey(s.MasterKey, k.PrivateKeyEnc, keyAD(o.ID, k.Kind))
			if err != nil {
				t.Fatalf("opening the %s key: %v", k.Kind, err)
			}
			pub, _ := x509.ParsePKIXPublicKey(k.PublicKey)
			if ed, ok := pub.(ed25519.PublicKey); ok && !ed.Equal(signer.Public()) {
				t.Error("sealed Ed25519 key does not match its public key")
			}
			if _, err := keys.OpenPrivateKey(s.MasterKey, k.PrivateKeyEnc, keyAD(o.ID+1, k.Kind)); err == nil {
				t.Error("a key opened for another organisation")
			}
		}
		m, err := s.Store.FindMembership(context.Background(), o.ID, owner.ID)
		if err != nil || m.Role != badge.RoleOwner {
			t.Errorf("owner membership = %+v, %v", m, err)
		}
		// Someone else cannot create an organisation in the owner's name.
		if _, err := s.CreateOrganization(as(outsider.ID), NewOrganization{Name: "Evil", OwnerID: owner.ID}); badge.ErrorCode(err) != badge.CodeForbidden {
			t.Errorf("create for another owner: %v", err)
		}
		// Duplicate slug is a clear conflict, and nothing half-written remains.
		if _, err := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "Faculty of Engineering", OwnerID: owner.ID}); badge.ErrorCode(err) != badge.CodeConflict {
			t.Errorf("duplicate slug: %v", err)
		}
		// API clients: the owner may, an outsider gets not_found (no leak), anonymous unauthorized.
		c, err := s.CreateAPIClient(as(owner.ID), NewAPIClient{OrgID: o.ID, Name: "LMS"})
		if err != nil || len(c.Secret) != 43 || strings.Trim(c.Secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			t.Errorf("client = %+v, %v", c, err)
		}
		if _, err := s.CreateAPIClient(as(outsider.ID), NewAPIClient{OrgID: o.ID, Name: "x"}); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("outsider creating a client: %v", err)
		}
		if _, err := s.CreateAPIClient(context.Background(), NewAPIClient{OrgID: o.ID, Name: "x"}); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("anonymous creating a client: %v", err)
		}
		entries, _, _ := s.Store.FindAuditEntries(context.Background(), store.AuditFilter{OrgID: &o.ID})
		if len(entries) != 2 {
			t.Errorf("audit entries = %d, want 2 (org.create, api_client.create)", len(entries))
		}
	})
}

func TestBootstrap(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		in := BootstrapInput{OrgName: "例示大学", AdminEmail: "admin@example.ac.jp", AdminPassword: "a long password"}
		r, err := s.Bootstrap(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if r.OrgID == 0 || !strings.HasPrefix(r.OrgSlug, "org-") || !strings.HasPrefix(r.IssuerID, "did:key:z6Mk") || r.ClientID == "" || r.ClientSecret == "" {
			t.Errorf("bootstrap = %+v", r)
		}
		// Again with the same admin and password: a second organisation, same admin.
		in.OrgName = "Second"
		r2, err := s.Bootstrap(context.Background(), in)
		if err != nil || r2.AdminID != r.AdminID || r2.OrgID == r.OrgID {
			t.Errorf("second bootstrap = %+v, %v", r2, err)
		}
		in.AdminPassword = "another password!"
		in.OrgName = "Third"
		if _, err := s.Bootstrap(context.Background(), in); badge.ErrorCode(err) != badge.CodeConflict {
			t.Errorf("bootstrap with the wrong password for an existing admin: %v", err)
		}
		s.BaseURL = "https://badges.example.ac.jp"
		in.AdminPassword, in.OrgName, in.OrgSlug = "a long password", "Fourth", "fourth"
		r4, err := s.Bootstrap(context.Background(), in)
		if err != nil || r4.IssuerID != "did:web:badges.example.ac.jp:orgs:fourth" {
			t.Errorf("https base: issuer = %+v, %v", r4, err)
		}
	})
}

func TestLogoAndClients(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		ctx := context.Background()
		owner := mustAccount(t, s, "owner@example.ac.jp")
		o, _ := s.CreateOrganization(as(owner.ID), NewOrganization{Name: "Logo Test", OwnerID: owner.ID})
		svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>`)
		if err := s.SetLogo(as(owner.ID), o.ID, svg); err != nil {
			t.Fatal(err)
		}
		if img, typ, err := s.Logo(ctx, o.Slug); err != nil || typ != "image/svg+xml" || string(img) != string(svg) {
			t.Errorf("Logo = %q %q %v", img, typ, err)
		}
		hostile := []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)
		if err := s.SetLogo(as(owner.ID), o.ID, hostile); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("hostile SVG logo: %v", err)
		}
		if img, _, _ := s.Logo(ctx, o.Slug); string(img) != string(svg) {
			t.Error("a refused logo replaced the old one")
		}
		c, err := s.CreateAPIClient(as(owner.ID), NewAPIClient{OrgID: o.ID, Name: "LMS"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeAPIClient(as(owner.ID), o.ID, c.Client.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.IssueClientToken(ctx, c.Client.ClientID, c.Secret, nil); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("token for a revoked client: %v", err)
		}
		cs, err := s.APIClients(as(owner.ID), o.ID)
		if err != nil || len(cs) != 1 || cs[0].RevokedAt == nil {
			t.Errorf("clients = %+v, %v", cs, err)
		}
	})
}
