// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/keyfile"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/status"
	"github.com/akashi-badges/akashi/internal/verify"
)

// wantFailure checks a verification that must fail with the given check
// among its errors.
func wantFailure(t *testing.T, name string, status int, res map[string]any, check string) {
	t.Helper()
	if status != statusNotVerified || res["verified"] != false {
		t.Errorf("%s: status %d verified %v, want %d and false: %v", name, status, res["verified"], statusNotVerified, res)
		return
	}
	errs := problemChecks(res, "errors")
	if !hasString(errs, check) {
		t.Errorf("%s: errors %v, want one from check %q", name, errs, check)
	}
	if pd, _ := res["problemDetails"].([]any); len(pd) != len(errs) {
		t.Errorf("%s: problemDetails has %d entries, errors %d", name, len(pd), len(errs))
	}
	for _, e := range res["errors"].([]any) {
		p := e.(map[string]any)
		if typ, _ := p["type"].(string); !strings.HasPrefix(typ, "https://") || p["detail"] == "" {
			t.Errorf("%s: error %v is not a ProblemDetails with a URL type and a detail", name, p)
		}
	}
}

func TestVerifyW3C(t *testing.T) {
	f := newFixture(t)
	now := time.Now().UTC()
	valid := f.issue(w3cCredential())
	vc11 := f.issue(vc11Credential())

	signedBy := func(k *keyfile.Key, issuer string) map[string]any {
		c := w3cCredential()
		c["issuer"] = issuer
		s, err := proof.Default.SignDataIntegrity(c, k.Private, proof.Options{VerificationMethod: k.VerificationMethod})
		if err != nil {
			t.Fatal(err)
		}
		unwrapSingleProof(s)
		return s
	}
	other, _ := keyfile.Generate()
	edit := func(vc map[string]any, e func(m map[string]any)) map[string]any {
		m := clone(t, vc)
		e(m)
		return m
	}
	proofOf := func(m map[string]any) map[string]any { return m["proof"].(map[string]any) }
	period := func(from, until time.Duration) map[string]any {
		c := w3cCredential()
		c["validFrom"] = now.Add(from).Format(time.RFC3339)
		c["validUntil"] = now.Add(until).Format(time.RFC3339)
		return f.issue(c)
	}

	tests := []struct {
		name    string
		vc      any
		options map[string]any
		check   string // "" for a valid credential
	}{
		{"valid", valid, map[string]any{"checks": []any{"proof"}}, ""},
		{"valid VC 1.1", vc11, nil, ""},
		{"valid, signed by another key of its own", signedBy(other, other.DID), nil, ""},
		{"within its validity period", period(-time.Hour, time.Hour), nil, ""},
		{"expected purpose assertionMethod", valid, map[string]any{"expectedProofPurpose": "assertionMethod"}, ""},
		{"tampered", edit(valid, func(m map[string]any) { m["credentialSubject"].(map[string]any)["name"] = "Exampl3" }), nil, "proof"},
		{"wrong issuer", signedBy(f.signer.key, other.DID), nil, "issuer"},
		{"expired", period(-2*time.Hour, -time.Hour), nil, "validity"},
		{"not yet valid", period(time.Hour, 2*time.Hour), nil, "validity"},
		{"unknown context", edit(valid, func(m map[string]any) {
			m["@context"] = append(m["@context"].([]any), "https://example.com/unknown/v1")
		}), nil, "context"},
		{"no @context", edit(valid, func(m map[string]any) { delete(m, "@context") }), nil, "context"},
		{"@context a string", edit(valid, func(m map[string]any) { m["@context"] = "string" }), nil, "context"},
		{"no type", edit(valid, func(m map[string]any) { delete(m, "type") }), nil, "context"},
		{"type items not strings", edit(valid, func(m map[string]any) { m["type"] = []any{map[string]any{}} }), nil, "context"},
		{"no issuer", edit(valid, func(m map[string]any) { delete(m, "issuer") }), nil, "schema"},
		{"issuer a number", edit(valid, func(m map[string]any) { m["issuer"] = 10 }), nil, "schema"},
		{"no credentialSubject", edit(valid, func(m map[string]any) { delete(m, "credentialSubject") }), nil, "schema"},
		{"VC 1.1 without issuanceDate", edit(vc11, func(m map[string]any) { delete(m, "issuanceDate") }), nil, "schema"},
		{"empty object", map[string]any{}, nil, "context"},
		{"a number", 42, nil, "format"},
		{"not a JWT", "hello", nil, "format"},
		{"no proof", edit(valid, func(m map[string]any) { delete(m, "proof") }), nil, "proof"},
		{"proof null", edit(valid, func(m map[string]any) { m["proof"] = nil }), nil, "proof"},
		{"proof a string", edit(valid, func(m map[string]any) { m["proof"] = "string" }), nil, "proof"},
		{"proof empty array", edit(valid, func(m map[string]any) { m["proof"] = []any{} }), nil, "proof"},
		{"no proof.type", edit(valid, func(m map[string]any) { delete(proofOf(m), "type") }), nil, "proof"},
		{"unknown proof.type", edit(valid, func(m map[string]any) { proofOf(m)["type"] = "UnknownProofType" }), nil, "proof"},
		{"unknown cryptosuite", edit(valid, func(m map[string]any) { proofOf(m)["cryptosuite"] = "UnknownCryptosuite" }), nil, "proof"},
		{"no verificationMethod", edit(valid, func(m map[string]any) { delete(proofOf(m), "verificationMethod") }), nil, "proof"},
		{"invalid verificationMethod", edit(valid, func(m map[string]any) { proofOf(m)["verificationMethod"] = "did:key:invalidVm" }), nil, "proof"},
		{"no proofPurpose", edit(valid, func(m map[string]any) { delete(proofOf(m), "proofPurpose") }), nil, "proof"},
		{"invalid proofPurpose", edit(valid, func(m map[string]any) { proofOf(m)["proofPurpose"] = "invalidPurpose" }), nil, "proof"},
		{"no created", edit(valid, func(m map[string]any) { delete(proofOf(m), "created") }), nil, "proof"},
		{"created without time zone", edit(valid, func(m map[string]any) {
			proofOf(m)["created"] = strings.TrimSuffix(proofOf(m)["created"].(string), "Z")
		}), nil, "proof"},
		{"no proofValue", edit(valid, func(m map[string]any) { delete(proofOf(m), "proofValue") }), nil, "proof"},
		{"proofValue null", edit(valid, func(m map[string]any) { proofOf(m)["proofValue"] = nil }), nil, "proof"},
		{"proofValue without multibase header", edit(valid, func(m map[string]any) {
			proofOf(m)["proofValue"] = proofOf(m)["proofValue"].(string)[1:]
		}), nil, "proof"},
		{"proofValue too long", edit(valid, func(m map[string]any) { proofOf(m)["proofValue"] = proofOf(m)["proofValue"].(string) + "2" }), nil, "proof"},
		{"undefined term added", edit(vc11, func(m map[string]any) {
			m["credentialSubject"].(map[string]any)["undefinedTerm"] = "IfDroppedWillVerify"
		}), nil, "proof"},
		{"undefined type added", edit(valid, func(m map[string]any) { m["type"] = append(m["type"].([]any), "UndefinedType") }), nil, "proof"},
		{"expected purpose authentication", valid, map[string]any{"expectedProofPurpose": "authentication"}, "purpose"},
		{"challenge the proof lacks", valid, map[string]any{"challenge": "1235abcd6789"}, "challenge"},
		{"domain the proof lacks", valid, map[string]any{"domain": "domain.example"}, "domain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, res := f.verify(tt.vc, tt.options)
			if tt.check != "" {
				wantFailure(t, tt.name, status, res, tt.check)
				return
			}
			if status != http.StatusOK || res["verified"] != true {
				t.Fatalf("status %d verified %v, want 200 and true: %v", status, res["verified"], res)
			}
			if errs, _ := res["errors"].([]any); len(errs) != 0 {
				t.Errorf("errors %v for a valid credential", errs)
			}
		})
	}
}

func TestVerifyProofSets(t *testing.T) {
	f := newFixture(t)
	second, _ := keyfile.Generate()
	// addProof adds a proof over doc without its proofs (a proof set).
	addProof := func(doc map[string]any, k *keyfile.Key, extra map[string]any) map[string]any {
		unsecured := clone(t, doc)
		delete(unsecured, "proof")
		p := signDI(t, unsecured, k, "assertionMethod", extra)["proof"]
		out := clone(t, doc)
		proofs, _ := out["proof"].([]any)
		out["proof"] = append(proofs, p)
		return out
	}
	base := w3cCredential()
	base["issuer"] = f.signer.IssuerID()
	one := addProof(base, f.signer.key, map[string]any{"id": "urn:uuid:first-proof"})
	set := addProof(one, f.signer.key, nil)
	broken := addProof(one, f.signer.key, map[string]any{"previousProof": "urn:uuid:missing-proof"})
	foreign := addProof(one, second, nil) // a valid signature, but not by the issuer's key
	badSecond := clone(t, set)
	badSecond["proof"].([]any)[1].(map[string]any)["proofValue"] = "z3FXQjecWufY46"

	if status, res := f.verify(set, nil); status != 200 {
		t.Errorf("proof set: %d %v", status, res)
	}
	status, res := f.verify(broken, nil)
	wantFailure(t, "previousProof naming no proof", status, res, "proof")
	status, res = f.verify(badSecond, nil)
	wantFailure(t, "one bad proof of two", status, res, "proof")
	status, res = f.verify(foreign, nil)
	wantFailure(t, "second proof by a stranger", status, res, "issuer")
}

func TestVerifyOptionsAndBody(t *testing.T) {
	f := newFixture(t)
	vc := f.issue(w3cCredential())

	status, res := f.verify(vc, map[string]any{"returnCredential": true, "returnProblemDetails": true})
	if status != 200 || res["credential"] == nil {
		t.Errorf("returnCredential: %d, credential %v", status, res["credential"])
	}
	status, res = f.verify(vc, map[string]any{"unknownOptionProbe": true})
	if status != 400 || !strings.HasSuffix(res["type"].(string), "#UNKNOWN_OPTION_PROVIDED") || res["field"] != "options.unknownOptionProbe" {
		t.Errorf("unknown option: %d %v", status, res)
	}
	status, res = f.verify(vc, map[string]any{"challenge": 7})
	if status != 400 || res["field"] != "options.challenge" {
		t.Errorf("challenge a number: %d %v", status, res)
	}
	status, res = f.post("/credentials/verify", "", map[string]any{"credential": vc})
	if status != 400 || res["field"] != "verifiableCredential" || res["error"] != "invalid" {
		t.Errorf("no verifiableCredential: %d %v", status, res)
	}
}

func TestVerifyScope(t *testing.T) {
	f := newFixture(t, func(h *Handler) { h.VerifyScope = verifyScope })
	vc := f.issue(w3cCredential())
	body := map[string]any{"verifiableCredential": vc}
	if status, res := f.post("/credentials/verify", "", body); status != 401 || res["error"] != "unauthorized" {
		t.Errorf("no token: %d %v, want 401", status, res)
	}
	if status, _ := f.post("/presentations/verify", "", map[string]any{"presentation": map[string]any{}}); status != 401 {
		t.Errorf("presentations without token: %d, want 401", status)
	}
	if status, res := f.post("/credentials/verify", readToken, body); status != 200 {
		t.Errorf("token with %s: %d %v, want 200", verifyScope, status, res)
	}
	// Public by default.
	g := newFixture(t)
	if status, res := g.post("/credentials/verify", "", body); status != 200 {
		t.Errorf("public verify: %d %v", status, res)
	}
}

// An Open Badge goes through internal/verify, which also looks up its
// status list (here from a file: the verifier stays offline).
func TestVerifyOpenBadgeRevoked(t *testing.T) {
	const listURL = "https://badges.example.ac.jp/status/1"
	f := newFixture(t)
	list := statusListCredential(t, f, listURL, 42)
	dir := t.TempDir()
	listFile := filepath.Join(dir, "list.json")
	if err := os.WriteFile(listFile, list, 0o644); err != nil {
		t.Fatal(err)
	}
	f.h.Verifier = verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{Offline: true, URLMap: map[string]string{listURL: listFile}})})

	withStatus := func(idx string) map[string]any {
		c := openBadge(t)
		c["credentialStatus"] = map[string]any{"id": listURL + "#" + idx, "type": "BitstringStatusListEntry",
			"statusPurpose": "revocation", "statusListIndex": idx, "statusListCredential": listURL}
		return f.issue(c)
	}
	status, res := f.verify(withStatus("7"), nil)
	if status != 200 || !hasString(passed(res), "status") {
		t.Errorf("not revoked: %d %v", status, res)
	}
	status, res = f.verify(withStatus("42"), nil)
	wantFailure(t, "revoked", status, res, "status")
	if errs := res["errors"].([]any); len(errs) > 0 {
		mustContain(t, "revoked problem type", errs[0].(map[string]any)["type"].(string), "STATUS_VERIFICATION_ERROR")
	}
}

// statusListCredential is a BitstringStatusListCredential issued through
// the endpoint, with bit set.
func statusListCredential(t *testing.T, f *fixture, url string, set int) []byte {
	l := status.New(0)
	if err := l.Set(set, true); err != nil {
		t.Fatal(err)
	}
	enc, _ := l.Encode()
	vc := f.issue(map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"id":       url, "type": []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"validFrom":         "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{"id": url + "#list", "type": "BitstringStatusList", "statusPurpose": "revocation", "encodedList": enc},
	})
	b, _ := json.Marshal(vc)
	return b
}

func TestVerifyJWT(t *testing.T) {
	f := newFixture(t)
	c := openBadge(t)
	c["issuer"].(map[string]any)["id"] = f.signer.IssuerID()
	raw, _ := json.Marshal(c)
	token, err := ob3.EncodeJWT(raw, f.signer.key.Private, f.signer.key.VerificationMethod)
	if err != nil {
		t.Fatal(err)
	}
	status, res := f.verify(token, nil)
	if status != 200 || res["verified"] != true {
		t.Fatalf("VC-JWT: %d %v", status, res)
	}
	if rep, _ := res["report"].(map[string]any); rep["format"] != verify.FormatOB3JWT {
		t.Errorf("format = %v, want %s", rep["format"], verify.FormatOB3JWT)
	}
	enveloped := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"type":     "EnvelopedVerifiableCredential",
		"id":       "data:application/vc+jwt," + token,
	}
	if status, res := f.verify(enveloped, nil); status != 200 {
		t.Errorf("enveloped VC-JWT: %d %v", status, res)
	}
	parts := strings.Split(token, ".")
	tampered := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	status, res = f.verify(tampered, nil)
	wantFailure(t, "tampered JWT", status, res, "proof")
	enveloped["id"] = "data:application/vc+sd-jwt," + token
	status, res = f.verify(enveloped, nil)
	wantFailure(t, "unsupported envelope", status, res, "format")
	status, res = f.verify(token, map[string]any{"challenge": "abc"})
	wantFailure(t, "JWT has no challenge", status, res, "challenge")
}
