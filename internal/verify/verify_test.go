// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/jose"
	"github.com/akashi-badges/akashi/internal/jsonld"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/proof"
	"github.com/akashi-badges/akashi/internal/report"
	"github.com/akashi-badges/akashi/internal/status"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

type issuer struct {
	id   string // the issuer's DID
	vm   string // its verification method
	priv ed25519.PrivateKey
}

func keyIssuer(t testing.TB) *issuer {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	return &issuer{id: did.KeyDID(pub), vm: did.KeyID(pub), priv: priv}
}

// credential returns the test credential with issuer set and edit applied.
func credential(t testing.TB, iss *issuer, edit func(m map[string]any)) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/credentials/achievement-unsigned.json")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := jsonld.ParseJSON(raw)
	m := v.(map[string]any)
	m["issuer"].(map[string]any)["id"] = iss.id
	if edit != nil {
		edit(m)
	}
	return m
}

func signDI(t testing.TB, iss *issuer, m map[string]any) []byte {
	t.Helper()
	signed, err := proof.Default.SignDataIntegrity(m, iss.priv, proof.Options{VerificationMethod: iss.vm, Created: testNow.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(signed)
	return b
}

// offlineVerifier answers the URLs in files (written to a temp dir) and nothing else.
func offlineVerifier(t testing.TB, files map[string][]byte) *Verifier {
	dir := t.TempDir()
	urls := map[string]string{}
	i := 0
	for u, body := range files {
		p := filepath.Join(dir, strings.Repeat("f", i+1)+".json")
		os.WriteFile(p, body, 0o644)
		urls[u] = p
		i++
	}
	return New(Options{Fetcher: fetch.New(fetch.Options{Offline: true, URLMap: urls}), Now: func() time.Time { return testNow }})
}

type want map[string]report.Status

func expect(t *testing.T, name string, r *report.Report, valid bool, checks want) {
	t.Helper()
	if r.Valid != valid {
		t.Errorf("%s: valid = %v, want %v; checks %+v", name, r.Valid, valid, r.Checks)
	}
	for id, st := range checks {
		if got := r.Status(id); got != st {
			t.Errorf("%s: check %s = %q, want %q (%+v)", name, id, got, st, r.Checks)
		}
	}
}

func TestOB3DataIntegrity(t *testing.T) {
	iss := keyIssuer(t)
	other := keyIssuer(t)
	v := offlineVerifier(t, nil)
	ctx := context.Background()
	good := signDI(t, iss, credential(t, iss, nil))
	expect(t, "valid", v.Verify(ctx, "good", good), true, want{
		"format": report.Pass, "context": report.Pass, "schema": report.Pass, "proof": report.Pass,
		"issuer": report.Pass, "validity": report.Pass, "status": report.Skip})

	cases := map[string]struct {
		doc   []byte
		fails string
	}{
		"tampered":         {[]byte(strings.Replace(string(good), "Final project", "Final projekt", 1)), "proof"},
		"expired":          {signDI(t, iss, credential(t, iss, func(m map[string]any) { m["validUntil"] = "2026-05-01T00:00:00Z" })), "validity"},
		"not yet valid":    {signDI(t, iss, credential(t, iss, func(m map[string]any) { m["validFrom"] = "2027-01-01T00:00:00Z" })), "validity"},
		"wrong issuer key": {signDI(t, other, credential(t, iss, nil)), "issuer"},
		"schema":           {signDI(t, iss, credential(t, iss, func(m map[string]any) { delete(m["credentialSubject"].(map[string]any), "achievement") })), "schema"},
		"unknown context":  {[]byte(strings.Replace(string(good), `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"`, `"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json","https://evil.example/ctx.json"`, 1)), "context"},
		"undefined term":   {[]byte(strings.Replace(string(good), `"name":`, `"favouriteColour":"blue","name":`, 1)), "proof"},
	}
	for name, tc := range cases {
		expect(t, name, v.Verify(ctx, name, tc.doc), false, want{tc.fails: report.Fail})
	}
}

// A VC 1.1 era OB 3.0 badge (credentials/v1, issuanceDate, context 3.0.2) is accepted with a warning.
func TestOB3LegacyVC11(t *testing.T) {
	iss := keyIssuer(t)
	m := credential(t, iss, func(m map[string]any) {
		m["@context"] = []any{"https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", "https://w3id.org/security/data-integrity/v2"}
		m["issuanceDate"] = m["validFrom"]
		m["expirationDate"] = m["validUntil"]
		delete(m, "validFrom")
		delete(m, "awardedDate") // not defined before context 3.0.3
		delete(m, "validUntil")
	})
	r := offlineVerifier(t, nil).Verify(context.Background(), "legacy", signDI(t, iss, m))
	expect(t, "legacy", r, true, want{"version": report.Warn, "proof": report.Pass, "validity": report.Pass, "schema": report.Skip})
}

// statusList returns a signed BitstringStatusListCredential with the given bits set.
func statusList(t testing.TB, iss *issuer, url, purpose string, set ...int) []byte {
	l := status.New(0)
	for _, i := range set {
		l.Set(i, true)
	}
	enc, _ := l.Encode()
	m := map[string]any{
		"@context": []any{"https://www.w3.org/ns/credentials/v2"},
		"id":       url, "type": []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer": iss.id, "validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{"id": url + "#list", "type": "BitstringStatusList", "statusPurpose": purpose, "encodedList": enc},
	}
	return signDI(t, iss, m)
}

func TestOB3BitstringStatus(t *testing.T) {
	iss := keyIssuer(t)
	const listURL = "https://badges.example.ac.jp/status/1"
	withStatus := func(idx string) []byte {
		return signDI(t, iss, credential(t, iss, func(m map[string]any) {
			m["credentialStatus"] = map[string]any{"id": listURL + "#" + idx, "type": "BitstringStatusListEntry",
				"statusPurpose": "revocation", "statusListIndex": idx, "statusListCredential": listURL}
		}))
	}
	ctx := context.Background()
	v := offlineVerifier(t, map[string][]byte{listURL: statusList(t, iss, listURL, "revocation", 42)})
	expect(t, "not revoked", v.Verify(ctx, "ok", withStatus("7")), true, want{"status": report.Pass})
	expect(t, "revoked", v.Verify(ctx, "revoked", withStatus("42")), false, want{"status": report.Fail})

	// A list whose signature is broken cannot revoke or clear anything.
	forged := strings.Replace(string(statusList(t, iss, listURL, "revocation")), `"encodedList":"u`, `"encodedList":"u`, 1)
	forged = strings.Replace(forged, `"validFrom":"2026-01-01T00:00:00Z"`, `"validFrom":"2026-01-02T00:00:00Z"`, 1)
	v = offlineVerifier(t, map[string][]byte{listURL: []byte(forged)})
	expect(t, "forged list", v.Verify(ctx, "forged", withStatus("7")), false, want{"status": report.Fail})

	// Offline with no copy of the list: a warning, and the badge still verifies.
	v = offlineVerifier(t, nil)
	expect(t, "offline", v.Verify(ctx, "offline", withStatus("7")), true, want{"status": report.Warn})
}

func TestOB3DIDWebIssuer(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	const id = "did:web:badges.example.ac.jp"
	iss := &issuer{id: id, vm: did.WebKeyID(id, pub), priv: priv}
	doc, _ := did.WebDocument(id, []ed25519.PublicKey{pub})
	docJSON, _ := json.Marshal(doc)
	v := offlineVerifier(t, map[string][]byte{"https://badges.example.ac.jp/.well-known/did.json": docJSON})
	ctx := context.Background()
	expect(t, "did:web", v.Verify(ctx, "web", signDI(t, iss, credential(t, iss, nil))), true, want{"issuer": report.Pass, "proof": report.Pass})

	// The credential claims another did:web issuer but is signed with this one's key.
	impostor := &issuer{id: "did:web:other.example", vm: iss.vm, priv: priv}
	expect(t, "impostor", v.Verify(ctx, "impostor", signDI(t, iss, credential(t, impostor, nil))), false, want{"issuer": report.Fail})

	// Without the DID document (offline), the key cannot be found.
	expect(t, "offline did:web", offlineVerifier(t, nil).Verify(ctx, "web", signDI(t, iss, credential(t, iss, nil))), false, want{"proof": report.Fail})
}

func TestOB3JWT(t *testing.T) {
	iss := keyIssuer(t)
	ctx := context.Background()
	v := offlineVerifier(t, nil)
	raw, _ := json.Marshal(credential(t, iss, nil))
	tok, err := ob3.EncodeJWT(raw, iss.priv, iss.vm)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "jwt", v.Verify(ctx, "jwt", []byte(tok)), true, want{"format": report.Pass, "proof": report.Pass, "issuer": report.Pass, "schema": report.Pass})

	parts := strings.Split(tok, ".")
	expect(t, "jwt tampered sig", v.Verify(ctx, "bad", []byte(parts[0]+"."+parts[1]+"."+flip(parts[2]))), false, want{"proof": report.Fail})

	// ES256 with the key only in the header: the signature verifies, the issuer is not confirmed.
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jwk, _ := jose.NewJWK(&ec.PublicKey)
	payload := strings.Replace(string(raw), iss.id, "https://issuer.example", 1)
	var cred map[string]any
	json.Unmarshal([]byte(payload), &cred)
	cred["iss"] = "https://issuer.example"
	cred["jti"] = cred["id"]
	cred["sub"] = cred["credentialSubject"].(map[string]any)["id"]
	from, _ := time.Parse(time.RFC3339, cred["validFrom"].(string))
	until, _ := time.Parse(time.RFC3339, cred["validUntil"].(string))
	cred["nbf"], cred["exp"] = from.Unix(), until.Unix()
	body, _ := json.Marshal(cred)
	es, err := jose.Sign(body, jose.Header{Alg: "ES256", Typ: "JWT", JWK: jwk}, ec)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, "es256 jwk", v.Verify(ctx, "es256", []byte(es)), true, want{"proof": report.Pass, "issuer": report.Warn})
}

func flip(s string) string {
	b := []byte(s)
	if b[4] == 'A' {
		b[4] = 'B'
	} else {
		b[4] = 'A'
	}
	return string(b)
}

func TestGarbage(t *testing.T) {
	v := offlineVerifier(t, nil)
	for name, in := range map[string]string{
		"empty": "", "text": "hello", "array": "[1,2]", "bad json": "{", "pdf": "%PDF-1.7\n",
		"jws junk": "a.b.c", "number": "{\"@context\":1}",
	} {
		r := v.Verify(context.Background(), name, []byte(in))
		if r.Valid || len(r.Checks) == 0 || r.Checks[0].ID != "format" && r.Checks[0].ID != "context" && r.Checks[len(r.Checks)-1].Status != report.Fail {
			t.Errorf("%s: %+v", name, r)
		}
	}
}

func FuzzVerify(f *testing.F) {
	iss := keyIssuer(f)
	f.Add(signDI(f, iss, credential(f, iss, nil)))
	raw, _ := json.Marshal(credential(f, iss, nil))
	tok, _ := ob3.EncodeJWT(raw, iss.priv, iss.vm)
	f.Add([]byte(tok))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"proof":{}}`))
	v := New(Options{Fetcher: fetch.New(fetch.Options{Offline: true}), Now: func() time.Time { return testNow }})
	f.Fuzz(func(t *testing.T, in []byte) {
		r := v.Verify(context.Background(), "fuzz", in)
		if r.Valid && r.Status("proof") != report.Pass && r.Status("hosted") != report.Pass {
			t.Fatalf("valid without integrity: %+v", r)
		}
	})
}
