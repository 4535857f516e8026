// SPDX-License-Identifier: Apache-2.0

// Package multikey encodes Ed25519 keys in the Multikey form used by did:key
// and Data Integrity (https://www.w3.org/TR/controller-document/#multikey):
// a multibase base58btc string ('z' prefix) of a multicodec-prefixed key.
// Public keys use the ed25519-pub code 0xed (varint 0xed 0x01), secret keys
// the ed25519-priv code 0x1300 (varint 0x80 0x26) over the 32-byte seed.
package multikey

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"

	"github.com/mr-tron/base58"
)

var (
	pubPrefix    = []byte{0xed, 0x01}
	secretPrefix = []byte{0x80, 0x26}
)

// ErrMalformed is wrapped by every decoding error.
var ErrMalformed = errors.New("multikey: malformed key")

// EncodePublic returns the publicKeyMultibase of an Ed25519 public key ("z6Mk…").
func EncodePublic(pub ed25519.PublicKey) string {
	return "z" + base58.Encode(append(append([]byte{}, pubPrefix...), pub...))
}

// EncodeSecret returns the secretKeyMultibase of an Ed25519 private key ("z3u2…").
func EncodeSecret(priv ed25519.PrivateKey) string {
	return "z" + base58.Encode(append(append([]byte{}, secretPrefix...), priv.Seed()...))
}

// DecodePublic parses a publicKeyMultibase holding an Ed25519 key.
func DecodePublic(s string) (ed25519.PublicKey, error) {
	b, err := decode(s, pubPrefix, ed25519.PublicKeySize)
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(b), nil
}

// DecodeSecret parses a secretKeyMultibase holding an Ed25519 seed.
func DecodeSecret(s string) (ed25519.PrivateKey, error) {
	b, err := decode(s, secretPrefix, ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(b), nil
}

func decode(s string, prefix []byte, size int) ([]byte, error) {
	raw, err := DecodeBase58btc(s)
	if err != nil {
		return nil, err
	}
	if len(raw) != len(prefix)+size || raw[0] != prefix[0] || raw[1] != prefix[1] {
		return nil, fmt.Errorf("%w: not an Ed25519 key of the expected kind", ErrMalformed)
	}
	return raw[len(prefix):], nil
}

// EncodeBase58btc returns the multibase base58btc form ('z' + base58) of b.
func EncodeBase58btc(b []byte) string { return "z" + base58.Encode(b) }

// DecodeBase58btc decodes a multibase base58btc string ('z' prefix).
func DecodeBase58btc(s string) ([]byte, error) {
	if !strings.HasPrefix(s, "z") || len(s) < 2 {
		return nil, fmt.Errorf("%w: multibase value must start with 'z' (base58btc)", ErrMalformed)
	}
	b, err := base58.Decode(s[1:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return b, nil
}
