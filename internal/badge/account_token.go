// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// Kinds of [AccountToken].
const (
	TokenVerifyEmail   = "verify_email"
	TokenResetPassword = "reset_password"
)

// AccountToken is a single-use token mailed to an account holder to verify
// an address or reset a password. Only its SHA-256 is stored; Email is the
// address it was sent to (to verify, the address being verified).
type AccountToken struct {
	TokenHash []byte
	Kind      string // TokenVerifyEmail or TokenResetPassword
	AccountID int64
	Email     string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (t *AccountToken) Validate() error {
	return firstErr(
		tokenHash("token_hash", t.TokenHash),
		tokenKind("kind", t.Kind),
		positive("account_id", t.AccountID),
		required("email", t.Email),
		email("email", t.Email),
		requiredTime("expires_at", t.ExpiresAt),
	)
}

func tokenKind(field, k string) error {
	if k != TokenVerifyEmail && k != TokenResetPassword {
		return Invalid(field, KeyKind, field+` must be "verify_email" or "reset_password".`)
	}
	return nil
}
