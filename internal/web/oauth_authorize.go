// SPDX-License-Identifier: Apache-2.0

package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// The authorization endpoint of the OAuth 2.0 authorization server
// (package oauth has the others): the consent page where a wallet owner
// allows or denies another system's request for access to their badges.
// It is a page because it needs the wallet's session (a visitor who is not
// signed in signs in first and comes back) and the pages' cross-origin
// protection of the Allow and Deny buttons.

// oauthParams are the authorization request's parameters, carried from
// the request to the consent form and back.
var oauthParams = []string{"response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"}

// oauthRequest reads an authorization request from the query or the
// consent form.
func oauthRequest(v url.Values) service.AuthorizationRequest {
	in := service.AuthorizationRequest{ResponseType: v.Get("response_type"), ClientID: v.Get("client_id"),
		RedirectURI: v.Get("redirect_uri"), Scope: v.Get("scope"), State: v.Get("state"),
		CodeChallenge: v.Get("code_challenge"), CodeChallengeMethod: v.Get("code_challenge_method")}
	for _, k := range oauthParams {
		if len(v[k]) > 1 {
			in.Repeated = k
			break
		}
	}
	return in
}

// hiddenField is a hidden input of a form.
type hiddenField struct{ Name, Value string }

// consentPage is the data of the consent page.
type consentPage struct {
	Client *badge.OAuthClient
	Host   string   // where the browser goes back to
	Scopes []string // message keys of what the client may do, each once
	Params []hiddenField
}

// oauthAuthorizeShow answers an authorization request: a request that
// cannot go back to its client gets an error page, other problems go back
// to the client, a visitor who is not signed in signs in first, and the
// signed-in owner sees the consent page.
func (h *Handler) oauthAuthorizeShow(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	az, err := h.svc.CheckAuthorization(r.Context(), oauthRequest(q))
	if err != nil {
		h.oauthFail(w, r, err)
		return
	}
	if visitorFrom(r).account == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := h.newPage(w, r, "oauth.title")
	p.Wallet = true
	data := &consentPage{Client: az.Client, Host: hostOf(az.RedirectURI)}
	for _, sc := range az.Scopes {
		if k := scopeKey(sc); !slices.Contains(data.Scopes, k) {
			data.Scopes = append(data.Scopes, k)
		}
	}
	for _, k := range oauthParams {
		if v := q.Get(k); v != "" {
			data.Params = append(data.Params, hiddenField{k, v})
		}
	}
	p.Data = data
	// Allow and Deny send the browser on to the client. Browsers apply
	// form-action to the redirect that follows a form, so the page allows
	// that one origin besides ours.
	w.Header().Set("Content-Security-Policy", consentPolicy(az.RedirectURI))
	h.render(w, r, http.StatusOK, "oauth_consent", p)
}

// oauthAuthorizeSubmit records the owner's answer and sends the browser
// back to the client: with an authorization code when allowed, with the
// error access_denied when not.
func (h *Handler) oauthAuthorizeSubmit(w http.ResponseWriter, r *http.Request) {
	form, ok := h.parseForm(w, r)
	if !ok {
		return
	}
	in := oauthRequest(form)
	if visitorFrom(r).account == nil {
		// Signed out meanwhile: sign in and see the question again.
		q := url.Values{}
		for _, k := range oauthParams {
			if v := form.Get(k); v != "" {
				q.Set(k, v)
			}
		}
		http.Redirect(w, r, "/login?next="+url.QueryEscape("/oauth/authorize?"+q.Encode()), http.StatusSeeOther)
		return
	}
	var target string
	var err error
	if form.Get("decision") == "allow" {
		target, err = h.svc.Authorize(r.Context(), in)
	} else {
		target, err = h.svc.DenyAuthorization(r.Context(), in)
	}
	if err != nil {
		h.oauthFail(w, r, err)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// oauthFail sends the browser back to the client with an OAuth error, or
// shows the error page when the client or its address is in doubt.
func (h *Handler) oauthFail(w http.ResponseWriter, r *http.Request, err error) {
	if rd, ok := errors.AsType[*service.AuthorizationRedirect](err); ok {
		http.Redirect(w, r, rd.URL, http.StatusSeeOther)
		return
	}
	h.fail(w, r, err)
}

// scopeKey is the message key that says in plain words what scope allows.
// The OB 3.0 and OB 2.1 scopes that allow the same share a key.
func scopeKey(scope string) string {
	switch scope {
	case service.ScopeOB3CredentialRead:
		return "oauth.scope.credential_read"
	case service.ScopeOB2AssertionRead:
		return "oauth.scope.assertion_read"
	case service.ScopeOB3CredentialUpsert, service.ScopeOB2AssertionCreate:
		return "oauth.scope.add"
	case service.ScopeOB3ProfileRead, service.ScopeOB2ProfileRead:
		return "oauth.scope.profile_read"
	case service.ScopeOB3ProfileUpdate, service.ScopeOB2ProfileUpdate:
		return "oauth.scope.profile_update"
	case service.ScopeOfflineAccess:
		return "oauth.scope.offline"
	}
	return "oauth.scope.other" // registration keeps only the scopes above
}

// hostOf is the host (and port) of a URL.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Host
}

// originRE is an origin safe to write into a Content-Security-Policy.
var originRE = regexp.MustCompile(`^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$`)

// consentPolicy is the pages' policy with the redirect URI's origin added
// to form-action.
func consentPolicy(redirectURI string) string {
	u, err := url.Parse(redirectURI)
	if err != nil {
		return contentSecurityPolicy
	}
	origin := u.Scheme + "://" + u.Host
	if !originRE.MatchString(origin) {
		return contentSecurityPolicy // the browser then keeps the answer here: safe
	}
	return "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; " +
		"object-src 'none'; base-uri 'none'; form-action 'self' " + origin + "; frame-ancestors 'none'"
}
