// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"slices"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// The OAuth 2.0 authorization server for wallet owners.
//
// Other software — a learning management system pushing badges (Moodle's
// Open Badges 2.1 backpack), a wallet app reading them — registers itself
// (RFC 7591, no initial access token), sends the wallet owner to the
// consent page (authorization code grant with PKCE S256, RFC 7636), and
// exchanges the code for an access token and a refresh token (rotated on
// every use). The tokens act for that one account, only through the Open
// Badges APIs, and only as far as the scopes the owner allowed.
//
// It is written here, on the store, sessions and CSRF protection the
// instance already has, rather than on an OAuth library: the grants are a
// few hundred lines, and the Open Badges specifications and Moodle each
// need small departures (both client authentication methods on one client,
// credentials in Basic authentication taken as sent) that are easier to
// state and test in our own code than to bend a library into.

// Scopes of the Open Badges APIs (OB 3.0 §"Scopes", OB 2.1 "Scopes"), and
// offline_access.
const (
	ScopeOB3CredentialRead   = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"
	ScopeOB3CredentialUpsert = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert"
	ScopeOB3ProfileRead      = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly"
	ScopeOB3ProfileUpdate    = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.update"
	ScopeOB2AssertionRead    = "https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.readonly"
	ScopeOB2AssertionCreate  = "https://purl.imsglobal.org/spec/ob/v2p1/scope/assertion.create"
	ScopeOB2ProfileRead      = "https://purl.imsglobal.org/spec/ob/v2p1/scope/profile.readonly"
	ScopeOB2ProfileUpdate    = "https://purl.imsglobal.org/spec/ob/v2p1/scope/profile.update"
	// ScopeOfflineAccess asks to keep access while the owner is away: a
	// refresh token. Clients allowed the refresh_token grant get one anyway;
	// the scope is accepted so that clients that ask for it are not refused.
	ScopeOfflineAccess = "offline_access"
)

// WalletScopes are the scopes a registered client may ask a wallet owner
// for, in the order the consent page lists them.
var WalletScopes = []string{
	ScopeOB3CredentialRead, ScopeOB3CredentialUpsert, ScopeOB3ProfileRead, ScopeOB3ProfileUpdate,
	ScopeOB2AssertionRead, ScopeOB2AssertionCreate, ScopeOB2ProfileRead, ScopeOB2ProfileUpdate,
	ScopeOfflineAccess,
}

// BadgeConnectScopes are the scopes the OB 2.1 manifest offers, in its
// order. profile.readonly comes first on purpose: Moodle's client drops the
// first offered scope when it asks for authorization (it means to drop
// "openid" and "profile", and drops index 0 when they are absent), and it
// needs the two assertion scopes that follow.
var BadgeConnectScopes = []string{ScopeOB2ProfileRead, ScopeOB2AssertionRead, ScopeOB2AssertionCreate}

// OB3Scopes are the scopes of the OB 3.0 API, as its discovery document
// lists them.
var OB3Scopes = []string{ScopeOB3CredentialRead, ScopeOB3CredentialUpsert, ScopeOB3ProfileRead, ScopeOB3ProfileUpdate}

// Lifetimes of what the authorization server hands out.
const (
	// AuthorizationCodeLifetime is short: the client exchanges the code
	// as soon as the browser brings it back (the OB 3.0 security
	// framework suggests at most ten minutes).
	AuthorizationCodeLifetime = 5 * time.Minute
	// WalletTokenLifetime is an access token's.
	WalletTokenLifetime = time.Hour
	// RefreshTokenLifetime is a refresh token's; each refresh issues a new
	// one, so a client in use keeps its access.
	RefreshTokenLifetime = 180 * 24 * time.Hour
)

// OAuth error codes (RFC 6749 §4.1.2.1, §5.2; RFC 7591 §3.2.2), carried in
// badge.Error.Key; the token and registration endpoints answer them as
// "error".
const (
	OAuthInvalidRequest          = "invalid_request"
	OAuthInvalidGrant            = "invalid_grant"
	OAuthUnauthorizedClient      = "unauthorized_client"
	OAuthUnsupportedGrantType    = "unsupported_grant_type"
	OAuthUnsupportedResponseType = "unsupported_response_type"
	OAuthAccessDenied            = "access_denied"
	OAuthInvalidRedirectURI      = "invalid_redirect_uri"
	OAuthInvalidClientMetadata   = "invalid_client_metadata"
)

// Prefixes of what the authorization server issues, so that a leaked
// string says what it is.
const (
	oauthClientPrefix  = "akd_" // a dynamically registered client id
	oauthCodePrefix    = "akc_" // an authorization code
	walletTokenPrefix  = "akw_" // an access token acting for a wallet owner
	refreshTokenPrefix = "akr_" // a refresh token
)

// parseScopes splits a space-separated scope parameter, dropping repeats.
func parseScopes(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// secretMatches compares a presented secret with the stored SHA-256 in
// constant time.
func secretMatches(secret string, hash []byte) bool {
	sum := sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(sum[:], hash) == 1
}

// oauthErr is an OAuth protocol error: code is the RFC's error code.
func oauthErr(code, msg string) *badge.Error { return badge.Invalid("", code, msg) }

// OAuthPurgeAfter is how long expired authorization codes and tokens are
// kept before [Service.PurgeExpiredOAuth] deletes them: while kept, a code
// or a rotated refresh token presented again is recognised as a reuse
// (and ends its grant) rather than answered as unknown.
const OAuthPurgeAfter = 24 * time.Hour

// PurgeExpiredOAuth deletes the authorization codes and tokens that
// expired more than [OAuthPurgeAfter] ago and returns how many. The
// server runs it periodically; grants stay (revoked ones too).
func (s *Service) PurgeExpiredOAuth(ctx context.Context) (int, error) {
	return s.Store.DeleteExpiredOAuth(ctx, s.now().Add(-OAuthPurgeAfter))
}
