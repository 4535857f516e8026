// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fuzzServe posts body to path on a real Handler (real key, real engine)
// and checks that the answer is one of want, in JSON, and never a 500.
func fuzzServe(t *testing.T, mux *http.ServeMux, path string, body []byte, want ...int) map[string]any {
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", issueToken)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	ok := false
	for _, w := range want {
		ok = ok || rec.Code == w
	}
	if !ok {
		t.Fatalf("POST %s %q: status %d, want one of %v: %s", path, body, rec.Code, want, rec.Body)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("POST %s %q: response is not a JSON object: %v", path, body, err)
	}
	return m
}

// fuzzSeeds adds credentials issued by issuer (so that the signing path is
// reached) and hand-made oddities.
func fuzzSeeds(f *testing.F, member, issuer string) {
	badge := openBadge(f)
	badge["issuer"].(map[string]any)["id"] = issuer
	for _, c := range []map[string]any{w3cCredential(), vc11Credential(), badge} {
		if c["issuer"] == nil {
			c["issuer"] = issuer
		}
		f.Add([]byte(jsonString(f, map[string]any{member: c})))
	}
	for _, s := range []string{
		`{}`, `[]`, `null`, `"x"`, `{"credential":null}`, `{"credential":{}}`,
		`{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"credentialSubject":{"a":{"@id":"_:b"}}}}`,
		`{"credential":{"@context":["https://www.w3.org/ns/credentials/v2",{"@vocab":"x:"}],"type":"VerifiableCredential","credentialSubject":{"@list":[1]}}}`,
		`{"credential":{"@context":["https://www.w3.org/2018/credentials/v1",{"@base":"https://example.com/"}],"type":["VerifiableCredential","R"],"credentialSubject":[{}]}}`,
		`{"credential":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"credentialSubject":{},"validFrom":"9999-12-31T23:59:59+14:00","validUntil":"0000-01-01T00:00:00Z"}}`,
		`{"verifiableCredential":"a.b.c","options":{"challenge":"x"}}`,
		`{"verifiablePresentation":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofPurpose":"authentication","verificationMethod":"did:key:z6Mk#z6Mk","proofValue":"z1"}}}`,
		`{"presentation":{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiablePresentation","verifiableCredential":[{"type":"EnvelopedVerifiableCredential","id":"data:application/vc+jwt;base64,!!"}]}}`,
		`{"credential":` + strings.Repeat(`[`, 200) + strings.Repeat(`]`, 200) + `}`,
	} {
		f.Add([]byte(s))
	}
}

// FuzzIssueBody: whatever the body, the issue endpoint answers 201, 400 or
// 413 with a JSON object, never 500 and never a panic.
func FuzzIssueBody(f *testing.F) {
	fx := newFixture(f, func(h *Handler) { h.MaxBody = 64 << 10 })
	fuzzSeeds(f, "credential", fx.signer.IssuerID())
	mux := http.NewServeMux()
	fx.h.Register(mux)
	f.Fuzz(func(t *testing.T, body []byte) {
		m := fuzzServe(t, mux, "/credentials/issue", body, http.StatusCreated, http.StatusBadRequest, http.StatusRequestEntityTooLarge)
		if vc, issued := m["verifiableCredential"].(map[string]any); issued && vc["proof"] == nil {
			t.Fatalf("issued without a proof: %v", vc)
		}
	})
}

// FuzzVerifyBody: the verify endpoints answer 200, 400 or 413, never 500.
func FuzzVerifyBody(f *testing.F) {
	fx := newFixture(f, func(h *Handler) { h.MaxBody = 64 << 10 })
	fuzzSeeds(f, "verifiableCredential", fx.signer.IssuerID())
	mux := http.NewServeMux()
	fx.h.Register(mux)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, path := range []string{"/credentials/verify", "/presentations/verify"} {
			m := fuzzServe(t, mux, path, body, http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge)
			if v, has := m["verified"]; has && v == true && m["errors"] != nil && len(m["errors"].([]any)) > 0 {
				t.Fatalf("%s: verified with errors: %v", path, m)
			}
		}
	})
}
