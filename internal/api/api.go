// SPDX-License-Identifier: Apache-2.0

// Package api is Akashi's HTTP/JSON surface: the OAuth 2.0 token endpoint,
// the REST API under /api/v1 (described by the OpenAPI document served at
// /api/v1/openapi.json), and the issuer documents other software fetches
// (DID documents, Open Badges 2.0 Profile and CryptographicKey).
// Handlers decode, call one service method, and render.
package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
)

// API serves the JSON endpoints.
type API struct {
	svc *service.Service
}

// New returns the API over svc.
func New(svc *service.Service) *API { return &API{svc: svc} }

// Register adds the API's routes to mux; the URL space reads top to bottom.
func (a *API) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /oauth/token", a.token)
	mux.HandleFunc("GET /api/v1/openapi.json", a.openapi)
	mux.HandleFunc("GET /api/v1/organization", a.bearer(service.ScopeRead, a.organization))
	mux.HandleFunc("GET /orgs/{slug}/did.json", a.didDocument)
	mux.HandleFunc("GET /orgs/{slug}/issuer", a.issuerProfile)
	mux.HandleFunc("GET /orgs/{slug}/keys/{id}", a.cryptographicKey)
}

// writeJSON renders v with the status.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	if contentType == "" {
		contentType = "application/json"
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// problem is the error body of /api/v1 (RFC 9457 problem details).
type problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// writeError renders an application error as problem details.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: badge.ErrorMessage(err), RequestID: httpx.RequestID(r.Context())}
	var be *badge.Error
	if errors.As(err, &be) {
		p.Field = be.Field
	}
	writeJSON(w, status, "application/problem+json", p)
}

// bearer requires a bearer token with scope and passes it in the request.
func (a *API) bearer(scope string, next func(http.ResponseWriter, *http.Request, *badge.AccessToken)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t, err := a.svc.AuthenticateBearer(r.Context(), r.Header.Get("Authorization"))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeError(w, r, err)
			return
		}
		if !t.HasScope(scope) {
			w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="`+scope+`"`)
			writeError(w, r, badge.Forbidden("insufficient_scope", "The token lacks the scope "+scope+"."))
			return
		}
		next(w, r, t)
	}
}
