// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// AuthorizationRequest is an authorization request as sent to the
// authorization endpoint (RFC 6749 §4.1.1, RFC 7636 §4.3).
type AuthorizationRequest struct {
	ResponseType        string
	ClientID            string
	RedirectURI         string
	Scope               string
	State               string
	CodeChallenge       string
	CodeChallengeMethod string
	// Repeated names a parameter that was sent more than once, which
	// RFC 6749 §3.1 forbids; "" when none was.
	Repeated string
}

// Authorization is a checked authorization request: what the consent page
// shows and what the owner allows or denies.
type Authorization struct {
	Client      *badge.OAuthClient
	RedirectURI string   // the registered URI the browser goes back to
	Scopes      []string // what the client asks for, in WalletScopes order
}

// AuthorizationRedirect is an error of an authorization request that goes
// back to the client (RFC 6749 §4.1.2.1): the browser is sent to URL,
// which carries Code, the description and the request's state.
type AuthorizationRedirect struct {
	URL         string
	Code        string
	Description string
}

// Error returns the OAuth error code and description.
func (e *AuthorizationRedirect) Error() string { return "oauth: " + e.Code + ": " + e.Description }

// Message keys of the authorization errors that cannot go back to the
// client, because its identity or return address is in doubt (RFC 6749
// §4.1.2.1): the page shows them to the person instead.
const (
	KeyOAuthUnknownClient = "oauth.unknown_client"
	KeyOAuthBadRedirect   = "oauth.bad_redirect_uri"
)

// codeChallengeRE matches an S256 code challenge: the base64url encoding,
// without padding, of a SHA-256 digest.
var codeChallengeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// CheckAuthorization checks an authorization request before the consent
// page is shown, and again when it is answered. An unknown client or a
// redirect URI that is not one the client registered is a *badge.Error
// (keys [KeyOAuthUnknownClient], [KeyOAuthBadRedirect]) to show on a page;
// every other problem is an [*AuthorizationRedirect]. PKCE with S256 is
// required: a request without a code challenge, or with the method plain,
// is refused.
func (s *Service) CheckAuthorization(ctx context.Context, in AuthorizationRequest) (*Authorization, error) {
	c, err := s.Store.FindOAuthClient(ctx, in.ClientID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, badge.Invalid("client_id", KeyOAuthUnknownClient, "The application asking for access is not registered here.")
	}
	if err != nil {
		return nil, err
	}
	redirect := in.RedirectURI
	if redirect == "" && len(c.RedirectURIs) == 1 {
		redirect = c.RedirectURIs[0]
	}
	if !slices.Contains(c.RedirectURIs, redirect) {
		return nil, badge.Invalid("redirect_uri", KeyOAuthBadRedirect, "The address to return to is not one the application registered.")
	}
	fail := func(code, desc string) error {
		return s.authorizationError(redirect, in.State, code, desc)
	}
	switch {
	case in.Repeated != "":
		return nil, fail(OAuthInvalidRequest, "The parameter "+in.Repeated+" was sent more than once.")
	case in.ResponseType != "code":
		return nil, fail(OAuthUnsupportedResponseType, "Only the authorization code flow (response_type=code) is supported.")
	case in.CodeChallenge == "":
		return nil, fail(OAuthInvalidRequest, "PKCE is required: send code_challenge with code_challenge_method=S256.")
	case in.CodeChallengeMethod != "S256":
		return nil, fail(OAuthInvalidRequest, "Only the PKCE code_challenge_method S256 is supported.")
	case !codeChallengeRE.MatchString(in.CodeChallenge):
		return nil, fail(OAuthInvalidRequest, "code_challenge must be the base64url SHA-256 of the code verifier (43 characters).")
	}
	asked := parseScopes(in.Scope)
	if len(asked) == 0 {
		asked = c.Scopes
	}
	for _, sc := range asked {
		if !slices.Contains(c.Scopes, sc) {
			return nil, fail(OAuthInvalidScope, fmt.Sprintf("The scope %q is not one this application registered.", sc))
		}
	}
	var scopes []string
	for _, sc := range WalletScopes { // a stable order for the page and the token
		if slices.Contains(asked, sc) {
			scopes = append(scopes, sc)
		}
	}
	return &Authorization{Client: c, RedirectURI: redirect, Scopes: scopes}, nil
}

// Authorize records the signed-in wallet owner's permission for the
// request and returns the address to send the browser back to, carrying a
// new authorization code (single use, [AuthorizationCodeLifetime]), the
// state, the scopes granted and the issuer (RFC 9207).
func (s *Service) Authorize(ctx context.Context, in AuthorizationRequest) (string, error) {
	accountID, err := walletActor(ctx)
	if err != nil {
		return "", err
	}
	az, err := s.CheckAuthorization(ctx, in)
	if err != nil {
		return "", err
	}
	code := oauthCodePrefix + randomToken(43)
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		g := &badge.OAuthGrant{ClientID: az.Client.ClientID, AccountID: accountID, Scopes: az.Scopes}
		if err := tx.CreateOAuthGrant(ctx, g); err != nil {
			return err
		}
		return tx.CreateAuthorizationCode(ctx, &badge.AuthorizationCode{CodeHash: hashToken(code), GrantID: g.ID,
			RedirectURI: az.RedirectURI, CodeChallenge: in.CodeChallenge, ExpiresAt: s.now().Add(AuthorizationCodeLifetime)})
	})
	if err != nil {
		return "", err
	}
	// scope is not part of RFC 6749's authorization response, but
	// Moodle's older badges/oauth2callback.php requires it.
	return s.authorizationResponse(az.RedirectURI, url.Values{"code": {code}, "state": {in.State},
		"scope": {strings.Join(az.Scopes, " ")}}), nil
}

// DenyAuthorization returns the address to send the browser back to when
// the owner refuses: the error access_denied.
func (s *Service) DenyAuthorization(ctx context.Context, in AuthorizationRequest) (string, error) {
	az, err := s.CheckAuthorization(ctx, in)
	if err != nil {
		return "", err
	}
	return s.authorizationError(az.RedirectURI, in.State, OAuthAccessDenied, "The wallet owner did not allow access.").URL, nil
}

// Issuer is the authorization server's issuer identifier (RFC 8414), the
// instance's base URL; responses name it in "iss" (RFC 9207).
func (s *Service) Issuer() string { return s.BaseURL }

func (s *Service) authorizationError(redirect, state, code, desc string) *AuthorizationRedirect {
	u := s.authorizationResponse(redirect, url.Values{"error": {code}, "error_description": {desc}, "state": {state}})
	return &AuthorizationRedirect{URL: u, Code: code, Description: desc}
}

// authorizationResponse adds params (and iss) to the redirect URI, keeping
// its own query (RFC 6749 §3.1.2); an empty state is left out.
func (s *Service) authorizationResponse(redirect string, params url.Values) string {
	u, err := url.Parse(redirect)
	if err != nil { // registered URIs parsed when registered
		return redirect
	}
	q := u.Query()
	for k, vs := range params {
		if len(vs) > 0 && vs[0] != "" {
			q.Set(k, vs[0])
		}
	}
	q.Set("iss", s.Issuer())
	u.RawQuery = q.Encode()
	return u.String()
}
