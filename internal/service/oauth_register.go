// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"errors"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// Limits of dynamic client registration: it needs no token, so anyone may
// register; these keep one address, or everyone together, from filling
// the table. Moodle registers once per configured backpack.
const (
	RegisterWindow      = time.Hour
	RegisterLimitPerIP  = 20
	RegisterLimitGlobal = 500
)

// ClientRegistration is the client metadata of an RFC 7591 registration
// request, as sent.
type ClientRegistration struct {
	ClientName              string   `json:"client_name"`
	RedirectURIs            []string `json:"redirect_uris"`
	Scope                   string   `json:"scope"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	ClientURI               string   `json:"client_uri"`
	LogoURI                 string   `json:"logo_uri"`
	TOSURI                  string   `json:"tos_uri"`
	PolicyURI               string   `json:"policy_uri"`
	SoftwareID              string   `json:"software_id"`
	SoftwareVersion         string   `json:"software_version"`
}

// RegisteredClient is a new client with its secret, shown once.
type RegisteredClient struct {
	Client *badge.OAuthClient
	Secret string
}

// RegisterOAuthClient registers a client (RFC 7591) for the wallet APIs.
// Defaults: the name is the first redirect URI's host, the scopes are all
// of [WalletScopes], the grant types authorization_code and refresh_token,
// the authentication method client_secret_basic. Scopes the server does
// not know are left out (RFC 7591 lets the server replace what it asked
// for); the response says which it has. ip is the caller's address, for
// the rate limit. Errors carry the RFC 7591 codes invalid_redirect_uri and
// invalid_client_metadata as their key, or are rate_limited.
func (s *Service) RegisterOAuthClient(ctx context.Context, in ClientRegistration, ip string) (*RegisteredClient, error) {
	if err := s.registrationAllowed(ctx, ip); err != nil {
		return nil, err
	}
	c, err := s.clientFromMetadata(in)
	if err != nil {
		return nil, err
	}
	secret := randomToken(43)
	sum := sha256.Sum256([]byte(secret))
	c.ClientID, c.SecretHash = oauthClientPrefix+randomToken(22), sum[:]
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		for _, k := range registerKeys(ip) {
			if err := tx.CreateLoginAttempt(ctx, &badge.LoginAttempt{Key: k}); err != nil {
				return err
			}
		}
		return tx.CreateOAuthClient(ctx, c)
	})
	if e, ok := asBadgeError(err); ok && e.Code == badge.CodeInvalid {
		return nil, oauthErr(OAuthInvalidClientMetadata, e.Message)
	}
	if err != nil {
		return nil, err
	}
	return &RegisteredClient{Client: c, Secret: secret}, nil
}

func registerKeys(ip string) []string {
	keys := []string{"oauth-register"}
	if ip != "" {
		keys = append(keys, "oauth-register:"+ip)
	}
	return keys
}

// registrationAllowed answers rate_limited past the registration limits.
func (s *Service) registrationAllowed(ctx context.Context, ip string) error {
	since := s.now().Add(-RegisterWindow)
	for _, k := range registerKeys(ip) {
		n, err := s.Store.CountLoginAttempts(ctx, k, since)
		if err != nil {
			return err
		}
		limit := RegisterLimitPerIP
		if k == "oauth-register" {
			limit = RegisterLimitGlobal
		}
		if n >= limit {
			return badge.RateLimited("oauth.register_rate_limited", "Too many client registrations. Try again later.")
		}
	}
	return nil
}

// clientFromMetadata checks the request and fills in the defaults.
func (s *Service) clientFromMetadata(in ClientRegistration) (*badge.OAuthClient, error) {
	if len(in.RedirectURIs) == 0 {
		return nil, oauthErr(OAuthInvalidRedirectURI, "redirect_uris is required.")
	}
	for _, u := range in.RedirectURIs {
		if err := s.checkRedirectURI(u); err != nil {
			return nil, err
		}
	}
	for _, rt := range in.ResponseTypes {
		if rt != "code" {
			return nil, oauthErr(OAuthInvalidClientMetadata, "Only the response type code is supported.")
		}
	}
	grants := in.GrantTypes
	if len(grants) == 0 {
		grants = []string{badge.GrantAuthorizationCode, badge.GrantRefreshToken}
	}
	if !slices.Contains(grants, badge.GrantAuthorizationCode) {
		return nil, oauthErr(OAuthInvalidClientMetadata, "grant_types must include authorization_code.")
	}
	method := in.TokenEndpointAuthMethod
	switch method {
	case "":
		method = badge.AuthClientSecretBasic
	case badge.AuthClientSecretBasic, badge.AuthClientSecretPost:
	default:
		return nil, oauthErr(OAuthInvalidClientMetadata, "token_endpoint_auth_method must be client_secret_basic or client_secret_post: clients here have a secret.")
	}
	scopes := WalletScopes
	if in.Scope != "" {
		scopes = nil
		for _, sc := range parseScopes(in.Scope) {
			if slices.Contains(WalletScopes, sc) {
				scopes = append(scopes, sc)
			}
		}
		if len(scopes) == 0 {
			return nil, oauthErr(OAuthInvalidClientMetadata, "scope names none of the scopes this server offers.")
		}
	}
	name := strings.TrimSpace(in.ClientName)
	if name == "" {
		u, _ := url.Parse(in.RedirectURIs[0])
		name = u.Hostname()
	}
	return &badge.OAuthClient{Name: name, RedirectURIs: in.RedirectURIs, Scopes: scopes, GrantTypes: grants,
		AuthMethod: method, ClientURI: in.ClientURI, LogoURI: in.LogoURI, TOSURI: in.TOSURI, PolicyURI: in.PolicyURI,
		SoftwareID: in.SoftwareID, SoftwareVersion: in.SoftwareVersion}, nil
}

// checkRedirectURI accepts an absolute https URL without a fragment, or an
// http one on a loopback host or when the instance itself is served over
// http (a test or development set-up, where the LMS is too).
func (s *Service) checkRedirectURI(raw string) error {
	u, err := url.Parse(raw)
	bad := err != nil || u.Host == "" || u.Fragment != "" || strings.Contains(raw, "#") || u.User != nil ||
		len(raw) > badge.MaxURLLen
	if !bad {
		switch u.Scheme {
		case "https":
		case "http":
			bad = !isLoopback(u.Hostname()) && strings.HasPrefix(s.BaseURL, "https://")
		default:
			bad = true
		}
	}
	if bad {
		return oauthErr(OAuthInvalidRedirectURI, "Each redirect URI must be an absolute https URL without a fragment.")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func asBadgeError(err error) (*badge.Error, bool) { return errors.AsType[*badge.Error](err) }
