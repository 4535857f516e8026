// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// Membership gives an account a role in an organisation. An account has at
// most one membership per organisation.
type Membership struct {
	OrgID     int64
	AccountID int64
	Role      Role
	CreatedAt time.Time

	// Filled by lookups from the joined account and organisation; ignored
	// when creating or updating.
	AccountEmail string
	AccountName  string
	OrgSlug      string
	OrgName      string
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (m *Membership) Validate() error {
	return firstErr(
		positive("org_id", m.OrgID),
		positive("account_id", m.AccountID),
		role("role", m.Role),
	)
}
