// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/asn1"
	"fmt"
	"math/big"
)

// Sign returns the compact JWS of payload signed with key. The algorithm is
// the one [AlgorithmFor] gives for the key; if h.Alg is set it must be that
// one, else [ErrAlgorithm]. A JWK in h must be public (no D), else
// [ErrMalformed]. An unsupported key gives [ErrKey]. See [Header] for the
// order of the header members.
//
// The key may be any crypto.Signer whose public key is supported (for
// example one held by a KMS): Ed25519 keys are asked for a pure Ed25519
// signature, ECDSA and RSA keys for a signature over the SHA-256 digest
// (RSA with PKCS #1 v1.5 padding). An ECDSA signature is converted from
// ASN.1 to the fixed 64-byte R || S form JWS uses.
func Sign(payload []byte, h Header, key crypto.Signer) (string, error) {
	alg, err := AlgorithmFor(key.Public())
	if err != nil {
		return "", err
	}
	if h.Alg != "" && h.Alg != alg {
		return "", fmt.Errorf("%w: header alg %q with a %s key", ErrAlgorithm, h.Alg, alg)
	}
	h.Alg = alg
	if h.JWK != nil && h.JWK.D != "" {
		return "", fmt.Errorf("%w: the jwk header must not carry the private key", ErrMalformed)
	}
	hb, err := encodeHeader(h)
	if err != nil {
		return "", err
	}
	// One buffer for the whole token; 512 bytes of base64 hold a
	// signature of up to 3072 bits (RSA), larger ones grow it once.
	out := make([]byte, 0, b64.EncodedLen(len(hb))+1+b64.EncodedLen(len(payload))+1+512)
	out = b64.AppendEncode(out, hb)
	out = append(out, '.')
	out = b64.AppendEncode(out, payload)
	sig, err := signBytes(alg, out, key)
	if err != nil {
		return "", err
	}
	out = append(out, '.')
	out = b64.AppendEncode(out, sig)
	return string(out), nil
}

func signBytes(alg string, input []byte, key crypto.Signer) ([]byte, error) {
	if alg == EdDSA {
		sig, err := key.Sign(nil, input, crypto.Hash(0))
		if err != nil {
			return nil, fmt.Errorf("jose: EdDSA sign: %w", err)
		}
		return sig, nil
	}
	digest := sha256.Sum256(input)
	sig, err := key.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("jose: %s sign: %w", alg, err)
	}
	if alg == ES256 {
		return ecdsaRaw(sig)
	}
	return sig, nil
}

// ecdsaRaw converts an ASN.1 ECDSA-Sig-Value to R || S, each left-padded to
// 32 bytes (RFC 7518 §3.4).
func ecdsaRaw(der []byte) ([]byte, error) {
	var v struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &v)
	if err != nil || len(rest) != 0 || v.R.Sign() <= 0 || v.S.Sign() <= 0 ||
		v.R.BitLen() > 8*p256FieldSize || v.S.BitLen() > 8*p256FieldSize {
		return nil, fmt.Errorf("%w: signer returned a malformed ECDSA signature", ErrKey)
	}
	out := make([]byte, 2*p256FieldSize)
	v.R.FillBytes(out[:p256FieldSize])
	v.S.FillBytes(out[p256FieldSize:])
	return out, nil
}
