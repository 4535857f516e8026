// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
)

// SigningKeys stores [badge.SigningKey]s. Keys are never deleted one by
// one, only retired, so that old badges still verify; they go when their
// organisation is deleted.
type SigningKeys interface {
	// CreateSigningKey validates k and inserts it, setting k.ID and
	// k.CreatedAt. It returns a *badge.Error if k is invalid and ErrNotFound
	// if the organisation does not exist.
	CreateSigningKey(ctx context.Context, k *badge.SigningKey) error
	// FindSigningKeyByID returns ErrNotFound if there is no such key.
	FindSigningKeyByID(ctx context.Context, id int64) (*badge.SigningKey, error)
	// FindSigningKeys returns the keys matching f, newest first, and their total.
	FindSigningKeys(ctx context.Context, f SigningKeyFilter) ([]*badge.SigningKey, int, error)
	// RetireSigningKey sets RetiredAt to now and returns the key. It returns
	// ErrNotFound if there is no such key or it is already retired.
	RetireSigningKey(ctx context.Context, id int64) (*badge.SigningKey, error)
}

// SigningKeyFilter selects signing keys; nil fields match everything.
type SigningKeyFilter struct {
	OrgID   *int64 // 0 = the instance's keys
	Kind    *string
	Retired *bool
	Page
}
