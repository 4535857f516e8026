// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const oauthClientCols = `id, client_id, secret_hash, name, redirect_uris, scopes, grant_types, auth_method,
	client_uri, logo_uri, tos_uri, policy_uri, software_id, software_version, created_at`

func scanOAuthClient(s scanner) (*badge.OAuthClient, error) {
	var c badge.OAuthClient
	err := s.Scan(&c.ID, &c.ClientID, &c.SecretHash, &c.Name, jsonDest{&c.RedirectURIs}, scopesDest{&c.Scopes},
		scopesDest{&c.GrantTypes}, &c.AuthMethod, &c.ClientURI, &c.LogoURI, &c.TOSURI, &c.PolicyURI,
		&c.SoftwareID, &c.SoftwareVersion, timeDest{&c.CreatedAt})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// CreateOAuthClient implements [store.OAuth].
func (c *conn) CreateOAuthClient(ctx context.Context, o *badge.OAuthClient) error {
	if err := o.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO oauth_clients (client_id, secret_hash, name, redirect_uris, scopes, grant_types,
		auth_method, client_uri, logo_uri, tos_uri, policy_uri, software_id, software_version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.ClientID, o.SecretHash, o.Name, jsonText(o.RedirectURIs), joinScopes(o.Scopes), joinScopes(o.GrantTypes),
		o.AuthMethod, o.ClientURI, o.LogoURI, o.TOSURI, o.PolicyURI, o.SoftwareID, o.SoftwareVersion, c.d.ts(now),
	).Scan(&o.ID)
	if err != nil {
		return err
	}
	o.CreatedAt = now
	return nil
}

// FindOAuthClient implements [store.OAuth].
func (c *conn) FindOAuthClient(ctx context.Context, clientID string) (*badge.OAuthClient, error) {
	return scanOAuthClient(c.row(ctx, `SELECT `+oauthClientCols+` FROM oauth_clients WHERE client_id = ?`, clientID))
}

const oauthGrantCols = `id, client_id, account_id, scopes, created_at, revoked_at`

func scanOAuthGrant(s scanner) (*badge.OAuthGrant, error) {
	var g badge.OAuthGrant
	err := s.Scan(&g.ID, &g.ClientID, &g.AccountID, scopesDest{&g.Scopes}, timeDest{&g.CreatedAt}, nullTimeDest{&g.RevokedAt})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// CreateOAuthGrant implements [store.OAuth].
func (c *conn) CreateOAuthGrant(ctx context.Context, g *badge.OAuthGrant) error {
	if err := g.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO oauth_grants (client_id, account_id, scopes, created_at, revoked_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		g.ClientID, g.AccountID, joinScopes(g.Scopes), c.d.ts(now), c.d.nullTS(g.RevokedAt)).Scan(&g.ID)
	if err != nil {
		return err
	}
	g.CreatedAt, g.RevokedAt = now, normPtr(g.RevokedAt)
	return nil
}

// FindOAuthGrant implements [store.OAuth].
func (c *conn) FindOAuthGrant(ctx context.Context, id int64) (*badge.OAuthGrant, error) {
	return scanOAuthGrant(c.row(ctx, `SELECT `+oauthGrantCols+` FROM oauth_grants WHERE id = ?`, id))
}

// FindLiveOAuthGrants implements [store.OAuth].
func (c *conn) FindLiveOAuthGrants(ctx context.Context, accountID int64, now time.Time) ([]*store.LiveOAuthGrant, error) {
	at := c.d.ts(now)
	return list(ctx, c, `SELECT g.id, g.client_id, g.account_id, g.scopes, g.created_at, g.revoked_at,
		c.id, c.client_id, c.secret_hash, c.name, c.redirect_uris, c.scopes, c.grant_types, c.auth_method,
		c.client_uri, c.logo_uri, c.tos_uri, c.policy_uri, c.software_id, c.software_version, c.created_at,
		(SELECT MAX(t.created_at) FROM oauth_tokens t WHERE t.grant_id = g.id)
		FROM oauth_grants g JOIN oauth_clients c ON c.client_id = g.client_id
		WHERE g.account_id = ? AND g.revoked_at IS NULL AND (
			EXISTS (SELECT 1 FROM oauth_tokens t WHERE t.grant_id = g.id AND t.expires_at > ? AND t.used_at IS NULL)
			OR EXISTS (SELECT 1 FROM oauth_codes x WHERE x.grant_id = g.id AND x.expires_at > ? AND x.used_at IS NULL))
		ORDER BY g.created_at DESC, g.id DESC`, []any{accountID, at, at}, scanLiveOAuthGrant)
}

func scanLiveOAuthGrant(s scanner) (*store.LiveOAuthGrant, error) {
	var g badge.OAuthGrant
	var o badge.OAuthClient
	out := &store.LiveOAuthGrant{OAuthGrant: &g, Client: &o}
	err := s.Scan(&g.ID, &g.ClientID, &g.AccountID, scopesDest{&g.Scopes}, timeDest{&g.CreatedAt}, nullTimeDest{&g.RevokedAt},
		&o.ID, &o.ClientID, &o.SecretHash, &o.Name, jsonDest{&o.RedirectURIs}, scopesDest{&o.Scopes},
		scopesDest{&o.GrantTypes}, &o.AuthMethod, &o.ClientURI, &o.LogoURI, &o.TOSURI, &o.PolicyURI,
		&o.SoftwareID, &o.SoftwareVersion, timeDest{&o.CreatedAt}, nullTimeDest{&out.LastTokenAt})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeOAuthGrant implements [store.OAuth].
func (c *conn) RevokeOAuthGrant(ctx context.Context, id int64) error {
	return c.atomic(ctx, func(c *conn) error {
		// COALESCE keeps the first revocation's time.
		err := c.execOne(ctx, `UPDATE oauth_grants SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`,
			c.d.ts(c.clock()), id)
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `DELETE FROM oauth_tokens WHERE grant_id = ?`, id)
		return err
	})
}

const authCodeCols = `code_hash, grant_id, redirect_uri, code_challenge, created_at, expires_at, used_at`

func scanAuthorizationCode(s scanner) (*badge.AuthorizationCode, error) {
	var x badge.AuthorizationCode
	err := s.Scan(&x.CodeHash, &x.GrantID, &x.RedirectURI, &x.CodeChallenge, timeDest{&x.CreatedAt},
		timeDest{&x.ExpiresAt}, nullTimeDest{&x.UsedAt})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// CreateAuthorizationCode implements [store.OAuth].
func (c *conn) CreateAuthorizationCode(ctx context.Context, x *badge.AuthorizationCode) error {
	if err := x.Validate(); err != nil {
		return err
	}
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO oauth_codes (`+authCodeCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		x.CodeHash, x.GrantID, x.RedirectURI, x.CodeChallenge, c.d.ts(now), c.d.ts(x.ExpiresAt), c.d.nullTS(x.UsedAt))
	if err != nil {
		return err
	}
	x.CreatedAt, x.ExpiresAt, x.UsedAt = now, norm(x.ExpiresAt), normPtr(x.UsedAt)
	return nil
}

// FindAuthorizationCode implements [store.OAuth].
func (c *conn) FindAuthorizationCode(ctx context.Context, hash []byte) (*badge.AuthorizationCode, error) {
	return scanAuthorizationCode(c.row(ctx, `SELECT `+authCodeCols+` FROM oauth_codes WHERE code_hash = ?`, hash))
}

// UseAuthorizationCode implements [store.OAuth].
func (c *conn) UseAuthorizationCode(ctx context.Context, hash []byte) error {
	return c.execOne(ctx, `UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL`,
		c.d.ts(c.clock()), hash)
}

const oauthTokenCols = `t.token_hash, t.grant_id, t.kind, t.scopes, t.created_at, t.expires_at, t.used_at,
	g.client_id, g.account_id`

func scanOAuthToken(s scanner) (*badge.OAuthToken, error) {
	var t badge.OAuthToken
	err := s.Scan(&t.TokenHash, &t.GrantID, &t.Kind, scopesDest{&t.Scopes}, timeDest{&t.CreatedAt},
		timeDest{&t.ExpiresAt}, nullTimeDest{&t.UsedAt}, &t.ClientID, &t.AccountID)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateOAuthToken implements [store.OAuth].
func (c *conn) CreateOAuthToken(ctx context.Context, t *badge.OAuthToken) error {
	if err := t.Validate(); err != nil {
		return err
	}
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO oauth_tokens (token_hash, grant_id, kind, scopes, created_at, expires_at, used_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.TokenHash, t.GrantID, t.Kind, joinScopes(t.Scopes), c.d.ts(now), c.d.ts(t.ExpiresAt), c.d.nullTS(t.UsedAt))
	if err != nil {
		return err
	}
	t.CreatedAt, t.ExpiresAt, t.UsedAt = now, norm(t.ExpiresAt), normPtr(t.UsedAt)
	return nil
}

// FindOAuthToken implements [store.OAuth].
func (c *conn) FindOAuthToken(ctx context.Context, hash []byte) (*badge.OAuthToken, error) {
	return scanOAuthToken(c.row(ctx, `SELECT `+oauthTokenCols+`
		FROM oauth_tokens t JOIN oauth_grants g ON g.id = t.grant_id
		WHERE t.token_hash = ? AND g.revoked_at IS NULL`, hash))
}

// UseOAuthToken implements [store.OAuth].
func (c *conn) UseOAuthToken(ctx context.Context, hash []byte) error {
	return c.execOne(ctx, `UPDATE oauth_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`,
		c.d.ts(c.clock()), hash)
}

// DeleteOAuthToken implements [store.OAuth].
func (c *conn) DeleteOAuthToken(ctx context.Context, hash []byte) error {
	return c.execOne(ctx, `DELETE FROM oauth_tokens WHERE token_hash = ?`, hash)
}

// DeleteExpiredOAuth implements [store.OAuth].
func (c *conn) DeleteExpiredOAuth(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := c.atomic(ctx, func(c *conn) error {
		codes, err := c.exec(ctx, `DELETE FROM oauth_codes WHERE expires_at < ?`, c.d.ts(t))
		if err != nil {
			return err
		}
		toks, err := c.exec(ctx, `DELETE FROM oauth_tokens WHERE expires_at < ?`, c.d.ts(t))
		n = codes + toks
		return err
	})
	return n, err
}
