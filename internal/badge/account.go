// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// MaxPasswordHashLen bounds the encoded password hash (argon2id PHC strings
// are about 100 octets).
const MaxPasswordHashLen = 512

// Account is a person who signs in: staff of organisations and recipients
// alike. Email is stored lower-cased (see [NormalizeEmail]) and is unique.
type Account struct {
	ID              int64
	Email           string
	Name            string
	PasswordHash    string     // PHC-encoded argon2id; empty when no password is set
	EmailVerifiedAt *time.Time // nil until the address is verified
	Locale          string     // LocaleJA or LocaleEN
	// InstanceAdmin marks an administrator of the whole instance (the
	// account `akashi bootstrap` or `serve --demo` set up): they may read
	// the mail the instance sends itself, such as address confirmations.
	InstanceAdmin bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (a *Account) Validate() error {
	return firstErr(
		required("email", a.Email),
		email("email", a.Email),
		text("name", a.Name, MaxNameLen),
		maxChars("password_hash", len(a.PasswordHash), MaxPasswordHashLen, "bytes"),
		locale("locale", a.Locale),
	)
}
