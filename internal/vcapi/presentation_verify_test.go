// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/keyfile"
	"github.com/akashi-badges/akashi/internal/proof"
)

const (
	testChallenge = "u9f2a7c1e-challenge"
	testDomain    = "verifier.example"
)

// The presentation signer of these tests must compute what proof.Engine
// computes, or a passing presentation test would prove nothing.
func TestSignHelperMatchesEngine(t *testing.T) {
	k, _ := keyfile.Generate()
	c := w3cCredential()
	c["issuer"] = k.DID
	signed := signDI(t, c, k, "assertionMethod", nil)
	results, err := proof.Default.Verify(context.Background(), signed, offlineKeys)
	if err != nil || len(results) != 1 || results[0].Err != nil {
		t.Fatalf("proof.Engine rejects the helper's proof: %v %+v", err, results)
	}
	signed["credentialSubject"].(map[string]any)["name"] = "Changed"
	results, _ = proof.Default.Verify(context.Background(), signed, offlineKeys)
	if results[0].Err == nil {
		t.Fatal("proof.Engine accepts a changed credential")
	}
}

// vpFixture is a holder with a did:key and a presentation of one issued
// credential.
type vpFixture struct {
	*fixture
	holder *keyfile.Key
	vc     map[string]any
}

func newVPFixture(t *testing.T) *vpFixture {
	f := newFixture(t)
	holder, err := keyfile.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c := w3cCredential()
	c["credentialSubject"].(map[string]any)["id"] = holder.DID
	return &vpFixture{fixture: f, holder: holder, vc: f.issue(c)}
}

// presentation is an unsigned presentation of creds by holder (if not "").
func presentation(holder string, creds ...any) map[string]any {
	vp := map[string]any{
		"@context":             []any{"https://www.w3.org/ns/credentials/v2"},
		"type":                 []any{"VerifiablePresentation"},
		"verifiableCredential": creds,
	}
	if holder != "" {
		vp["holder"] = holder
	}
	return vp
}

func (v *vpFixture) signed(vp map[string]any, extra map[string]any) map[string]any {
	return signDI(v.t, vp, v.holder, "authentication", extra)
}

func (v *vpFixture) verifyVP(member string, vp any, options map[string]any) (int, map[string]any) {
	v.t.Helper()
	body := map[string]any{member: vp}
	if options != nil {
		body["options"] = options
	}
	return v.post("/presentations/verify", "", body)
}

func TestVerifyPresentation(t *testing.T) {
	v := newVPFixture(t)
	authn := map[string]any{"challenge": testChallenge, "domain": testDomain}
	good := v.signed(presentation(v.holder.DID, v.vc), authn)
	opts := map[string]any{"challenge": testChallenge, "domain": testDomain}

	status, res := v.verifyVP("verifiablePresentation", good, opts)
	if status != http.StatusOK || res["verified"] != true {
		t.Fatalf("signed presentation: %d %v", status, res)
	}
	for _, id := range []string{"proof", "holder", "challenge", "domain", "credentials"} {
		if !hasString(passed(res), id) {
			t.Errorf("checks %v lack %q", passed(res), id)
		}
	}
	crs, _ := res["credentialResults"].([]any)
	if len(crs) != 1 || crs[0].(map[string]any)["verified"] != true {
		t.Errorf("credentialResults = %v, want one verified credential", res["credentialResults"])
	}

	// Without a challenge in the options the proof still verifies, with a warning.
	status, res = v.verifyVP("verifiablePresentation", good, nil)
	if status != 200 || !hasString(problemChecks(res, "warnings"), "challenge") {
		t.Errorf("no challenge option: %d, warnings %v", status, problemChecks(res, "warnings"))
	}
	// The proof may be an array (a proof set of one).
	asSet := clone(t, good)
	asSet["proof"] = []any{asSet["proof"]}
	if status, res := v.verifyVP("verifiablePresentation", asSet, opts); status != 200 {
		t.Errorf("proof array: %d %v", status, res)
	}
	// returnPresentation echoes the input.
	if _, res := v.verifyVP("verifiablePresentation", good, map[string]any{"challenge": testChallenge, "returnPresentation": true}); res["verifiablePresentation"] == nil {
		t.Error("returnPresentation: no verifiablePresentation in the result")
	}
}

func TestVerifyPresentationFailures(t *testing.T) {
	v := newVPFixture(t)
	other, _ := keyfile.Generate()
	authn := map[string]any{"challenge": testChallenge, "domain": testDomain}
	opts := map[string]any{"challenge": testChallenge, "domain": testDomain}
	good := v.signed(presentation(v.holder.DID, v.vc), authn)

	tamperedVC := clone(t, v.vc)
	tamperedVC["credentialSubject"].(map[string]any)["name"] = "Forged"
	expired := map[string]any{"challenge": testChallenge, "domain": testDomain, "expires": time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)}
	webKey := signDI(t, presentation("", v.vc), &keyfile.Key{Private: v.holder.Private, VerificationMethod: "https://holder.example/keys/1"}, "authentication", authn)

	tests := []struct {
		name    string
		vp      map[string]any
		options map[string]any
		check   string
	}{
		{"wrong challenge", good, map[string]any{"challenge": "another-challenge", "domain": testDomain}, "challenge"},
		{"wrong domain", good, map[string]any{"challenge": testChallenge, "domain": "other.example"}, "domain"},
		{"tampered presentation", func() map[string]any {
			m := clone(t, good)
			m["id"] = "urn:uuid:added-after-signing"
			return m
		}(), opts, "proof"},
		{"tampered proof challenge", func() map[string]any {
			m := clone(t, good)
			m["proof"].(map[string]any)["challenge"] = "another-challenge"
			return m
		}(), map[string]any{"challenge": "another-challenge"}, "proof"},
		{"holder is someone else", v.signed(presentation(other.DID, v.vc), authn), opts, "holder"},
		{"signed for assertionMethod", signDI(t, presentation(v.holder.DID, v.vc), v.holder, "assertionMethod", authn), opts, "proof"},
		{"expected purpose not met", good, map[string]any{"challenge": testChallenge, "expectedProofPurpose": "assertionMethod"}, "proof"},
		{"expired proof", v.signed(presentation(v.holder.DID, v.vc), expired), opts, "proof"},
		{"key not a did:key", webKey, opts, "proof"},
		{"tampered credential inside", v.signed(presentation(v.holder.DID, tamperedVC), authn), opts, "credentials"},
		{"no proof", presentation(v.holder.DID, v.vc), nil, "proof"},
		{"proof a string", func() map[string]any {
			m := clone(t, good)
			m["proof"] = "x"
			return m
		}(), opts, "proof"},
		{"no VerifiablePresentation type", func() map[string]any {
			m := clone(t, good)
			m["type"] = []any{"Presentation"}
			return m
		}(), opts, "context"},
		{"credential a number", func() map[string]any {
			m := clone(t, good)
			m["verifiableCredential"] = []any{4}
			return m
		}(), opts, "schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, res := v.verifyVP("verifiablePresentation", tt.vp, tt.options)
			wantFailure(t, tt.name, status, res, tt.check)
		})
	}

	// A failing credential's problem type is carried to the presentation's error.
	_, res := v.verifyVP("verifiablePresentation", v.signed(presentation(v.holder.DID, tamperedVC), authn), opts)
	for _, e := range res["errors"].([]any) {
		if p := e.(map[string]any); p["check"] == "credentials" {
			mustContain(t, "credentials problem type", p["type"].(string), "CRYPTOGRAPHIC_SECURITY_ERROR")
		}
	}
}

func TestVerifyUnsignedPresentation(t *testing.T) {
	v := newVPFixture(t)
	tamperedVC := clone(t, v.vc)
	tamperedVC["issuer"] = "did:example:someone"

	status, res := v.verifyVP("presentation", presentation(v.holder.DID, v.vc), nil)
	if status != 200 || res["verified"] != true || !hasString(passed(res), "credentials") {
		t.Fatalf("unsigned presentation: %d %v", status, res)
	}
	status, res = v.verifyVP("presentation", presentation("", tamperedVC), nil)
	wantFailure(t, "unsigned with a bad credential", status, res, "credentials")
	status, res = v.verifyVP("presentation", presentation(""), nil)
	wantFailure(t, "unsigned and empty", status, res, "credentials")
	status, res = v.verifyVP("presentation", presentation("", v.vc), map[string]any{"challenge": testChallenge})
	wantFailure(t, "unsigned cannot answer a challenge", status, res, "challenge")
	// VCALM's negative case: a verifiablePresentation without proof.
	status, res = v.verifyVP("verifiablePresentation", presentation("did:example:negative-test-holder"), map[string]any{"returnProblemDetails": true})
	wantFailure(t, "verifiablePresentation without proof", status, res, "proof")
}

func TestVerifyPresentationBody(t *testing.T) {
	v := newVPFixture(t)
	vp := presentation("", v.vc)
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"neither", map[string]any{"verifiableCredential": v.vc}, "verifiablePresentation"},
		{"both", map[string]any{"verifiablePresentation": vp, "presentation": vp}, "presentation"},
		{"a JWT", map[string]any{"verifiablePresentation": "eyJhbGciOiJFZERTQSJ9.e30.sig"}, "verifiablePresentation"},
		{"unknown option", map[string]any{"presentation": vp, "options": map[string]any{"nope": 1}}, "options.nope"},
	}
	for _, tt := range tests {
		status, res := v.post("/presentations/verify", "", tt.body)
		if status != 400 || res["error"] != "invalid" || res["field"] != tt.field {
			t.Errorf("%s: %d %v, want 400 about %s", tt.name, status, res, tt.field)
		}
	}
}
