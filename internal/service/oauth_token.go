// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// TokenRequest is a token request of the authorization code or refresh
// token grant (RFC 6749 §4.1.3, §6), with the client's credentials from
// whichever authentication method it used.
type TokenRequest struct {
	GrantType    string
	Code         string
	RedirectURI  string
	CodeVerifier string
	RefreshToken string
	Scope        string
	ClientID     string
	ClientSecret string
}

// WalletTokens is the answer of the token endpoint to a wallet client.
type WalletTokens struct {
	AccessToken  string
	RefreshToken string // "" when the client may not refresh
	Scopes       []string
	ExpiresIn    time.Duration
}

// codeVerifierRE is RFC 7636 §4.1: 43 to 128 unreserved characters.
var codeVerifierRE = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// ExchangeOAuthToken runs the authorization code and refresh token grants
// for a registered client. Errors carry the RFC 6749 §5.2 code as their
// key: invalid_client (unauthorized: unknown client or wrong secret),
// invalid_request, invalid_grant, invalid_scope, unsupported_grant_type.
//
// A code is used once. Presenting a used code again revokes the grant it
// was issued for, with every token issued from it (RFC 6749 §4.1.2); so
// does presenting a refresh token that was already exchanged (refresh
// tokens rotate: each use returns a new one).
func (s *Service) ExchangeOAuthToken(ctx context.Context, in TokenRequest) (*WalletTokens, error) {
	if in.GrantType != badge.GrantAuthorizationCode && in.GrantType != badge.GrantRefreshToken {
		return nil, oauthErr(OAuthUnsupportedGrantType, "grant_type must be authorization_code or refresh_token.")
	}
	c, err := s.authenticateOAuthClient(ctx, in.ClientID, in.ClientSecret)
	if err != nil {
		return nil, err
	}
	var out *WalletTokens
	var failure error // an answer that must not undo what the transaction did
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		var err error
		if in.GrantType == badge.GrantAuthorizationCode {
			out, failure, err = s.exchangeCode(ctx, tx, c, in)
		} else {
			out, failure, err = s.refresh(ctx, tx, c, in)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, failure
}

// authenticateOAuthClient checks a registered client's secret in constant
// time.
func (s *Service) authenticateOAuthClient(ctx context.Context, clientID, secret string) (*badge.OAuthClient, error) {
	c, err := s.Store.FindOAuthClient(ctx, clientID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	hash := make([]byte, sha256.Size) // compared even when there is no client, so timing tells nothing
	if c != nil {
		hash = c.SecretHash
	}
	if !secretMatches(secret, hash) || c == nil || clientID == "" {
		return nil, badge.Unauthorized(OAuthInvalidClient, "Unknown client or wrong secret.")
	}
	return c, nil
}

// exchangeCode runs the authorization code grant in tx. failure is an
// OAuth error answered after tx commits (a reused code's grant is revoked
// for good); err undoes tx.
func (s *Service) exchangeCode(ctx context.Context, tx store.Tx, c *badge.OAuthClient, in TokenRequest) (out *WalletTokens, failure, err error) {
	if in.Code == "" || in.CodeVerifier == "" {
		return nil, oauthErr(OAuthInvalidRequest, "code and code_verifier are required."), nil
	}
	invalid := oauthErr(OAuthInvalidGrant, "The authorization code is not valid, has expired or was already used.")
	code, err := tx.FindAuthorizationCode(ctx, hashToken(in.Code))
	if errors.Is(err, store.ErrNotFound) {
		return nil, invalid, nil
	}
	if err != nil {
		return nil, nil, err
	}
	g, err := tx.FindOAuthGrant(ctx, code.GrantID)
	if err != nil {
		return nil, nil, err
	}
	if g.ClientID != c.ClientID {
		return nil, invalid, nil // another client's code: theirs is left alone
	}
	// Used before: whoever has the code may have stolen it, so what it
	// gave is taken back.
	reused := func() (*WalletTokens, error, error) { return nil, invalid, tx.RevokeOAuthGrant(ctx, g.ID) }
	if code.UsedAt != nil {
		return reused()
	}
	redirectOK := in.RedirectURI == code.RedirectURI || in.RedirectURI == "" && len(c.RedirectURIs) == 1
	switch {
	case g.RevokedAt != nil || !s.now().Before(code.ExpiresAt):
		return nil, invalid, nil
	case !redirectOK:
		return nil, oauthErr(OAuthInvalidGrant, "redirect_uri is not the one of the authorization request."), nil
	case !codeVerifierRE.MatchString(in.CodeVerifier) || !pkceMatches(in.CodeVerifier, code.CodeChallenge):
		return nil, oauthErr(OAuthInvalidGrant, "code_verifier does not match the code challenge."), nil
	}
	// Only now is the code used up: a failed attempt above leaves it to
	// the client that holds the verifier. A concurrent exchange that got
	// here first counts as a reuse.
	if err := tx.UseAuthorizationCode(ctx, code.CodeHash); errors.Is(err, store.ErrNotFound) {
		return reused()
	} else if err != nil {
		return nil, nil, err
	}
	out, err = s.issueWalletTokens(ctx, tx, c, g, g.Scopes, g.Scopes)
	return out, nil, err
}

// pkceMatches reports whether BASE64URL(SHA256(verifier)) is challenge
// (RFC 7636 §4.6, method S256), in constant time.
func pkceMatches(verifier, challenge string) bool {
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// refresh runs the refresh token grant in tx, like exchangeCode.
func (s *Service) refresh(ctx context.Context, tx store.Tx, c *badge.OAuthClient, in TokenRequest) (out *WalletTokens, failure, err error) {
	if in.RefreshToken == "" {
		return nil, oauthErr(OAuthInvalidRequest, "refresh_token is required."), nil
	}
	invalid := oauthErr(OAuthInvalidGrant, "The refresh token is not valid, has expired or was revoked.")
	old, err := tx.FindOAuthToken(ctx, hashToken(in.RefreshToken))
	if errors.Is(err, store.ErrNotFound) {
		return nil, invalid, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if old.Kind != badge.TokenRefresh || old.ClientID != c.ClientID {
		return nil, invalid, nil
	}
	// A rotated refresh token came back (or a concurrent refresh used it
	// just now): someone kept a copy, so the grant ends.
	used := old.UsedAt != nil
	if !used {
		err := tx.UseOAuthToken(ctx, old.TokenHash)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, nil, err
		}
		used = err != nil
	}
	if used {
		return nil, invalid, tx.RevokeOAuthGrant(ctx, old.GrantID)
	}
	if !s.now().Before(old.ExpiresAt) {
		return nil, invalid, nil
	}
	scopes := old.Scopes
	if asked := parseScopes(in.Scope); len(asked) > 0 {
		for _, sc := range asked {
			if !slices.Contains(old.Scopes, sc) {
				return nil, oauthErr(OAuthInvalidScope, "A refresh may not ask for the scope "+sc+", which was not granted."), nil
			}
		}
		scopes = asked
	}
	g, err := tx.FindOAuthGrant(ctx, old.GrantID)
	if err != nil {
		return nil, nil, err
	}
	out, err = s.issueWalletTokens(ctx, tx, c, g, scopes, old.Scopes)
	return out, nil, err
}

// issueWalletTokens stores a new access token with scopes and, for a
// client that may refresh (it registered the refresh_token grant or was
// granted offline_access), a new refresh token with refreshScopes.
func (s *Service) issueWalletTokens(ctx context.Context, tx store.Tx, c *badge.OAuthClient, g *badge.OAuthGrant, scopes, refreshScopes []string) (*WalletTokens, error) {
	now := s.now()
	out := &WalletTokens{AccessToken: walletTokenPrefix + randomToken(43), Scopes: scopes, ExpiresIn: WalletTokenLifetime}
	err := tx.CreateOAuthToken(ctx, &badge.OAuthToken{TokenHash: hashToken(out.AccessToken), GrantID: g.ID,
		Kind: badge.TokenAccess, Scopes: scopes, ExpiresAt: now.Add(WalletTokenLifetime)})
	if err != nil {
		return nil, err
	}
	if !c.HasGrantType(badge.GrantRefreshToken) && !slices.Contains(g.Scopes, ScopeOfflineAccess) {
		return out, nil
	}
	out.RefreshToken = refreshTokenPrefix + randomToken(43)
	err = tx.CreateOAuthToken(ctx, &badge.OAuthToken{TokenHash: hashToken(out.RefreshToken), GrantID: g.ID,
		Kind: badge.TokenRefresh, Scopes: refreshScopes, ExpiresAt: now.Add(RefreshTokenLifetime)})
	return out, err
}

// RevokeOAuthToken revokes a token of the calling client (RFC 7009): an
// access token alone, or a refresh token with its whole grant (every token
// issued from the same authorization). An unknown token, or another
// client's, changes nothing and is no error, as RFC 7009 §2.2 answers for
// invalid tokens: a client cannot probe for tokens it does not hold. The
// error is invalid_client when the client's credentials are wrong.
func (s *Service) RevokeOAuthToken(ctx context.Context, clientID, secret, token string) error {
	c, err := s.authenticateOAuthClient(ctx, clientID, secret)
	if err != nil {
		return err
	}
	t, err := s.Store.FindOAuthToken(ctx, hashToken(strings.TrimSpace(token)))
	if errors.Is(err, store.ErrNotFound) || err == nil && t.ClientID != c.ClientID {
		return nil
	}
	if err != nil {
		return err
	}
	if t.Kind == badge.TokenRefresh {
		return s.Store.RevokeOAuthGrant(ctx, t.GrantID)
	}
	if err := s.Store.DeleteOAuthToken(ctx, t.TokenHash); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return nil
}

// AuthenticateWalletBearer returns the unexpired access token behind an
// Authorization header's bearer token (RFC 6750), issued to a registered
// client for a wallet owner, or an unauthorized error with key
// invalid_token.
func (s *Service) AuthenticateWalletBearer(ctx context.Context, header string) (*badge.OAuthToken, error) {
	scheme, tok, _ := strings.Cut(strings.TrimSpace(header), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, badge.Unauthorized("invalid_token", "A bearer token is required.")
	}
	t, err := s.Store.FindOAuthToken(ctx, hashToken(tok))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if err != nil || t.Kind != badge.TokenAccess || !s.now().Before(t.ExpiresAt) {
		return nil, badge.Unauthorized("invalid_token", "The access token is unknown, has expired or was revoked.")
	}
	return t, nil
}
