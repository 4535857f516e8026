// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// OAuth stores the authorization server's state for wallet owners'
// delegations: dynamically registered [badge.OAuthClient]s, the
// [badge.OAuthGrant]s people give them, and the grants' authorization codes
// and tokens. (The organisations' client-credentials clients are
// [APIClients].)
type OAuth interface {
	// CreateOAuthClient validates c and inserts it, setting c.ID and
	// c.CreatedAt. It returns a *badge.Error if c is invalid and ErrConflict
	// if the client id is taken.
	CreateOAuthClient(ctx context.Context, c *badge.OAuthClient) error
	// FindOAuthClient returns the client with that public client id, or
	// ErrNotFound.
	FindOAuthClient(ctx context.Context, clientID string) (*badge.OAuthClient, error)

	// CreateOAuthGrant validates g and inserts it, setting g.ID and
	// g.CreatedAt. It returns a *badge.Error if g is invalid and
	// ErrNotFound if the client or the account does not exist.
	CreateOAuthGrant(ctx context.Context, g *badge.OAuthGrant) error
	// FindOAuthGrant returns the grant, revoked or not, or ErrNotFound.
	FindOAuthGrant(ctx context.Context, id int64) (*badge.OAuthGrant, error)
	// FindLiveOAuthGrants returns the account's grants that can still act
	// at now, newest first: unrevoked, with an unexpired, unused
	// authorization code or an unexpired token that is not a spent refresh
	// token. Each comes with its client and when a token was last issued
	// from it.
	FindLiveOAuthGrants(ctx context.Context, accountID int64, now time.Time) ([]*LiveOAuthGrant, error)
	// RevokeOAuthGrant sets the grant's RevokedAt to now (unless it is
	// already revoked) and deletes its tokens. It returns ErrNotFound if
	// there is no such grant.
	RevokeOAuthGrant(ctx context.Context, id int64) error

	// CreateAuthorizationCode validates c and inserts it, setting
	// c.CreatedAt. It returns a *badge.Error if c is invalid, ErrNotFound if
	// the grant does not exist and ErrConflict if the hash is already stored.
	CreateAuthorizationCode(ctx context.Context, c *badge.AuthorizationCode) error
	// FindAuthorizationCode returns the code — expired, used or not, so
	// that a reused code can be told from an unknown one — or ErrNotFound.
	FindAuthorizationCode(ctx context.Context, hash []byte) (*badge.AuthorizationCode, error)
	// UseAuthorizationCode marks the code used at the store's time. It
	// returns ErrNotFound if there is no such code or it was used already
	// (so that of two concurrent exchanges only one succeeds).
	UseAuthorizationCode(ctx context.Context, hash []byte) error

	// CreateOAuthToken validates t and inserts it, setting t.CreatedAt. It
	// returns a *badge.Error if t is invalid, ErrNotFound if the grant does
	// not exist and ErrConflict if the hash is already stored.
	CreateOAuthToken(ctx context.Context, t *badge.OAuthToken) error
	// FindOAuthToken returns the token of an unrevoked grant, with the
	// grant's ClientID and AccountID — expired or used too, the caller
	// decides — or ErrNotFound.
	FindOAuthToken(ctx context.Context, hash []byte) (*badge.OAuthToken, error)
	// UseOAuthToken marks a refresh token used at the store's time. It
	// returns ErrNotFound if there is no such token or it was used already.
	UseOAuthToken(ctx context.Context, hash []byte) error
	// DeleteOAuthToken deletes one token. It returns ErrNotFound if there
	// is no such token.
	DeleteOAuthToken(ctx context.Context, hash []byte) error
	// DeleteExpiredOAuth deletes the codes and tokens that expired before
	// t and returns how many.
	DeleteExpiredOAuth(ctx context.Context, t time.Time) (int, error)
}

// LiveOAuthGrant is a grant that can still act, as
// [OAuth.FindLiveOAuthGrants] lists it.
type LiveOAuthGrant struct {
	*badge.OAuthGrant
	Client *badge.OAuthClient
	// LastTokenAt is when a token was last issued from the grant (its
	// code exchanged, or a refresh), nil when none is kept.
	LastTokenAt *time.Time
}
