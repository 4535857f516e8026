// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
)

// Thumbprint returns the RFC 7638 JWK thumbprint: the base64url SHA-256 of
// the key's required members in lexicographic order, without white space
// ({"crv","kty","x"} for OKP, {"crv","kty","x","y"} for EC, {"e","kty","n"}
// for RSA). The key is checked with [JWK.PublicKey] first, so an invalid key
// gives [ErrKey].
func (k *JWK) Thumbprint() (string, error) {
	if _, err := k.PublicKey(); err != nil {
		return "", err
	}
	// Struct fields are emitted in declaration order, which is the
	// lexicographic order RFC 7638 §3.2 asks for.
	var v any
	switch k.Kty {
	case "OKP":
		v = struct {
			Crv string `json:"crv"`
			Kty string `json:"kty"`
			X   string `json:"x"`
		}{k.Crv, k.Kty, k.X}
	case "EC":
		v = struct {
			Crv string `json:"crv"`
			Kty string `json:"kty"`
			X   string `json:"x"`
			Y   string `json:"y"`
		}{k.Crv, k.Kty, k.X, k.Y}
	default:
		v = struct {
			E   string `json:"e"`
			Kty string `json:"kty"`
			N   string `json:"n"`
		}{k.E, k.Kty, k.N}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrKey, err)
	}
	sum := sha256.Sum256(b)
	return encodeSegment(sum[:]), nil
}
