// SPDX-License-Identifier: Apache-2.0

package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// tokenError is an RFC 6749 §5.2 error response.
type tokenError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// token is the OAuth 2.0 token endpoint for the client-credentials grant.
// The client authenticates with HTTP Basic (client_secret_basic) or with
// client_id and client_secret in the form body (client_secret_post).
func (a *API) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, "", tokenError{"invalid_request", "The body must be a form (application/x-www-form-urlencoded)."})
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, "", tokenError{"unsupported_grant_type", "Only client_credentials is supported here."})
		return
	}
	id, secret, ok := r.BasicAuth()
	if ok {
		// RFC 6749 §2.3.1: Basic credentials are form-urlencoded first.
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	var scopes []string
	if s := strings.TrimSpace(r.PostForm.Get("scope")); s != "" {
		scopes = strings.Fields(s)
	}
	t, err := a.svc.IssueClientToken(r.Context(), id, secret, scopes)
	if err != nil {
		switch badge.ErrorKey(err) {
		case service.OAuthInvalidClient:
			w.Header().Set("WWW-Authenticate", `Basic realm="akashi"`)
			writeJSON(w, http.StatusUnauthorized, "", tokenError{"invalid_client", badge.ErrorMessage(err)})
		case service.OAuthInvalidScope:
			writeJSON(w, http.StatusBadRequest, "", tokenError{"invalid_scope", badge.ErrorMessage(err)})
		default:
			writeError(w, r, err)
		}
		return
	}
	writeJSON(w, http.StatusOK, "", map[string]any{
		"access_token": t.Token, "token_type": "Bearer",
		"expires_in": int(t.ExpiresIn.Seconds()), "scope": strings.Join(t.Scopes, " "),
	})
}

// organization answers who the token belongs to.
func (a *API) organization(w http.ResponseWriter, r *http.Request, t *badge.AccessToken) {
	org, err := a.svc.OrganizationForToken(r.Context(), t)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, "", org)
}
