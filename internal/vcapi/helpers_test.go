// SPDX-License-Identifier: Apache-2.0

package vcapi

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/keyfile"
	"github.com/akashi-badges/akashi/internal/multikey"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/verify"
)

// Bearer tokens the test Authorize knows.
const (
	issueToken = "Bearer issue-token" // scope akashi:issue
	readToken  = "Bearer read-token"  // scope credentials:verify only
)

// verifyScope is the scope tests give Handler.VerifyScope.
const verifyScope = "credentials:verify"

// keySigner is a Signer over a real Ed25519 key, the way the server's
// signer for an organisation works.
type keySigner struct {
	key   *keyfile.Key
	calls int
}

func newKeySigner(t testing.TB) *keySigner {
	k, err := keyfile.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return &keySigner{key: k}
}

func (s *keySigner) IssuerID() string { return s.key.DID }

func (s *keySigner) SignDataIntegrity(_ context.Context, cred map[string]any) (map[string]any, error) {
	s.calls++
	return proof.Default.SignDataIntegrity(cred, s.key.Private, proof.Options{VerificationMethod: s.key.VerificationMethod, Created: time.Now().Add(-time.Minute)})
}

type fixture struct {
	t      testing.TB
	srv    *httptest.Server
	h      *Handler
	signer *keySigner
}

// newFixture serves a Handler with a real signer on an httptest server.
// Authorize knows issueToken and readToken; anything else is 401.
func newFixture(t testing.TB, edit ...func(*Handler)) *fixture {
	f := &fixture{t: t, signer: newKeySigner(t)}
	f.h = &Handler{
		Authorize: func(r *http.Request, scope string) (Signer, error) {
			switch tok := r.Header.Get("Authorization"); {
			case tok == issueToken && scope == ScopeIssue, tok == readToken && scope == verifyScope:
				return f.signer, nil
			case tok == issueToken || tok == readToken:
				return nil, badge.Forbidden("insufficient_scope", "The token lacks the scope "+scope+".")
			}
			return nil, badge.Unauthorized("error.unauthorized", "A valid bearer token is needed.")
		},
		Verifier: verify.New(verify.Options{}),
	}
	for _, e := range edit {
		e(f.h)
	}
	mux := http.NewServeMux()
	f.h.Register(mux)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// post sends body (a value to marshal, or []byte/string as is) and returns
// the status and the decoded JSON response.
func (f *fixture) post(path, auth string, body any) (int, map[string]any) {
	f.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case []byte:
		raw = b
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(body); err != nil {
			f.t.Fatal(err)
		}
	}
	req, _ := http.NewRequest("POST", f.srv.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return f.do(req)
}

func (f *fixture) do(req *http.Request) (int, map[string]any) {
	f.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		f.t.Errorf("%s: Content-Type %q, want application/json", req.URL.Path, ct)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		f.t.Fatalf("%s: response is not a JSON object: %v\n%s", req.URL.Path, err, b)
	}
	return resp.StatusCode, m
}

// issue issues cred and fails the test unless the answer is 201. Like the
// suites' createRequestBody, it sets the issuer (id) to the signer's DID
// when the credential has none.
func (f *fixture) issue(cred map[string]any) map[string]any {
	f.t.Helper()
	switch is := cred["issuer"].(type) {
	case nil:
		cred["issuer"] = f.signer.IssuerID()
	case map[string]any:
		if _, has := is["id"]; !has {
			is["id"] = f.signer.IssuerID()
		}
	}
	status, body := f.post("/credentials/issue", issueToken, map[string]any{"credential": cred})
	if status != http.StatusCreated {
		f.t.Fatalf("issue: status %d, want 201: %v", status, body)
	}
	vc, ok := body["verifiableCredential"].(map[string]any)
	if !ok {
		f.t.Fatalf("issue: no verifiableCredential object in %v", body)
	}
	return vc
}

// verify posts a credential to /credentials/verify.
func (f *fixture) verify(vc any, options map[string]any) (int, map[string]any) {
	f.t.Helper()
	body := map[string]any{"verifiableCredential": vc}
	if options != nil {
		body["options"] = options
	}
	return f.post("/credentials/verify", "", body)
}

// w3cCredential is a plain VC 2.0 credential like the Data Integrity
// suites' validVc.
func w3cCredential() map[string]any {
	return map[string]any{
		"@context":          []any{"https://www.w3.org/ns/credentials/v2"},
		"id":                "urn:uuid:86294362-4254-4f36-854f-3952fe42555d",
		"type":              []any{"VerifiableCredential"},
		"credentialSubject": map[string]any{"id": "did:example:subject", "name": "Example"},
	}
}

// vc11Credential is a VC 1.1 credential like the Data Integrity suites'
// (data-integrity-test-suite-assertion inputs/credentials/v1.1), whose
// inline context is written there as {"@context": {...}}: a form jsonld.js
// accepts and internal/jsonld refuses (keyword redefinition).
func vc11Credential() map[string]any {
	return map[string]any{
		"@context": []any{"https://www.w3.org/2018/credentials/v1", map[string]any{"name": "https://schema.org/name"}},
		"id":       "urn:uuid:1b9d3f4e-7c2a-4e1d-8f0a-2b3c4d5e6f70",
		"type":     []any{"VerifiableCredential"},
		"credentialSubject": map[string]any{
			"id":   "did:example:credentialSubject",
			"name": "Example",
		},
	}
}

// openBadge is the repository's unsigned OB 3.0 test credential, with no issuer id.
func openBadge(t testing.TB) map[string]any {
	raw, err := os.ReadFile("../../testdata/credentials/achievement-unsigned.json")
	if err != nil {
		t.Fatal(err)
	}
	return parseObject(t, raw)
}

func parseObject(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	v, err := jsonld.ParseJSON(raw)
	m, ok := v.(map[string]any)
	if err != nil || !ok {
		t.Fatalf("not a JSON object (%v): %s", err, raw)
	}
	return m
}

// clone deep-copies a JSON value.
func clone(t testing.TB, v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return parseObject(t, b)
}

// checkIDs lists the ids of a result's errors (or warnings).
func problemChecks(res map[string]any, member string) []string {
	list, _ := res[member].([]any)
	var ids []string
	for _, e := range list {
		m, _ := e.(map[string]any)
		id, _ := m["check"].(string)
		ids = append(ids, id)
	}
	return ids
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func passed(res map[string]any) []string {
	list, _ := res["checks"].([]any)
	var out []string
	for _, c := range list {
		s, _ := c.(string)
		out = append(out, s)
	}
	return out
}

// signDI signs doc (a presentation, or a credential) with an
// eddsa-rdfc-2022 proof written out from the specification (vc-di-eddsa
// §3.3), with any proof purpose and extra proof members (challenge,
// domain, id). TestSignHelperMatchesEngine checks it against proof.Engine.
// An existing proof is replaced.
func signDI(t testing.TB, vp map[string]any, key *keyfile.Key, purpose string, extra map[string]any) map[string]any {
	t.Helper()
	config := map[string]any{
		"@context":           vp["@context"],
		"type":               "DataIntegrityProof",
		"cryptosuite":        "eddsa-rdfc-2022",
		"created":            time.Now().UTC().Add(-time.Minute).Format(time.RFC3339),
		"verificationMethod": key.VerificationMethod,
		"proofPurpose":       purpose,
	}
	for k, v := range extra {
		config[k] = v
	}
	unsecured := map[string]any{}
	for k, v := range vp {
		if k != "proof" {
			unsecured[k] = v
		}
	}
	cp, err := proof.Default.Canonicalize(config)
	if err != nil {
		t.Fatal(err)
	}
	cd, err := proof.Default.Canonicalize(unsecured)
	if err != nil {
		t.Fatal(err)
	}
	h1, h2 := sha256.Sum256(cp), sha256.Sum256(cd)
	sig := ed25519.Sign(key.Private, append(h1[:], h2[:]...))
	delete(config, "@context")
	config["proofValue"] = multikey.EncodeBase58btc(sig)
	out := clone(t, unsecured)
	out["proof"] = config
	return out
}

func jsonString(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustContain(t testing.TB, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s = %q, want it to contain %q", what, got, want)
	}
}
