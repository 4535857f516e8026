// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// HashIdentity returns the identity hash of a recipient identity as the spec
// writes it (#identityHash): "sha256$" and the lower-case hex SHA-256 of
// identity followed by salt. An empty salt gives the unsalted hash.
func HashIdentity(identity, salt string) string {
	sum := sha256.Sum256([]byte(identity + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}

// MatchIdentity reports whether value (an e-mail address, URL, telephone
// number ...) is the recipient named by obj. Hashed identities may use sha256
// or md5, in upper- or lower-case hex. The spec does not say whether e-mail
// addresses are normalised before hashing, so for type "email" the value is
// also tried in lower case, and unhashed addresses compare without case.
func MatchIdentity(obj IdentityObject, value string) bool {
	candidates := []string{value}
	if strings.EqualFold(obj.Type, "email") && strings.ToLower(value) != value {
		candidates = append(candidates, strings.ToLower(value))
	}
	if !obj.Hashed {
		if strings.EqualFold(obj.Type, "email") {
			return strings.EqualFold(obj.Identity, value)
		}
		return obj.Identity == value
	}
	alg, digest, ok := strings.Cut(obj.Identity, "$")
	if !ok {
		return false
	}
	want, err := hex.DecodeString(digest)
	if err != nil {
		return false
	}
	for _, c := range candidates {
		got, ok := digestOf(alg, c+obj.Salt)
		if ok && subtle.ConstantTimeCompare(got, want) == 1 {
			return true
		}
	}
	return false
}

func digestOf(alg, s string) ([]byte, bool) {
	switch strings.ToLower(alg) {
	case "sha256":
		sum := sha256.Sum256([]byte(s))
		return sum[:], true
	case "md5":
		sum := md5.Sum([]byte(s))
		return sum[:], true
	}
	return nil, false
}
