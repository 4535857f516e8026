// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"github.com/akashi-badges/akashi/internal/did"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// AccessTokenLifetime is how long a client-credentials token lives.
const AccessTokenLifetime = time.Hour

// IssuedToken is the answer of the token endpoint.
type IssuedToken struct {
	Token     string
	Scopes    []string
	ExpiresIn time.Duration
}

// OAuth error codes (RFC 6749 §5.2), carried in badge.Error.Key.
const (
	OAuthInvalidClient = "invalid_client"
	OAuthInvalidScope  = "invalid_scope"
)

// IssueClientToken runs the OAuth 2.0 client-credentials grant: it checks
// the client's secret and returns a bearer token with the requested scopes
// (all of the client's when none are asked for).
func (s *Service) IssueClientToken(ctx context.Context, clientID, secret string, requested []string) (*IssuedToken, error) {
	c, err := s.Store.FindAPIClientByClientID(ctx, clientID)
	sum := sha256.Sum256([]byte(secret))
	if err != nil || subtle.ConstantTimeCompare(sum[:], c.SecretHash) != 1 {
		return nil, badge.Unauthorized(OAuthInvalidClient, "Unknown client or wrong secret.")
	}
	scopes := c.Scopes
	if len(requested) > 0 {
		for _, r := range requested {
			if !contains(c.Scopes, r) {
				return nil, badge.Invalid("scope", OAuthInvalidScope, "The client may not ask for the scope "+r+".")
			}
		}
		scopes = requested
	}
	tok := "akt_" + randomToken(43)
	t := &badge.AccessToken{TokenHash: hashToken(tok), ClientID: c.ClientID, OrgID: c.OrgID, Scopes: scopes, ExpiresAt: s.now().Add(AccessTokenLifetime)}
	if err := s.Store.CreateAccessToken(ctx, t); err != nil {
		return nil, err
	}
	return &IssuedToken{Token: tok, Scopes: scopes, ExpiresIn: AccessTokenLifetime}, nil
}

// AuthenticateBearer returns the access token behind an Authorization
// header's bearer token, or an unauthorized error.
func (s *Service) AuthenticateBearer(ctx context.Context, header string) (*badge.AccessToken, error) {
	tok, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || tok == "" {
		return nil, badge.Unauthorized("invalid_token", "A bearer token is required.")
	}
	t, err := s.Store.FindAccessToken(ctx, hashToken(strings.TrimSpace(tok)))
	if err != nil {
		return nil, badge.Unauthorized("invalid_token", "The access token is unknown or has expired.")
	}
	return t, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// OrganizationView is the API's view of an organisation.
type OrganizationView struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	URL      string `json:"url,omitempty"`
	IssuerID string `json:"issuer_id"`
	// KeyDID is the did:key the W3C VC-API issues with (the same as
	// IssuerID unless the instance has an https base URL, then did:web).
	KeyDID string `json:"key_did"`
}

// OrganizationForToken returns the organisation an access token acts for.
func (s *Service) OrganizationForToken(ctx context.Context, t *badge.AccessToken) (*OrganizationView, error) {
	o, err := s.Store.FindOrganizationByID(ctx, t.OrgID)
	if err != nil {
		return nil, err
	}
	issuer, err := s.IssuerDID(ctx, o)
	if err != nil {
		return nil, err
	}
	pub, err := s.currentEd25519(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	return &OrganizationView{ID: o.ID, Slug: o.Slug, Name: o.Name, URL: o.URL, IssuerID: issuer, KeyDID: did.KeyDID(pub)}, nil
}
