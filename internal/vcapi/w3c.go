// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
)

// FormatW3CDI is the report format of a W3C credential (not an Open Badge)
// with embedded Data Integrity proofs, checked by this package.
const FormatW3CDI = "vc-di"

// offlineKeys resolves did:key verification methods only: no network.
var offlineKeys = &did.Resolver{}

// verifyW3C checks a W3C credential that internal/verify does not handle
// (it checks Open Badges): its members, its Data Integrity proofs (all of
// them must verify, with did:key keys of the issuer), its validity period,
// and whether it has a status that could not be checked offline.
func (h *Handler) verifyW3C(ctx context.Context, doc map[string]any) *report.Report {
	r := &report.Report{Input: inputName, Format: FormatW3CDI}
	dm, serr := checkCredentialShape(doc, "verifiableCredential", false)
	if serr != nil {
		r.Add(idFormat, report.Pass, "A JSON object sent as a verifiable credential.")
		r.Add(serr.check, report.Fail, badge.ErrorMessage(serr.err))
		return r
	}
	r.Add(idFormat, report.Pass, fmt.Sprintf("A W3C Verifiable Credential (Data Model %s).", dmName(dm)))
	r.Add(idContext, report.Pass, "The contexts and types are those of a verifiable credential.")
	r.Add(idSchema, report.Pass, "The credential has the members the data model requires.")
	checkW3CProofs(ctx, doc, r)
	h.checkW3CValidity(doc, dm, r)
	checkStatusOffline(doc, r)
	return r
}

func dmName(dm dataModel) string {
	if dm == dm11 {
		return "1.1"
	}
	return "2.0"
}

// checkW3CProofs verifies every proof and that each key is the issuer's.
func checkW3CProofs(ctx context.Context, doc map[string]any, r *report.Report) {
	results, err := proof.Default.Verify(ctx, doc, offlineKeys)
	if err == nil {
		err = firstProofError(results)
	}
	if err == nil {
		err = checkPreviousProofs(proofObjects(doc))
	}
	if err != nil {
		r.Add(idProof, report.Fail, proofMessage(err))
		r.Add(idIssuer, report.Skip, "The issuer's key could not be checked because the proof did not verify.")
		return
	}
	vms := make([]string, len(results))
	for i, res := range results {
		vms[i] = res.VerificationMethod
	}
	r.Add(idProof, report.Pass, fmt.Sprintf("The %s signature matches the key %s.", suiteName(results), strings.Join(vms, ", ")))
	issuer := issuerID(doc)
	for _, res := range results {
		switch {
		case res.Key.Controller != issuer:
			r.Add(idIssuer, report.Fail, fmt.Sprintf("The credential names %s as issuer but was signed with a key of %s.", issuer, res.Key.Controller))
			return
		case !res.Key.AssertionMethod:
			r.Add(idIssuer, report.Fail, fmt.Sprintf("The key %s is not one the issuer uses for issuing credentials (assertionMethod).", res.Key.ID))
			return
		}
	}
	r.Add(idIssuer, report.Pass, fmt.Sprintf("The signing key belongs to the issuer %s.", issuer))
}

// firstProofError returns the error of the first proof that did not
// verify, numbered when there are several.
func firstProofError(results []proof.Result) error {
	for i, res := range results {
		if res.Err == nil {
			continue
		}
		if len(results) == 1 {
			return res.Err
		}
		return fmt.Errorf("proof %d of %d: %w", i+1, len(results), res.Err)
	}
	return nil
}

func suiteName(results []proof.Result) string {
	if res := results[0]; res.Cryptosuite != "" {
		return res.Cryptosuite
	}
	return results[0].Type
}

// errBrokenChain marks a previousProof that names no proof of the set.
var errBrokenChain = errors.New("the proof chain is broken")

// checkPreviousProofs checks that every previousProof (a proof chain,
// Data Integrity §2.1.2) names a proof of the same document.
func checkPreviousProofs(proofs []map[string]any) error {
	ids := map[string]bool{}
	for _, p := range proofs {
		if id, ok := p["id"].(string); ok {
			ids[id] = true
		}
	}
	for _, p := range proofs {
		prev, present := p["previousProof"]
		if !present {
			continue
		}
		list, ok := stringList(prev)
		if !ok {
			return fmt.Errorf("%w: previousProof must be a string or an array of strings", errBrokenChain)
		}
		for _, id := range list {
			if !ids[id] {
				return fmt.Errorf("%w: previousProof %s is not a proof of this credential", errBrokenChain, id)
			}
		}
	}
	return nil
}

func proofMessage(err error) string {
	switch {
	case errors.Is(err, proof.ErrNoProof):
		return "The credential carries no proof, so nothing shows who issued it."
	case errors.Is(err, proof.ErrSignature):
		return "The signature does not match: the credential was changed after it was signed, or signed with another key."
	case errors.Is(err, proof.ErrCanonicalize):
		return "The credential cannot be read as linked data (an undefined term or a bad context), so its signature cannot be checked: " + trimPrefix(err)
	case errors.Is(err, proof.ErrKey):
		return "The signing key could not be found (only did:key is resolved here): " + err.Error()
	case errors.Is(err, proof.ErrUnsupported):
		return "The proof is not an eddsa-rdfc-2022 Data Integrity proof: " + err.Error()
	case errors.Is(err, errBrokenChain):
		return "The proofs do not form a valid chain: " + err.Error()
	}
	return "The proof is not valid: " + err.Error()
}

func issuerID(doc map[string]any) string {
	switch is := doc["issuer"].(type) {
	case string:
		return is
	case map[string]any:
		id, _ := is["id"].(string)
		return id
	}
	return ""
}

// checkW3CValidity compares the validity period with the clock; the values
// were checked by checkDates.
func (h *Handler) checkW3CValidity(doc map[string]any, dm dataModel, r *report.Report) {
	fromKey, untilKey := validityMembers(dm)
	from, _ := doc[fromKey].(string)
	until, _ := doc[untilKey].(string)
	start, hasStart := parseDate(from, false)
	end, hasEnd := parseDate(until, false)
	now := h.now()
	switch {
	case hasStart && now.Before(start):
		r.Add(idValidity, report.Fail, "The credential is not valid until "+day(start)+".").Params = map[string]string{"from": day(start)}
	case hasEnd && now.After(end):
		r.Add(idValidity, report.Fail, "The credential expired on "+day(end)+".").Params = map[string]string{"until": day(end)}
	case hasEnd:
		r.Add(idValidity, report.Pass, "Valid until "+day(end)+".").Params = map[string]string{"until": day(end)}
	default:
		r.Add(idValidity, report.Pass, "The credential has no expiry date.")
	}
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// checkStatusOffline: a credentialStatus cannot be looked up offline.
func checkStatusOffline(doc map[string]any, r *report.Report) {
	cs, present := doc["credentialStatus"]
	if !present {
		r.Add(idStatus, report.Skip, "The issuer publishes no revocation status for this credential.")
		return
	}
	entries := []any{cs}
	if list, ok := cs.([]any); ok {
		entries = list
	}
	for _, e := range entries {
		m, _ := e.(map[string]any)
		if _, ok := m["type"].(string); !ok {
			r.Add(idStatus, report.Fail, "credentialStatus is malformed: each entry must be an object with a type.")
			return
		}
	}
	r.Add(idStatus, report.Warn, "Revocation was not checked: this verifier looks up status lists only for Open Badges.")
}
