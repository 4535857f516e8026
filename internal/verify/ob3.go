// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/ldcontext"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
)

const obContextPrefix = "https://purl.imsglobal.org/spec/ob/v3p0/context"

// verifyDI checks an OB 3.0 credential with embedded Data Integrity proofs.
func (v *Verifier) verifyDI(ctx context.Context, m map[string]any, container string, r *report.Report) {
	r.Format = FormatOB3DI
	r.Add("format", report.Pass, "Open Badges 3.0 credential with an embedded proof"+baked(container)+".")
	legacy, ok := checkContext(m, r)
	if !ok {
		return
	}
	checkSchema(m, legacy, r)
	results, err := v.engine.Verify(ctx, m, v.keys)
	var good *proof.Result
	switch {
	case err != nil:
		r.Add("proof", report.Fail, proofMessage(err)).Params = map[string]string{"problem": proofProblem(err)}
	default:
		for i := range results {
			if results[i].Err == nil {
				good = &results[i]
				break
			}
		}
		if good == nil {
			r.Add("proof", report.Fail, proofMessage(results[0].Err)).Params = map[string]string{"problem": proofProblem(results[0].Err)}
		} else {
			r.Add("proof", report.Pass, fmt.Sprintf("The %s signature matches the key %s.", suiteName(good), good.VerificationMethod))
		}
	}
	if good != nil {
		checkIssuerKey(issuerID(m), good.Key, r)
	} else {
		r.Add("issuer", report.Skip, "The issuer's key could not be checked because no proof verified.")
	}
	v.checkValidity(m, legacy, r)
	v.checkStatus(ctx, m, r)
}

func suiteName(res *proof.Result) string {
	if res.Cryptosuite != "" {
		return res.Cryptosuite
	}
	return res.Type
}

func proofMessage(err error) string {
	switch {
	case errors.Is(err, proof.ErrNoProof):
		return "The credential carries no proof, so nothing shows who issued it."
	case errors.Is(err, proof.ErrSignature):
		return "The signature does not match: the credential was changed after it was signed, or signed with another key."
	case errors.Is(err, proof.ErrCanonicalize):
		return "The credential cannot be read as linked data (an unknown context or an undefined term), so its signature cannot be checked: " + err.Error()
	case errors.Is(err, proof.ErrKey):
		return "The signing key could not be found: " + err.Error()
	case errors.Is(err, proof.ErrUnsupported):
		return "The proof uses a method this verifier does not support: " + err.Error()
	}
	return "The proof is not valid: " + err.Error()
}

// Values of the "problem" parameter of a failed proof check, so that
// surfaces can say what went wrong in their own words.
const (
	ProblemNoProof     = "no-proof"    // nothing signed the credential
	ProblemSignature   = "signature"   // changed after signing, or another key
	ProblemCanonical   = "canonical"   // cannot be read as linked data
	ProblemKey         = "key"         // the signing key could not be found
	ProblemUnsupported = "unsupported" // a proof method this verifier lacks
	ProblemClaims      = "claims"      // VC-JWT claims disagree with the credential
	ProblemInvalid     = "invalid"     // any other defect of the proof
)

func proofProblem(err error) string {
	switch {
	case errors.Is(err, proof.ErrNoProof):
		return ProblemNoProof
	case errors.Is(err, proof.ErrSignature):
		return ProblemSignature
	case errors.Is(err, proof.ErrCanonicalize):
		return ProblemCanonical
	case errors.Is(err, proof.ErrKey):
		return ProblemKey
	case errors.Is(err, proof.ErrUnsupported):
		return ProblemUnsupported
	}
	return ProblemInvalid
}

// checkContext checks @context and type; ok is false when nothing more can
// sensibly be checked. legacy is true for a VC Data Model 1.1 credential.
func checkContext(m map[string]any, r *report.Report) (legacy, ok bool) {
	ctxs, _ := m["@context"].([]any)
	if len(ctxs) < 2 {
		r.Add("context", report.Fail, "The @context must list the W3C credentials context and the Open Badges 3.0 context.")
		return false, false
	}
	first, _ := ctxs[0].(string)
	switch first {
	case ldcontext.CredentialsV2:
	case ldcontext.CredentialsV1:
		legacy = true
	default:
		r.Add("context", report.Fail, fmt.Sprintf("The first @context is %q; a verifiable credential starts with %s.", first, ldcontext.CredentialsV2))
		return false, false
	}
	obVersion := ""
	for _, c := range ctxs {
		s, isString := c.(string)
		if !isString {
			continue
		}
		if !ldcontext.Known(s) {
			r.Add("context", report.Fail, fmt.Sprintf("The context %s is not one this verifier knows; contexts are never fetched from the network.", s))
			return legacy, false
		}
		if strings.HasPrefix(s, obContextPrefix) {
			obVersion = s
		}
	}
	if obVersion == "" {
		r.Add("context", report.Fail, "The @context does not include an Open Badges 3.0 context.")
		return legacy, false
	}
	types := stringList(m["type"])
	if !contains(types, "VerifiableCredential") ||
		!(contains(types, "OpenBadgeCredential") || contains(types, "AchievementCredential") || contains(types, "EndorsementCredential")) {
		r.Add("context", report.Fail, "The type must include VerifiableCredential and OpenBadgeCredential (or AchievementCredential, EndorsementCredential).")
		return legacy, false
	}
	r.Add("context", report.Pass, "The contexts and types are those of an Open Badges 3.0 credential.")
	switch {
	case legacy:
		r.Add("version", report.Warn, "This badge uses the earlier Verifiable Credentials 1.1 form of Open Badges 3.0; it is accepted, but new badges use VC 2.0.")
	case obVersion != ldcontext.OB303 && obVersion != obContextPrefix+".json":
		r.Add("version", report.Warn, "This badge uses an earlier Open Badges 3.0 context ("+obVersion+"); it is accepted.")
	}
	return legacy, true
}

func checkSchema(m map[string]any, legacy bool, r *report.Report) {
	if legacy {
		r.Add("schema", report.Skip, "The 1EdTech JSON Schema describes the VC 2.0 form; this VC 1.1 badge was not checked against it.")
		return
	}
	// JSON-LD makes a single proof object and a one-element array the same
	// statement; 1EdTech's schema wants the array, many issuers (Digital
	// Bazaar's libraries among them) write the object.
	if p, isObject := m["proof"].(map[string]any); isObject {
		m = shallowCopy(m)
		m["proof"] = []any{p}
	}
	if err := ob3.ValidateSchema(m); err != nil {
		r.Add("schema", report.Fail, "The credential does not follow the Open Badges 3.0 JSON Schema: "+err.Error())
		return
	}
	r.Add("schema", report.Pass, "The credential follows the Open Badges 3.0 JSON Schema.")
}

// checkIssuerKey confirms that the key which signed belongs to the issuer.
func checkIssuerKey(issuer string, key *did.Key, r *report.Report) {
	switch {
	case key == nil:
		r.Add("issuer", report.Skip, "No key to check.")
	case key.Controller == "":
		r.Add("issuer", report.Warn, fmt.Sprintf("The key %s is not published by the issuer %s where it could be checked, so it is not confirmed that the issuer controls it.", key.ID, issuer))
	case key.Controller != issuer:
		r.Add("issuer", report.Fail, fmt.Sprintf("The credential names %s as issuer but was signed with a key of %s.", issuer, key.Controller))
	case !key.AssertionMethod:
		r.Add("issuer", report.Fail, fmt.Sprintf("The key %s is not one the issuer uses for issuing credentials (assertionMethod).", key.ID))
	default:
		r.Add("issuer", report.Pass, fmt.Sprintf("The signing key belongs to the issuer %s.", issuer))
	}
}

func issuerID(m map[string]any) string {
	switch is := m["issuer"].(type) {
	case string:
		return is
	case map[string]any:
		id, _ := is["id"].(string)
		return id
	}
	return ""
}

func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func shallowCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
