// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
)

func TestIssueW3CCredential(t *testing.T) {
	f := newFixture(t)
	cred := w3cCredential()
	cred["issuer"] = f.signer.IssuerID()
	vc := f.issue(cred)

	if vc["issuer"] != f.signer.IssuerID() {
		t.Errorf("issuer = %v, want the signer's DID %s", vc["issuer"], f.signer.IssuerID())
	}
	if vc["id"] != cred["id"] {
		t.Errorf("id = %v, want the client's %v", vc["id"], cred["id"])
	}
	p, ok := vc["proof"].(map[string]any)
	if !ok {
		t.Fatalf("proof = %T, want a single object (the VC-API suites assert one)", vc["proof"])
	}
	for k, want := range map[string]any{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod", "verificationMethod": f.signer.key.VerificationMethod} {
		if p[k] != want {
			t.Errorf("proof.%s = %v, want %v", k, p[k], want)
		}
	}
	if pv, _ := p["proofValue"].(string); !strings.HasPrefix(pv, "z") {
		t.Errorf("proofValue %q is not base58btc multibase", pv)
	}

	status, res := f.verify(vc, map[string]any{"checks": []any{"proof"}})
	if status != http.StatusOK || res["verified"] != true {
		t.Fatalf("verify issued: %d %v", status, res)
	}
	for _, id := range []string{"proof", "issuer", "validity"} {
		if !hasString(passed(res), id) {
			t.Errorf("checks %v lack %q", passed(res), id)
		}
	}
}

func TestIssueIssuerObjectAndMatchingString(t *testing.T) {
	f := newFixture(t)
	cred := w3cCredential()
	cred["issuer"] = map[string]any{"id": f.signer.IssuerID(), "name": "Example University"}
	vc := f.issue(cred)
	is, _ := vc["issuer"].(map[string]any)
	if is["id"] != f.signer.IssuerID() || is["name"] != "Example University" {
		t.Errorf("issuer = %v, want the object as sent", vc["issuer"])
	}
}

// The vc-api issuer suite and the Data Integrity suites still send VC 1.1.
func TestIssueVC11(t *testing.T) {
	f := newFixture(t)
	cred := vc11Credential()
	cred["expirationDate"] = time.Now().Add(365 * 24 * time.Hour).UTC().Format(time.RFC3339)
	vc := f.issue(cred)
	if _, ok := vc["issuanceDate"].(string); !ok {
		t.Errorf("issuanceDate not filled in: %v", vc)
	}
	ctxs, _ := vc["@context"].([]any)
	if ctxs[len(ctxs)-1] != "https://w3id.org/security/data-integrity/v2" {
		t.Errorf("@context = %v, want the Data Integrity v2 context appended", ctxs)
	}
	status, res := f.verify(vc, nil)
	if status != http.StatusOK || res["verified"] != true {
		t.Fatalf("verify VC 1.1: %d %v", status, res)
	}
}

// An Open Badge issued through the VC-API keeps its proof array (1EdTech
// schema) and verifies with internal/verify.
func TestIssueOpenBadgeVerifiesWithInternalVerify(t *testing.T) {
	f := newFixture(t)
	vc := f.issue(openBadge(t))
	if _, ok := vc["proof"].([]any); !ok {
		t.Errorf("proof = %T, want an array for an Open Badge", vc["proof"])
	}
	r := f.h.Verifier.Verify(context.Background(), "issued", []byte(jsonString(t, vc)))
	if !r.Valid {
		t.Fatalf("internal/verify: not valid: %+v", r.Checks)
	}
	for _, id := range []string{"proof", "issuer", "schema"} {
		if r.Status(id) != report.Pass {
			t.Errorf("internal/verify check %s = %s, want pass", id, r.Status(id))
		}
	}
	status, res := f.verify(vc, nil)
	if status != http.StatusOK || res["verified"] != true {
		t.Fatalf("verify endpoint: %d %v", status, res)
	}
	if rep, _ := res["report"].(map[string]any); rep["format"] != "ob3-di" {
		t.Errorf("report format = %v, want ob3-di (internal/verify)", rep["format"])
	}
}

func TestIssueBadInput(t *testing.T) {
	f := newFixture(t)
	valid := func() map[string]any {
		c := w3cCredential()
		c["issuer"] = f.signer.IssuerID()
		return c
	}
	with := func(edit func(c map[string]any)) map[string]any {
		c := valid()
		edit(c)
		return map[string]any{"credential": c}
	}
	tests := []struct {
		name   string
		body   any
		status int
		field  string // the error's field
		typ    string // problem type fragment
	}{
		{"not JSON", `{"credential":`, 400, "", "PARSING_ERROR"},
		{"JSON array", `[]`, 400, "", "PARSING_ERROR"},
		{"trailing data", `{"credential":{}} x`, 400, "", "PARSING_ERROR"},
		{"no credential", map[string]any{"verifiableCredential": w3cCredential()}, 400, "credential", "MALFORMED_VALUE_ERROR"},
		{"empty body", map[string]any{}, 400, "credential", "MALFORMED_VALUE_ERROR"},
		{"credential not object", map[string]any{"credential": "x"}, 400, "credential", "MALFORMED_VALUE_ERROR"},
		{"no @context", with(func(c map[string]any) { delete(c, "@context") }), 400, "credential.@context", ""},
		{"@context number", with(func(c map[string]any) { c["@context"] = 4 }), 400, "credential.@context", ""},
		{"@context items", with(func(c map[string]any) { c["@context"] = []any{map[string]any{"foo": true}, 4, false, nil} }), 400, "credential.@context", ""},
		{"@context empty", with(func(c map[string]any) { c["@context"] = []any{} }), 400, "credential.@context", ""},
		{"@context item number", with(func(c map[string]any) { c["@context"] = []any{"https://www.w3.org/ns/credentials/v2", 4} }), 400, "credential.@context", ""},
		{"context needing an unembedded context", with(func(c map[string]any) {
			// credentials/examples/v1 (the old vc-api issuer suite's) imports odrl.jsonld.
			c["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1"}
		}), 400, "credential.@context", ""},
		{"unknown context", with(func(c map[string]any) {
			c["@context"] = []any{"https://www.w3.org/ns/credentials/v2", "https://example.com/unknown/v1"}
		}), 400, "credential.@context", ""},
		{"no type", with(func(c map[string]any) { delete(c, "type") }), 400, "credential.type", ""},
		{"type number", with(func(c map[string]any) { c["type"] = 4 }), 400, "credential.type", ""},
		{"type items", with(func(c map[string]any) { c["type"] = []any{nil, true, 4} }), 400, "credential.type", ""},
		{"type empty", with(func(c map[string]any) { c["type"] = []any{} }), 400, "credential.type", ""},
		{"type without VerifiableCredential", with(func(c map[string]any) { c["type"] = []any{"ExampleCredential"} }), 400, "credential.type", ""},
		{"no issuer", with(func(c map[string]any) { delete(c, "issuer") }), 400, "credential.issuer", ""},
		{"issuer object without id", with(func(c map[string]any) { c["issuer"] = map[string]any{"name": "No id"} }), 400, "credential.issuer.id", ""},
		{"issuer null", with(func(c map[string]any) { c["issuer"] = nil }), 400, "credential.issuer", ""},
		{"issuer true", with(func(c map[string]any) { c["issuer"] = true }), 400, "credential.issuer", ""},
		{"issuer number", with(func(c map[string]any) { c["issuer"] = 4 }), 400, "credential.issuer", ""},
		{"issuer array", with(func(c map[string]any) { c["issuer"] = []any{} }), 400, "credential.issuer", ""},
		{"issuer not a URL", with(func(c map[string]any) { c["issuer"] = "foo" }), 400, "credential.issuer", ""},
		{"issuer mismatch", with(func(c map[string]any) { c["issuer"] = "did:example:someone-else" }), 400, "credential.issuer", "MALFORMED_VALUE_ERROR"},
		{"issuer object mismatch", with(func(c map[string]any) { c["issuer"] = map[string]any{"id": "did:example:someone-else"} }), 400, "credential.issuer", ""},
		{"no credentialSubject", with(func(c map[string]any) { delete(c, "credentialSubject") }), 400, "credential.credentialSubject", ""},
		{"credentialSubject null", with(func(c map[string]any) { c["credentialSubject"] = nil }), 400, "credential.credentialSubject", ""},
		{"credentialSubject string", with(func(c map[string]any) { c["credentialSubject"] = "did:example:1234" }), 400, "credential.credentialSubject", ""},
		{"credentialSubject empty array", with(func(c map[string]any) { c["credentialSubject"] = []any{} }), 400, "credential.credentialSubject", ""},
		{"credentialSubject scalars", with(func(c map[string]any) { c["credentialSubject"] = []any{nil, true, 4} }), 400, "credential.credentialSubject", ""},
		{"id not a URL", with(func(c map[string]any) { c["id"] = "not a url" }), 400, "credential.id", ""},
		{"id number", with(func(c map[string]any) { c["id"] = 7 }), 400, "credential.id", ""},
		{"validFrom not a date", with(func(c map[string]any) { c["validFrom"] = "yesterday" }), 400, "credential.validFrom", ""},
		{"validFrom without time zone", with(func(c map[string]any) { c["validFrom"] = "2026-01-01T00:00:00" }), 400, "credential.validFrom", ""},
		{"validFrom impossible date", with(func(c map[string]any) { c["validFrom"] = "2026-02-30T00:00:00Z" }), 400, "credential.validFrom", ""},
		{"validUntil number", with(func(c map[string]any) { c["validUntil"] = 20260101 }), 400, "credential.validUntil", ""},
		{"validUntil before validFrom", with(func(c map[string]any) {
			c["validFrom"], c["validUntil"] = "2026-06-01T00:00:00Z", "2026-01-01T00:00:00Z"
		}), 400, "credential.validUntil", "RANGE_ERROR"},
		{"undefined term", map[string]any{"credential": func() map[string]any {
			c := vc11Credential()
			c["issuer"] = f.signer.IssuerID()
			c["credentialSubject"].(map[string]any)["undefinedTerm"] = "dropped?"
			return c
		}()}, 400, "credential", "DATA_LOSS_DETECTION_ERROR"},
		{"existing proof", with(func(c map[string]any) {
			c["proof"] = map[string]any{"type": "DataIntegrityProof", "proofValue": "zExisting"}
		}), 400, "credential.proof", ""},
		{"options not object", map[string]any{"credential": valid(), "options": "x"}, 400, "options", ""},
		{"unknown option", map[string]any{"credential": valid(), "options": map[string]any{"unknownOptionProbe": true}}, 400, "options.unknownOptionProbe", "UNKNOWN_OPTION_PROVIDED"},
		{"other cryptosuite", map[string]any{"credential": valid(), "options": map[string]any{"cryptosuite": "ecdsa-rdfc-2019"}}, 400, "options.cryptosuite", ""},
		{"mandatoryPointers", map[string]any{"credential": valid(), "options": map[string]any{"mandatoryPointers": []any{"/issuer"}}}, 400, "options.mandatoryPointers", ""},
		{"Open Badge failing the schema", map[string]any{"credential": func() map[string]any {
			c := openBadge(t)
			c["issuer"].(map[string]any)["id"] = f.signer.IssuerID()
			delete(c, "validFrom")
			return c
		}()}, 400, "credential", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.signer.calls
			status, body := f.post("/credentials/issue", issueToken, tt.body)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %v", status, tt.status, body)
			}
			if body["error"] != "invalid" || body["message"] == "" {
				t.Errorf("error body = %v, want error invalid and a message", body)
			}
			if tt.field != "" && body["field"] != tt.field {
				t.Errorf("field = %v, want %s (message %v)", body["field"], tt.field, body["message"])
			}
			if typ, _ := body["type"].(string); tt.typ != "" && !strings.HasSuffix(typ, "#"+tt.typ) {
				t.Errorf("type = %q, want #%s", typ, tt.typ)
			}
			if _, has := body["verifiableCredential"]; has {
				t.Errorf("an error response carries a credential: %v", body)
			}
			if f.signer.calls != before {
				t.Errorf("the signer was called for bad input")
			}
		})
	}
}

func TestIssueSignerRefusesUndefinedTerm(t *testing.T) {
	// A Signer that canonicalizes itself reports proof.ErrCanonicalize; the
	// handler's own check comes first, so the signer is never asked.
	f := newFixture(t)
	c := vc11Credential()
	c["issuer"] = f.signer.IssuerID()
	c["credentialSubject"].(map[string]any)["undefinedTerm"] = "x"
	status, body := f.post("/credentials/issue", issueToken, map[string]any{"credential": c})
	if status != 400 || f.signer.calls != 0 {
		t.Fatalf("status %d, signer calls %d: %v", status, f.signer.calls, body)
	}
	mustContain(t, "message", body["message"].(string), "undefined")
}

func TestIssueAuth(t *testing.T) {
	f := newFixture(t)
	body := map[string]any{"credential": w3cCredential()}
	tests := []struct {
		name, auth string
		status     int
		challenge  string
	}{
		{"no token", "", 401, "Bearer"},
		{"bad token", "Bearer nope", 401, "Bearer"},
		{"token without scope", readToken, 403, `Bearer error="insufficient_scope", scope="akashi:issue"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", f.srv.URL+"/credentials/issue", strings.NewReader(jsonString(t, body)))
			req.Header.Set("Content-Type", "application/json")
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.challenge)
			}
		})
	}
	if f.signer.calls != 0 {
		t.Errorf("signer called %d times without authorisation", f.signer.calls)
	}

	// A Handler without Authorize refuses to issue.
	g := newFixture(t, func(h *Handler) { h.Authorize = nil })
	if status, _ := g.post("/credentials/issue", issueToken, body); status != 401 {
		t.Errorf("nil Authorize: status %d, want 401", status)
	}
}

func TestTransportErrors(t *testing.T) {
	f := newFixture(t, func(h *Handler) { h.MaxBody = 2048 })
	big := w3cCredential()
	big["credentialSubject"].(map[string]any)["name"] = strings.Repeat("x", 4096)
	body := jsonString(t, map[string]any{"credential": big})
	for _, path := range []string{"/credentials/issue", "/credentials/verify", "/presentations/verify"} {
		if status, res := f.post(path, issueToken, body); status != http.StatusRequestEntityTooLarge || res["error"] != "too_large" {
			t.Errorf("%s with %d bytes: %d %v, want 413", path, len(body), status, res)
		}
		// Chunked, so that no Content-Length announces the size.
		req, _ := http.NewRequest("POST", f.srv.URL+path, struct{ *strings.Reader }{strings.NewReader(body)})
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", issueToken)
		if status, _ := f.do(req); status != http.StatusRequestEntityTooLarge {
			t.Errorf("%s chunked: status %d, want 413", path, status)
		}
		req, _ = http.NewRequest("POST", f.srv.URL+path, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Authorization", issueToken)
		if status, res := f.do(req); status != http.StatusUnsupportedMediaType || res["error"] != "unsupported_media_type" {
			t.Errorf("%s text/plain: %d %v, want 415", path, status, res)
		}
	}
	// application/ld+json is JSON too.
	ok := w3cCredential()
	ok["issuer"] = f.signer.IssuerID()
	req, _ := http.NewRequest("POST", f.srv.URL+"/credentials/issue", strings.NewReader(jsonString(t, map[string]any{"credential": ok})))
	req.Header.Set("Content-Type", "application/ld+json; charset=utf-8")
	req.Header.Set("Authorization", issueToken)
	if status, res := f.do(req); status != http.StatusCreated {
		t.Errorf("application/ld+json: %d %v, want 201", status, res)
	}
	resp, err := http.Get(f.srv.URL + "/credentials/issue")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /credentials/issue: %d, want 405", resp.StatusCode)
	}
}

// failingSigner fails the way a key service might.
type failingSigner struct {
	did string
	err error
}

func (s failingSigner) IssuerID() string { return s.did }

func (s failingSigner) SignDataIntegrity(context.Context, map[string]any) (map[string]any, error) {
	return nil, s.err
}

func TestIssueSignerErrors(t *testing.T) {
	const did = "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj"
	tests := []struct {
		name      string
		signer    Signer
		status    int
		code      string
		forbidden string // must not appear in the body
	}{
		{"internal", failingSigner{did, errors.New("hsm offline: secret detail")}, 500, "internal", "secret detail"},
		{"application error", failingSigner{did, badge.Forbidden("key.revoked", "The organisation's signing key is revoked.")}, 403, "forbidden", ""},
		{"cannot canonicalize", failingSigner{did, fmt.Errorf("sign: %w: odd", proof.ErrCanonicalize)}, 400, "invalid", ""},
		{"no signer, no error", nil, 500, "internal", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			f := newFixture(t, func(h *Handler) {
				h.Authorize = func(*http.Request, string) (Signer, error) { return tt.signer, nil }
				h.Log = slog.New(slog.NewTextHandler(&logs, nil))
			})
			cred := w3cCredential()
			cred["issuer"] = did
			status, body := f.post("/credentials/issue", issueToken, map[string]any{"credential": cred})
			if status != tt.status || body["error"] != tt.code {
				t.Fatalf("status %d error %v, want %d %s: %v", status, body["error"], tt.status, tt.code, body)
			}
			if tt.forbidden != "" && strings.Contains(jsonString(t, body), tt.forbidden) {
				t.Errorf("the response shows the internal cause: %v", body)
			}
			if tt.status == 500 && !strings.Contains(logs.String(), "vcapi") {
				t.Errorf("internal error not logged: %q", logs.String())
			}
		})
	}
}
