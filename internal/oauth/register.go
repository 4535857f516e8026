// SPDX-License-Identifier: Apache-2.0

package oauth

import (
	"encoding/json"
	"errors"
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// maxRegistrationBytes bounds a registration request.
const maxRegistrationBytes = 64 << 10

// registrationResponse is the client information response (RFC 7591 §3.2.1).
type registrationResponse struct {
	ClientID                string   `json:"client_id"`
	ClientSecret            string   `json:"client_secret"`
	ClientIDIssuedAt        int64    `json:"client_id_issued_at"`
	ClientSecretExpiresAt   int64    `json:"client_secret_expires_at"` // 0: never
	ClientName              string   `json:"client_name"`
	RedirectURIs            []string `json:"redirect_uris"`
	Scope                   string   `json:"scope"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	ClientURI               string   `json:"client_uri,omitempty"`
	LogoURI                 string   `json:"logo_uri,omitempty"`
	TOSURI                  string   `json:"tos_uri,omitempty"`
	PolicyURI               string   `json:"policy_uri,omitempty"`
	SoftwareID              string   `json:"software_id,omitempty"`
	SoftwareVersion         string   `json:"software_version,omitempty"`
}

// register is the dynamic client registration endpoint (RFC 7591 §3).
// Metadata it does not know is ignored, as §2 asks.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		h.writeError(w, r, badge.Invalid("", service.OAuthInvalidClientMetadata, "The body must be JSON (application/json)."))
		return
	}
	var in service.ClientRegistration
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRegistrationBytes))
	if err := dec.Decode(&in); err != nil {
		h.writeError(w, r, badge.Invalid("", service.OAuthInvalidClientMetadata, "The body is not a JSON object of client metadata: "+jsonProblem(err)))
		return
	}
	rc, err := h.svc.RegisterOAuthClient(r.Context(), in, remoteIP(r))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	c := rc.Client
	writeJSON(w, http.StatusCreated, registrationResponse{ClientID: c.ClientID, ClientSecret: rc.Secret,
		ClientIDIssuedAt: c.CreatedAt.Unix(), ClientName: c.Name, RedirectURIs: c.RedirectURIs,
		Scope: strings.Join(c.Scopes, " "), GrantTypes: c.GrantTypes, ResponseTypes: []string{"code"},
		TokenEndpointAuthMethod: c.AuthMethod, ClientURI: c.ClientURI, LogoURI: c.LogoURI, TOSURI: c.TOSURI,
		PolicyURI: c.PolicyURI, SoftwareID: c.SoftwareID, SoftwareVersion: c.SoftwareVersion})
}

// jsonProblem says what is wrong with a JSON body, without quoting it.
func jsonProblem(err error) string {
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
		return te.Field + " has the wrong type."
	}
	return "it does not parse."
}

// remoteIP is the client's address, for the registration rate limit.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
