// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto/ecdsa"
	"encoding/json"
	"os"
	"testing"
)

type rfcVector struct {
	JWK        JWK    `json:"jwk"`
	Payload    string `json:"payload"`
	Compact    string `json:"compact"`
	Thumbprint string `json:"thumbprint"`
}

func loadVectors(t testing.TB) map[string]rfcVector {
	t.Helper()
	b, err := os.ReadFile("testdata/rfc-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]rfcVector
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRFCVerify verifies the published RS256 and ES256 examples of RFC 7515
// Appendix A.2 and A.3 and the EdDSA example of RFC 8037 A.4.
func TestRFCVerify(t *testing.T) {
	vectors := loadVectors(t)
	for _, name := range []string{"rfc7515-a2-rs256", "rfc7515-a3-es256", "rfc8037-a4-eddsa"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := vectors[name]
			pubJWK := v.JWK
			pubJWK.D = ""
			pub, err := pubJWK.PublicKey()
			if err != nil {
				t.Fatalf("PublicKey() error = %v", err)
			}
			j, err := Parse(v.Compact)
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if err := j.Verify(pub); err != nil {
				t.Errorf("Verify() = %v, want nil", err)
			}
			if got := j.Compact(); got != v.Compact {
				t.Errorf("Compact() = %q, want the parsed string", got)
			}
		})
	}
}

// TestRFC8037Sign reproduces the RFC 8037 A.4 compact JWS byte for byte.
func TestRFC8037Sign(t *testing.T) {
	v := loadVectors(t)["rfc8037-a4-eddsa"]
	key, err := v.JWK.PrivateKey()
	if err != nil {
		t.Fatalf("PrivateKey() error = %v", err)
	}
	got, err := Sign([]byte(v.Payload), Header{}, key)
	if err != nil {
		t.Fatalf("Sign() error = %v", err)
	}
	if got != v.Compact {
		t.Errorf("Sign() =\n%s\nwant\n%s", got, v.Compact)
	}
}

// TestRFC7515A3PrivateKey checks that the A.3 private key is read back and
// that a fresh ES256 signature made with it verifies under the public key.
func TestRFC7515A3PrivateKey(t *testing.T) {
	v := loadVectors(t)["rfc7515-a3-es256"]
	key, err := v.JWK.PrivateKey()
	if err != nil {
		t.Fatalf("PrivateKey() error = %v", err)
	}
	if _, ok := key.(*ecdsa.PrivateKey); !ok {
		t.Fatalf("PrivateKey() = %T, want *ecdsa.PrivateKey", key)
	}
	s, err := Sign([]byte("payload"), Header{}, key)
	if err != nil {
		t.Fatalf("Sign() error = %v", err)
	}
	j, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse() error = %v", err)
	}
	if err := j.Verify(key.Public()); err != nil {
		t.Errorf("Verify() = %v", err)
	}
}

func TestRFCThumbprint(t *testing.T) {
	vectors := loadVectors(t)
	for _, name := range []string{"rfc8037-a4-eddsa", "rfc7638-3.1-thumbprint"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := vectors[name]
			got, err := v.JWK.Thumbprint()
			if err != nil {
				t.Fatalf("Thumbprint() error = %v", err)
			}
			if got != v.Thumbprint {
				t.Errorf("Thumbprint() = %q, want %q", got, v.Thumbprint)
			}
		})
	}
}
