// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/httpx"
	"github.com/akashi-badges/akashi/internal/jsonld"
)

// statusError is a failure of the HTTP exchange itself, which has no
// application error code: an oversized body (413) or a body that is not
// JSON (415).
type statusError struct {
	status int
	code   string
	msg    string
}

func (e *statusError) Error() string { return "vcapi: " + e.msg }

var (
	errTooLarge  = &statusError{http.StatusRequestEntityTooLarge, "too_large", "The request body is too large."}
	errMediaType = &statusError{http.StatusUnsupportedMediaType, "unsupported_media_type", "The request body must be JSON (Content-Type: application/json)."}
)

// errorBody is the body of every error response: our code and message, the
// offending member, and a problem-details type (VCALM §ProblemDetails).
type errorBody struct {
	Error     string `json:"error"`
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	Type      string `json:"type"`
	Title     string `json:"title"`
	RequestID string `json:"request_id,omitempty"`
}

// authorize runs Authorize for scope.
func (h *Handler) authorize(r *http.Request, scope string) (Signer, error) {
	if h.Authorize == nil {
		return nil, badge.Unauthorized("error.unauthorized", "This endpoint needs a bearer token.")
	}
	s, err := h.Authorize(r, scope)
	if err == nil && s == nil {
		err = badge.Internal(errors.New("vcapi: Authorize returned no signer and no error"))
	}
	return s, err
}

// readBody reads the request's JSON body, which must be an object.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
	if !isJSON(r.Header.Get("Content-Type")) {
		return nil, errMediaType
	}
	limit := h.maxBody()
	if r.ContentLength > limit {
		return nil, errTooLarge
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, errTooLarge
		}
		return nil, invalid("", keyParsing, "The request body could not be read.")
	}
	v, err := jsonld.ParseJSON(raw)
	if err != nil {
		return nil, invalid("", keyParsing, "The request body is not valid JSON: "+strings.TrimPrefix(err.Error(), "jsonld: parse JSON: "))
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalid("", keyParsing, "The request body must be a JSON object.")
	}
	return m, nil
}

// isJSON accepts application/json, application/ld+json and any other
// application/*+json type.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// writeJSON renders v with status as application/json.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeError renders err. Statuses of application errors come from
// httpx.Status; internal errors are logged and shown as a generic message.
// scope is set for the errors of Authorize, which get a WWW-Authenticate
// challenge (RFC 6750 §3).
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error, scope string) {
	reqID := httpx.RequestID(r.Context())
	if se, ok := errors.AsType[*statusError](err); ok {
		writeJSON(w, se.status, errorBody{Error: se.code, Message: se.msg, Type: "about:blank", Title: http.StatusText(se.status), RequestID: reqID})
		return
	}
	status := httpx.Status(err)
	switch {
	case scope != "" && status == http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer`)
	case scope != "" && status == http.StatusForbidden:
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="`+scope+`"`)
	case status == http.StatusInternalServerError:
		h.log().Error("vcapi", "request_id", reqID, "path", r.URL.Path, "err", err)
	}
	body := errorBody{Error: badge.ErrorCode(err), Message: badge.ErrorMessage(err), RequestID: reqID}
	if be, ok := errors.AsType[*badge.Error](err); ok {
		body.Field = be.Field
	}
	body.Type = problemFor(err)
	body.Title = problemTitle(body.Type)
	if body.Type == "about:blank" {
		body.Title = http.StatusText(status)
	}
	writeJSON(w, status, body)
}
