// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
)

func scanAccessToken(s scanner) (*badge.AccessToken, error) {
	var t badge.AccessToken
	err := s.Scan(&t.TokenHash, &t.ClientID, &t.OrgID, scopesDest{&t.Scopes},
		timeDest{&t.CreatedAt}, timeDest{&t.ExpiresAt})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateAccessToken implements [store.AccessTokens].
func (c *conn) CreateAccessToken(ctx context.Context, t *badge.AccessToken) error {
	if err := t.Validate(); err != nil {
		return err
	}
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO access_tokens (token_hash, client_id, org_id, scopes, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		t.TokenHash, t.ClientID, t.OrgID, joinScopes(t.Scopes), c.d.ts(now), c.d.ts(t.ExpiresAt))
	if err != nil {
		return err
	}
	t.CreatedAt, t.ExpiresAt = now, norm(t.ExpiresAt)
	return nil
}

// FindAccessToken implements [store.AccessTokens].
func (c *conn) FindAccessToken(ctx context.Context, hash []byte) (*badge.AccessToken, error) {
	return scanAccessToken(c.row(ctx, `SELECT t.token_hash, t.client_id, t.org_id, t.scopes, t.created_at, t.expires_at
		FROM access_tokens t JOIN api_clients c ON c.client_id = t.client_id
		WHERE t.token_hash = ? AND t.expires_at > ? AND c.revoked_at IS NULL`, hash, c.d.ts(c.clock())))
}

// DeleteAccessToken implements [store.AccessTokens].
func (c *conn) DeleteAccessToken(ctx context.Context, hash []byte) error {
	return c.execOne(ctx, `DELETE FROM access_tokens WHERE token_hash = ?`, hash)
}

// DeleteExpiredAccessTokens implements [store.AccessTokens].
func (c *conn) DeleteExpiredAccessTokens(ctx context.Context) (int, error) {
	return c.exec(ctx, `DELETE FROM access_tokens WHERE expires_at <= ?`, c.d.ts(c.clock()))
}
