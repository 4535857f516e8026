// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"net/http"

	"github.com/akashi-badges/akashi/internal/report"
)

// statusNotVerified is the status of a verification that completed and
// found the input invalid. The VC-API verifier suite and the Data
// Integrity suites assert 400 (the latter accept 422 too); VCALM prefers
// 200 with verified false but skips rather than fails on a 4xx.
const statusNotVerified = http.StatusBadRequest

// Problem is one error or warning of a verification: a VC-API
// ProblemDetails (type, title, detail) with the report check it comes from
// and that check's message key and parameters, for translation.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Detail string            `json:"detail"`
	Check  string            `json:"check"`
	Key    string            `json:"key,omitempty"`
	Params map[string]string `json:"params,omitempty"`
}

// Result is the body of a verify response. Checks lists the ids of the
// checks that passed, Warnings and Errors those that warned and failed;
// ProblemDetails repeats Errors in the shape VCALM names. Report is the
// full report, CredentialResults one result per credential of a
// presentation.
type Result struct {
	Verified               bool           `json:"verified"`
	Checks                 []string       `json:"checks"`
	Warnings               []Problem      `json:"warnings"`
	Errors                 []Problem      `json:"errors"`
	ProblemDetails         []Problem      `json:"problemDetails"`
	Report                 *report.Report `json:"report"`
	CredentialResults      []*Result      `json:"credentialResults,omitempty"`
	Credential             any            `json:"credential,omitempty"`
	VerifiablePresentation any            `json:"verifiablePresentation,omitempty"`
}

// newResult turns a finished report into a response body.
func newResult(r *report.Report) *Result {
	res := &Result{Verified: r.Valid, Checks: []string{}, Warnings: []Problem{}, Errors: []Problem{}, Report: r}
	for _, c := range r.Checks {
		switch c.Status {
		case report.Pass:
			res.Checks = append(res.Checks, c.ID)
		case report.Warn:
			res.Warnings = append(res.Warnings, problem(c))
		case report.Fail:
			res.Errors = append(res.Errors, problem(c))
		}
	}
	if !res.Verified && len(res.Errors) == 0 {
		// A report can be invalid without a failed check (no proof
		// passed); the errors list must still say why.
		res.Errors = append(res.Errors, Problem{Type: problemCrypto, Title: problemTitle(problemCrypto), Detail: "No proof of the input could be verified.", Check: idProof})
	}
	res.ProblemDetails = res.Errors
	return res
}

func problem(c report.Check) Problem {
	t := problemForCheck(c.ID)
	return Problem{Type: t, Title: problemTitle(t), Detail: c.Message, Check: c.ID, Key: c.Key, Params: c.Params}
}

// status is the HTTP status of a verification result.
func (res *Result) status() int {
	if res.Verified {
		return http.StatusOK
	}
	return statusNotVerified
}

// finish sets r.Valid: no check failed and a proof passed (or, for OB 2.0
// hosted assertions, the hosted cross-check), as internal/verify decides.
func finish(r *report.Report) {
	r.Finish()
	if r.Status(idProof) != report.Pass && r.Status("hosted") != report.Pass {
		r.Valid = false
	}
}
