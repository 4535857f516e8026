// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Errors about the JWS of a signed assertion.
var (
	// ErrMalformedJWS: the input is not a compact JWS with a JSON header and
	// a JSON object payload.
	ErrMalformedJWS = errors.New("ob2: malformed JWS")
	// ErrAlgorithm: the JWS header names an algorithm other than RS256, or a
	// critical extension this package does not implement.
	ErrAlgorithm = errors.New("ob2: unsupported JWS algorithm")
	// ErrSignature: the signature does not verify with the key.
	ErrSignature = errors.New("ob2: JWS signature does not verify")
	// ErrKey: the key is not a usable RSA public key.
	ErrKey = errors.New("ob2: unusable key")
)

// minRSABits is the smallest RSA modulus accepted for signing or verifying.
const minRSABits = 2048

// jwsHeader holds the protected header members this package looks at.
type jwsHeader struct {
	Alg  string   `json:"alg"`
	Typ  string   `json:"typ,omitempty"`
	Crit []string `json:"crit,omitempty"`
}

// compactJWS is a parsed JWS in compact serialization (RFC 7515 §7.1).
type compactJWS struct {
	header       jwsHeader
	payload      []byte
	signingInput string
	signature    []byte
}

var b64 = base64.RawURLEncoding

// parseJWS parses a compact JWS whose payload is a JSON object and whose
// algorithm is RS256. Surrounding white space is ignored.
func parseJWS(s string) (*compactJWS, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: want 3 dot-separated parts, got %d", ErrMalformedJWS, len(parts))
	}
	hb, err := decodeSegment("header", parts[0])
	if err != nil {
		return nil, err
	}
	var h jwsHeader
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedJWS, err)
	}
	if h.Alg != "RS256" {
		return nil, fmt.Errorf("%w: %q (want RS256)", ErrAlgorithm, h.Alg)
	}
	if len(h.Crit) > 0 {
		return nil, fmt.Errorf("%w: critical header %q", ErrAlgorithm, h.Crit)
	}
	payload, err := decodeSegment("payload", parts[1])
	if err != nil {
		return nil, err
	}
	if p := bytes.TrimSpace(payload); len(p) == 0 || p[0] != '{' || !json.Valid(p) {
		return nil, fmt.Errorf("%w: payload is not a JSON object", ErrMalformedJWS)
	}
	sig, err := decodeSegment("signature", parts[2])
	if err != nil {
		return nil, err
	}
	return &compactJWS{header: h, payload: payload, signingInput: parts[0] + "." + parts[1], signature: sig}, nil
}

func decodeSegment(name, seg string) ([]byte, error) {
	if seg == "" {
		return nil, fmt.Errorf("%w: empty %s", ErrMalformedJWS, name)
	}
	b, err := b64.DecodeString(seg)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformedJWS, name, err)
	}
	return b, nil
}

// verify checks the RS256 signature with pub.
func (j *compactJWS) verify(pub *rsa.PublicKey) error {
	if err := checkRSAKey(pub); err != nil {
		return err
	}
	digest := sha256.Sum256([]byte(j.signingInput))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], j.signature); err != nil {
		return ErrSignature
	}
	return nil
}

func checkRSAKey(pub *rsa.PublicKey) error {
	if pub == nil || pub.N == nil {
		return fmt.Errorf("%w: no RSA key", ErrKey)
	}
	if pub.N.BitLen() < minRSABits {
		return fmt.Errorf("%w: RSA key of %d bits, want at least %d", ErrKey, pub.N.BitLen(), minRSABits)
	}
	return nil
}

// looksLikeJWS reports whether b has the shape of a compact JWS: three
// non-empty base64url segments (the last may be empty only when unsigned,
// which is refused later).
func looksLikeJWS(b []byte) bool {
	s := strings.TrimSpace(string(b))
	if strings.Count(s, ".") != 2 {
		return false
	}
	for _, r := range s {
		isB64 := r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !isB64 {
			return false
		}
	}
	return !strings.HasPrefix(s, ".")
}
