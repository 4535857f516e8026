// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/ldcontext"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
)

// issue serves POST /credentials/issue.
func (h *Handler) issue(w http.ResponseWriter, r *http.Request) {
	signer, err := h.authorize(r, ScopeIssue)
	if err != nil {
		h.writeError(w, r, err, ScopeIssue)
		return
	}
	body, err := h.readBody(w, r)
	if err != nil {
		h.writeError(w, r, err, "")
		return
	}
	signed, err := h.issueCredential(r.Context(), signer, body)
	if err != nil {
		h.writeError(w, r, err, "")
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"verifiableCredential": signed})
}

// issueCredential checks and completes the request's credential and has
// signer sign it.
func (h *Handler) issueCredential(ctx context.Context, signer Signer, body map[string]any) (map[string]any, error) {
	cred, ok := body["credential"].(map[string]any)
	if !ok {
		return nil, invalid("credential", keyMalformed, "The request body must have a credential object.")
	}
	if err := issueOptions(body["options"]); err != nil {
		return nil, err
	}
	if _, has := cred["proof"]; has {
		return nil, invalid("credential.proof", keyMalformed, "The credential already has a proof; send it without one.")
	}
	dm, serr := checkCredentialShape(cred, "credential", true)
	if serr != nil {
		return nil, serr.err
	}
	if err := checkIssuerIsSigner(cred, signer.IssuerID()); err != nil {
		return nil, err
	}
	if dm == dm11 {
		h.completeVC11(cred)
	}
	if isOpenBadge(cred) && dm == dm20 {
		if err := ob3.ValidateSchema(cred); err != nil {
			return nil, invalid("credential", keyMalformed, "The Open Badges 3.0 credential does not follow the 1EdTech JSON Schema: "+trimPrefix(err))
		}
	}
	// Canonicalizing first turns an undefined term or a bad inline context
	// into a clear 400 before the signer (maybe a remote key service) is asked.
	if _, err := proof.Default.Canonicalize(cred); err != nil {
		return nil, canonicalizeError(err)
	}
	signed, err := signer.SignDataIntegrity(ctx, cred)
	if errors.Is(err, proof.ErrCanonicalize) {
		return nil, canonicalizeError(err)
	}
	if err != nil {
		return nil, err
	}
	if !isOpenBadge(signed) {
		unwrapSingleProof(signed)
	}
	return signed, nil
}

// checkIssuerIsSigner checks that the credential's issuer, already known
// to be a URL or an object with one, is the signer's DID.
func checkIssuerIsSigner(cred map[string]any, did string) error {
	if got := issuerID(cred); got != did {
		return invalid("credential.issuer", keyIssuerMismatch, fmt.Sprintf("The credential's issuer is %s, but this organisation issues as %s.", got, did))
	}
	return nil
}

// completeVC11 gives a VC 1.1 credential what issuing it needs: an
// issuanceDate (now, if absent) and the Data Integrity v2 context, which
// defines the proof's terms (the 1.1 base context does not).
func (h *Handler) completeVC11(cred map[string]any) {
	if _, has := cred["issuanceDate"]; !has {
		cred["issuanceDate"] = h.now().UTC().Truncate(time.Second).Format(time.RFC3339)
	}
	ctxs := cred["@context"].([]any) // checked by checkContexts
	for _, c := range ctxs {
		if c == ldcontext.DataIntegrityV2 {
			return
		}
	}
	cred["@context"] = append(ctxs, ldcontext.DataIntegrityV2)
}

// isOpenBadge reports whether a credential uses an Open Badges 3.0 context.
func isOpenBadge(cred map[string]any) bool {
	ctxs, _ := cred["@context"].([]any)
	for _, c := range ctxs {
		if s, ok := c.(string); ok && strings.HasPrefix(s, "https://purl.imsglobal.org/spec/ob/v3p0/") {
			return true
		}
	}
	return false
}

// unwrapSingleProof writes a one-proof array as the proof object itself:
// the same JSON-LD statement, and the form the VC-API suites assert.
func unwrapSingleProof(doc map[string]any) {
	if p, ok := doc["proof"].([]any); ok && len(p) == 1 {
		doc["proof"] = p[0]
	}
}

func canonicalizeError(err error) error {
	if errors.Is(err, ldcontext.ErrUnknownContext) {
		return invalid("credential.@context", keyMalformed, "A context of the credential refers to a context Akashi does not know (contexts are never fetched from the network): "+trimPrefix(err))
	}
	return invalid("credential", keyDataLoss, "The credential cannot be read as linked data (an undefined term or a bad context), so it cannot be signed: "+trimPrefix(err))
}

// trimPrefix drops the package prefixes of wrapped error messages.
func trimPrefix(err error) string {
	s := err.Error()
	for _, p := range []string{"proof: cannot canonicalize: ", "jsonld: ", "ob3: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
