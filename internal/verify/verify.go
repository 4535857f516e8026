// SPDX-License-Identifier: Apache-2.0

// Package verify is the verification engine: one function from input bytes
// (a JSON credential, a compact JWS, a baked PNG or SVG, a PDF certificate) to a report — an
// ordered list of checks with stable ids (DESIGN §3):
//
//	format    what the input is (and what it was baked into)
//	context   @context and type are those of an Open Badge
//	version   an older but accepted form (VC 1.1 era OB 3.0): a warning
//	schema    the 1EdTech JSON Schema (OB 3.0) or required fields (OB 2.0)
//	proof     the Data Integrity proof or JWS signature
//	issuer    the signing key belongs to the issuer
//	validity  validFrom/validUntil (issuedOn/expires)
//	status    revocation or suspension
//	hosted    OB 2.0 hosted cross-checks
//	pdf       a PDF certificate is exactly as the issuer sealed it (pdf.go)
//
// A failed check is a result; Verify returns an error only when the input
// could not be verified at all (an unreadable URL, say).
package verify

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/jose"
	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
)

// Report formats.
const (
	FormatOB3DI     = "ob3-di"
	FormatOB3JWT    = "ob3-jwt"
	FormatOB2Hosted = "ob2-hosted"
	FormatOB2Signed = "ob2-signed"
	FormatUnknown   = "unknown"
)

// Options configure a [Verifier].
type Options struct {
	// Fetcher does every network access (status lists, did:web, OB 2.0
	// hosted documents). Nil means offline: such checks are skipped with a warning.
	Fetcher *fetch.Fetcher
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Engine canonicalizes and checks proofs; nil means proof.Default.
	Engine *proof.Engine
	// LogKeys are the transparency logs this verifier trusts, as
	// signed-note verifier keys ("origin+hash+key"): a receipt from one of
	// them is checked, one from another log only reported.
	LogKeys []string
	// LogURL maps a log's origin to the URL of its checkpoint and tiles;
	// nil means "https://" + origin.
	LogURL func(origin string) string
	// WitnessKeys are the cosignature verifier keys of the witnesses this
	// verifier trusts; WitnessThreshold is how many must have cosigned a
	// receipt's checkpoint (0: one).
	WitnessKeys      []string
	WitnessThreshold int
	// AnchorCheck, when set, checks a log's anchor on a public chain: the
	// JSON of one entry of the log's /anchors list and the body of the
	// checkpoint it anchors; it returns the block's time. An error
	// wrapping [ErrAnchorInvalid] means the chain does not hold the anchor;
	// [ErrAnchorOtherChain], that the anchor is on a chain it does not
	// read. Nil: anchors are not checked (package anchor provides one).
	AnchorCheck func(ctx context.Context, record json.RawMessage, checkpointBody []byte) (time.Time, error)
}

// Errors of an [Options.AnchorCheck].
var (
	ErrAnchorInvalid    = errors.New("verify: the chain does not hold this anchor")
	ErrAnchorOtherChain = errors.New("verify: the anchor is on another chain")
)

// Verifier checks credentials. It is safe for concurrent use.
type Verifier struct {
	fetcher *fetch.Fetcher
	now     func() time.Time
	engine  *proof.Engine
	keys    *keyResolver
	ob2     *ob2.Verifier

	logKeys          []string
	logURLFunc       func(string) string
	witnessKeys      []string
	witnessThreshold int
	anchorCheck      func(context.Context, json.RawMessage, []byte) (time.Time, error)
}

// New returns a Verifier.
func New(opts Options) *Verifier {
	v := &Verifier{fetcher: opts.Fetcher, now: opts.Now, engine: opts.Engine,
		logKeys: opts.LogKeys, logURLFunc: opts.LogURL, witnessKeys: opts.WitnessKeys, witnessThreshold: opts.WitnessThreshold,
		anchorCheck: opts.AnchorCheck}
	if v.now == nil {
		v.now = time.Now
	}
	if v.engine == nil {
		v.engine = proof.Default
	}
	v.keys = &keyResolver{dids: &did.Resolver{JWKKey: jwkKey}, fetcher: v.fetcher}
	if v.fetcher != nil {
		v.keys.dids.Get = v.getJSON
	}
	offline := v.fetcher
	if offline == nil {
		offline = fetch.New(fetch.Options{Offline: true})
	}
	v.ob2 = &ob2.Verifier{Fetcher: offline, Now: v.now}
	return v
}

// jwkKey reads a publicKeyJwk member of a DID document.
func jwkKey(m map[string]any) (crypto.PublicKey, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var k jose.JWK
	if err := json.Unmarshal(b, &k); err != nil {
		return nil, err
	}
	return k.PublicKey()
}

// getJSON fetches a JSON document through the safe fetcher.
func (v *Verifier) getJSON(ctx context.Context, url string) ([]byte, error) {
	if v.fetcher == nil {
		return nil, fetch.ErrOffline
	}
	resp, err := v.fetcher.Get(ctx, url, "application/did+json, application/ld+json, application/json")
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, fmt.Errorf("%s answered HTTP %d", url, resp.Status)
	}
	return resp.Body, nil
}

// Verify checks one input. name labels the report (a file name or URL).
func (v *Verifier) Verify(ctx context.Context, name string, input []byte) *report.Report {
	r := &report.Report{Input: name, Format: FormatUnknown}
	v.verify(ctx, input, r)
	finish(r)
	return r
}

// VerifyURL fetches a URL (a hosted badge, a credential, an image) and
// verifies what it returns. The error is for a URL that cannot be read.
func (v *Verifier) VerifyURL(ctx context.Context, url string) (*report.Report, error) {
	body, err := v.Fetch(ctx, url)
	if err != nil {
		return nil, err
	}
	return v.Verify(ctx, url, body), nil
}

// finish decides validity: no check failed, and the credential's integrity
// was established (a passing proof, or the OB 2.0 hosted cross-check).
func finish(r *report.Report) {
	r.Finish()
	if r.Status("proof") != report.Pass && r.Status("hosted") != report.Pass {
		r.Valid = false
	}
}

// Sniff names an input's form: "png", "svg", "pdf", "jwt", "json" or "".
func Sniff(b []byte) string {
	if k := bake.Sniff(b); k != "" {
		return k
	}
	t := bytes.TrimSpace(b)
	switch {
	case bytes.HasPrefix(t, []byte("%PDF-")):
		return "pdf"
	case len(t) > 0 && t[0] == '{':
		return "json"
	case isCompactJWS(t):
		return "jwt"
	}
	return ""
}

func isCompactJWS(b []byte) bool {
	if bytes.Count(b, []byte(".")) != 2 {
		return false
	}
	for _, c := range b {
		if !(c == '.' || c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func (v *Verifier) verify(ctx context.Context, input []byte, r *report.Report) {
	container := ""
	switch kind := Sniff(input); kind {
	case "png", "svg":
		container = strings.ToUpper(kind)
		p, err := bake.Unbake(input, nil)
		if err != nil {
			r.Add("format", report.Fail, fmt.Sprintf("No Open Badge could be read from this %s image: %v", container, err))
			return
		}
		if len(p.Data) == 0 && p.HostedURL != "" {
			v.verifyHostedURL(ctx, p.HostedURL, container, r)
			return
		}
		input = p.Data
	case "pdf":
		v.verifyPDF(ctx, input, r)
		return
	case "":
		r.Add("format", report.Fail, "The input is not a JSON credential, a compact JWS, or a PNG or SVG image.")
		return
	}
	v.verifyData(ctx, input, container, r)
}

// verifyData checks a credential (JSON or compact JWS) that was given as
// such or found in a container (a "PNG", "SVG" or "PDF").
func (v *Verifier) verifyData(ctx context.Context, input []byte, container string, r *report.Report) {
	input = bytes.TrimSpace(input)
	if isCompactJWS(input) {
		v.verifyJWS(ctx, string(input), container, r)
		return
	}
	doc, err := jsonld.ParseJSON(input)
	m, ok := doc.(map[string]any)
	if err != nil || !ok {
		r.Add("format", report.Fail, "The credential is not a JSON object: "+errString(err))
		return
	}
	if isOB2(m) {
		v.verifyOB2(ctx, input, container, r)
		return
	}
	v.verifyDI(ctx, m, container, r)
}

func errString(err error) string {
	if err == nil {
		return "a JSON value of another kind"
	}
	return err.Error()
}

func baked(container string) string {
	if container == "" {
		return ""
	}
	switch container {
	case "SVG":
		return ", baked in an SVG image"
	case "PDF":
		return ", attached to a PDF certificate"
	}
	return ", baked in a " + container + " image"
}
