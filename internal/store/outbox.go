// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// Outbox stores [badge.OutboxMail].
type Outbox interface {
	// CreateOutboxMail lower-cases m.To, validates m and inserts it, setting
	// m.ID and m.CreatedAt. It returns a *badge.Error if m is invalid and
	// ErrNotFound if the organisation does not exist.
	CreateOutboxMail(ctx context.Context, m *badge.OutboxMail) error
	// FindOutboxMailByID returns ErrNotFound if there is no such mail.
	FindOutboxMailByID(ctx context.Context, id int64) (*badge.OutboxMail, error)
	// FindOutboxMails returns the mail matching f, newest first, and their total.
	FindOutboxMails(ctx context.Context, f OutboxFilter) ([]*badge.OutboxMail, int, error)
	// UpdateOutboxMail applies upd and returns the mail. It returns
	// ErrNotFound or a *badge.Error if the result is invalid.
	UpdateOutboxMail(ctx context.Context, id int64, upd OutboxUpdate) (*badge.OutboxMail, error)
	// DeleteOutboxMail returns ErrNotFound if there is no such mail.
	DeleteOutboxMail(ctx context.Context, id int64) error
}

// OutboxFilter selects outbox mail; nil fields match everything.
type OutboxFilter struct {
	OrgID *int64  // 0 = the instance's mail
	To    *string // compared case-insensitively
	Sent  *bool
	Page
}

// OutboxUpdate changes the non-nil fields of outbox mail, e.g. after a
// delivery attempt.
type OutboxUpdate struct {
	SentAt    *time.Time
	Attempts  *int
	LastError *string
}
