// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// MaxLoginKeyLen bounds [LoginAttempt.Key]: "email:" plus an address, or
// "ip:" plus an address.
const MaxLoginKeyLen = 300

// LoginAttempt is one failed sign-in, counted per Key (e.g. "email:x@y" or
// "ip:192.0.2.1") to rate-limit sign-in.
type LoginAttempt struct {
	Key string
	At  time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (a *LoginAttempt) Validate() error {
	return firstErr(
		required("key", a.Key),
		maxChars("key", len(a.Key), MaxLoginKeyLen, "bytes"),
	)
}
