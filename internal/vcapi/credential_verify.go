// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/verify"
)

// inputName labels the reports of credentials sent to the verifier.
const inputName = "verifiableCredential"

// verifyCredential serves POST /credentials/verify.
func (h *Handler) verifyCredential(w http.ResponseWriter, r *http.Request) {
	body, opts, ok := h.verifyRequest(w, r)
	if !ok {
		return
	}
	vc, present := body["verifiableCredential"]
	if !present {
		h.writeError(w, r, invalid("verifiableCredential", keyMalformed, "The request body must have a verifiableCredential."), "")
		return
	}
	res := newResult(h.checkCredential(r.Context(), vc, opts))
	if opts.returnCredential {
		res.Credential = vc
	}
	writeJSON(w, res.status(), res)
}

// verifyRequest authorises a verify request if the endpoints are not
// public and reads its body and options; ok is false when an error
// response has been written.
func (h *Handler) verifyRequest(w http.ResponseWriter, r *http.Request) (map[string]any, verifyOptions, bool) {
	if h.VerifyScope != "" {
		if _, err := h.authorize(r, h.VerifyScope); err != nil {
			h.writeError(w, r, err, h.VerifyScope)
			return nil, verifyOptions{}, false
		}
	}
	body, err := h.readBody(w, r)
	if err != nil {
		h.writeError(w, r, err, "")
		return nil, verifyOptions{}, false
	}
	opts, err := parseVerifyOptions(body["options"])
	if err != nil {
		h.writeError(w, r, err, "")
		return nil, verifyOptions{}, false
	}
	return body, opts, true
}

// checkCredential verifies one credential: an Open Badge or a VC-JWT with
// internal/verify, any other W3C credential with the offline checks of
// this package; then the options are compared with its proofs.
func (h *Handler) checkCredential(ctx context.Context, v any, opts verifyOptions) *report.Report {
	var r *report.Report
	var proofs []map[string]any
	switch x := v.(type) {
	case string:
		r = h.verifier().Verify(ctx, inputName, []byte(x))
	case map[string]any:
		if token, isEnveloped, problem := envelopedJWT(x); isEnveloped {
			if problem != "" {
				r = formatFailure(problem)
				break
			}
			r = h.verifier().Verify(ctx, inputName, []byte(token))
			break
		}
		proofs = proofObjects(x)
		if isOpenBadge(x) {
			b, err := json.Marshal(x)
			if err != nil {
				r = formatFailure("The credential cannot be encoded as JSON: " + err.Error())
				break
			}
			r = h.verifier().Verify(ctx, inputName, b)
			break
		}
		r = h.verifyW3C(ctx, x)
	default:
		r = formatFailure("verifiableCredential must be a credential object or a VC-JWT string.")
	}
	applyProofOptions(r, proofs, opts, "assertionMethod")
	finish(r)
	return r
}

func formatFailure(msg string) *report.Report {
	r := &report.Report{Input: inputName, Format: verify.FormatUnknown}
	r.Add(idFormat, report.Fail, msg)
	return r
}

// envelopedJWT reads an EnvelopedVerifiableCredential (VC Data Model 2.0
// §4.13): a data: URL in id carrying a VC-JWT. isEnveloped is false for
// any other object; problem says why an envelope cannot be opened.
func envelopedJWT(doc map[string]any) (token string, isEnveloped bool, problem string) {
	types, _ := stringList(doc["type"])
	if !contains(types, "EnvelopedVerifiableCredential") {
		return "", false, ""
	}
	id, _ := doc["id"].(string)
	rest, isData := strings.CutPrefix(id, "data:")
	header, data, found := strings.Cut(rest, ",")
	if !isData || !found {
		return "", true, "The EnvelopedVerifiableCredential's id must be a data: URL."
	}
	params := strings.Split(header, ";")
	switch strings.ToLower(strings.TrimSpace(params[0])) {
	case "application/vc+jwt", "application/vc-ld+jwt", "application/jwt":
	default:
		return "", true, fmt.Sprintf("The enveloped credential is %q; only VC-JWTs (application/vc+jwt) are supported.", params[0])
	}
	if contains(params[1:], "base64") {
		b, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return "", true, "The enveloped credential's base64 data is malformed."
		}
		data = string(b)
	}
	return data, true, ""
}

// proofObjects returns the proof objects of a document (a single proof or
// the objects of a proof set).
func proofObjects(doc map[string]any) []map[string]any {
	switch p := doc["proof"].(type) {
	case map[string]any:
		return []map[string]any{p}
	case []any:
		var out []map[string]any
		for _, e := range p {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// applyProofOptions compares expectedProofPurpose, challenge and domain
// with every proof: a proof set passes only if each of its proofs was made
// for this purpose, challenge and domain. A document without embedded
// proofs (a VC-JWT) has the purpose implied by its kind and no challenge
// or domain.
func applyProofOptions(r *report.Report, proofs []map[string]any, opts verifyOptions, implied string) {
	if want := opts.expectedProofPurpose; want != "" {
		ok := len(proofs) > 0 || want == implied
		for _, p := range proofs {
			ok = ok && p["proofPurpose"] == want
		}
		if ok {
			r.Add(idPurpose, report.Pass, "The proof purpose is "+want+", as expected.")
		} else {
			r.Add(idPurpose, report.Fail, "The proof purpose is not "+want+", the purpose expected.")
		}
	}
	if want := opts.challenge; want != "" {
		ok := len(proofs) > 0
		for _, p := range proofs {
			ok = ok && p["challenge"] == want
		}
		addMatch(r, idChallenge, ok, "challenge", want)
	}
	if want := opts.domain; want != "" {
		ok := len(proofs) > 0
		for _, p := range proofs {
			ok = ok && domainMatches(p["domain"], want)
		}
		addMatch(r, idDomain, ok, "domain", want)
	}
}

func addMatch(r *report.Report, id string, ok bool, what, want string) {
	if ok {
		r.Add(id, report.Pass, fmt.Sprintf("The proof was made for the %s %q.", what, want))
		return
	}
	r.Add(id, report.Fail, fmt.Sprintf("The proof was not made for the %s %q: it may have been made for another verifier or replayed.", what, want))
}

// domainMatches: a proof's domain is a string or a set of strings.
func domainMatches(v any, want string) bool {
	list, ok := stringList(v)
	return ok && contains(list, want)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
