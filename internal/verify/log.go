// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// LogLeaf derives the transparency-log leaf of a credential, a JSON
// document or a compact JWS, exactly as the issuer logs it: its kind, id,
// issuer id and the digest of its canonical form without proof (the
// RDFC-1.0 N-Quads of a Data Integrity credential without its proof; the
// signing input of a JWS; an OB 2.0 hosted assertion's bytes). An OB 2.0
// assertion does not name its issuer; its IssuerID is left empty for the
// caller to fill in. e nil means proof.Default.
func LogLeaf(e *proof.Engine, cred []byte) (tlog.Leaf, error) {
	if e == nil {
		e = proof.Default
	}
	cred = bytes.TrimSpace(cred)
	var l tlog.Leaf
	if isCompactJWS(cred) {
		token := string(cred)
		d, err := tlog.DigestJWS(token)
		if err != nil {
			return l, err
		}
		l.Digest = d
		if jwsIsOB2(token) {
			l.Kind = tlog.KindOB2Signed
			if p, err := jwsPayload(token); err == nil {
				l.CredentialID = stringOf(p["id"])
			}
			return l, nil
		}
		// An unreadable payload still has a digest (matching no logged
		// credential); the ids are then unknown.
		l.Kind = tlog.KindOB3JWT
		if dj, err := ob3.DecodeJWT(token); err == nil {
			l.CredentialID, l.IssuerID = stringOf(dj.Credential["id"]), issuerID(dj.Credential)
		}
		return l, nil
	}
	doc, err := jsonld.ParseJSON(cred)
	m, ok := doc.(map[string]any)
	if err != nil || !ok {
		return l, errors.New("verify: the credential is not a JSON object or a compact JWS")
	}
	if isOB2(m) {
		l.Kind, l.CredentialID, l.Digest = tlog.KindOB2Hosted, stringOf(m["id"]), tlog.DigestBytes(cred)
		return l, nil
	}
	unsecured := shallowCopy(m)
	delete(unsecured, "proof")
	canon, err := e.Canonicalize(unsecured)
	if err != nil {
		return l, err
	}
	l.Kind, l.CredentialID, l.IssuerID, l.Digest = tlog.KindOB3DI, stringOf(m["id"]), issuerID(m), tlog.DigestBytes(canon)
	return l, nil
}

func stringOf(v any) string { s, _ := v.(string); return s }

func jwsPayload(token string) (map[string]any, error) {
	parts := bytes.Split([]byte(token), []byte("."))
	b, err := base64.RawURLEncoding.DecodeString(string(parts[1]))
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}

// VerifyWithReceipt is [Verifier.Verify] with the transparency-log checks
// done with a receipt (C2SP tlog-proof) given apart from the credential:
// "log", that the credential is the record the receipt proves included
// under a checkpoint signed with logKey (a signed-note verifier key; ""
// means one of the verifier's pinned [Options.LogKeys]); "log-witness", how
// many of the trusted witnesses cosigned that checkpoint; and, online,
// "log-consistency", that the log's latest checkpoint extends it. Without
// a receipt the checks are skipped (a PDF certificate brings its own).
func (v *Verifier) VerifyWithReceipt(ctx context.Context, name string, input, receipt []byte, logKey string) *report.Report {
	r := &report.Report{Input: name, Format: FormatUnknown}
	v.verify(ctx, input, r)
	if r.Status("log") == "" {
		v.checkLog(ctx, credentialBytes(input), receipt, logKey, r)
	}
	finish(r)
	return r
}

// credentialBytes is the credential inside an input: baked in an image,
// attached to a PDF, or the input itself.
func credentialBytes(input []byte) []byte {
	switch Sniff(input) {
	case "png", "svg":
		if p, err := bake.Unbake(input, nil); err == nil {
			return p.Data
		}
	case "pdf":
		if c, ok := PDFCredential(input); ok {
			return c
		}
	}
	return input
}

// Problems of the log checks, in their Params.
const (
	ProblemLogReceipt   = "receipt"   // unreadable receipt or key
	ProblemLogOther     = "other"     // a receipt for other bytes
	ProblemLogSignature = "signature" // the checkpoint is not signed by the log key
	ProblemLogInclusion = "inclusion" // the proof does not lead to the checkpoint
	ProblemLogUntrusted = "untrusted" // no pinned key for the receipt's log
	ProblemLogRewritten = "rewritten" // the log's latest checkpoint does not extend the receipt's
	ProblemLogFetch     = "unreachable"
	ProblemLogFewer     = "fewer" // fewer witnesses than the threshold
)

// logKeyFor returns the verifier key for a receipt's checkpoint: the one
// given, or the pinned key named like the checkpoint's origin.
func (v *Verifier) logKeyFor(given string, checkpoint []byte) string {
	if given != "" {
		return given
	}
	c, err := tlog.ParseCheckpoint(string(checkpoint))
	if err != nil {
		return ""
	}
	for _, k := range v.logKeys {
		if name, _, ok := strings.Cut(k, "+"); ok && name == c.Origin {
			return k
		}
	}
	return ""
}

func (v *Verifier) checkLog(ctx context.Context, cred, receipt []byte, logKey string, r *report.Report) {
	fail := func(problem, msg string) {
		r.Add("log", report.Fail, msg).Params = map[string]string{"problem": problem}
	}
	if len(receipt) == 0 {
		r.Add("log", report.Skip, "No transparency-log receipt was given, so the issuer's log was not checked.")
		return
	}
	rc, err := tlog.ParseReceipt(receipt)
	if err != nil {
		fail(ProblemLogReceipt, "The transparency-log receipt cannot be read: "+err.Error())
		return
	}
	logKey = v.logKeyFor(logKey, rc.Checkpoint)
	if logKey == "" {
		origin := "?"
		if c, err := tlog.ParseCheckpoint(string(rc.Checkpoint)); err == nil {
			origin = c.Origin
		}
		r.Add("log", report.Warn, "The receipt is from the transparency log "+origin+", whose key this verifier does not know, so it was not checked.").
			Params = map[string]string{"problem": ProblemLogUntrusted, "origin": origin}
		return
	}
	got, err := LogLeaf(v.engine, cred)
	if err != nil {
		fail(ProblemLogOther, "The credential's log record cannot be computed: "+err.Error())
		return
	}
	leaf := got.Marshal()
	if len(rc.Leaf) > 0 {
		want, err := tlog.ParseLeaf(rc.Leaf)
		if err != nil {
			fail(ProblemLogReceipt, "The transparency-log receipt's record cannot be read: "+err.Error())
			return
		}
		if want.Kind != got.Kind || want.Digest != got.Digest || want.CredentialID != got.CredentialID ||
			got.IssuerID != "" && want.IssuerID != got.IssuerID {
			fail(ProblemLogOther, "The receipt is not for this credential: this is not the credential that was logged.")
			return
		}
		leaf = rc.Leaf
	}
	cp, err := rc.Verify(logKey, leaf)
	switch {
	case err == nil:
		r.Add("log", report.Pass, fmt.Sprintf("Recorded in the issuer's transparency log %s as entry %d (checkpoint of %d entries).", cp.Origin, rc.Index, cp.Size)).
			Params = map[string]string{"origin": cp.Origin, "index": fmt.Sprint(rc.Index), "size": fmt.Sprint(cp.Size)}
	case cp.Origin == "":
		fail(ProblemLogSignature, "The receipt's checkpoint is not signed with the log's key: "+err.Error())
		return
	case len(rc.Leaf) == 0:
		fail(ProblemLogOther, "The receipt does not prove this credential: this is not the credential that was logged.")
		return
	default:
		fail(ProblemLogInclusion, "The receipt's inclusion proof does not lead to its signed checkpoint: "+err.Error())
		return
	}
	v.checkWitnesses(rc.Checkpoint, logKey, r)
	v.checkConsistency(ctx, cp, logKey, r)
	v.checkAnchor(ctx, cp, r)
}
