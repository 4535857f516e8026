// SPDX-License-Identifier: Apache-2.0

package multikey

import (
	"crypto/ed25519"
	"encoding/json"
	"os"
	"testing"
)

// The W3C vc-di-eddsa key pair: the secret must decode to the same public key.
func TestW3CKeyPair(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/vectors/w3c-vc-di-eddsa/keyPair.json")
	if err != nil {
		t.Fatal(err)
	}
	var kp struct{ PublicKeyMultibase, PrivateKeyMultibase string }
	if err := json.Unmarshal(raw, &kp); err != nil {
		t.Fatal(err)
	}
	priv, err := DecodeSecret(kp.PrivateKeyMultibase)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := DecodePublic(kp.PublicKeyMultibase)
	if err != nil {
		t.Fatal(err)
	}
	if got := EncodePublic(priv.Public().(ed25519.PublicKey)); got != kp.PublicKeyMultibase {
		t.Errorf("EncodePublic(derived) = %s, want %s", got, kp.PublicKeyMultibase)
	}
	if string(pub) != string(priv.Public().(ed25519.PublicKey)) {
		t.Error("decoded public key differs from the one derived from the secret")
	}
	if got := EncodeSecret(priv); got != kp.PrivateKeyMultibase {
		t.Errorf("EncodeSecret = %s, want %s", got, kp.PrivateKeyMultibase)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, s := range []string{"", "z", "m6Mk", "z0OIl", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do"} {
		if _, err := DecodePublic(s); err == nil {
			t.Errorf("DecodePublic(%q) succeeded, want error", s)
		}
	}
}
