// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/report"
)

// An OB 2.0 issuer answered from files through --url-map: hosted and signed
// assertions, valid, tampered, expired, signed by another key, and with a
// context that is not Open Badges.
func TestVerifyOB2WithURLMap(t *testing.T) {
	const base = "https://badges.example.ac.jp"
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	pemText, _ := ob2.PublicKeyPEM(&key.PublicKey)
	dir := t.TempDir()
	urls := map[string]string{}
	publish := func(path string, doc map[string]any) []byte {
		b, _ := json.Marshal(doc)
		f := filepath.Join(dir, strings.ReplaceAll(strings.Trim(path, "/"), "/", "_")+".json")
		os.WriteFile(f, b, 0o644)
		urls[base+path] = f
		return b
	}
	publish("/issuer", map[string]any{"@context": ob2.ContextURL, "type": "Issuer", "id": base + "/issuer", "name": "例示大学",
		"url": base, "email": "badges@example.ac.jp", "publicKey": base + "/key", "revocationList": base + "/revocations"})
	publish("/key", map[string]any{"@context": ob2.ContextURL, "type": "CryptographicKey", "id": base + "/key", "owner": base + "/issuer", "publicKeyPem": pemText})
	publish("/badge", map[string]any{"@context": ob2.ContextURL, "type": "BadgeClass", "id": base + "/badge", "name": "ロボット工学",
		"description": "ロボットを作った。", "image": base + "/badge.png", "criteria": map[string]any{"narrative": "動くロボットを作る。"}, "issuer": base + "/issuer"})
	publish("/revocations", map[string]any{"@context": ob2.ContextURL, "type": "RevocationList", "id": base + "/revocations", "issuer": base + "/issuer", "revokedAssertions": []any{}})
	assertion := func(id, verification string, expires string) map[string]any {
		a := map[string]any{"@context": ob2.ContextURL, "type": "Assertion", "id": id,
			"recipient": map[string]any{"type": "email", "hashed": true, "salt": "s", "identity": ob2.HashIdentity("a@example.ac.jp", "s")},
			"badge":     base + "/badge", "verification": map[string]any{"type": verification}, "issuedOn": "2026-01-15T09:00:00+09:00"}
		if expires != "" {
			a["expires"] = expires
		}
		return a
	}
	hosted := publish("/assertions/1", assertion(base+"/assertions/1", "HostedBadge", ""))
	mapFile := filepath.Join(dir, "urls.json")
	mb, _ := json.Marshal(urls)
	os.WriteFile(mapFile, mb, 0o644)

	sign := func(a map[string]any, k *rsa.PrivateKey) []byte {
		b, _ := json.Marshal(a)
		s, err := ob2.SignAssertion(b, k)
		if err != nil {
			t.Fatal(err)
		}
		return []byte(s)
	}
	signed := sign(assertion("urn:uuid:1", "SignedBadge", ""), key)
	changed := strings.Replace(string(hosted), "2026-01-15T09:00:00+09:00", "2025-01-15T09:00:00+09:00", 1)
	foreign := strings.Replace(string(hosted), `"@context":"https://w3id.org/openbadges/v2"`, `"@context":"https://example.org/badges/context.json"`, 1)
	for _, tc := range []struct {
		name  string
		body  []byte
		valid bool
		check string
		want  report.Status
	}{
		{"hosted", hosted, true, "hosted", report.Pass},
		{"signed", signed, true, "proof", report.Pass},
		{"tampered", []byte(changed), false, "hosted", report.Fail},
		{"expired", sign(assertion("urn:uuid:2", "SignedBadge", "2026-02-01T00:00:00Z"), key), false, "validity", report.Fail},
		{"wrong key", sign(assertion("urn:uuid:3", "SignedBadge", ""), other), false, "proof", report.Fail},
		{"unknown context", []byte(foreign), false, "context", report.Fail},
	} {
		p := filepath.Join(dir, tc.name+".in")
		os.WriteFile(p, tc.body, 0o644)
		code, reps := verifyJSON(t, "--url-map", mapFile, p)
		wantCode := 0
		if !tc.valid {
			wantCode = 1
		}
		if code != wantCode || len(reps) != 1 || reps[0].Valid != tc.valid || reps[0].Status(tc.check) != tc.want {
			t.Errorf("%s: exit %d, report %+v; want valid=%v and %s=%s", tc.name, code, reps, tc.valid, tc.check, tc.want)
		}
	}
}
