// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
)

// APIClients stores OAuth 2.0 [badge.APIClient]s.
type APIClients interface {
	// CreateAPIClient validates c and inserts it, setting c.ID and
	// c.CreatedAt. It returns a *badge.Error if c is invalid, ErrNotFound if
	// the organisation or creator does not exist and ErrConflict if the
	// client id is taken.
	CreateAPIClient(ctx context.Context, c *badge.APIClient) error
	// FindAPIClientByID returns the client, revoked or not, or ErrNotFound.
	FindAPIClientByID(ctx context.Context, id int64) (*badge.APIClient, error)
	// FindAPIClientByClientID returns the unrevoked client with that public
	// client id, or ErrNotFound.
	FindAPIClientByClientID(ctx context.Context, clientID string) (*badge.APIClient, error)
	// FindAPIClients returns the clients matching f, ordered by id, and their total.
	FindAPIClients(ctx context.Context, f APIClientFilter) ([]*badge.APIClient, int, error)
	// UpdateAPIClient applies upd and returns the client. It returns
	// ErrNotFound or a *badge.Error if the result is invalid.
	UpdateAPIClient(ctx context.Context, id int64, upd APIClientUpdate) (*badge.APIClient, error)
	// RevokeAPIClient sets RevokedAt to now, deletes the client's access
	// tokens and returns the client. It returns ErrNotFound if there is no
	// such client or it is already revoked.
	RevokeAPIClient(ctx context.Context, id int64) (*badge.APIClient, error)
}

// APIClientFilter selects API clients; nil fields match everything.
type APIClientFilter struct {
	OrgID   *int64
	Revoked *bool
	Page
}

// APIClientUpdate changes the non-nil fields of an API client.
type APIClientUpdate struct {
	Name       *string
	Scopes     *[]string
	SecretHash *[]byte // a rotated secret
}

// AccessTokens stores bearer [badge.AccessToken]s.
type AccessTokens interface {
	// CreateAccessToken validates t and inserts it, setting t.CreatedAt. It
	// returns a *badge.Error if t is invalid, ErrNotFound if the client or
	// organisation does not exist and ErrConflict if the hash is already stored.
	CreateAccessToken(ctx context.Context, t *badge.AccessToken) error
	// FindAccessToken returns the unexpired token of an unrevoked client, or ErrNotFound.
	FindAccessToken(ctx context.Context, hash []byte) (*badge.AccessToken, error)
	// DeleteAccessToken revokes one token (RFC 7009). It returns ErrNotFound
	// if there is no such token.
	DeleteAccessToken(ctx context.Context, hash []byte) error
	// DeleteExpiredAccessTokens deletes expired tokens and returns how many.
	DeleteExpiredAccessTokens(ctx context.Context) (int, error)
}
