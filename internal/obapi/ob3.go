// SPDX-License-Identifier: Apache-2.0

package obapi

import (
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// ob3OpenAPI is the OB 3.0 API's OpenAPI file as 1EdTech publishes it (see
// PROVENANCE.md); the discovery document is a profiled copy.
//
//go:embed ob3-openapi.json
var ob3OpenAPI []byte

// statusInfo is the OB 3.0 API's error body (imsx_StatusInfo).
type statusInfo struct {
	CodeMajor   string     `json:"imsx_codeMajor"`
	Severity    string     `json:"imsx_severity"`
	Description string     `json:"imsx_description,omitempty"`
	CodeMinor   *codeMinor `json:"imsx_codeMinor,omitempty"`
}

type codeMinor struct {
	Fields []codeMinorField `json:"imsx_codeMinorField"`
}

type codeMinorField struct {
	Name  string `json:"imsx_codeMinorFieldName"`
	Value string `json:"imsx_codeMinorFieldValue"`
}

// ob3Errors answers an error of the OB 3.0 API.
func ob3Errors(w http.ResponseWriter, status int, minor, msg string) {
	if minor == "" {
		minor = "unknown"
	}
	writeJSON(w, status, statusInfo{CodeMajor: "failure", Severity: "error", Description: msg,
		CodeMinor: &codeMinor{[]codeMinorField{{Name: "TargetEndSystem", Value: minor}}}})
}

// ob3Discovery serves the service description document: the OB 3.0
// OpenAPI file with this server's address, its policies, and its OAuth 2.0
// endpoints in the security scheme (OB 3.0 §"Service Discovery").
func (h *Handler) ob3Discovery(w http.ResponseWriter, r *http.Request) {
	h.discoveryOnce.Do(func() { h.discovery, h.discoveryErr = h.discoveryDocument() })
	if h.discoveryErr != nil {
		h.internal(w, r, ob3Errors, h.discoveryErr)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(h.discovery)
}

// discoveryDocument profiles the OpenAPI file for this instance.
func (h *Handler) discoveryDocument() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(ob3OpenAPI, &doc); err != nil {
		return nil, err
	}
	base := h.svc.BaseURL
	doc["servers"] = []any{map[string]any{"url": base + OB3Base, "description": h.opts.Name}}
	info, _ := doc["info"].(map[string]any)
	if info == nil {
		return nil, errors.New("obapi: the OB 3.0 OpenAPI file has no info")
	}
	info["title"] = h.opts.Name
	info["termsOfService"] = h.opts.TermsOfServiceURL
	info["x-imssf-privacyPolicyUrl"] = h.opts.PrivacyPolicyURL
	info["x-imssf-image"] = base + "/static/favicon.svg"
	scheme, _ := jsonPath(doc, "components", "securitySchemes", "OAuth2ACG").(map[string]any)
	flow, _ := jsonPath(scheme, "flows", "authorizationCode").(map[string]any)
	if flow == nil {
		return nil, errors.New("obapi: the OB 3.0 OpenAPI file has no authorization code flow")
	}
	scheme["x-imssf-registrationUrl"] = base + "/oauth/register"
	flow["authorizationUrl"] = base + "/oauth/authorize"
	flow["tokenUrl"] = base + "/oauth/token"
	flow["refreshUrl"] = base + "/oauth/token"
	return json.Marshal(doc)
}

// jsonPath follows keys through nested JSON objects; nil if one is missing.
func jsonPath(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// credentialsResponse is GetOpenBadgeCredentialsResponse: credentials with
// an embedded proof, and VC-JWTs.
type credentialsResponse struct {
	Credential       []json.RawMessage `json:"credential"`
	CompactJWSString []string          `json:"compactJwsString"`
}

// ob3Credentials lists the wallet's OB 3.0 credentials, newest first.
func (h *Handler) ob3Credentials(w http.ResponseWriter, r *http.Request) {
	lq, err := parseList(r)
	if err != nil {
		ob3Errors(w, http.StatusBadRequest, "invalid_query_parameter", badge.ErrorMessage(err))
		return
	}
	docs, total, err := h.svc.WalletDocuments(r.Context(), service.OB3, lq.since, lq.page)
	if err != nil {
		h.fail(w, r, ob3Errors, err)
		return
	}
	out := credentialsResponse{Credential: []json.RawMessage{}, CompactJWSString: []string{}}
	for _, d := range docs {
		if d.JWS != "" {
			out.CompactJWSString = append(out.CompactJWSString, d.JWS)
		} else {
			out.Credential = append(out.Credential, d.JSON)
		}
	}
	h.setPaging(w, r, lq, total)
	writeJSON(w, http.StatusOK, out)
}

// ob3Upsert stores a credential in the wallet: JSON with an embedded proof
// (application/json) or a VC-JWT (text/plain). A credential equal to one
// the wallet imported (the same id and issuer id: OB 3.0's credential
// equality) replaces it. It answers the credential as sent: 201 when the
// wallet did not hold it, 200 when it held these bytes or replaced an
// equal credential.
func (h *Handler) ob3Upsert(w http.ResponseWriter, r *http.Request) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	jwt := false
	switch mt {
	case "application/json", "application/ld+json", "application/vc+ld+json", "application/vc":
	case "text/plain", "application/jwt", "application/vc+jwt":
		jwt = true
	default:
		ob3Errors(w, http.StatusUnsupportedMediaType, "invalid_data", "Send the credential as application/json, or a VC-JWT as text/plain.")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, badge.MaxImportBytes))
	if err != nil {
		ob3Errors(w, http.StatusRequestEntityTooLarge, "invalid_data", "The credential is larger than 5 MiB.")
		return
	}
	if jwt {
		body = []byte(strings.TrimSpace(string(body)))
	}
	_, created, err := h.svc.PushBadge(r.Context(), service.OB3, service.PushedBadge{Data: body})
	if err != nil {
		h.fail(w, r, ob3Errors, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	w.Header().Set("Cache-Control", "no-store")
	if jwt {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// ob3ProfileDoc is the wallet owner as an OB 3.0 Profile.
type ob3ProfileDoc struct {
	ID    string   `json:"id"`
	Type  []string `json:"type"`
	Name  string   `json:"name,omitempty"`
	Email string   `json:"email,omitempty"`
}

func ob3ProfileOf(p *service.WalletProfile) ob3ProfileDoc {
	return ob3ProfileDoc{ID: p.ID, Type: []string{"Profile"}, Name: p.Name, Email: p.Email}
}

// ob3Profile answers the wallet owner's profile.
func (h *Handler) ob3Profile(w http.ResponseWriter, r *http.Request) {
	p, err := h.svc.MyProfile(r.Context())
	if err != nil {
		h.fail(w, r, ob3Errors, err)
		return
	}
	writeJSON(w, http.StatusOK, ob3ProfileOf(p))
}

// ob3ProfileUpdate takes the name of the Profile sent; the rest of a
// profile is the wallet's to change.
func (h *Handler) ob3ProfileUpdate(w http.ResponseWriter, r *http.Request) {
	name, ok := profileName(w, r, ob3Errors)
	if !ok {
		return
	}
	p, err := h.svc.SetMyName(r.Context(), name)
	if err != nil {
		h.fail(w, r, ob3Errors, err)
		return
	}
	writeJSON(w, http.StatusOK, ob3ProfileOf(p))
}

// profileName reads the name of a Profile sent as JSON.
func profileName(w http.ResponseWriter, r *http.Request, fail errorWriter) (string, bool) {
	var p struct {
		Name *string `json:"name"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	if err := dec.Decode(&p); err != nil || p.Name == nil {
		fail(w, http.StatusBadRequest, "invalid_data", "Send a Profile as a JSON object with a name.")
		return "", false
	}
	return *p.Name, true
}
