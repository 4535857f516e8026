// SPDX-License-Identifier: Apache-2.0

package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// maxVerifyBody bounds the body of POST /api/v1/verify: the largest
// input, with room for the JSON around it.
const maxVerifyBody = service.MaxVerifyInput + 64<<10

// verify is POST /api/v1/verify, public like the verifier page: a JSON
// body {"url": …} or {"credential": <object or JWT string>}, or the file
// itself (image/png, image/svg+xml, application/pdf, application/jwt,
// text/plain, or a credential as application/json). It answers 200 with the report whether
// or not the badge is valid (a failed check is a result); 400 for input
// that cannot be verified at all and 413 for input over 5 MiB.
func (a *API) verify(w http.ResponseWriter, r *http.Request) {
	in, err := readVerifyInput(w, r)
	if err == nil {
		var res *service.Verification
		if res, err = a.svc.Verify(r.Context(), in); err == nil {
			writeJSON(w, http.StatusOK, "", res.Report)
			return
		}
	}
	if badge.ErrorKey(err) == service.KeyVerifyTooLarge {
		writeJSON(w, http.StatusRequestEntityTooLarge, "application/problem+json", problem{Type: "about:blank",
			Title: http.StatusText(http.StatusRequestEntityTooLarge), Status: http.StatusRequestEntityTooLarge,
			Detail: badge.ErrorMessage(err), Field: "body"})
		return
	}
	writeError(w, r, err)
}

// verifyRequest is the JSON form of a verification request.
type verifyRequest struct {
	URL        string          `json:"url"`
	Credential json.RawMessage `json:"credential"`
}

// readVerifyInput decodes the request by its Content-Type.
func readVerifyInput(w http.ResponseWriter, r *http.Request) (service.VerifyInput, error) {
	var in service.VerifyInput
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxVerifyBody))
	if err != nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			return in, service.VerifyTooLarge("body")
		}
		return in, badge.Invalid("body", "error.invalid", "The request body could not be read.")
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		return verifyJSON(body)
	case "image/png", "image/svg+xml", "application/pdf", "application/jwt", "text/plain", "application/ld+json",
		"application/vc+ld+json", "application/vc+jwt", "application/octet-stream":
		return service.VerifyInput{Name: "upload", Data: body}, nil
	}
	return in, badge.Invalid("Content-Type", "error.invalid",
		"Send JSON ({\"url\": …} or {\"credential\": …}) or the file itself as image/png, image/svg+xml, application/pdf, application/jwt or text/plain.")
}

// verifyJSON reads {"url"} or {"credential"}; a JSON object with neither
// (and anything with an @context) is taken to be the credential itself.
func verifyJSON(body []byte) (service.VerifyInput, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return service.VerifyInput{}, badge.Invalid("body", "error.invalid", "The body is not a JSON object.")
	}
	_, hasURL := m["url"]
	_, hasCred := m["credential"]
	_, hasContext := m["@context"]
	if hasContext || !hasURL && !hasCred {
		return service.VerifyInput{Name: "credential", Data: body}, nil
	}
	var req verifyRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return service.VerifyInput{}, badge.Invalid("url", "error.invalid", "url must be a string.")
	}
	switch {
	case hasURL && hasCred:
		return service.VerifyInput{}, badge.Invalid("url", "error.invalid", "Give either url or credential, not both.")
	case hasURL:
		if req.URL == "" {
			return service.VerifyInput{}, badge.Invalid("url", "verify.bad_url", "url is empty.")
		}
		return service.VerifyInput{URL: req.URL}, nil
	}
	cred := bytes.TrimSpace(req.Credential)
	var s string
	if json.Unmarshal(cred, &s) == nil {
		// A JWT (or any credential given as a string).
		return service.VerifyInput{Name: "credential", Data: []byte(s)}, nil
	}
	if len(cred) == 0 || cred[0] != '{' {
		return service.VerifyInput{}, badge.Invalid("credential", "error.invalid", "credential must be a JSON object or a JWT string.")
	}
	return service.VerifyInput{Name: "credential", Data: cred}, nil
}
