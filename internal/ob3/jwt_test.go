// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/jose"
	"github.com/google/go-cmp/cmp"
)

const testKid = "https://badges.example.edu/issuers/1#key-1"

func mustEncode(t testing.TB, cred []byte, key crypto.Signer, kid string) string {
	t.Helper()
	tok, err := EncodeJWT(cred, key, kid)
	if err != nil {
		t.Fatalf("EncodeJWT() error = %v", err)
	}
	return tok
}

func mustDecode(t testing.TB, tok string) *DecodedJWT {
	t.Helper()
	d, err := DecodeJWT(tok)
	if err != nil {
		t.Fatalf("DecodeJWT() error = %v", err)
	}
	return d
}

func TestJWTRoundTrip(t *testing.T) {
	cred := mustJSON(t, mustNew(t, sampleInput()))
	for alg, key := range testKeys() {
		t.Run(alg, func(t *testing.T) {
			t.Parallel()
			d := mustDecode(t, mustEncode(t, cred, key, testKid))
			if err := d.JWS.Verify(key.Public()); err != nil {
				t.Fatalf("Verify() = %v", err)
			}
			if err := CheckJWTClaims(d); err != nil {
				t.Errorf("CheckJWTClaims() = %v", err)
			}
			if d.Legacy {
				t.Errorf("Legacy = true, want false")
			}
			wantHeader := `{"alg":"` + alg + `","kid":"` + testKid + `","typ":"JWT"}`
			if got := string(d.JWS.RawHeader); got != wantHeader {
				t.Errorf("header = %s, want %s", got, wantHeader)
			}
			wantClaims := map[string]any{
				"iss": "https://badges.example.edu/issuers/1",
				"jti": "https://badges.example.edu/credentials/2f6c0b5e-4c2a-4d0e-9d4e-1c1a3e0f7b21",
				"nbf": json.Number("1743499800"),
				"sub": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
				"exp": json.Number("1901266200"),
			}
			rest := make(map[string]any)
			for k, v := range d.Claims {
				if _, isClaim := wantClaims[k]; isClaim {
					if !cmp.Equal(v, wantClaims[k]) {
						t.Errorf("claim %s = %v, want %v", k, v, wantClaims[k])
					}
					delete(wantClaims, k)
					continue
				}
				rest[k] = v
			}
			if len(wantClaims) > 0 {
				t.Errorf("claims missing: %v", wantClaims)
			}
			if diff := cmp.Diff(toMap(t, cred), toMap(t, mustJSON(t, rest))); diff != "" {
				t.Errorf("payload without claims differs from the credential (-want +got):\n%s", diff)
			}
			if err := ValidateSchema(d.Credential); err != nil {
				t.Errorf("ValidateSchema(payload) = %v", err)
			}
		})
	}
}

func TestJWTWithJWKHeader(t *testing.T) {
	key := testKeys()["ES256"]
	d := mustDecode(t, mustEncode(t, mustJSON(t, mustNew(t, sampleInput())), key, ""))
	if d.JWS.Header.JWK == nil || d.JWS.Header.Kid != "" {
		t.Fatalf("header = %s, want a jwk and no kid", d.JWS.RawHeader)
	}
	pub, err := d.JWS.Header.JWK.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.JWS.Verify(pub); err != nil {
		t.Errorf("Verify(header jwk) = %v", err)
	}
	if err := CheckJWTClaims(d); err != nil {
		t.Errorf("CheckJWTClaims() = %v", err)
	}
}

// TestJWTExamples signs every upstream example and reads it back.
func TestJWTExamples(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/ob3/examples/*.json")
	key := testKeys()["EdDSA"]
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := mustDecode(t, mustEncode(t, b, key, testKid))
		if err := d.JWS.Verify(key.Public()); err != nil {
			t.Errorf("%s: Verify() = %v", filepath.Base(f), err)
		}
		if err := CheckJWTClaims(d); err != nil {
			t.Errorf("%s: CheckJWTClaims() = %v", filepath.Base(f), err)
		}
	}
}

func TestEncodeJWTCompactsAndEscapes(t *testing.T) {
	key := testKeys()["EdDSA"]
	in := sampleInput()
	in.ID = "urn:example:\"quoted\"\\back\u0001ctl-日本"
	c := mustNew(t, in)
	pretty, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	a := mustDecode(t, mustEncode(t, pretty, key, testKid))
	b := mustDecode(t, mustEncode(t, mustJSON(t, c), key, testKid))
	if string(a.JWS.Payload) != string(b.JWS.Payload) {
		t.Errorf("payload of indented input differs from compact input")
	}
	if got := a.Claims["jti"]; got != in.ID {
		t.Errorf("jti = %q, want %q", got, in.ID)
	}
	if err := CheckJWTClaims(a); err != nil {
		t.Errorf("CheckJWTClaims() = %v", err)
	}
}

func TestEncodeJWTRefuses(t *testing.T) {
	base := toMap(t, mustJSON(t, mustNew(t, sampleInput())))
	with := func(f func(m map[string]any)) []byte {
		m := toMap(t, mustJSON(t, base))
		f(m)
		return mustJSON(t, m)
	}
	tests := map[string][]byte{
		"not JSON":         []byte(`{"id":`),
		"not UTF-8":        []byte("{\"id\":\"\xff\"}"),
		"array":            []byte(`[]`),
		"no validFrom":     with(func(m map[string]any) { delete(m, "validFrom") }),
		"no id":            with(func(m map[string]any) { delete(m, "id") }),
		"no issuer":        with(func(m map[string]any) { delete(m, "issuer") }),
		"bad validFrom":    with(func(m map[string]any) { m["validFrom"] = "1 April 2025" }),
		"bad validUntil":   with(func(m map[string]any) { m["validUntil"] = "2030-04-01" }),
		"VC 1.1":           with(func(m map[string]any) { m["issuanceDate"] = "2025-04-01T00:00:00Z" }),
		"has iss":          with(func(m map[string]any) { m["iss"] = "x" }),
		"has vc":           with(func(m map[string]any) { m["vc"] = map[string]any{} }),
		"subject is array": with(func(m map[string]any) { m["credentialSubject"] = []any{m["credentialSubject"]} }),
	}
	for name, cred := range tests {
		if tok, err := EncodeJWT(cred, testKeys()["EdDSA"], testKid); !errors.Is(err, ErrJWT) {
			t.Errorf("%s: EncodeJWT() = %q, %v; want ErrJWT", name, tok, err)
		}
	}
}

// signClaims signs an arbitrary payload, to build JWTs EncodeJWT refuses to.
func signClaims(t testing.TB, h jose.Header, payload map[string]any) string {
	t.Helper()
	s, err := jose.Sign(mustJSON(t, payload), h, testKeys()["EdDSA"])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCheckJWTClaimsMismatch(t *testing.T) {
	good := mustDecode(t, mustEncode(t, mustJSON(t, mustNew(t, sampleInput())), testKeys()["EdDSA"], testKid))
	okHeader := jose.Header{Kid: testKid, Typ: "JWT"}
	tests := []struct {
		name   string
		header jose.Header
		mod    func(m map[string]any)
		want   string
	}{
		{"iss differs from issuer", okHeader, func(m map[string]any) { m["iss"] = "https://evil.example/issuer" }, "iss claim"},
		{"iss missing", okHeader, func(m map[string]any) { delete(m, "iss") }, "iss claim is missing"},
		{"nbf differs", okHeader, func(m map[string]any) { m["nbf"] = 1743499801 }, "nbf claim"},
		{"nbf as string", okHeader, func(m map[string]any) { m["nbf"] = "1743499800" }, "not a NumericDate"},
		{"nbf missing", okHeader, func(m map[string]any) { delete(m, "nbf") }, "nbf claim is missing"},
		{"exp missing with validUntil", okHeader, func(m map[string]any) { delete(m, "exp") }, "exp claim is missing"},
		{"exp differs", okHeader, func(m map[string]any) { m["exp"] = 1901266199 }, "exp claim"},
		{"jti differs", okHeader, func(m map[string]any) { m["jti"] = "urn:uuid:other" }, "jti claim"},
		{"jti missing", okHeader, func(m map[string]any) { delete(m, "jti") }, "jti claim is missing"},
		{"sub differs", okHeader, func(m map[string]any) { m["sub"] = "did:example:other" }, "sub claim"},
		{"extra header", jose.Header{Kid: testKid, Raw: map[string]any{"x5u": "https://x.example/"}}, func(map[string]any) {}, `"x5u" is not allowed`},
		{"typ at+jwt", jose.Header{Kid: testKid, Typ: "at+jwt"}, func(map[string]any) {}, "typ"},
		{"neither kid nor jwk", jose.Header{Typ: "JWT"}, func(map[string]any) {}, "neither kid nor jwk"},
		{"vc claim with VC 2.0 credential", okHeader, func(m map[string]any) {
			m["vc"] = mapCopy(m)
		}, "vc claim holds a VC 2.0 credential"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mapCopy(good.Claims)
			tt.mod(m)
			d := mustDecode(t, signClaims(t, tt.header, m))
			err := CheckJWTClaims(d)
			if !errors.Is(err, ErrClaims) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("CheckJWTClaims() = %v; want ErrClaims mentioning %q", err, tt.want)
			}
		})
	}
	// Tolerated: no sub (1EdTech's own sample has none), exp without
	// validUntil, typ vc+jwt or absent, cty.
	tolerated := map[string]func(m map[string]any){
		"no sub":                 func(m map[string]any) { delete(m, "sub") },
		"exp without validUntil": func(m map[string]any) { delete(m, "validUntil") },
	}
	for name, mod := range tolerated {
		m := mapCopy(good.Claims)
		mod(m)
		if err := CheckJWTClaims(mustDecode(t, signClaims(t, okHeader, m))); err != nil {
			t.Errorf("%s: CheckJWTClaims() = %v, want nil", name, err)
		}
	}
	for _, h := range []jose.Header{{Kid: testKid}, {Kid: testKid, Typ: "vc+jwt", Raw: map[string]any{"cty": "vc"}}} {
		if err := CheckJWTClaims(mustDecode(t, signClaims(t, h, good.Claims))); err != nil {
			t.Errorf("header %+v: CheckJWTClaims() = %v, want nil", h, err)
		}
	}
}

func mapCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// legacyCredential is an OB 3.0 credential on VC DM 1.1, as issued before
// 1EdTech moved to VC DM 2.0.
func legacyCredential() map[string]any {
	return map[string]any{
		"@context":       []any{ContextVC1, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"},
		"id":             "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
		"type":           []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":         map[string]any{"id": "https://example.edu/issuers/565049", "type": []any{"Profile"}, "name": "Example"},
		"issuanceDate":   "2022-07-01T00:00:00Z",
		"expirationDate": "2027-07-01T00:00:00Z",
		"name":           "Teamwork Badge",
		"credentialSubject": map[string]any{
			"id":   "did:example:ebfeb1f712ebc6f1c276e12ec21",
			"type": []any{"AchievementSubject"},
			"achievement": map[string]any{"id": "https://example.com/a/1", "type": []any{"Achievement"},
				"name": "Teamwork", "description": "d", "criteria": map[string]any{"narrative": "n"}},
		},
	}
}

func TestLegacyJWT(t *testing.T) {
	claims := map[string]any{
		"iss": "https://example.edu/issuers/565049",
		"jti": "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
		"sub": "did:example:ebfeb1f712ebc6f1c276e12ec21",
		"nbf": 1656633600,
		"exp": 1814400000,
		"vc":  legacyCredential(),
	}
	h := jose.Header{Kid: testKid, Typ: "JWT"}
	d := mustDecode(t, signClaims(t, h, claims))
	if !d.Legacy {
		t.Fatalf("Legacy = false, want true")
	}
	if got := d.Credential["id"]; got != claims["jti"] {
		t.Errorf("Credential id = %v, want the vc claim's", got)
	}
	if err := CheckJWTClaims(d); err != nil {
		t.Errorf("CheckJWTClaims() = %v", err)
	}
	if err := d.JWS.Verify(testKeys()["EdDSA"].Public()); err != nil {
		t.Errorf("Verify() = %v", err)
	}

	// VC DM 1.1 lets the vc claim leave out what the claims carry.
	vc := legacyCredential()
	for _, k := range []string{"id", "issuer", "issuanceDate", "expirationDate"} {
		delete(vc, k)
	}
	claims["vc"] = vc
	if err := CheckJWTClaims(mustDecode(t, signClaims(t, h, claims))); err != nil {
		t.Errorf("CheckJWTClaims(trimmed vc) = %v", err)
	}

	// A legacy nbf that contradicts issuanceDate is still a mismatch.
	claims["vc"] = legacyCredential()
	claims["nbf"] = 1656633601
	if err := CheckJWTClaims(mustDecode(t, signClaims(t, h, claims))); !errors.Is(err, ErrClaims) {
		t.Errorf("CheckJWTClaims(nbf mismatch) = %v, want ErrClaims", err)
	}

	// A VC 1.1 credential as a bare payload has the wrong shape.
	bare := legacyCredential()
	for k, v := range map[string]any{"iss": claims["iss"], "jti": claims["jti"], "nbf": 1656633600, "exp": 1814400000} {
		bare[k] = v
	}
	if err := CheckJWTClaims(mustDecode(t, signClaims(t, h, bare))); !errors.Is(err, ErrClaims) {
		t.Errorf("CheckJWTClaims(bare VC 1.1) = %v, want ErrClaims", err)
	}
}

func TestTamperedJWT(t *testing.T) {
	key := testKeys()["EdDSA"]
	tok := mustEncode(t, mustJSON(t, mustNew(t, sampleInput())), key, testKid)
	d := mustDecode(t, tok)
	d.Claims["name"] = "Forged"
	h, _, _ := strings.Cut(tok, ".")
	sig := tok[strings.LastIndexByte(tok, '.')+1:]
	forged := h + "." + base64.RawURLEncoding.EncodeToString(mustJSON(t, d.Claims)) + "." + sig
	fd := mustDecode(t, forged)
	if err := fd.JWS.Verify(key.Public()); !errors.Is(err, jose.ErrSignature) {
		t.Errorf("Verify(tampered) = %v, want jose.ErrSignature", err)
	}
	if err := CheckJWTClaims(fd); err != nil {
		t.Errorf("CheckJWTClaims(tampered) = %v; the claims still agree, only the signature fails", err)
	}
}

func TestDecodeJWTRefuses(t *testing.T) {
	h := jose.Header{Kid: testKid}
	key := testKeys()["EdDSA"]
	sign := func(payload string) string {
		s, err := jose.Sign([]byte(payload), h, key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := map[string]struct {
		tok  string
		want error
	}{
		"not a JWS":     {"abc", jose.ErrMalformed},
		"alg none":      {"eyJhbGciOiJub25lIn0.e30.AAAA", jose.ErrAlgorithm},
		"payload text":  {sign("hello"), ErrJWT},
		"payload array": {sign("[1]"), ErrJWT},
		"payload null":  {sign("null"), ErrJWT},
		"trailing data": {sign(`{"a":1} {}`), ErrJWT},
		"vc not object": {sign(`{"vc":"x"}`), ErrJWT},
	}
	for name, tt := range tests {
		if d, err := DecodeJWT(tt.tok); !errors.Is(err, tt.want) {
			t.Errorf("%s: DecodeJWT() = %+v, %v; want %v", name, d, err, tt.want)
		}
	}
}
