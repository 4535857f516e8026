// SPDX-License-Identifier: Apache-2.0

package keys

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
)

// RSABits is the size of generated RSA keys. The RSA key only signs Open
// Badges 2.0 assertions (JWS RS256), checked by older backpacks and
// validators; 2048 bits is the size RFC 7518 §3.3 requires at least and the
// one every RS256 consumer accepts, and NIST SP 800-57 rates it acceptable
// through 2030. 3072 bits would add margin that a key rotated well before
// then does not need, at about three times the signing cost and much slower
// generation. Open Badges 3.0 uses the Ed25519 key.
const RSABits = 2048

// GenerateEd25519 returns a new Ed25519 private key.
func GenerateEd25519() (ed25519.PrivateKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return priv, nil
}

// GenerateRSA returns a new RSA private key of [RSABits] bits.
func GenerateRSA() (*rsa.PrivateKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, RSABits)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return k, nil
}

// SealPrivateKey seals key in PKCS #8 form with m, bound to ad (for example
// "org:42:ed25519"), and returns its public key in SPKI DER form along with
// the sealed bytes. key must be an ed25519.PrivateKey, *rsa.PrivateKey or
// *ecdsa.PrivateKey.
func SealPrivateKey(m *MasterKey, key crypto.Signer, ad []byte) (pubDER, sealed []byte, err error) {
	pubDER, err = x509.MarshalPKIXPublicKey(key.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("keys: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("keys: %w", err)
	}
	defer clear(der)
	sealed, err = m.Seal(der, ad)
	if err != nil {
		return nil, nil, err
	}
	return pubDER, sealed, nil
}

// OpenPrivateKey opens a key sealed by [SealPrivateKey] with the same ad. It
// returns the errors of [MasterKey.Open], or [ErrCorrupt] when the content is
// not a PKCS #8 signing key.
func OpenPrivateKey(m *MasterKey, sealed, ad []byte) (crypto.Signer, error) {
	der, err := m.Open(sealed, ad)
	if err != nil {
		return nil, err
	}
	defer clear(der)
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: %T is not a signing key", ErrCorrupt, k)
	}
	return s, nil
}
