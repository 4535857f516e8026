// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"strings"
	"sync"
	"testing"

	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/report"
)

var (
	rsaOnce          sync.Once
	rsaIssuer, rsaXX *rsa.PrivateKey
)

func rsaKeys() (*rsa.PrivateKey, *rsa.PrivateKey) {
	rsaOnce.Do(func() {
		rsaIssuer, _ = rsa.GenerateKey(rand.Reader, 2048)
		rsaXX, _ = rsa.GenerateKey(rand.Reader, 2048)
	})
	return rsaIssuer, rsaXX
}

const ob2Base = "https://badges.example.ac.jp"

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// ob2World is an OB 2.0 issuer published at ob2Base, answered from a URL map.
func ob2World(t *testing.T, edit func(docs map[string]map[string]any)) (map[string][]byte, map[string]map[string]any) {
	key, _ := rsaKeys()
	pemText, _ := ob2.PublicKeyPEM(&key.PublicKey)
	assertion := func(id string, signed bool) map[string]any {
		a := map[string]any{
			"@context": ob2.ContextURL, "type": "Assertion", "id": id,
			"recipient":    map[string]any{"type": "email", "hashed": true, "salt": "s", "identity": ob2.HashIdentity("a@example.org", "s")},
			"badge":        ob2Base + "/badge",
			"verification": map[string]any{"type": "HostedBadge"},
			"issuedOn":     "2026-01-15T09:00:00Z",
		}
		if signed {
			a["verification"] = map[string]any{"type": "SignedBadge", "creator": ob2Base + "/key"}
		}
		return a
	}
	docs := map[string]map[string]any{
		"/issuer": {"@context": ob2.ContextURL, "type": "Issuer", "id": ob2Base + "/issuer", "name": "Example University",
			"url": ob2Base, "email": "badges@example.ac.jp", "publicKey": ob2Base + "/key", "revocationList": ob2Base + "/revocations"},
		"/key": {"@context": ob2.ContextURL, "type": "CryptographicKey", "id": ob2Base + "/key", "owner": ob2Base + "/issuer", "publicKeyPem": pemText},
		"/badge": {"@context": ob2.ContextURL, "type": "BadgeClass", "id": ob2Base + "/badge", "name": "Robotics",
			"description": "Built a robot.", "image": ob2Base + "/badge.png", "criteria": map[string]any{"narrative": "Build a robot."}, "issuer": ob2Base + "/issuer"},
		"/revocations": {"@context": ob2.ContextURL, "type": "RevocationList", "id": ob2Base + "/revocations", "issuer": ob2Base + "/issuer",
			"revokedAssertions": []any{map[string]any{"id": "urn:uuid:revoked-1", "revocationReason": "Issued in error"}}},
		"/assertions/1": assertion(ob2Base+"/assertions/1", false),
		"signed":        assertion("urn:uuid:signed-1", true),
		"revoked":       assertion("urn:uuid:revoked-1", true),
	}
	if edit != nil {
		edit(docs)
	}
	files := map[string][]byte{}
	for path, d := range docs {
		if strings.HasPrefix(path, "/") {
			files[ob2Base+path] = mustJSON(d)
		}
	}
	return files, docs
}

func TestOB2(t *testing.T) {
	key, other := rsaKeys()
	files, docs := ob2World(t, nil)
	v := offlineVerifier(t, files)
	ctx := context.Background()
	sign := func(a map[string]any, k *rsa.PrivateKey) []byte {
		s, err := ob2.SignAssertion(mustJSON(a), k)
		if err != nil {
			t.Fatal(err)
		}
		return []byte(s)
	}
	hosted := files[ob2Base+"/assertions/1"]
	expect(t, "hosted", v.Verify(ctx, "hosted", hosted), true, want{"hosted": report.Pass, "validity": report.Pass})
	signed := sign(docs["signed"], key)
	expect(t, "signed", v.Verify(ctx, "signed", signed), true, want{"proof": report.Pass, "issuer": report.Pass, "status": report.Pass})
	expect(t, "wrong key", v.Verify(ctx, "wrong", sign(docs["signed"], other)), false, want{"proof": report.Fail})
	expect(t, "revoked", v.Verify(ctx, "revoked", sign(docs["revoked"], key)), false, want{"status": report.Fail})
	// The payload re-encoded with one character changed, the signature kept.
	parts := strings.Split(string(signed), ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	payload = []byte(strings.Replace(string(payload), "2026-01-15", "2026-01-16", 1))
	forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
	expect(t, "tampered", v.Verify(ctx, "tampered", []byte(forged)), false, want{"proof": report.Fail})

	exp := docs["signed"]
	exp["expires"] = "2026-06-01T00:00:00Z"
	expect(t, "expired", v.Verify(ctx, "expired", sign(exp, key)), false, want{"validity": report.Fail})

	// A hosted copy that differs from what the issuer hosts.
	var changed map[string]any
	json.Unmarshal(hosted, &changed)
	changed["issuedOn"] = "2025-01-01T00:00:00Z"
	expect(t, "hosted changed", v.Verify(ctx, "changed", mustJSON(changed)), false, want{"hosted": report.Fail})

	// Baked into a PNG, the signed assertion still verifies, and the report says it was baked.
	baked, err := bake.Bake(minimalPNG(), bake.Payload{Version: bake.OB2, Data: signed}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := v.Verify(ctx, "baked.png", baked)
	expect(t, "baked", r, true, want{"proof": report.Pass})
	if !strings.Contains(r.Checks[0].Message, "PNG") {
		t.Errorf("format message %q does not mention the PNG", r.Checks[0].Message)
	}
}

// minimalPNG is a small valid PNG.
func minimalPNG() []byte {
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4)))
	return buf.Bytes()
}
