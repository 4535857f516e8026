// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
)

// The algorithm identifiers ("alg" values) this package signs and verifies.
const (
	EdDSA = "EdDSA" // Ed25519, RFC 8037
	ES256 = "ES256" // ECDSA P-256 SHA-256, RFC 7518 §3.4
	RS256 = "RS256" // RSASSA-PKCS1-v1_5 SHA-256, RFC 7518 §3.3
)

// MinRSABits is the smallest RSA modulus accepted for RS256 (RFC 7518 §3.3
// requires 2048 bits or more).
const MinRSABits = 2048

// AlgorithmFor returns the only algorithm pub may be used with: [EdDSA] for
// an ed25519.PublicKey, [ES256] for a P-256 *ecdsa.PublicKey, [RS256] for an
// *rsa.PublicKey of at least [MinRSABits]. A private key (crypto.Signer) is
// reduced to its public half first. Any other key gives [ErrKey].
func AlgorithmFor(pub crypto.PublicKey) (string, error) {
	if s, ok := pub.(crypto.Signer); ok {
		pub = s.Public()
	}
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return "", fmt.Errorf("%w: Ed25519 public key of %d bytes", ErrKey, len(k))
		}
		return EdDSA, nil
	case *ecdsa.PublicKey:
		if k == nil || k.Curve != elliptic.P256() {
			return "", fmt.Errorf("%w: only the P-256 curve is supported", ErrKey)
		}
		return ES256, nil
	case *rsa.PublicKey:
		if k == nil || k.N == nil || k.N.BitLen() < MinRSABits {
			return "", fmt.Errorf("%w: RSA modulus shorter than %d bits", ErrKey, MinRSABits)
		}
		return RS256, nil
	default:
		return "", fmt.Errorf("%w: key type %T", ErrKey, pub)
	}
}
