// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// Invitation asks the holder of an e-mail address to join an organisation
// with a role. Only the SHA-256 of the token mailed out is stored.
type Invitation struct {
	ID         int64
	OrgID      int64
	Email      string
	Role       Role
	TokenHash  []byte // SHA-256 of the token in the invitation link
	InvitedBy  int64  // account id; 0 once that account is deleted
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt *time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (i *Invitation) Validate() error {
	return firstErr(
		positive("org_id", i.OrgID),
		required("email", i.Email),
		email("email", i.Email),
		role("role", i.Role),
		tokenHash("token_hash", i.TokenHash),
		notNegative("invited_by", i.InvitedBy),
		requiredTime("expires_at", i.ExpiresAt),
	)
}

func requiredTime(field string, t time.Time) error {
	if t.IsZero() {
		return Invalid(field, KeyRequired, field+" is required.")
	}
	return nil
}
