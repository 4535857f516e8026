// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"fmt"
)

// PrivateKey returns the signing key of a private OKP (Ed25519) or EC
// (P-256) JWK, after checking that D matches the public members. RSA
// private JWKs are not supported because [JWK] does not carry the prime
// factors. It returns [ErrKey] when D is missing or does not fit.
func (k *JWK) PrivateKey() (crypto.Signer, error) {
	if k.D == "" {
		return nil, fmt.Errorf("%w: JWK has no private member d", ErrKey)
	}
	pub, err := k.PublicKey()
	if err != nil {
		return nil, err
	}
	var priv crypto.Signer
	switch pub.(type) {
	case ed25519.PublicKey:
		seed, err := keyMember("d", k.D, ed25519.SeedSize)
		if err != nil {
			return nil, err
		}
		priv = ed25519.NewKeyFromSeed(seed)
	case *ecdsa.PublicKey:
		d, err := keyMember("d", k.D, p256FieldSize)
		if err != nil {
			return nil, err
		}
		ek, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrKey, err)
		}
		priv = ek
	default:
		return nil, fmt.Errorf("%w: private RSA JWKs are not supported", ErrKey)
	}
	if eq, ok := priv.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !eq.Equal(pub) {
		return nil, fmt.Errorf("%w: private member d does not match the public key", ErrKey)
	}
	return priv, nil
}
