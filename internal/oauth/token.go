// SPDX-License-Identifier: Apache-2.0

package oauth

import (
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/oauth/oauthform"
	"github.com/akashi-badges/akashi/internal/service"
)

// tokenResponse is a successful token response (RFC 6749 §5.1). scope is
// always sent: Moodle reads it unconditionally.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
}

// token is the token endpoint for the authorization code and refresh
// token grants. The form is parsed already (see TokenGrants).
func (h *Handler) token(w http.ResponseWriter, r *http.Request) {
	in, err := parseTokenRequest(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	t, err := h.svc.ExchangeOAuthToken(r.Context(), in)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tokenResponse{AccessToken: t.AccessToken, TokenType: "Bearer",
		ExpiresIn: seconds(t.ExpiresIn), RefreshToken: t.RefreshToken, Scope: strings.Join(t.Scopes, " ")})
}

// parseTokenRequest reads a token request (see package oauthform).
func parseTokenRequest(r *http.Request) (service.TokenRequest, error) {
	in, err := oauthform.ParseTokenRequest(r)
	if err != nil {
		return service.TokenRequest{}, invalidRequest(err.Error())
	}
	return service.TokenRequest{GrantType: in.GrantType, Code: in.Code, RedirectURI: in.RedirectURI,
		CodeVerifier: in.CodeVerifier, RefreshToken: in.RefreshToken, Scope: in.Scope,
		ClientID: in.ClientID, ClientSecret: in.ClientSecret}, nil
}

// parseForm is [oauthform.ParseForm] with OAuth's error.
func parseForm(r *http.Request) error {
	if err := oauthform.ParseForm(r); err != nil {
		return invalidRequest(err.Error())
	}
	return nil
}

// clientCredentials is [oauthform.ClientCredentials] with OAuth's error.
func clientCredentials(r *http.Request) (id, secret string, err error) {
	id, secret, err = oauthform.ClientCredentials(r)
	if err != nil {
		return "", "", invalidRequest(err.Error())
	}
	return id, secret, nil
}
