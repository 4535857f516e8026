// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// Sessions stores [badge.Session]s. Expired sessions are invisible to
// lookups and removed by DeleteExpiredSessions.
type Sessions interface {
	// CreateSession validates s and inserts it, setting s.CreatedAt and
	// s.LastSeenAt. It returns a *badge.Error if s is invalid, ErrNotFound if
	// the account (or the selected organisation) does not exist and
	// ErrConflict if the id is taken.
	CreateSession(ctx context.Context, s *badge.Session) error
	// FindSessionByID returns the unexpired session, or ErrNotFound.
	FindSessionByID(ctx context.Context, id string) (*badge.Session, error)
	// FindSessions returns the unexpired sessions matching f, most recently
	// seen first, and their total.
	FindSessions(ctx context.Context, f SessionFilter) ([]*badge.Session, int, error)
	// UpdateSession applies upd to the unexpired session and returns it. It
	// returns ErrNotFound (also if upd selects a missing organisation) or a
	// *badge.Error if the result is invalid.
	UpdateSession(ctx context.Context, id string, upd SessionUpdate) (*badge.Session, error)
	// DeleteSession returns ErrNotFound if there is no such session.
	DeleteSession(ctx context.Context, id string) error
	// DeleteAccountSessions deletes the account's sessions except the one
	// with id exceptID ("" for none), and returns how many.
	DeleteAccountSessions(ctx context.Context, accountID int64, exceptID string) (int, error)
	// DeleteExpiredSessions deletes expired sessions and returns how many.
	DeleteExpiredSessions(ctx context.Context) (int, error)
}

// SessionFilter selects unexpired sessions; nil fields match everything.
type SessionFilter struct {
	AccountID *int64
	Page
}

// SessionUpdate changes the non-nil fields of a session.
type SessionUpdate struct {
	OrgID      *int64 // 0 = no organisation selected
	ExpiresAt  *time.Time
	LastSeenAt *time.Time
}

// LoginAttempts stores failed sign-ins for rate limiting.
type LoginAttempts interface {
	// CreateLoginAttempt validates a and records it at the store's time,
	// setting a.At. It returns a *badge.Error if a is invalid.
	CreateLoginAttempt(ctx context.Context, a *badge.LoginAttempt) error
	// CountLoginAttempts returns the number of attempts for key at or after since.
	CountLoginAttempts(ctx context.Context, key string, since time.Time) (int, error)
	// DeleteLoginAttempts forgets the attempts for key (after a successful
	// sign-in) and returns how many there were.
	DeleteLoginAttempts(ctx context.Context, key string) (int, error)
	// DeleteLoginAttemptsBefore forgets attempts older than t and returns how many.
	DeleteLoginAttemptsBefore(ctx context.Context, t time.Time) (int, error)
}
