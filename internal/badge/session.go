// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"encoding/hex"
	"time"
)

// Session is a signed-in browser. ID is the lower-case hex SHA-256 of the
// random token in the cookie, so a database leak does not leak sessions.
type Session struct {
	ID         string
	AccountID  int64
	OrgID      int64 // the organisation currently selected; 0 = none
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
	UserAgent  string // at most MaxUserAgentLen octets; callers truncate
	IP         string
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (s *Session) Validate() error {
	return firstErr(
		sessionID("id", s.ID),
		positive("account_id", s.AccountID),
		notNegative("org_id", s.OrgID),
		requiredTime("expires_at", s.ExpiresAt),
		maxChars("user_agent", len(s.UserAgent), MaxUserAgentLen, "bytes"),
		maxChars("ip", len(s.IP), MaxIPLen, "bytes"),
	)
}

func sessionID(field, id string) error {
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != 32 || hex.EncodeToString(b) != id {
		return Invalid(field, KeyTokenFormat, field+" must be a lower-case hex SHA-256 digest.")
	}
	return nil
}
