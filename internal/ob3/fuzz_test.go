// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"testing"

	"github.com/akashi-badges/akashi/internal/jose"
)

// FuzzDecodeJWT checks that decoding, claim checking and verification never
// panic on any input, and that a decoded credential is an object.
func FuzzDecodeJWT(f *testing.F) {
	key := testKeys()["EdDSA"]
	f.Add(mustEncode(f, mustJSON(f, mustNew(f, sampleInput())), key, testKid))
	f.Add(mustEncode(f, mustJSON(f, mustNew(f, sampleInput())), key, ""))
	f.Add(signClaims(f, jose.Header{Kid: testKid, Typ: "JWT"}, map[string]any{
		"iss": "https://example.edu/issuers/565049", "nbf": 1656633600, "vc": legacyCredential(),
	}))
	f.Add(signClaims(f, jose.Header{Kid: testKid}, map[string]any{"@context": []any{ContextVC2, ContextOB303}, "nbf": "x", "exp": 1e300}))
	f.Add("eyJhbGciOiJFZERTQSJ9.e30.AAAA")
	f.Fuzz(func(t *testing.T, tok string) {
		d, err := DecodeJWT(tok)
		if err != nil {
			return
		}
		if d.Credential == nil || d.Claims == nil {
			t.Fatalf("DecodeJWT() returned a nil map without error")
		}
		_ = CheckJWTClaims(d)
		_, _ = DetectVersion(d.Credential)
		_ = d.JWS.Verify(key.Public())
	})
}
