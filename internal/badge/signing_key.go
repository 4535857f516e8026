// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// Kinds of [SigningKey].
const (
	KeyKindEd25519 = "ed25519" // OB 3.0 Data Integrity proofs and VC-JWT
	KeyKindRSA     = "rsa"     // OB 2.0 signed assertions (JWS RS256)
)

// Size limits of stored key material.
const (
	MaxPublicKeyLen  = 4 << 10
	MaxPrivateKeyLen = 16 << 10
)

// SigningKey is an organisation's key pair. The private key is sealed by
// the caller with the master key; the store only ever sees PrivateKeyEnc.
// Retired keys stay published so old badges still verify.
type SigningKey struct {
	ID            int64
	OrgID         int64  // 0 = the instance's own key (transparency log checkpoints)
	Kind          string // KeyKindEd25519 or KeyKindRSA
	PublicKey     []byte // DER SubjectPublicKeyInfo
	PrivateKeyEnc []byte // sealed private key
	CreatedAt     time.Time
	RetiredAt     *time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (k *SigningKey) Validate() error {
	return firstErr(
		notNegative("org_id", k.OrgID),
		keyKind("kind", k.Kind),
		requiredBytes("public_key", k.PublicKey, MaxPublicKeyLen),
		requiredBytes("private_key", k.PrivateKeyEnc, MaxPrivateKeyLen),
	)
}

func keyKind(field, k string) error {
	if k != KeyKindEd25519 && k != KeyKindRSA {
		return Invalid(field, KeyKind, field+` must be "ed25519" or "rsa".`)
	}
	return nil
}

func requiredBytes(field string, v []byte, max int) error {
	if len(v) == 0 {
		return Invalid(field, KeyRequired, field+" is required.")
	}
	return maxBytes(field, v, max)
}
