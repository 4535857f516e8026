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
	"strings"

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
	mux.HandleFunc("GET /api/v1/badges", a.bearer(service.ScopeRead, a.listBadges))
	mux.HandleFunc("POST /api/v1/badges", a.bearer(service.ScopeIssue, a.createBadge))
	mux.HandleFunc("GET /api/v1/badges/{id}", a.bearer(service.ScopeRead, a.getBadge))
	mux.HandleFunc("PUT /api/v1/badges/{id}", a.bearer(service.ScopeIssue, a.updateBadge))
	mux.HandleFunc("POST /api/v1/badges/{id}/archive", a.bearer(service.ScopeIssue, a.archiveBadge(true)))
	mux.HandleFunc("POST /api/v1/badges/{id}/restore", a.bearer(service.ScopeIssue, a.archiveBadge(false)))
	mux.HandleFunc("GET /api/v1/awards", a.bearer(service.ScopeRead, a.listAwards))
	mux.HandleFunc("POST /api/v1/awards", a.bearer(service.ScopeIssue, a.createAward))
	mux.HandleFunc("POST /api/v1/awards/revoke", a.bearer(service.ScopeIssue, a.revokeAwards))
	mux.HandleFunc("GET /api/v1/awards/{id}", a.bearer(service.ScopeRead, a.getAward))
	mux.HandleFunc("POST /api/v1/awards/{id}/revoke", a.bearer(service.ScopeIssue, a.revokeAward))
	mux.HandleFunc("POST /api/v1/awards/{id}/resend", a.bearer(service.ScopeIssue, a.resendAward))
	mux.HandleFunc("POST /api/v1/bulk-awards", a.bearer(service.ScopeIssue, a.createBulk))
	mux.HandleFunc("GET /api/v1/bulk-awards/{id}", a.bearer(service.ScopeRead, a.getBulk))
	mux.HandleFunc("POST /api/v1/bulk-awards/{id}/confirm", a.bearer(service.ScopeIssue, a.confirmBulk))
	// Public: anyone may verify a badge, as on the /verify page.
	mux.HandleFunc("POST /api/v1/verify", a.verify)

	mux.HandleFunc("GET /orgs/{slug}/did.json", a.didDocument)
	mux.HandleFunc("GET /orgs/{slug}/issuer", a.issuerProfile)
	mux.HandleFunc("GET /orgs/{slug}/keys/{id}", a.cryptographicKey)
	mux.HandleFunc("GET /orgs/{slug}/images/{file}", a.image)
	mux.HandleFunc("GET /orgs/{slug}/status/{id}", a.statusList)
	mux.HandleFunc("GET /orgs/{slug}/revocations", a.revocationList)
	mux.HandleFunc("GET /awards/{id}/{file}", a.awardFile)
	mux.HandleFunc("GET /v/{id}", a.shortVerify)               // the QR code's link (pdf.go)
	mux.HandleFunc("GET /awards/{id}/receipt", a.awardReceipt) // the transparency log (translog.go)
	mux.HandleFunc("GET /log/checkpoint", a.logCheckpoint)
	mux.HandleFunc("GET /log/key", a.logKey)
	mux.HandleFunc("GET /log/tile/{path...}", a.logTile)
	mux.HandleFunc("GET /log/anchors", a.logAnchors)
	// GET /awards/{id} and /badges/{id}/{rev} are pages for browsers and
	// documents for software: the app routes them by Accept to the web
	// pages or to AwardAssertion and BadgeClassDocument.

	// Last: whatever else is asked under /api/ is answered in JSON too.
	mux.HandleFunc("/api/", unknown(mux))
}

// unknown answers a request under /api/ that no route takes with problem
// details, not the HTML page the site would show: 405 and Allow when the
// path exists for other methods, else 404.
func unknown(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, p := mux.Handler(probe); m != r.Method && p != "" && p != "/api/" && p != "/" {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeJSON(w, http.StatusMethodNotAllowed, "application/problem+json", problem{Type: "about:blank",
				Title: http.StatusText(http.StatusMethodNotAllowed), Status: http.StatusMethodNotAllowed,
				Detail: "This address does not accept " + r.Method + ".", RequestID: httpx.RequestID(r.Context())})
			return
		}
		writeError(w, r, badge.NotFound("error.not_found", "There is no API endpoint at this address; see /api/v1/openapi.json."))
	}
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

// apiFieldNames are the request members of this API whose names differ from
// the service's field names, so that a problem's field names what the
// client sent.
var apiFieldNames = map[string]string{"badge_class_id": "badge_id", "awards": "ids"}

// writeError renders an application error as problem details.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: badge.ErrorMessage(err), RequestID: httpx.RequestID(r.Context())}
	var be *badge.Error
	if errors.As(err, &be) {
		p.Field = be.Field
		if f, ok := apiFieldNames[be.Field]; ok {
			p.Field = f
		}
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
		next(w, r.WithContext(service.WithActor(r.Context(), service.ClientActor(t))), t)
	}
}
