// SPDX-License-Identifier: Apache-2.0

package keys

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"testing"
)

func TestSealPrivateKey(t *testing.T) {
	m := testMasterKey(t, 3)
	edKey, err := GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := GenerateRSA()
	if err != nil {
		t.Fatal(err)
	}
	if got := rsaKey.N.BitLen(); got != RSABits {
		t.Errorf("GenerateRSA modulus = %d bits, want %d", got, RSABits)
	}
	for name, key := range map[string]crypto.Signer{"ed25519": edKey, "rsa": rsaKey} {
		t.Run(name, func(t *testing.T) {
			ad := []byte("org:42:" + name)
			pubDER, sealed, err := SealPrivateKey(m, key, ad)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := x509.ParsePKIXPublicKey(pubDER)
			if err != nil {
				t.Fatalf("public key is not SPKI DER: %v", err)
			}
			if !pub.(interface{ Equal(crypto.PublicKey) bool }).Equal(key.Public()) {
				t.Error("SealPrivateKey returned another public key")
			}
			opened, err := OpenPrivateKey(m, sealed, ad)
			if err != nil {
				t.Fatal(err)
			}
			if !opened.(interface{ Equal(crypto.PrivateKey) bool }).Equal(key) {
				t.Error("OpenPrivateKey returned another private key")
			}
			signVerify(t, opened, pub)
			if _, err := OpenPrivateKey(m, sealed, []byte("org:43:"+name)); !errors.Is(err, ErrCorrupt) {
				t.Errorf("OpenPrivateKey with another owner's ad: %v, want ErrCorrupt", err)
			}
			if _, err := OpenPrivateKey(testMasterKey(t, 4), sealed, ad); !errors.Is(err, ErrWrongMasterKey) {
				t.Errorf("OpenPrivateKey with another master key: %v, want ErrWrongMasterKey", err)
			}
		})
	}
}

// signVerify signs as the badge code will, through the Signer seam, and
// checks the signature with the published public key.
func signVerify(t *testing.T, s Signer, pub crypto.PublicKey) {
	t.Helper()
	msg := []byte("header.payload")
	switch pub := pub.(type) {
	case ed25519.PublicKey:
		sig, err := s.Sign(rand.Reader, msg, crypto.Hash(0))
		if err != nil {
			t.Fatal(err)
		}
		if !ed25519.Verify(pub, msg, sig) {
			t.Error("Ed25519 signature of the opened key does not verify")
		}
	case *rsa.PublicKey:
		digest := sha256.Sum256(msg)
		sig, err := s.Sign(rand.Reader, digest[:], crypto.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
			t.Errorf("RS256 signature of the opened key does not verify: %v", err)
		}
	default:
		t.Fatalf("unexpected public key type %T", pub)
	}
}

func TestOpenPrivateKeyNotAKey(t *testing.T) {
	m := testMasterKey(t, 3)
	sealed, _ := m.Seal([]byte("not pkcs8"), nil)
	if _, err := OpenPrivateKey(m, sealed, nil); !errors.Is(err, ErrCorrupt) {
		t.Errorf("OpenPrivateKey of sealed garbage: %v, want ErrCorrupt", err)
	}
}
