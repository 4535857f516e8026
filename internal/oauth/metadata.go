// SPDX-License-Identifier: Apache-2.0

package oauth

import (
	"encoding/json"
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// Metadata is the authorization server's metadata (RFC 8414 §2).
type Metadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	RegistrationEndpoint              string   `json:"registration_endpoint"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	ScopesSupported                   []string `json:"scopes_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	RevocationAuthMethodsSupported    []string `json:"revocation_endpoint_auth_methods_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	// AuthorizationResponseISS says that authorization responses carry
	// "iss" (RFC 9207).
	AuthorizationResponseISS bool `json:"authorization_response_iss_parameter_supported"`
}

// ServerMetadata returns the metadata of the authorization server of base
// (the instance's URL).
func ServerMetadata(base string) *Metadata {
	auth := []string{badge.AuthClientSecretBasic, badge.AuthClientSecretPost}
	scopes := append(append([]string{}, service.WalletScopes...), service.DefaultClientScopes...)
	return &Metadata{Issuer: base, AuthorizationEndpoint: base + "/oauth/authorize", TokenEndpoint: base + "/oauth/token",
		RegistrationEndpoint: base + "/oauth/register", RevocationEndpoint: base + "/oauth/revoke",
		ScopesSupported: scopes, ResponseTypesSupported: []string{"code"},
		GrantTypesSupported:               []string{badge.GrantAuthorizationCode, badge.GrantRefreshToken, "client_credentials"},
		TokenEndpointAuthMethodsSupported: auth, RevocationAuthMethodsSupported: auth,
		CodeChallengeMethodsSupported: []string{"S256"}, AuthorizationResponseISS: true}
}

// metadata serves [ServerMetadata]; clients may cache it for an hour.
func (h *Handler) metadata(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(ServerMetadata(h.svc.Issuer()))
}
