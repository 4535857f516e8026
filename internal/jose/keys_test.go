// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"
)

var testKeys = sync.OnceValue(func() map[string]crypto.Signer {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return map[string]crypto.Signer{
		EdDSA: ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)),
		ES256: ec,
		RS256: rk,
	}
})

func mustSign(t testing.TB, payload string, h Header, key crypto.Signer) string {
	t.Helper()
	s, err := Sign([]byte(payload), h, key)
	if err != nil {
		t.Fatalf("Sign() error = %v", err)
	}
	return s
}

func mustParse(t testing.TB, s string) *JWS {
	t.Helper()
	j, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q) error = %v", s, err)
	}
	return j
}
