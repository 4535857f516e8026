// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// CreateLoginAttempt implements [store.LoginAttempts].
func (c *conn) CreateLoginAttempt(ctx context.Context, a *badge.LoginAttempt) error {
	if err := a.Validate(); err != nil {
		return err
	}
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO login_attempts (attempt_key, attempted_at) VALUES (?, ?)`, a.Key, c.d.ts(now))
	if err != nil {
		return err
	}
	a.At = now
	return nil
}

// CountLoginAttempts implements [store.LoginAttempts].
func (c *conn) CountLoginAttempts(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := c.row(ctx, `SELECT COUNT(*) FROM login_attempts WHERE attempt_key = ? AND attempted_at >= ?`,
		key, c.d.ts(since)).Scan(&n)
	return n, err
}

// DeleteLoginAttempts implements [store.LoginAttempts].
func (c *conn) DeleteLoginAttempts(ctx context.Context, key string) (int, error) {
	return c.exec(ctx, `DELETE FROM login_attempts WHERE attempt_key = ?`, key)
}

// DeleteLoginAttemptsBefore implements [store.LoginAttempts].
func (c *conn) DeleteLoginAttemptsBefore(ctx context.Context, t time.Time) (int, error) {
	return c.exec(ctx, `DELETE FROM login_attempts WHERE attempted_at < ?`, c.d.ts(t))
}
