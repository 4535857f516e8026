// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
)

const accountTokenCols = `token_hash, kind, account_id, email, created_at, expires_at, used_at`

func scanAccountToken(s scanner) (*badge.AccountToken, error) {
	var t badge.AccountToken
	err := s.Scan(&t.TokenHash, &t.Kind, &t.AccountID, &t.Email,
		timeDest{&t.CreatedAt}, timeDest{&t.ExpiresAt}, nullTimeDest{&t.UsedAt})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateAccountToken implements [store.AccountTokens].
func (c *conn) CreateAccountToken(ctx context.Context, t *badge.AccountToken) error {
	t.Email = badge.NormalizeEmail(t.Email)
	if err := t.Validate(); err != nil {
		return err
	}
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO account_tokens (`+accountTokenCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.TokenHash, t.Kind, t.AccountID, t.Email, c.d.ts(now), c.d.ts(t.ExpiresAt), c.d.nullTS(t.UsedAt))
	if err != nil {
		return err
	}
	t.CreatedAt, t.ExpiresAt, t.UsedAt = now, norm(t.ExpiresAt), normPtr(t.UsedAt)
	return nil
}

// FindAccountToken implements [store.AccountTokens].
func (c *conn) FindAccountToken(ctx context.Context, hash []byte, kind string) (*badge.AccountToken, error) {
	return scanAccountToken(c.row(ctx, `SELECT `+accountTokenCols+` FROM account_tokens
		WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?`,
		hash, kind, c.d.ts(c.clock())))
}

// UseAccountToken implements [store.AccountTokens].
func (c *conn) UseAccountToken(ctx context.Context, hash []byte, kind string) (*badge.AccountToken, error) {
	now := c.d.ts(c.clock())
	// One statement, so two concurrent uses cannot both succeed.
	return scanAccountToken(c.row(ctx, `UPDATE account_tokens SET used_at = ?
		WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?
		RETURNING `+accountTokenCols, now, hash, kind, now))
}

// DeleteAccountTokens implements [store.AccountTokens].
func (c *conn) DeleteAccountTokens(ctx context.Context, accountID int64, kind string) (int, error) {
	return c.exec(ctx, `DELETE FROM account_tokens WHERE account_id = ? AND kind = ?`, accountID, kind)
}

// DeleteExpiredAccountTokens implements [store.AccountTokens].
func (c *conn) DeleteExpiredAccountTokens(ctx context.Context) (int, error) {
	return c.exec(ctx, `DELETE FROM account_tokens WHERE expires_at <= ?`, c.d.ts(c.clock()))
}
