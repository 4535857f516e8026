// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const apiClientCols = `id, org_id, client_id, secret_hash, name, scopes, created_by, created_at, revoked_at`

func scanAPIClient(s scanner) (*badge.APIClient, error) {
	var a badge.APIClient
	err := s.Scan(&a.ID, &a.OrgID, &a.ClientID, &a.SecretHash, &a.Name, scopesDest{&a.Scopes},
		idDest{&a.CreatedBy}, timeDest{&a.CreatedAt}, nullTimeDest{&a.RevokedAt})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateAPIClient implements [store.APIClients].
func (c *conn) CreateAPIClient(ctx context.Context, a *badge.APIClient) error {
	if err := a.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO api_clients (org_id, client_id, secret_hash, name, scopes, created_by,
		created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.OrgID, a.ClientID, a.SecretHash, a.Name, joinScopes(a.Scopes), nullID(a.CreatedBy),
		c.d.ts(now), c.d.nullTS(a.RevokedAt),
	).Scan(&a.ID)
	if err != nil {
		return err
	}
	a.CreatedAt, a.RevokedAt = now, normPtr(a.RevokedAt)
	return nil
}

// FindAPIClientByID implements [store.APIClients].
func (c *conn) FindAPIClientByID(ctx context.Context, id int64) (*badge.APIClient, error) {
	return scanAPIClient(c.row(ctx, `SELECT `+apiClientCols+` FROM api_clients WHERE id = ?`, id))
}

// FindAPIClientByClientID implements [store.APIClients].
func (c *conn) FindAPIClientByClientID(ctx context.Context, clientID string) (*badge.APIClient, error) {
	return scanAPIClient(c.row(ctx, `SELECT `+apiClientCols+` FROM api_clients
		WHERE client_id = ? AND revoked_at IS NULL`, clientID))
}

// FindAPIClients implements [store.APIClients].
func (c *conn) FindAPIClients(ctx context.Context, f store.APIClientFilter) ([]*badge.APIClient, int, error) {
	var w where
	if f.OrgID != nil {
		w.add("org_id = ?", *f.OrgID)
	}
	if f.Revoked != nil {
		w.isNull("revoked_at", !*f.Revoked)
	}
	lq := listQuery{cols: apiClientCols, from: "api_clients", order: "id"}
	return findPage(ctx, c, lq, &w, f.Page, scanAPIClient)
}

// UpdateAPIClient implements [store.APIClients].
func (c *conn) UpdateAPIClient(ctx context.Context, id int64, upd store.APIClientUpdate) (*badge.APIClient, error) {
	var a *badge.APIClient
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if a, err = c.FindAPIClientByID(ctx, id); err != nil {
			return err
		}
		set(&a.Name, upd.Name)
		set(&a.Scopes, upd.Scopes)
		set(&a.SecretHash, upd.SecretHash)
		if err := a.Validate(); err != nil {
			return err
		}
		return c.execOne(ctx, `UPDATE api_clients SET name = ?, scopes = ?, secret_hash = ? WHERE id = ?`,
			a.Name, joinScopes(a.Scopes), a.SecretHash, a.ID)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// RevokeAPIClient implements [store.APIClients].
func (c *conn) RevokeAPIClient(ctx context.Context, id int64) (*badge.APIClient, error) {
	var a *badge.APIClient
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		a, err = scanAPIClient(c.row(ctx, `UPDATE api_clients SET revoked_at = ?
			WHERE id = ? AND revoked_at IS NULL RETURNING `+apiClientCols, c.d.ts(c.clock()), id))
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `DELETE FROM access_tokens WHERE client_id = ?`, a.ClientID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
