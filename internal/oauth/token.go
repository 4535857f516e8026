// SPDX-License-Identifier: Apache-2.0

package oauth

import (
	"mime"
	"net/http"
	"strings"

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

// parseTokenRequest reads a token request: a form body (RFC 6749 §4.1.3,
// §6), each parameter at most once, with the client's credentials.
func parseTokenRequest(r *http.Request) (service.TokenRequest, error) {
	var in service.TokenRequest
	if err := parseForm(r); err != nil {
		return in, err
	}
	f := r.PostForm
	if f.Get("grant_type") == "" {
		return in, invalidRequest("grant_type is required.")
	}
	id, secret, err := clientCredentials(r)
	if err != nil {
		return in, err
	}
	return service.TokenRequest{GrantType: f.Get("grant_type"), Code: f.Get("code"), RedirectURI: f.Get("redirect_uri"),
		CodeVerifier: f.Get("code_verifier"), RefreshToken: f.Get("refresh_token"), Scope: f.Get("scope"),
		ClientID: id, ClientSecret: secret}, nil
}

// parseForm parses an application/x-www-form-urlencoded body and refuses
// a parameter sent twice (RFC 6749 §3.2) or in the query.
func parseForm(r *http.Request) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return invalidRequest("The body must be a form (application/x-www-form-urlencoded).")
	}
	if err := r.ParseForm(); err != nil {
		return invalidRequest("The body is not a valid form.")
	}
	for k, vs := range r.PostForm {
		if len(vs) > 1 {
			return invalidRequest("The parameter " + k + " was sent more than once.")
		}
	}
	return nil
}

// clientCredentials returns the client's id and secret: from HTTP Basic
// authentication, taken as sent (see the package comment), else from the
// form. A client id in the form that differs from the Basic one, or a
// secret in both places that differs, is refused.
func clientCredentials(r *http.Request) (id, secret string, err error) {
	formID, formSecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	id, secret, basic := r.BasicAuth()
	if !basic {
		return formID, formSecret, nil
	}
	if formID != "" && formID != id || formSecret != "" && formSecret != secret {
		return "", "", invalidRequest("The client's credentials differ between the Authorization header and the form.")
	}
	return id, secret, nil
}
