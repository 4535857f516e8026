// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSignVerifyRoundTrip(t *testing.T) {
	for alg, key := range testKeys() {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			jwk, err := NewJWK(key.Public())
			if err != nil {
				t.Fatal(err)
			}
			h := Header{Kid: "https://example.edu/keys#key-1", Typ: "JWT", JWK: jwk}
			s := mustSign(t, `{"hello":"world"}`, h, key)
			j := mustParse(t, s)
			if err := j.Verify(key.Public()); err != nil {
				t.Fatalf("Verify() = %v", err)
			}
			if err := j.Verify(key); err != nil {
				t.Errorf("Verify(private key) = %v", err)
			}
			if j.Header.Alg != alg || j.Header.Kid != h.Kid || j.Header.Typ != "JWT" {
				t.Errorf("Header = %+v, want alg %s", j.Header, alg)
			}
			if diff := cmp.Diff(jwk, j.Header.JWK); diff != "" {
				t.Errorf("header jwk (-want +got):\n%s", diff)
			}
			if alg != RS256 && len(j.Signature) != 64 {
				t.Errorf("len(Signature) = %d, want 64 (raw R||S for ES256)", len(j.Signature))
			}
		})
	}
}

func TestSignHeaderOrder(t *testing.T) {
	key := testKeys()[EdDSA]
	h := Header{Typ: "JWT", Kid: "https://x.example/k?a&b", Raw: map[string]any{"cty": "vc", "alg": "ignored", "b": 1}}
	j := mustParse(t, mustSign(t, "{}", h, key))
	want := `{"alg":"EdDSA","kid":"https://x.example/k?a&b","typ":"JWT","b":1,"cty":"vc"}`
	if got := string(j.RawHeader); got != want {
		t.Errorf("header = %s, want %s", got, want)
	}
}

func TestSignRefuses(t *testing.T) {
	keys := testKeys()
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		run  func() error
		want error
	}{
		{"alg mismatch", func() error { _, err := Sign(nil, Header{Alg: RS256}, keys[EdDSA]); return err }, ErrAlgorithm},
		{"alg none", func() error { _, err := Sign(nil, Header{Alg: "none"}, keys[EdDSA]); return err }, ErrAlgorithm},
		{"rsa 1024", func() error { _, err := Sign(nil, Header{}, small); return err }, ErrKey},
		{"p-384", func() error { _, err := Sign(nil, Header{}, p384); return err }, ErrKey},
		{"private jwk", func() error {
			_, err := Sign(nil, Header{JWK: &JWK{Kty: "OKP", Crv: "Ed25519", X: "x", D: "d"}}, keys[EdDSA])
			return err
		}, ErrMalformed},
		{"crit", func() error {
			_, err := Sign(nil, Header{Raw: map[string]any{"crit": []any{"x"}}}, keys[EdDSA])
			return err
		}, ErrMalformed},
	}
	for _, c := range cases {
		if err := c.run(); !errors.Is(err, c.want) {
			t.Errorf("%s: Sign() error = %v, want %v", c.name, err, c.want)
		}
	}
}

// TestVerifyAlgorithmConfusion checks that a signature is only checked with
// the one algorithm its key allows, whatever the header says.
func TestVerifyAlgorithmConfusion(t *testing.T) {
	keys := testKeys()
	for signAlg, signKey := range keys {
		s := mustSign(t, "payload", Header{}, signKey)
		for keyAlg, key := range keys {
			if keyAlg == signAlg {
				continue
			}
			err := mustParse(t, s).Verify(key.Public())
			if !errors.Is(err, ErrAlgorithm) {
				t.Errorf("%s JWS verified with %s key: error = %v, want ErrAlgorithm", signAlg, keyAlg, err)
			}
		}
	}
	// Relabelled header: an EdDSA signature presented as ES256 with a P-256
	// key passes the alg check but must fail the signature check.
	s := mustSign(t, "payload", Header{}, keys[EdDSA])
	_, rest, _ := strings.Cut(s, ".")
	forged := encodeSegment([]byte(`{"alg":"ES256"}`)) + "." + rest
	if err := mustParse(t, forged).Verify(keys[ES256].Public()); !errors.Is(err, ErrSignature) {
		t.Errorf("relabelled JWS: Verify() = %v, want ErrSignature", err)
	}
}

func TestVerifyRefusesSmallRSA(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	j := &JWS{Header: Header{Alg: RS256}, SigningInput: "a.b", Signature: make([]byte, 128)}
	if err := j.Verify(&small.PublicKey); !errors.Is(err, ErrKey) {
		t.Errorf("Verify(1024-bit key) = %v, want ErrKey", err)
	}
}

func TestVerifyTampering(t *testing.T) {
	for alg, key := range testKeys() {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			s := mustSign(t, `{"iss":"https://example.edu"}`, Header{Kid: "k"}, key)
			h, rest, _ := strings.Cut(s, ".")
			p, sig, _ := strings.Cut(rest, ".")
			tampered := map[string]string{
				"payload":   h + "." + encodeSegment([]byte(`{"iss":"https://evil.example"}`)) + "." + sig,
				"header":    encodeSegment([]byte(`{"alg":"`+alg+`","kid":"k2"}`)) + "." + p + "." + sig,
				"signature": h + "." + p + "." + flipFirstChar(sig),
				"truncated": h + "." + p + "." + encodeSegment(mustParse(t, s).Signature[:10]),
			}
			for name, bad := range tampered {
				j, err := Parse(bad)
				if err != nil {
					t.Fatalf("%s: Parse() error = %v", name, err)
				}
				if err := j.Verify(key.Public()); !errors.Is(err, ErrSignature) {
					t.Errorf("%s: Verify() = %v, want ErrSignature", name, err)
				}
			}
		})
	}
}

// flipFirstChar changes the signature while keeping canonical base64url:
// the first character is replaced, which always carries 6 full bits.
func flipFirstChar(s string) string {
	c := byte('A')
	if s[0] == 'A' {
		c = 'B'
	}
	return string(c) + s[1:]
}
