// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// ConnectedApp is software a wallet owner let act for them, as the
// wallet's connected apps page shows it: one per client, its live grants
// (those still holding a usable code or token) together, since every
// Allow on the consent page gives a new grant.
type ConnectedApp struct {
	// ID is the client's newest live grant, which disconnecting names.
	ID     int64
	Client *badge.OAuthClient
	// Scopes are what the grants allow together, in [WalletScopes] order.
	Scopes []string
	// GrantedAt is when the oldest of the grants was given.
	GrantedAt time.Time
	// LastUsedAt is when the app last got a token (a code exchanged or a
	// refresh), nil when that is not known.
	LastUsedAt *time.Time
}

// connectedAppNotFound is the answer for another account's grant, a
// revoked one, or none.
func connectedAppNotFound() error {
	return badge.NotFound("error.not_found", "No such connected app in your wallet.")
}

// ConnectedApps returns the software the signed-in wallet owner lets act
// for them, the most recently allowed first.
func (s *Service) ConnectedApps(ctx context.Context) ([]*ConnectedApp, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	gs, err := s.Store.FindLiveOAuthGrants(ctx, id, s.now())
	if err != nil {
		return nil, err
	}
	var apps []*ConnectedApp
	byClient := map[string]*ConnectedApp{}
	for _, g := range gs { // newest first
		app := byClient[g.ClientID]
		if app == nil {
			app = &ConnectedApp{ID: g.ID, Client: g.Client, GrantedAt: g.CreatedAt}
			byClient[g.ClientID] = app
			apps = append(apps, app)
		}
		if g.CreatedAt.Before(app.GrantedAt) {
			app.GrantedAt = g.CreatedAt
		}
		if g.LastTokenAt != nil && (app.LastUsedAt == nil || g.LastTokenAt.After(*app.LastUsedAt)) {
			app.LastUsedAt = g.LastTokenAt
		}
		for _, sc := range g.Scopes {
			if !slices.Contains(app.Scopes, sc) {
				app.Scopes = append(app.Scopes, sc)
			}
		}
	}
	for _, app := range apps {
		slices.SortStableFunc(app.Scopes, func(a, b string) int {
			return scopeRank(a) - scopeRank(b)
		})
	}
	return apps, nil
}

// scopeRank is a scope's place in WalletScopes; unknown ones go last.
func scopeRank(sc string) int {
	if i := slices.Index(WalletScopes, sc); i >= 0 {
		return i
	}
	return len(WalletScopes)
}

// DisconnectApp ends the signed-in wallet owner's grant id and every other
// live grant they gave the same client, with every access and refresh
// token issued from them: the app can no longer use the wallet, until the
// owner allows it again. It returns the client. Another account's grant,
// a revoked one or none is not found.
func (s *Service) DisconnectApp(ctx context.Context, grantID int64) (*badge.OAuthClient, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	var client *badge.OAuthClient
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		g, err := tx.FindOAuthGrant(ctx, grantID)
		if errors.Is(err, store.ErrNotFound) || err == nil && (g.AccountID != id || g.RevokedAt != nil) {
			return connectedAppNotFound()
		}
		if err != nil {
			return err
		}
		if client, err = tx.FindOAuthClient(ctx, g.ClientID); err != nil {
			return err
		}
		live, err := tx.FindLiveOAuthGrants(ctx, id, s.now())
		if err != nil {
			return err
		}
		ids := []int64{g.ID}
		for _, other := range live {
			if other.ClientID == g.ClientID && other.ID != g.ID {
				ids = append(ids, other.ID)
			}
		}
		for _, gid := range ids {
			if err := tx.RevokeOAuthGrant(ctx, gid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return client, nil
}
