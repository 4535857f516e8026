// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// Scopes of the REST API's client-credentials clients.
const (
	ScopeIssue = "akashi:issue" // award badges, revoke, use the VC-API issue endpoint
	ScopeRead  = "akashi:read"  // read badges, awards and recipients
)

// DefaultClientScopes are given to a client created without scopes.
var DefaultClientScopes = []string{ScopeIssue, ScopeRead}

// NewAPIClient is the input of [Service.CreateAPIClient].
type NewAPIClient struct {
	OrgID  int64
	Name   string
	Scopes []string
}

// CreatedAPIClient is a new client with its secret, shown once.
type CreatedAPIClient struct {
	Client *badge.APIClient
	Secret string
}

// CreateAPIClient creates an OAuth 2.0 client-credentials client for an
// organisation. Admins and owners only. The secret is returned once; only
// its SHA-256 is stored (it is 256 bits of randomness, so a slow hash adds
// nothing).
func (s *Service) CreateAPIClient(ctx context.Context, in NewAPIClient) (*CreatedAPIClient, error) {
	if len(in.Scopes) == 0 {
		in.Scopes = DefaultClientScopes
	}
	secret := randomToken(43)
	sum := sha256.Sum256([]byte(secret))
	c := &badge.APIClient{OrgID: in.OrgID, ClientID: "akc_" + randomToken(20), SecretHash: sum[:], Name: in.Name,
		Scopes: in.Scopes, CreatedBy: ActorFrom(ctx).AccountID}
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, in.OrgID, badge.RoleAdmin); err != nil {
			return err
		}
		if err := tx.CreateAPIClient(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, in.OrgID, "api_client.create", "api_client", fmt.Sprint(c.ID), "")
	})
	if err != nil {
		return nil, err
	}
	return &CreatedAPIClient{Client: c, Secret: secret}, nil
}

// APIClients lists an organisation's clients (revoked ones too); admins only.
func (s *Service) APIClients(ctx context.Context, orgID int64) ([]*badge.APIClient, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleAdmin); err != nil {
		return nil, err
	}
	cs, _, err := s.Store.FindAPIClients(ctx, store.APIClientFilter{OrgID: &orgID})
	return cs, err
}

// RevokeAPIClient revokes a client and its tokens; admins only.
func (s *Service) RevokeAPIClient(ctx context.Context, orgID, clientID int64) error {
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleAdmin); err != nil {
			return err
		}
		c, err := tx.FindAPIClientByID(ctx, clientID)
		if err != nil || c.OrgID != orgID {
			return badge.NotFound("error.not_found", "No such API client.")
		}
		if _, err := tx.RevokeAPIClient(ctx, clientID); err != nil {
			return badge.NotFound("error.not_found", "This API client is already revoked.")
		}
		return s.audit(ctx, tx, orgID, "api_client.revoke", "api_client", fmt.Sprint(clientID), "")
	})
}
