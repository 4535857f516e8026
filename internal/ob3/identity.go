// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// HashIdentity returns the OB identity hash of value with salt appended:
// "sha256$" followed by the lower-case hex SHA-256 of value+salt (UTF-8).
// The same rule as Open Badges 2.0; for example HashIdentity("a@example.com",
// "Kosher") is "sha256$b5809d8a…ef399".
func HashIdentity(value, salt string) string {
	sum := sha256.Sum256([]byte(value + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// Matches reports whether value is the identity o describes: for a hashed
// object, value+salt hashed with the algorithm named before "$" ("sha256"
// or "md5", hex in either case) equals identityHash; otherwise the plain
// identityHash equals value. No normalisation is applied; an issuer that
// lower-cased e-mail addresses before hashing (as [NewCredential] does)
// needs the verifier to do the same.
func (o IdentityObject) Matches(value string) bool {
	if !o.Hashed {
		return subtle.ConstantTimeCompare([]byte(o.IdentityHash), []byte(value)) == 1
	}
	alg, digest, ok := strings.Cut(o.IdentityHash, "$")
	if !ok {
		return false
	}
	var sum []byte
	switch strings.ToLower(alg) {
	case "sha256":
		s := sha256.Sum256([]byte(value + o.Salt))
		sum = s[:]
	case "md5":
		s := md5.Sum([]byte(value + o.Salt))
		sum = s[:]
	default:
		return false
	}
	want, err := hex.DecodeString(digest)
	return err == nil && subtle.ConstantTimeCompare(sum, want) == 1
}
