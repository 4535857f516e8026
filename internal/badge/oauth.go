// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"fmt"
	"slices"
	"time"
)

// Limits of OAuth 2.0 clients registered by other software.
const (
	MaxRedirectURIs = 10 // redirect URIs of one client
	MaxGrantTypes   = 4
)

// Token endpoint authentication methods (RFC 7591 §2) and grant types
// (RFC 6749) an [OAuthClient] may register.
const (
	AuthClientSecretBasic = "client_secret_basic"
	AuthClientSecretPost  = "client_secret_post"

	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
)

// Kinds of [OAuthToken].
const (
	TokenAccess  = "access"
	TokenRefresh = "refresh"
)

// OAuthClient is software that registered itself by OAuth 2.0 dynamic
// client registration (RFC 7591) to act for wallet owners who allow it: a
// learning management system pushing badges, another wallet reading them.
// Unlike an [APIClient] it belongs to no organisation and can do nothing
// until a person grants it access. Only the SHA-256 of its secret is stored.
type OAuthClient struct {
	ID           int64
	ClientID     string // public identifier, unique
	SecretHash   []byte
	Name         string
	RedirectURIs []string // absolute URLs, compared exactly
	Scopes       []string // what it may ask a person for
	GrantTypes   []string // GrantAuthorizationCode, GrantRefreshToken
	AuthMethod   string   // AuthClientSecretBasic or AuthClientSecretPost, as registered
	// Metadata shown on the consent page (URLs are http or https).
	ClientURI, LogoURI, TOSURI, PolicyURI string
	SoftwareID, SoftwareVersion           string
	CreatedAt                             time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (c *OAuthClient) Validate() error {
	err := firstErr(
		requiredText("client_id", c.ClientID, MaxShortLen),
		requiredBytes("secret_hash", c.SecretHash, 128),
		requiredText("client_name", c.Name, MaxNameLen),
		scopes("scope", c.Scopes),
		httpURL("client_uri", c.ClientURI),
		httpURL("logo_uri", c.LogoURI),
		httpURL("tos_uri", c.TOSURI),
		httpURL("policy_uri", c.PolicyURI),
		text("software_id", c.SoftwareID, MaxShortLen),
		text("software_version", c.SoftwareVersion, MaxShortLen),
	)
	if err != nil {
		return err
	}
	if len(c.RedirectURIs) == 0 || len(c.RedirectURIs) > MaxRedirectURIs {
		return Invalid("redirect_uris", KeyRange, fmt.Sprintf("redirect_uris must hold 1 to %d URLs.", MaxRedirectURIs))
	}
	for _, u := range c.RedirectURIs {
		if err := httpURL("redirect_uris", u); err != nil || u == "" {
			return Invalid("redirect_uris", KeyURL, "redirect_uris must be http or https URLs.")
		}
	}
	if len(c.GrantTypes) == 0 || len(c.GrantTypes) > MaxGrantTypes {
		return Invalid("grant_types", KeyRange, "grant_types must name at least one grant type.")
	}
	for _, g := range c.GrantTypes {
		if g != GrantAuthorizationCode && g != GrantRefreshToken {
			return Invalid("grant_types", KeyKind, "grant_types may only hold authorization_code and refresh_token.")
		}
	}
	if c.AuthMethod != AuthClientSecretBasic && c.AuthMethod != AuthClientSecretPost {
		return Invalid("token_endpoint_auth_method", KeyKind, "token_endpoint_auth_method must be client_secret_basic or client_secret_post.")
	}
	return nil
}

// HasGrantType reports whether the client registered grant type g.
func (c *OAuthClient) HasGrantType(g string) bool { return slices.Contains(c.GrantTypes, g) }

// OAuthGrant is one person's permission for one [OAuthClient]: what they
// allowed on the consent page. Its authorization code and every token
// issued from it (refreshed ones too) point at it, so that revoking the
// grant — the person withdraws it, a code is used twice, a refresh token is
// revoked — ends them all at once.
type OAuthGrant struct {
	ID        int64
	ClientID  string // the client's public ClientID
	AccountID int64
	Scopes    []string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (g *OAuthGrant) Validate() error {
	return firstErr(
		requiredText("client_id", g.ClientID, MaxShortLen),
		positive("account_id", g.AccountID),
		scopes("scopes", g.Scopes),
	)
}

// AuthorizationCode is the single-use, short-lived code of the OAuth 2.0
// authorization code grant, bound to its redirect URI and to the PKCE
// (RFC 7636) S256 challenge of the request. Only its SHA-256 is stored.
type AuthorizationCode struct {
	CodeHash      []byte
	GrantID       int64
	RedirectURI   string
	CodeChallenge string // BASE64URL(SHA256(code_verifier)), 43 characters
	CreatedAt     time.Time
	ExpiresAt     time.Time
	UsedAt        *time.Time // set when exchanged for tokens
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (c *AuthorizationCode) Validate() error {
	err := firstErr(
		tokenHash("code_hash", c.CodeHash),
		positive("grant_id", c.GrantID),
		httpURL("redirect_uri", c.RedirectURI),
		required("redirect_uri", c.RedirectURI),
		requiredTime("expires_at", c.ExpiresAt),
	)
	if err == nil && len(c.CodeChallenge) != 43 {
		err = Invalid("code_challenge", KeyTokenFormat, "code_challenge must be a base64url SHA-256 digest (43 characters).")
	}
	return err
}

// OAuthToken is an access or refresh token of an [OAuthGrant]. Only its
// SHA-256 is stored. A refresh token is used once: refreshing marks it used
// and issues a new one (rotation). ClientID and AccountID are the grant's,
// filled in when the token is read.
type OAuthToken struct {
	TokenHash []byte
	GrantID   int64
	Kind      string   // TokenAccess or TokenRefresh
	Scopes    []string // the grant's, or fewer
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time // a refresh token that was exchanged

	ClientID  string
	AccountID int64
}

// Validate checks the fields a caller sets. It returns an [*Error] with code
// [CodeInvalid] naming the first bad field.
func (t *OAuthToken) Validate() error {
	err := firstErr(
		tokenHash("token_hash", t.TokenHash),
		positive("grant_id", t.GrantID),
		scopes("scopes", t.Scopes),
		requiredTime("expires_at", t.ExpiresAt),
	)
	if err == nil && t.Kind != TokenAccess && t.Kind != TokenRefresh {
		err = Invalid("kind", KeyKind, "kind must be access or refresh.")
	}
	return err
}

// HasScope reports whether the token grants scope.
func (t *OAuthToken) HasScope(scope string) bool { return slices.Contains(t.Scopes, scope) }
