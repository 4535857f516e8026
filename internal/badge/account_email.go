// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// MaxAccountEmails bounds how many addresses one account may hold.
const MaxAccountEmails = 10

// AccountEmail is one e-mail address of an account. Every account has
// exactly one primary address, the one it signs in with (mirrored in
// [Account.Email]); badges awarded to any verified address reach its
// wallet. An address belongs to at most one account.
type AccountEmail struct {
	AccountID  int64
	Email      string // normalised
	VerifiedAt *time.Time
	Primary    bool
	CreatedAt  time.Time
}

// Validate checks the fields a caller sets.
func (e *AccountEmail) Validate() error {
	return firstErr(positive("account_id", e.AccountID), required("email", e.Email), email("email", e.Email))
}
