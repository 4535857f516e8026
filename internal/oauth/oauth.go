// SPDX-License-Identifier: Apache-2.0

// Package oauth is the HTTP surface of Akashi's OAuth 2.0 authorization
// server for wallet owners, the one the Open Badges APIs (package obapi)
// take tokens from:
//
//   - POST /oauth/register: dynamic client registration (RFC 7591), open to
//     anyone (no initial access token, as the OB 3.0 and OB 2.1
//     specifications want), rate-limited;
//   - POST /oauth/token: the authorization code grant (PKCE S256 required,
//     RFC 7636) and the refresh token grant (refresh tokens rotate); the
//     client-credentials grant of the organisations' API clients is package
//     api's, reached through [Handler.TokenGrants];
//   - POST /oauth/revoke: token revocation (RFC 7009);
//   - GET /.well-known/oauth-authorization-server: the server's metadata
//     (RFC 8414).
//
// The authorization endpoint, GET and POST /oauth/authorize, is a page of
// package web: it needs the wallet's session, its sign-in and its
// cross-origin protection.
//
// Clients authenticate at the token and revocation endpoints with HTTP
// Basic (client_secret_basic) or with client_id and client_secret in the
// form (client_secret_post), whichever they registered: Moodle registers
// client_secret_basic but sends its secret in the form when it refreshes.
// Basic credentials are taken as sent, not form-urldecoded first as RFC
// 6749 §2.3.1 would have it: Moodle's current client does not encode them
// (an earlier one did), and our client ids and secrets are drawn from
// [A-Za-z0-9_-], which that encoding leaves unchanged, so a client that
// does encode sends the same bytes.
//
// Errors are the RFC's JSON {"error", "error_description"} objects.
package oauth

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
)

// Handler serves the authorization server's endpoints.
type Handler struct {
	svc *service.Service
	log *slog.Logger
}

// New returns the endpoints over svc, logging to log (nil discards).
func New(svc *service.Service, log *slog.Logger) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handler{svc: svc, log: log}
}

// Register adds the endpoints to mux, except the token endpoint: see
// [Handler.TokenGrants].
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /oauth/register", h.register)
	mux.HandleFunc("POST /oauth/revoke", h.revoke)
	mux.HandleFunc("GET /.well-known/oauth-authorization-server", h.metadata)
}

// TokenGrants returns next with the token endpoint's grants for registered
// clients in front: POST /oauth/token with grant_type authorization_code,
// refresh_token or one the server does not know is answered here; the
// client_credentials grant goes on to next, where package api answers it.
func (h *Handler) TokenGrants(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/oauth/token" {
			next.ServeHTTP(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err == nil && r.PostForm.Get("grant_type") == "client_credentials" {
			next.ServeHTTP(w, r)
			return
		}
		httpx.SetRoute(r.Context(), "POST /oauth/token")
		h.token(w, r)
	})
}

// maxFormBytes bounds the form of the token and revocation endpoints.
const maxFormBytes = 16 << 10

// errorBody is an OAuth 2.0 error response (RFC 6749 §5.2, RFC 7591 §3.2.2).
type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// writeJSON renders v with status, never to be cached (RFC 6749 §5.1).
func writeJSON(w http.ResponseWriter, status int, v any) {
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeError answers err: an OAuth error (its key is the code) with 400,
// invalid_client with 401, rate_limited with 429, anything else as the
// RFC's server_error with 500, logged.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	key, msg := badge.ErrorKey(err), badge.ErrorMessage(err)
	switch code := badge.ErrorCode(err); {
	case key == service.OAuthInvalidClient:
		// RFC 6749 §5.2: 401 with the scheme the client may use.
		w.Header().Set("WWW-Authenticate", `Basic realm="akashi"`)
		writeJSON(w, http.StatusUnauthorized, errorBody{key, msg})
	case code == badge.CodeRateLimited:
		w.Header().Set("Retry-After", "3600")
		writeJSON(w, http.StatusTooManyRequests, errorBody{"slow_down", msg})
	case code == badge.CodeInvalid:
		if key == "" || strings.Contains(key, ".") { // a message key, not an OAuth error code
			key = service.OAuthInvalidRequest
		}
		writeJSON(w, http.StatusBadRequest, errorBody{key, msg})
	default:
		h.log.Error("oauth request failed", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "err", err)
		writeJSON(w, http.StatusInternalServerError, errorBody{"server_error", "Something went wrong on the server; try again later."})
	}
}

// invalidRequest is the error for a request of the wrong shape.
func invalidRequest(msg string) error { return badge.Invalid("", service.OAuthInvalidRequest, msg) }

// seconds is d in whole seconds, as expires_in wants.
func seconds(d time.Duration) int { return int(d / time.Second) }
