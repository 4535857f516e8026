// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/report"
)

// FormatVP is the report format of a presentation.
const FormatVP = "vp"

// verifyPresentation serves POST /presentations/verify. The presentation
// comes as verifiablePresentation (it must be signed) or, as the VC-API's
// "proofless" request, as presentation (it is not, and only the
// credentials in it are verified).
func (h *Handler) verifyPresentation(w http.ResponseWriter, r *http.Request) {
	body, opts, ok := h.verifyRequest(w, r)
	if !ok {
		return
	}
	signedVP, signed := body["verifiablePresentation"]
	unsignedVP, unsigned := body["presentation"]
	path, v := "verifiablePresentation", signedVP
	switch {
	case signed && unsigned:
		h.writeError(w, r, invalid("presentation", keyMalformed, "Send either verifiablePresentation or presentation, not both."), "")
		return
	case unsigned:
		path, v = "presentation", unsignedVP
	case !signed:
		h.writeError(w, r, invalid("verifiablePresentation", keyMalformed, "The request body must have a verifiablePresentation."), "")
		return
	}
	vp, isObject := v.(map[string]any)
	if !isObject {
		h.writeError(w, r, invalid(path, keyMalformed, path+" must be a presentation object; enveloped (JWT) presentations are not supported."), "")
		return
	}
	res := h.checkPresentation(r.Context(), vp, path, signed, opts)
	if opts.returnPresentation {
		res.VerifiablePresentation = v
	}
	writeJSON(w, res.status(), res)
}

// checkPresentation verifies a presentation and each credential in it.
func (h *Handler) checkPresentation(ctx context.Context, vp map[string]any, path string, signed bool, opts verifyOptions) *Result {
	r := &report.Report{Input: path, Format: FormatVP}
	if _, serr := checkPresentationShape(vp, path); serr != nil {
		r.Add(idFormat, report.Pass, "A JSON object sent as a presentation.")
		r.Add(serr.check, report.Fail, badge.ErrorMessage(serr.err))
		finishPresentation(r, signed)
		return newResult(r)
	}
	if signed {
		r.Add(idFormat, report.Pass, "A W3C Verifiable Presentation with an embedded proof.")
		r.Add(idContext, report.Pass, "The contexts and types are those of a verifiable presentation.")
		h.checkPresentationProofs(vp, opts, r)
	} else {
		r.Add(idFormat, report.Pass, "A W3C presentation, sent unsigned.")
		r.Add(idContext, report.Pass, "The contexts and types are those of a verifiable presentation.")
		r.Add(idProof, report.Skip, "The presentation was sent as an unsigned presentation; only its credentials are verified.")
		for _, o := range []struct{ id, value string }{{idChallenge, opts.challenge}, {idDomain, opts.domain}} {
			if o.value != "" {
				r.Add(o.id, report.Fail, fmt.Sprintf("An unsigned presentation cannot show that it was made for the %s %q.", o.id, o.value))
			}
		}
	}
	results := h.checkEmbedded(ctx, vp, path, signed, r)
	finishPresentation(r, signed)
	res := newResult(r)
	res.CredentialResults = results
	inheritCredentialProblem(res)
	return res
}

// checkEmbedded verifies each credential of a presentation and adds the
// summary check "credentials".
func (h *Handler) checkEmbedded(ctx context.Context, vp map[string]any, path string, signed bool, r *report.Report) []*Result {
	creds := embeddedCredentials(vp)
	results := make([]*Result, 0, len(creds))
	var firstFailure string
	for i, c := range creds {
		cr := h.checkCredential(ctx, c, verifyOptions{})
		cr.Input = fmt.Sprintf("%s.verifiableCredential[%d]", path, i)
		res := newResult(cr)
		results = append(results, res)
		if !res.Verified && firstFailure == "" {
			firstFailure = fmt.Sprintf("Credential %d of %d did not verify: %s", i+1, len(creds), res.Errors[0].Detail)
		}
	}
	switch {
	case len(creds) == 0 && signed:
		r.Add(idCredentials, report.Skip, "The presentation contains no credentials.")
	case len(creds) == 0:
		r.Add(idCredentials, report.Fail, "An unsigned presentation must contain at least one credential: there is nothing to verify.")
	case firstFailure != "":
		r.Add(idCredentials, report.Fail, firstFailure)
	default:
		r.Add(idCredentials, report.Pass, fmt.Sprintf("All %d credentials in the presentation verified.", len(creds)))
	}
	return results
}

// finishPresentation sets r.Valid: nothing failed, and the presentation's
// proof passed (signed) or its credentials did (unsigned).
func finishPresentation(r *report.Report, signed bool) {
	r.Finish()
	need := idProof
	if !signed {
		need = idCredentials
	}
	if r.Status(need) != report.Pass {
		r.Valid = false
	}
}

// inheritCredentialProblem gives the "credentials" error the problem type
// of the first error of the first credential that failed, which says more
// than a generic type would.
func inheritCredentialProblem(res *Result) {
	for i := range res.Errors {
		if res.Errors[i].Check != idCredentials {
			continue
		}
		for _, cr := range res.CredentialResults {
			if !cr.Verified && len(cr.Errors) > 0 {
				res.Errors[i].Type, res.Errors[i].Title = cr.Errors[0].Type, cr.Errors[0].Title
				return
			}
		}
	}
}

// holderID returns the presentation's holder id, or "".
func holderID(vp map[string]any) string {
	switch h := vp["holder"].(type) {
	case string:
		return h
	case map[string]any:
		id, _ := h["id"].(string)
		return id
	}
	return ""
}

// compareHolder compares the holder with the controllers of the keys that
// signed the presentation.
func compareHolder(vp map[string]any, controllers []string, r *report.Report) {
	holder := holderID(vp)
	if holder == "" {
		r.Add(idHolder, report.Skip, "The presentation names no holder; it was signed by "+strings.Join(controllers, ", ")+".")
		return
	}
	for _, c := range controllers {
		if c != holder {
			r.Add(idHolder, report.Fail, fmt.Sprintf("The presentation names %s as holder but was signed with a key of %s.", holder, c))
			return
		}
	}
	r.Add(idHolder, report.Pass, "The presentation was signed by its holder "+holder+".")
}
