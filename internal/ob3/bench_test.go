// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"crypto/ed25519"
	"testing"
)

// benchCredential is the sample credential (2,708 bytes of JSON; the
// token is 4,107 bytes) and an Ed25519 key.
func benchCredential(b *testing.B) ([]byte, ed25519.PrivateKey) {
	return mustJSON(b, mustNew(b, sampleInput())), testKeys()["EdDSA"].(ed25519.PrivateKey)
}

func BenchmarkEncodeJWT(b *testing.B) {
	cred, key := benchCredential(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeJWT(cred, key, testKid); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyJWT is the whole check of a received token: decode, verify
// the signature with an already resolved key, compare the claims.
func BenchmarkVerifyJWT(b *testing.B) {
	cred, key := benchCredential(b)
	tok := mustEncode(b, cred, key, testKid)
	pub := key.Public()
	b.ReportAllocs()
	for b.Loop() {
		d, err := DecodeJWT(tok)
		if err != nil {
			b.Fatal(err)
		}
		if err := d.JWS.Verify(pub); err != nil {
			b.Fatal(err)
		}
		if err := CheckJWTClaims(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEd25519Sign and BenchmarkEd25519Verify are the floor: the bare
// signature over the same signing input the JWT benchmarks produce.
func BenchmarkEd25519Sign(b *testing.B) {
	cred, key := benchCredential(b)
	input := []byte(mustDecode(b, mustEncode(b, cred, key, testKid)).JWS.SigningInput)
	b.ReportAllocs()
	for b.Loop() {
		ed25519.Sign(key, input)
	}
}

func BenchmarkEd25519Verify(b *testing.B) {
	cred, key := benchCredential(b)
	d := mustDecode(b, mustEncode(b, cred, key, testKid))
	input := []byte(d.JWS.SigningInput)
	pub := key.Public().(ed25519.PublicKey)
	b.ReportAllocs()
	for b.Loop() {
		if !ed25519.Verify(pub, input, d.JWS.Signature) {
			b.Fatal("verify failed")
		}
	}
}
