// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
)

// jwsHeaderRS256 is the protected header of signed assertions. "typ": "JWT"
// is what 1EdTech's validator expects of OB 2.0 JWS (SPEC-NOTES b).
const jwsHeaderRS256 = `{"alg":"RS256","typ":"JWT"}`

// ErrNotSignedBadge is returned by [SignAssertion] when the assertion does
// not ask for signed verification: it would not verify as signed.
var ErrNotSignedBadge = errors.New("ob2: assertion verification type is not SignedBadge")

// SignAssertion signs an assertion for the issuer's key and returns the JWS
// compact serialization (OB 2.0 #SignedBadge): RS256, header
// {"alg":"RS256","typ":"JWT"}, payload the assertion JSON with insignificant
// white space removed. The assertion must be a JSON object whose
// verification (or verify) type is SignedBadge (else [ErrNotSignedBadge]),
// and the key must be RSA of at least 2048 bits (else [ErrKey]).
func SignAssertion(a []byte, key *rsa.PrivateKey) (string, error) {
	if key == nil {
		return "", fmt.Errorf("%w: no private key", ErrKey)
	}
	if err := checkRSAKey(&key.PublicKey); err != nil {
		return "", err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, a); err != nil {
		return "", fmt.Errorf("ob2: assertion is not JSON: %w", err)
	}
	var asrt Assertion
	if err := json.Unmarshal(compact.Bytes(), &asrt); err != nil {
		return "", fmt.Errorf("ob2: assertion: %w", err)
	}
	if !asrt.Verification.Signed() {
		return "", ErrNotSignedBadge
	}
	input := b64.EncodeToString([]byte(jwsHeaderRS256)) + "." + b64.EncodeToString(compact.Bytes())
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		return "", fmt.Errorf("ob2: signing: %w", err)
	}
	return input + "." + b64.EncodeToString(sig), nil
}

// PublicKeyPEM returns the PEM "PUBLIC KEY" (SubjectPublicKeyInfo) text
// published as the publicKeyPem of a [CryptographicKey].
func PublicKeyPEM(pub *rsa.PublicKey) (string, error) {
	if err := checkRSAKey(pub); err != nil {
		return "", err
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("ob2: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}
