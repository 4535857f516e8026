// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/fetch"
)

// testNow is the clock of the verification tests.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// Keys are generated once per test binary: RSA-2048 generation is slow.
var (
	keysOnce           sync.Once
	issuerKey, someKey *rsa.PrivateKey
)

func testKeys(t testing.TB) (issuer, other *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if issuerKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if someKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return issuerKey, someKey
}

// site is one origin of the test world: documents by path, and the HTTP
// status to answer for some paths (default 200).
type site struct {
	base   string
	docs   map[string]any // path -> JSON value
	status map[string]int
}

func (s *site) url(path string) string { return s.base + path }

func (s *site) doc(path string) map[string]any { return s.docs[path].(map[string]any) }

// world is a complete issuer — Profile, BadgeClass, hosted and signed
// assertions, CryptographicKey, RevocationList — and a foreign origin.
type world struct {
	t       testing.TB
	issuer  *site
	foreign *site
	key     *rsa.PrivateKey // the issuer's key, published at /key
	other   *rsa.PrivateKey // a key that is not the issuer's
}

func newWorld(t testing.TB, issuerBase, foreignBase string) *world {
	return populate(t, &site{base: issuerBase}, &site{base: foreignBase})
}

// populate fills the issuer site with its documents.
func populate(t testing.TB, issuer, foreign *site) *world {
	key, other := testKeys(t)
	for _, s := range []*site{issuer, foreign} {
		s.docs, s.status = map[string]any{}, map[string]int{}
	}
	w := &world{t: t, key: key, other: other, issuer: issuer, foreign: foreign}
	i := w.issuer
	i.docs["/issuer"] = w.profile(i.url("/issuer"))
	i.docs["/key"] = w.keyDoc(i.url("/key"), i.url("/issuer"), &key.PublicKey)
	i.docs["/badge"] = w.badgeClass(i.url("/badge"), i.url("/issuer"))
	i.docs["/assertions/1"] = w.hostedAssertion(i.url("/assertions/1"), i.url("/badge"))
	i.docs["/revocations"] = map[string]any{
		"@context": ContextURL, "type": "RevocationList", "id": i.url("/revocations"), "issuer": i.url("/issuer"),
		"revokedAssertions": []any{
			"urn:uuid:00000000-0000-4000-8000-000000000001",
			map[string]any{"id": "urn:uuid:00000000-0000-4000-8000-000000000002", "revocationReason": "Honor code violation"},
		},
	}
	return w
}

func (w *world) profile(id string) map[string]any {
	base := origin(id)
	return map[string]any{
		"@context": ContextURL, "type": "Issuer", "id": id,
		"name": "Example University", "url": base, "email": "badges@example.org",
		"publicKey": base + "/key", "revocationList": base + "/revocations",
	}
}

func (w *world) keyDoc(id, owner string, pub *rsa.PublicKey) map[string]any {
	pemText, err := PublicKeyPEM(pub)
	if err != nil {
		w.t.Fatal(err)
	}
	return map[string]any{"@context": ContextURL, "type": "CryptographicKey", "id": id, "owner": owner, "publicKeyPem": pemText}
}

func (w *world) badgeClass(id, issuer string) map[string]any {
	return map[string]any{
		"@context": ContextURL, "type": "BadgeClass", "id": id,
		"name": "Robotics", "description": "Built a robot.", "image": origin(id) + "/badge.png",
		"criteria": map[string]any{"narrative": "Build a robot that moves."},
		"issuer":   issuer, "tags": []any{"robots"},
	}
}

func (w *world) hostedAssertion(id, badge string) map[string]any {
	return map[string]any{
		"@context": ContextURL, "type": "Assertion", "id": id,
		"recipient": map[string]any{"type": "email", "hashed": true, "salt": "pepper",
			"identity": HashIdentity("alice@example.org", "pepper")},
		"badge":        badge,
		"verification": map[string]any{"type": "HostedBadge"},
		"issuedOn":     "2024-01-15T09:00:00Z",
		"expires":      "2030-01-15T09:00:00Z",
	}
}

// signedAssertion is a SignedBadge assertion of the issuer, not yet signed.
func (w *world) signedAssertion(id string) map[string]any {
	a := w.hostedAssertion(id, w.issuer.url("/badge"))
	a["verification"] = map[string]any{"type": "SignedBadge", "creator": w.issuer.url("/key")}
	return a
}

func (w *world) sign(a map[string]any, key *rsa.PrivateKey) []byte {
	s, err := SignAssertion(mustJSON(w.t, a), key)
	if err != nil {
		w.t.Fatalf("SignAssertion: %v", err)
	}
	return []byte(s)
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// clone deep-copies a JSON document so a case can change it freely.
func clone(t testing.TB, m map[string]any) map[string]any {
	var out map[string]any
	if err := json.Unmarshal(mustJSON(t, m), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// serve starts one TLS server per site and returns a fetcher that trusts
// them and allows their loopback addresses.
func serveWorld(t *testing.T) (*world, *fetch.Fetcher) {
	issuer, foreign := &site{}, &site{}
	issuerSrv := httptest.NewTLSServer(siteHandler(issuer))
	foreignSrv := httptest.NewTLSServer(siteHandler(foreign))
	t.Cleanup(issuerSrv.Close)
	t.Cleanup(foreignSrv.Close)
	issuer.base, foreign.base = issuerSrv.URL, foreignSrv.URL
	w := populate(t, issuer, foreign)
	pool := x509.NewCertPool()
	pool.AddCert(issuerSrv.Certificate())
	pool.AddCert(foreignSrv.Certificate())
	return w, fetch.New(fetch.Options{AllowPrivate: true, RootCAs: pool, Timeout: 5 * time.Second})
}

func siteHandler(s *site) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		doc, ok := s.docs[r.URL.Path]
		status := s.status[r.URL.Path]
		if !ok && status == 0 {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Content-Type", "application/ld+json")
		if status != 0 {
			rw.WriteHeader(status)
		}
		if ok {
			json.NewEncoder(rw).Encode(doc)
		}
	})
}

// mapWorld writes every document to a file and returns an offline fetcher
// answering from a URL map of them.
func mapWorld(t testing.TB, w *world) *fetch.Fetcher {
	dir := t.TempDir()
	m := map[string]string{}
	for _, s := range []*site{w.issuer, w.foreign} {
		for path, doc := range s.docs {
			u, _ := url.Parse(s.url(path))
			file := filepath.Join(dir, u.Hostname(), strings.ReplaceAll(strings.Trim(path, "/"), "/", "_")+".json")
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, mustJSON(t, doc), 0o644); err != nil {
				t.Fatal(err)
			}
			m[s.url(path)] = file
		}
	}
	return fetch.New(fetch.Options{Offline: true, URLMap: m})
}
