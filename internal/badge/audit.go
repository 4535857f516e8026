// SPDX-License-Identifier: Apache-2.0

package badge

import "time"

// AuditEntry records one staff action, e.g. Action "member.role_changed",
// TargetType "account", TargetID "42", Detail `{"from":"viewer","to":"admin"}`.
type AuditEntry struct {
	ID         int64
	OrgID      int64 // 0 = an instance-wide action
	ActorID    int64 // account id; 0 = the system, or once that account is deleted
	Action     string
	TargetType string
	TargetID   string
	Detail     string // a JSON document, or empty
	CreatedAt  time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (e *AuditEntry) Validate() error {
	return firstErr(
		notNegative("org_id", e.OrgID),
		notNegative("actor_id", e.ActorID),
		requiredText("action", e.Action, MaxShortLen),
		text("target_type", e.TargetType, MaxShortLen),
		text("target_id", e.TargetID, MaxShortLen),
		jsonText("detail", e.Detail, MaxAuditDetail),
	)
}
