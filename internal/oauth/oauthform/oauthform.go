// SPDX-License-Identifier: Apache-2.0

// Package oauthform reads the bodies of the OAuth 2.0 token and revocation
// endpoints: a form, each parameter at most once (RFC 6749 §3.2), and the
// client's credentials from HTTP Basic authentication or the form. It
// depends on nothing but the standard library, so that its fuzz test runs
// at full speed (a fuzzed test binary instruments every package it links).
package oauthform

import (
	"mime"
	"net/http"
)

// Error is a request of the wrong shape (OAuth's invalid_request); its text
// says what is wrong.
type Error string

func (e Error) Error() string { return string(e) }

// ParseForm parses an application/x-www-form-urlencoded body and refuses a
// parameter sent twice.
func ParseForm(r *http.Request) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return Error("The body must be a form (application/x-www-form-urlencoded).")
	}
	if err := r.ParseForm(); err != nil {
		return Error("The body is not a valid form.")
	}
	for k, vs := range r.PostForm {
		if len(vs) > 1 {
			return Error("The parameter " + k + " was sent more than once.")
		}
	}
	return nil
}

// ClientCredentials returns the client's id and secret from a parsed form
// request: from HTTP Basic authentication, taken as sent (Moodle does not
// form-urlencode them; Akashi issues ids and secrets of [A-Za-z0-9_-],
// which encoding leaves alone), else from the form. A client id in the form
// that differs from the Basic one, or a secret in both places that
// differs, is refused.
func ClientCredentials(r *http.Request) (id, secret string, err error) {
	formID, formSecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	id, secret, basic := r.BasicAuth()
	if !basic {
		return formID, formSecret, nil
	}
	if formID != "" && formID != id || formSecret != "" && formSecret != secret {
		return "", "", Error("The client's credentials differ between the Authorization header and the form.")
	}
	return id, secret, nil
}

// TokenRequest is a token request's parameters (RFC 6749 §4.1.3, §6).
type TokenRequest struct {
	GrantType, Code, RedirectURI, CodeVerifier, RefreshToken, Scope string
	ClientID, ClientSecret                                          string
}

// ParseTokenRequest reads a token request.
func ParseTokenRequest(r *http.Request) (TokenRequest, error) {
	var in TokenRequest
	if err := ParseForm(r); err != nil {
		return in, err
	}
	f := r.PostForm
	if f.Get("grant_type") == "" {
		return in, Error("grant_type is required.")
	}
	id, secret, err := ClientCredentials(r)
	if err != nil {
		return in, err
	}
	return TokenRequest{GrantType: f.Get("grant_type"), Code: f.Get("code"), RedirectURI: f.Get("redirect_uri"),
		CodeVerifier: f.Get("code_verifier"), RefreshToken: f.Get("refresh_token"), Scope: f.Get("scope"),
		ClientID: id, ClientSecret: secret}, nil
}
