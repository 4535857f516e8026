// SPDX-License-Identifier: Apache-2.0

package obapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// status is the envelope every OB 2.1 response carries.
type status struct {
	Error      string `json:"error,omitempty"`
	StatusCode int    `json:"statusCode"`
	StatusText string `json:"statusText,omitempty"`
}

// ok is the status of a successful request. Moodle checks that
// status.statusCode is 200 after it pushes an assertion.
var ok = status{StatusCode: http.StatusOK, StatusText: "OK"}

// ob2Errors answers an error of the OB 2.1 API.
func ob2Errors(w http.ResponseWriter, code int, minor, msg string) {
	text := map[int]string{http.StatusBadRequest: "BAD_REQUEST", http.StatusUnauthorized: "UNAUTHENTICATED",
		http.StatusForbidden: "PERMISSION_DENIED", http.StatusNotFound: "NOT_FOUND",
		http.StatusMethodNotAllowed: "METHOD_NOT_ALLOWED"}[code]
	switch minor {
	case "invalid_query_parameter":
		text = "REQUEST_VALIDATION_ERROR"
	case "invalid_badge":
		text = "INVALID_BADGE"
	case "recipient_profile_mismatch":
		text = "RECIPIENT_PROFILE_MISMATCH"
	}
	writeJSON(w, code, struct {
		Status status `json:"status"`
	}{status{Error: msg, StatusCode: code, StatusText: text}})
}

// manifest is the Badge Connect manifest (OB 2.1 §"Manifest").
type manifest struct {
	Context         string            `json:"@context"`
	ID              string            `json:"id"`
	Type            string            `json:"type"`
	BadgeConnectAPI []badgeConnectAPI `json:"badgeConnectAPI"`
}

type badgeConnectAPI struct {
	ID                 string   `json:"id"`
	Type               string   `json:"type"`
	Name               string   `json:"name"`
	Image              string   `json:"image,omitempty"`
	APIBase            string   `json:"apiBase"`
	Version            string   `json:"version"`
	TermsOfServiceURL  string   `json:"termsOfServiceUrl"`
	PrivacyPolicyURL   string   `json:"privacyPolicyUrl"`
	ScopesOffered      []string `json:"scopesOffered"`
	RegistrationURL    string   `json:"registrationUrl"`
	AuthorizationURL   string   `json:"authorizationUrl"`
	TokenURL           string   `json:"tokenUrl"`
	TokenRevocationURL string   `json:"tokenRevocationUrl"`
}

// ob2Manifest serves the manifest. It has one badgeConnectAPI entry
// (Moodle reads the last one). The scopes offered are the OB 2.1 scopes
// in [service.BadgeConnectScopes]'s order, profile.readonly first.
func (h *Handler) ob2Manifest(w http.ResponseWriter, r *http.Request) {
	base := h.svc.BaseURL
	m := manifest{Context: "https://purl.imsglobal.org/spec/ob/v2p1/ob_v2p1.jsonld",
		ID: base + "/.well-known/badgeconnect.json", Type: "Manifest",
		BadgeConnectAPI: []badgeConnectAPI{{ID: base + OB2Base, Type: "BadgeConnectAPI", Name: h.opts.Name,
			Image: base + "/static/favicon.svg", APIBase: base + OB2Base, Version: "v2p1",
			TermsOfServiceURL: h.opts.TermsOfServiceURL, PrivacyPolicyURL: h.opts.PrivacyPolicyURL,
			ScopesOffered: service.BadgeConnectScopes, RegistrationURL: base + "/oauth/register",
			AuthorizationURL: base + "/oauth/authorize", TokenURL: base + "/oauth/token",
			TokenRevocationURL: base + "/oauth/revoke"}}}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(m)
}

// assertionsResponse is the answer of GET /assertions.
type assertionsResponse struct {
	Status           status            `json:"status"`
	Assertions       []json.RawMessage `json:"assertions"`
	SignedAssertions []string          `json:"signedAssertions"`
}

// ob2Assertions lists the wallet's OB 2.0 assertions, newest first.
func (h *Handler) ob2Assertions(w http.ResponseWriter, r *http.Request) {
	lq, err := parseList(r)
	if err != nil {
		ob2Errors(w, http.StatusBadRequest, "invalid_query_parameter", badge.ErrorMessage(err))
		return
	}
	docs, total, err := h.svc.WalletDocuments(r.Context(), service.OB2, lq.since, lq.page)
	if err != nil {
		h.fail(w, r, ob2Errors, err)
		return
	}
	out := assertionsResponse{Status: ok, Assertions: []json.RawMessage{}, SignedAssertions: []string{}}
	for _, d := range docs {
		if d.JWS != "" {
			out.SignedAssertions = append(out.SignedAssertions, d.JWS)
		} else {
			out.Assertions = append(out.Assertions, d.JSON)
		}
	}
	h.setPaging(w, r, lq, total)
	writeJSON(w, http.StatusOK, out)
}

// ob2Push stores an assertion another system sends into the wallet. The
// body is {"assertion": {…}} (what Moodle sends), {"signedAssertion":
// "<JWS>"}, or a reference to a hosted assertion to fetch:
// {"assertion": "<URL>"}, {"assertion": {"id": "<URL>"}} or
// {"id": "<URL>"}. The answer is 200 with status.statusCode 200 whether
// the wallet held the assertion or not: the OB 2.1 OpenAPI file defines
// only 200 for this operation ("created or updated"), and Moodle takes any
// other statusCode for a failure.
func (h *Handler) ob2Push(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, badge.MaxImportBytes))
	if err != nil {
		ob2Errors(w, http.StatusRequestEntityTooLarge, "", "The request is larger than 5 MiB.")
		return
	}
	in, ok2 := pushedAssertion(body)
	if !ok2 {
		ob2Errors(w, http.StatusBadRequest, "invalid_query_parameter",
			`Send {"assertion": {…}}, {"signedAssertion": "…"} or the URL of a hosted assertion.`)
		return
	}
	if _, _, err := h.svc.PushBadge(r.Context(), service.OB2, in); err != nil {
		if badge.ErrorKey(err) == service.KeyPushRecipientMismatch {
			ob2Errors(w, http.StatusBadRequest, "recipient_profile_mismatch", badge.ErrorMessage(err))
			return
		}
		if badge.ErrorCode(err) == badge.CodeInvalid {
			ob2Errors(w, http.StatusBadRequest, "invalid_badge", badge.ErrorMessage(err))
			return
		}
		h.fail(w, r, ob2Errors, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Status status `json:"status"`
	}{ok})
}

// pushedAssertion reads the body of POST /assertions (see ob2Push).
func pushedAssertion(body []byte) (service.PushedBadge, bool) {
	var req struct {
		Assertion       json.RawMessage `json:"assertion"`
		SignedAssertion *string         `json:"signedAssertion"`
		ID              *string         `json:"id"`
	}
	if json.Unmarshal(body, &req) != nil {
		return service.PushedBadge{}, false
	}
	switch {
	case req.SignedAssertion != nil:
		return service.PushedBadge{Data: []byte(*req.SignedAssertion)}, *req.SignedAssertion != ""
	case len(req.Assertion) > 0 && req.Assertion[0] == '"':
		var u string
		json.Unmarshal(req.Assertion, &u)
		return service.PushedBadge{URL: u}, isHTTP(u)
	case len(req.Assertion) > 0 && req.Assertion[0] == '{':
		var ref map[string]json.RawMessage
		json.Unmarshal(req.Assertion, &ref)
		if _, only := ref["id"]; only && len(ref) == 1 {
			var u string
			json.Unmarshal(ref["id"], &u)
			return service.PushedBadge{URL: u}, isHTTP(u)
		}
		return service.PushedBadge{Data: bytes.TrimSpace(req.Assertion)}, true
	case req.ID != nil && len(req.Assertion) == 0:
		var whole map[string]json.RawMessage
		json.Unmarshal(body, &whole)
		if _, isAssertion := whole["badge"]; isAssertion {
			return service.PushedBadge{Data: bytes.TrimSpace(body)}, true // an assertion sent bare
		}
		return service.PushedBadge{URL: *req.ID}, isHTTP(*req.ID)
	}
	return service.PushedBadge{}, false
}

func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// profileResponse is the answer of GET and POST /profile.
type profileResponse struct {
	Status  status        `json:"status"`
	Profile ob2ProfileDoc `json:"profile"`
}

// ob2ProfileDoc is the wallet owner as an OB 2.0 Profile.
type ob2ProfileDoc struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
}

func ob2ProfileOf(p *service.WalletProfile) profileResponse {
	return profileResponse{Status: ok, Profile: ob2ProfileDoc{ID: p.ID, Type: "Profile", Name: p.Name, Email: p.Email}}
}

// ob2Profile answers the wallet owner's profile.
func (h *Handler) ob2Profile(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.MyProfile(r.Context())
	if err != nil {
		h.fail(w, r, ob2Errors, err)
		return
	}
	writeJSON(w, http.StatusOK, ob2ProfileOf(p))
}

// ob2ProfileUpdate takes the name of the Profile sent.
func (h *Handler) ob2ProfileUpdate(w http.ResponseWriter, r *http.Request) {
	name, ok2 := profileName(w, r, ob2Errors)
	if !ok2 {
		return
	}
	p, err := h.svc.SetMyName(r.Context(), name)
	if err != nil {
		h.fail(w, r, ob2Errors, err)
		return
	}
	writeJSON(w, http.StatusOK, ob2ProfileOf(p))
}
