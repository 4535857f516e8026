// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/report"
)

// Report formats set by [Verifier.Verify].
const (
	FormatHosted = "ob2-hosted"
	FormatSigned = "ob2-signed"
)

// Verifier verifies Open Badges 2.0 assertions.
type Verifier struct {
	// Fetcher performs every network access; nil means an offline fetcher
	// (nothing is fetched).
	Fetcher *fetch.Fetcher
	// Now is the clock for expiry checks; nil means time.Now.
	Now func() time.Time
}

// run is the state of one verification.
type run struct {
	f   *fetch.Fetcher
	r   *report.Report
	now time.Time

	given  map[string]any // the assertion as given (input JSON or JWS payload)
	jws    *compactJWS    // signed input; nil for hosted
	asrt   document[Assertion]
	badge  document[BadgeClass]
	issuer document[Profile]
	hosted hostedFetch // hosted input: what the assertion id answered
}

var utf8BOM = []byte("\xef\xbb\xbf")

// offlineFetcher is the fetcher of a Verifier without one.
var offlineFetcher = fetch.New(fetch.Options{Offline: true})

// Verify checks one Open Badges 2.0 input — the assertion JSON, or the
// compact JWS of a signed assertion — and appends its checks to r (see the
// package documentation for the ids), setting r.Format to [FormatHosted] or
// [FormatSigned]. A badge that fails verification is a result in r, not an
// error: Verify returns an error only when ctx ends before verification is
// complete, and r is then not to be trusted.
func (v *Verifier) Verify(ctx context.Context, input []byte, r *report.Report) error {
	st := &run{f: v.Fetcher, r: r, now: time.Now()}
	if st.f == nil {
		st.f = offlineFetcher
	}
	if v.Now != nil {
		st.now = v.Now()
	}
	in := bytes.TrimSpace(bytes.TrimPrefix(input, utf8BOM))
	switch {
	case len(in) > 0 && in[0] == '{':
		st.fromJSON(ctx, in)
	case looksLikeJWS(in):
		st.fromJWS(ctx, string(in))
	default:
		r.Add("format", report.Fail, "The input is neither Open Badges 2.0 assertion JSON nor a compact JWS.")
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ob2: verification interrupted: %w", err)
	}
	return nil
}

func (st *run) fromJSON(ctx context.Context, in []byte) {
	given, err := decodeObject(in)
	if err != nil {
		st.r.Add("format", report.Fail, fmt.Sprintf("The input is not valid JSON: %v.", err))
		return
	}
	st.given = given
	if verificationOf(given).Signed() {
		st.r.Format = FormatSigned
		st.r.Add("format", report.Pass, "Open Badges 2.0 signed assertion, given as JSON without its JWS signature.")
		st.verifySigned(ctx)
		return
	}
	st.r.Format = FormatHosted
	st.r.Add("format", report.Pass, "Open Badges 2.0 hosted assertion.")
	st.verifyHosted(ctx)
}

func (st *run) fromJWS(ctx context.Context, in string) {
	st.r.Format = FormatSigned
	j, err := parseJWS(in)
	if err != nil {
		st.r.Add("format", report.Fail, fmt.Sprintf("The input looks like a JWS but is not an Open Badges 2.0 signed assertion: %v.", err))
		return
	}
	given, err := decodeObject(j.payload)
	if err != nil {
		st.r.Add("format", report.Fail, fmt.Sprintf("The JWS payload is not an assertion: %v.", err))
		return
	}
	st.jws, st.given = j, given
	st.r.Add("format", report.Pass, "Open Badges 2.0 signed assertion (JWS, RS256).")
	st.verifySigned(ctx)
}

// verificationOf reads the verification (or 1.x verify) object of a raw
// assertion; the result is empty, never nil, when there is none.
func verificationOf(raw map[string]any) *VerificationObject {
	v, ok := raw["verification"].(map[string]any)
	if !ok {
		v, ok = raw["verify"].(map[string]any)
	}
	if !ok {
		return &VerificationObject{}
	}
	t, _ := v["type"].(string)
	creator, _ := v["creator"].(string)
	return &VerificationObject{Type: t, Creator: creator}
}

func (st *run) verifyHosted(ctx context.Context) {
	st.fetchHosted(ctx)
	st.checkContext()
	st.resolveLinks(ctx)
	st.checkSchema()
	st.r.Add("proof", report.Skip, "Hosted assertions carry no signature; the issuer's server vouches for them.")
	st.checkPolicy()
	st.checkHosted()
	st.checkValidity()
	st.checkHostedStatus()
}

func (st *run) verifySigned(ctx context.Context) {
	st.asrt = decoded(document[Assertion]{ref: stringProp(st.given, "id"), raw: st.given})
	st.checkContext()
	st.resolveLinks(ctx)
	st.checkSchema()
	keys := st.resolveKeys(ctx)
	st.checkProof(keys)
	st.checkKeyBinding(keys)
	st.r.Add("hosted", report.Skip, "Signed assertions are not hosted; the signature vouches for them.")
	st.checkValidity()
	st.checkSignedStatus(ctx)
}

// resolveLinks obtains the BadgeClass and the issuer Profile. The Profile is
// always fetched from its id unless it came from its own origin: it says
// which keys and hosting policy the issuer has.
func (st *run) resolveLinks(ctx context.Context) {
	if !st.asrt.ok {
		return
	}
	st.badge = resolve[BadgeClass](ctx, st.f, st.asrt.raw["badge"], st.asrt.source, false)
	if st.badge.raw == nil {
		return
	}
	st.issuer = resolve[Profile](ctx, st.f, st.badge.raw["issuer"], st.badge.source, true)
}

func stringProp(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
