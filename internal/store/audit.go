// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// Audit stores the append-only log of staff actions.
type Audit interface {
	// CreateAuditEntry validates e and appends it, setting e.ID and
	// e.CreatedAt. It returns a *badge.Error if e is invalid and ErrNotFound
	// if the organisation or actor does not exist.
	CreateAuditEntry(ctx context.Context, e *badge.AuditEntry) error
	// FindAuditEntries returns the entries matching f, newest first, and their total.
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*badge.AuditEntry, int, error)
}

// AuditFilter selects audit entries; nil fields match everything.
type AuditFilter struct {
	OrgID      *int64 // 0 = instance-wide entries
	ActorID    *int64
	Action     *string
	TargetType *string
	TargetID   *string
	Since      *time.Time // at or after
	Until      *time.Time // before
	Page
}
