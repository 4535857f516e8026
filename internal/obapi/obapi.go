// SPDX-License-Identifier: Apache-2.0

// Package obapi serves the Open Badges APIs through which other software
// reads and fills a wallet owner's wallet, with the owner's permission:
//
//   - the Open Badges 3.0 API (1EdTech OB 3.0 §"Open Badges API") under
//     /ims/ob/v3p0: GET /discovery (the service description document, a
//     profiled copy of the specification's OpenAPI file, unprotected),
//     GET and POST /credentials, GET and PUT /profile;
//   - the Open Badges 2.1 "Badge Connect" API: the manifest at
//     /.well-known/badgeconnect.json and, under its apiBase /ims/ob/v2p1,
//     GET and POST /assertions, GET and POST /profile.
//
// Every endpoint but the two discovery documents takes a bearer access
// token from the authorization server (packages oauth and web) issued for
// one wallet account, and checks the endpoint's scope: a missing or bad
// token is 401, a token without the scope 403 insufficient_scope, each with
// a WWW-Authenticate header (RFC 6750 §3). Lists are paged with limit and
// offset and answer X-Total-Count and a Link header (RFC 8288) with the
// first, last, prev and next pages.
//
// Errors follow each API: OB 3.0 answers the imsx_StatusInfo object, OB 2.1
// the "status" envelope that all its responses carry.
package obapi

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// Base paths of the two APIs.
const (
	OB3Base = "/ims/ob/v3p0"
	OB2Base = "/ims/ob/v2p1"
)

// Options describe the service in its discovery documents.
type Options struct {
	// Name is the platform's name shown to people by other software;
	// "" means "Akashi".
	Name string
	// PrivacyPolicyURL and TermsOfServiceURL are the instance's policies,
	// which both specifications require the documents to name; "" means
	// the instance's home page.
	PrivacyPolicyURL, TermsOfServiceURL string
}

// Handler serves the Open Badges APIs.
type Handler struct {
	svc  *service.Service
	log  *slog.Logger
	opts Options

	discoveryOnce sync.Once
	discovery     []byte
	discoveryErr  error
}

// New returns the APIs over svc, logging to log (nil discards).
func New(svc *service.Service, log *slog.Logger, opts Options) *Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Name == "" {
		opts.Name = "Akashi"
	}
	if opts.PrivacyPolicyURL == "" {
		opts.PrivacyPolicyURL = svc.BaseURL + "/"
	}
	if opts.TermsOfServiceURL == "" {
		opts.TermsOfServiceURL = svc.BaseURL + "/"
	}
	return &Handler{svc: svc, log: log, opts: opts}
}

// Register adds the APIs' routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET "+OB3Base+"/discovery", h.ob3Discovery)
	mux.HandleFunc("GET "+OB3Base+"/credentials", h.bearer(ob3Errors, service.ScopeOB3CredentialRead, h.ob3Credentials))
	mux.HandleFunc("POST "+OB3Base+"/credentials", h.bearer(ob3Errors, service.ScopeOB3CredentialUpsert, h.ob3Upsert))
	mux.HandleFunc("GET "+OB3Base+"/profile", h.bearer(ob3Errors, service.ScopeOB3ProfileRead, h.ob3Profile))
	mux.HandleFunc("PUT "+OB3Base+"/profile", h.bearer(ob3Errors, service.ScopeOB3ProfileUpdate, h.ob3ProfileUpdate))
	mux.HandleFunc(OB3Base+"/", h.unknown(ob3Errors))

	mux.HandleFunc("GET /.well-known/badgeconnect.json", h.ob2Manifest)
	mux.HandleFunc("GET "+OB2Base+"/assertions", h.bearer(ob2Errors, service.ScopeOB2AssertionRead, h.ob2Assertions))
	mux.HandleFunc("POST "+OB2Base+"/assertions", h.bearer(ob2Errors, service.ScopeOB2AssertionCreate, h.ob2Push))
	mux.HandleFunc("GET "+OB2Base+"/profile", h.bearer(ob2Errors, service.ScopeOB2ProfileRead, h.ob2Profile))
	mux.HandleFunc("POST "+OB2Base+"/profile", h.bearer(ob2Errors, service.ScopeOB2ProfileUpdate, h.ob2ProfileUpdate))
	mux.HandleFunc(OB2Base+"/", h.unknown(ob2Errors))
}

// errorWriter answers an error in one API's format with status.
type errorWriter func(w http.ResponseWriter, status int, minor, msg string)

// bearer requires an access token with scope, and runs next as the
// wallet owner the token acts for.
func (h *Handler) bearer(fail errorWriter, scope string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		t, err := h.svc.AuthenticateWalletBearer(r.Context(), auth)
		if err != nil {
			if badge.ErrorCode(err) != badge.CodeUnauthorized {
				h.internal(w, r, fail, err)
				return
			}
			// RFC 6750 §3.1: no error code when no token was sent.
			challenge := `Bearer realm="akashi"`
			if auth != "" {
				challenge += `, error="invalid_token", error_description="` + badge.ErrorMessage(err) + `"`
			}
			w.Header().Set("WWW-Authenticate", challenge)
			fail(w, http.StatusUnauthorized, "unauthorizedrequest", badge.ErrorMessage(err))
			return
		}
		if !t.HasScope(scope) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="akashi", error="insufficient_scope", scope="`+scope+`"`)
			fail(w, http.StatusForbidden, "forbidden", "The access token lacks the scope "+scope+".")
			return
		}
		next(w, r.WithContext(service.WithActor(r.Context(), service.Actor{AccountID: t.AccountID})))
	}
}

// unknown answers a path under an API's base that no route takes: 405
// with Allow when the path exists for other methods, else 404.
func (h *Handler) unknown(fail errorWriter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		allowed := map[string][]string{
			OB3Base + "/discovery": {"GET"}, OB3Base + "/credentials": {"GET", "POST"}, OB3Base + "/profile": {"GET", "PUT"},
			OB2Base + "/assertions": {"GET", "POST"}, OB2Base + "/profile": {"GET", "POST"},
		}[r.URL.Path]
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			fail(w, http.StatusMethodNotAllowed, "not_allowed", "This address does not accept "+r.Method+".")
			return
		}
		fail(w, http.StatusNotFound, "not_found", "There is no Open Badges API endpoint at this address.")
	}
}

// fail answers a service error in the API's format; internal errors are
// logged and answered without detail.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, fail errorWriter, err error) {
	status := httpx.Status(err)
	if status == http.StatusInternalServerError {
		h.internal(w, r, fail, err)
		return
	}
	minor := map[int]string{http.StatusBadRequest: "invalid_data", http.StatusNotFound: "not_found",
		http.StatusConflict: "invalid_data", http.StatusUnauthorized: "unauthorizedrequest",
		http.StatusForbidden: "forbidden", http.StatusTooManyRequests: "server_busy"}[status]
	fail(w, status, minor, badge.ErrorMessage(err))
}

func (h *Handler) internal(w http.ResponseWriter, r *http.Request, fail errorWriter, err error) {
	id := httpx.RequestID(r.Context())
	h.log.Error("open badges api failed", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
	fail(w, http.StatusInternalServerError, "internal_server_error", "Something went wrong on the server (request "+id+").")
}

// writeJSON renders v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// Paging limits of the lists.
const (
	defaultLimit = 100
	maxLimit     = 500
)

// listQuery is a list request's limit, offset and since.
type listQuery struct {
	page  store.Page
	since time.Time
}

// parseList reads limit (1 to maxLimit), offset (0 or more) and since (an
// RFC 3339 time) from the query.
func parseList(r *http.Request) (listQuery, error) {
	q := r.URL.Query()
	lq := listQuery{page: store.Page{Limit: defaultLimit}}
	bad := func(name string) error {
		return badge.Invalid(name, "error.invalid", "The query parameter "+name+" is not valid.")
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return lq, bad("limit")
		}
		lq.page.Limit = min(n, maxLimit)
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return lq, bad("offset")
		}
		lq.page.Offset = n
	}
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return lq, bad("since")
		}
		lq.since = t
	}
	return lq, nil
}

// setPaging sets X-Total-Count and the Link header of a list page.
func (h *Handler) setPaging(w http.ResponseWriter, r *http.Request, lq listQuery, total int) {
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	limit, offset := lq.page.Limit, lq.page.Offset
	link := func(rel string, off int) string {
		q := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(off)}}
		if !lq.since.IsZero() {
			q.Set("since", lq.since.Format(time.RFC3339))
		}
		return fmt.Sprintf(`<%s%s?%s>; rel="%s"`, h.svc.BaseURL, r.URL.Path, q.Encode(), rel)
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	links := []string{link("first", 0), link("last", last)}
	if offset > 0 {
		links = append(links, link("prev", max(offset-limit, 0)))
	}
	if offset+limit < total {
		links = append(links, link("next", offset+limit))
	}
	w.Header().Set("Link", strings.Join(links, ", "))
}
