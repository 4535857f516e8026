// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func enc(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestParseJWS(t *testing.T) {
	h := enc(`{"alg":"RS256","typ":"JWT"}`)
	p := enc(`{"id":"urn:uuid:1"}`)
	sig := enc("signature")
	tests := []struct {
		name  string
		input string
		want  error
	}{
		{"valid", h + "." + p + "." + sig, nil},
		{"valid with white space", "\n " + h + "." + p + "." + sig + "\r\n", nil},
		{"header without typ", enc(`{"alg":"RS256"}`) + "." + p + "." + sig, nil},
		{"two parts", h + "." + p, ErrMalformedJWS},
		{"four parts", h + "." + p + "." + sig + ".x", ErrMalformedJWS},
		{"empty header", "." + p + "." + sig, ErrMalformedJWS},
		{"empty signature", h + "." + p + ".", ErrMalformedJWS},
		{"header not base64url", "a+b/." + p + "." + sig, ErrMalformedJWS},
		{"padded", h + "." + p + "." + sig + "==", ErrMalformedJWS},
		{"header not JSON", enc("RS256") + "." + p + "." + sig, ErrMalformedJWS},
		{"alg none", enc(`{"alg":"none"}`) + "." + p + "." + sig, ErrAlgorithm},
		{"alg HS256", enc(`{"alg":"HS256"}`) + "." + p + "." + sig, ErrAlgorithm},
		{"alg lower case", enc(`{"alg":"rs256"}`) + "." + p + "." + sig, ErrAlgorithm},
		{"no alg", enc(`{}`) + "." + p + "." + sig, ErrAlgorithm},
		{"crit", enc(`{"alg":"RS256","crit":["b64"],"b64":false}`) + "." + p + "." + sig, ErrAlgorithm},
		{"payload array", h + "." + enc(`[1]`) + "." + sig, ErrMalformedJWS},
		{"payload not JSON", h + "." + enc(`{"a":`) + "." + sig, ErrMalformedJWS},
	}
	for _, tt := range tests {
		j, err := parseJWS(tt.input)
		if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
			t.Errorf("%s: parseJWS error = %v, want %v", tt.name, err, tt.want)
			continue
		}
		if err == nil && (string(j.payload) != `{"id":"urn:uuid:1"}` || string(j.signature) != "signature") {
			t.Errorf("%s: parseJWS = payload %q, signature %q", tt.name, j.payload, j.signature)
		}
	}
}

func TestLooksLikeJWS(t *testing.T) {
	tests := map[string]bool{
		"a.b.c":       true,
		" a.b.c\n":    true,
		"a.b.":        true,
		".b.c":        false,
		"a.b":         false,
		"a.b.c.d":     false,
		`{"a":"b.c"}`: false,
		"a b.c.d":     false,
		"a+b.c.d":     false,
	}
	for in, want := range tests {
		if got := looksLikeJWS([]byte(in)); got != want {
			t.Errorf("looksLikeJWS(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestJWSVerify(t *testing.T) {
	key, other := testKeys(t)
	a := map[string]any{"id": "urn:uuid:1", "verification": map[string]any{"type": "SignedBadge"}}
	s, err := SignAssertion(mustJSON(t, a), key)
	if err != nil {
		t.Fatal(err)
	}
	j, err := parseJWS(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.verify(&key.PublicKey); err != nil {
		t.Errorf("verify(signing key) = %v, want nil", err)
	}
	if err := j.verify(&other.PublicKey); !errors.Is(err, ErrSignature) {
		t.Errorf("verify(other key) = %v, want ErrSignature", err)
	}
	if err := j.verify(nil); !errors.Is(err, ErrKey) {
		t.Errorf("verify(nil) = %v, want ErrKey", err)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.verify(&small.PublicKey); !errors.Is(err, ErrKey) {
		t.Errorf("verify(1024-bit key) = %v, want ErrKey", err)
	}
	// Changing one character of the signature breaks it.
	last := s[len(s)-2]
	flipped := byte('A')
	if last == 'A' {
		flipped = 'B'
	}
	j2, err := parseJWS(s[:len(s)-2] + string(flipped) + s[len(s)-1:])
	if err == nil {
		if err := j2.verify(&key.PublicKey); !errors.Is(err, ErrSignature) {
			t.Errorf("verify(flipped signature) = %v, want ErrSignature", err)
		}
	}
}

func FuzzParseJWS(f *testing.F) {
	h := enc(`{"alg":"RS256","typ":"JWT"}`)
	f.Add(h + "." + enc(`{"id":"urn:uuid:1"}`) + "." + enc("sig"))
	f.Add(enc(`{"alg":"RS256","crit":["x"]}`) + "." + enc(`{}`) + "." + enc("s"))
	f.Add(enc(`{"alg":"none"}`) + "." + enc(`{}`) + ".")
	f.Add("..")
	f.Add("a.b.c")
	f.Add(h + "." + enc(`{"a":[{"b":null}]}`) + "." + enc(strings.Repeat("x", 256)))
	if b, err := os.ReadFile(filepath.Join(examplesDir, "ob2-signed-assertion-example.jws")); err == nil {
		f.Add(string(b))
	}
	key, _ := testKeys(f)
	f.Fuzz(func(t *testing.T, s string) {
		j, err := parseJWS(s)
		if err != nil {
			if j != nil {
				t.Fatalf("parseJWS(%q) = %+v and error %v", s, j, err)
			}
			return
		}
		if j.header.Alg != "RS256" || len(j.signature) == 0 {
			t.Fatalf("parseJWS(%q) accepted header %+v, signature %d bytes", s, j.header, len(j.signature))
		}
		if !strings.HasPrefix(strings.TrimSpace(s), j.signingInput+".") {
			t.Fatalf("parseJWS(%q): signing input %q is not the first two parts", s, j.signingInput)
		}
		if _, err := decodeObject(j.payload); err != nil {
			t.Fatalf("parseJWS(%q) accepted payload %q: %v", s, j.payload, err)
		}
		if j.verify(&key.PublicKey) == nil {
			t.Fatalf("parseJWS(%q): a fuzzed signature verified", s)
		}
	})
}
