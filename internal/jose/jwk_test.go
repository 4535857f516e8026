// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func jsonNumber(s string) json.Number { return json.Number(s) }

func TestNewJWKRoundTrip(t *testing.T) {
	for alg, key := range testKeys() {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			jwk, err := NewJWK(key) // a private key is reduced to its public half
			if err != nil {
				t.Fatalf("NewJWK() error = %v", err)
			}
			if jwk.D != "" {
				t.Errorf("NewJWK() set D")
			}
			pub, err := jwk.PublicKey()
			if err != nil {
				t.Fatalf("PublicKey() error = %v", err)
			}
			if !pub.(interface{ Equal(crypto.PublicKey) bool }).Equal(key.Public()) {
				t.Errorf("PublicKey() = %v, want %v", pub, key.Public())
			}
			tp1, err := jwk.Thumbprint()
			if err != nil {
				t.Fatal(err)
			}
			withExtras := *jwk
			withExtras.Kid, withExtras.Use, withExtras.Alg = "k", "sig", alg
			if tp2, err := withExtras.Thumbprint(); err != nil || tp2 != tp1 {
				t.Errorf("Thumbprint() with kid/use/alg = %q, %v; want %q", tp2, err, tp1)
			}
		})
	}
}

func TestJWKRefuses(t *testing.T) {
	v := loadVectors(t)
	ec := v["rfc7515-a3-es256"].JWK
	ec.D = ""
	ed := v["rfc8037-a4-eddsa"].JWK
	ed.D = ""
	rsaKey := v["rfc7515-a2-rs256"].JWK
	mod := func(k JWK, f func(*JWK)) JWK { f(&k); return k }
	tests := []struct {
		name string
		jwk  JWK
	}{
		{"unknown kty", JWK{Kty: "oct"}},
		{"Ed448", mod(ed, func(k *JWK) { k.Crv = "Ed448" })},
		{"X25519", mod(ed, func(k *JWK) { k.Crv = "X25519" })},
		{"short x", mod(ed, func(k *JWK) { k.X = k.X[:20] })},
		{"padded x", mod(ed, func(k *JWK) { k.X += "=" })},
		{"P-384", mod(ec, func(k *JWK) { k.Crv = "P-384" })},
		{"point not on curve", mod(ec, func(k *JWK) { k.Y = k.X })},
		{"missing y", mod(ec, func(k *JWK) { k.Y = "" })},
		{"use enc", mod(ec, func(k *JWK) { k.Use = "enc" })},
		{"alg mismatch", mod(ec, func(k *JWK) { k.Alg = RS256 })},
		{"rsa leading zero", mod(rsaKey, func(k *JWK) { k.N = "AA" + k.N })},
		{"rsa even exponent", mod(rsaKey, func(k *JWK) { k.E = "AQAA" })},
		{"rsa exponent 1", mod(rsaKey, func(k *JWK) { k.E = "AQ" })},
		{"rsa 1008 bits", mod(rsaKey, func(k *JWK) { k.N = k.N[:168] })},
	}
	for _, tt := range tests {
		if pub, err := tt.jwk.PublicKey(); !errors.Is(err, ErrKey) {
			t.Errorf("%s: PublicKey() = %v, %v; want ErrKey", tt.name, pub, err)
		}
		if _, err := tt.jwk.Thumbprint(); !errors.Is(err, ErrKey) {
			t.Errorf("%s: Thumbprint() error = %v, want ErrKey", tt.name, err)
		}
	}
}

func TestJWKPrivateKeyRefuses(t *testing.T) {
	v := loadVectors(t)
	ed := v["rfc8037-a4-eddsa"].JWK
	other := ed
	other.D = encodeSegment(make([]byte, ed25519.SeedSize))
	public := ed
	public.D = ""
	for name, k := range map[string]JWK{"mismatched d": other, "no d": public, "rsa": v["rfc7515-a2-rs256"].JWK} {
		if _, err := k.PrivateKey(); !errors.Is(err, ErrKey) {
			t.Errorf("%s: PrivateKey() error = %v, want ErrKey", name, err)
		}
	}
}

func TestJWKJSON(t *testing.T) {
	jwk, err := NewJWK(testKeys()[EdDSA].Public())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(jwk)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("json.Marshal(jwk) (-want +got):\n%s", diff)
	}
}
