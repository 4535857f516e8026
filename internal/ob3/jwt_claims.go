// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// allowedHeader are the JOSE header parameters OB 3.0 allows ("alg",
// "kid", "jwk", "typ"), plus "cty", which VC-JOSE-COSE issuers add.
var allowedHeader = []string{"alg", "kid", "jwk", "typ", "cty"}

// CheckJWTClaims checks a decoded credential JWT against the OB 3.0 rules:
//
//   - header: only alg, kid, jwk, typ (and cty); kid or jwk present; typ
//     absent, "JWT" or "vc+jwt";
//   - the VC version fits the shape: a "vc" claim only with a VC 1.1
//     credential, a bare payload only with a VC 2.0 one ([DetectVersion]);
//   - iss equals the issuer id; jti equals id; nbf equals validFrom; sub
//     equals credentialSubject.id when both are present; exp equals
//     validUntil, and is required when validUntil is present. For a legacy
//     JWT, issuanceDate and expirationDate stand for validFrom and
//     validUntil, and a credential member left out in favour of its claim
//     is not an error (VC DM 1.1 allows that); iss and nbf stay required.
//
// Dates compare at whole seconds (NumericDate). An exp claim without
// validUntil is accepted (a token lifetime). Whether nbf and exp admit the
// current time is for the caller to decide.
//
// A mismatch gives [ErrClaims] listing every problem; a credential whose
// version cannot be read gives [ErrVersion].
func CheckJWTClaims(d *DecodedJWT) error {
	// A legacy vc claim may leave issuanceDate to nbf, so only its context
	// is read.
	detect := DetectVersion
	if d.Legacy {
		detect = contextVersion
	}
	v, err := detect(d.Credential)
	if err != nil {
		return err
	}
	var problems []string
	problems = append(problems, headerProblems(d.JWS.Header.Raw)...)
	switch {
	case d.Legacy && !v.Legacy():
		problems = append(problems, "vc claim holds a VC 2.0 credential")
	case !d.Legacy && v.Legacy():
		problems = append(problems, "VC 1.1 credential without the vc claim")
	}
	problems = append(problems, claimProblems(d)...)
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrClaims, strings.Join(problems, "; "))
	}
	return nil
}

func headerProblems(raw map[string]any) []string {
	var out []string
	for name := range raw {
		if !slices.Contains(allowedHeader, name) {
			out = append(out, fmt.Sprintf("header parameter %q is not allowed", name))
		}
	}
	slices.Sort(out)
	_, kid := raw["kid"]
	_, jwk := raw["jwk"]
	if !kid && !jwk {
		out = append(out, "header has neither kid nor jwk")
	}
	if typ, ok := raw["typ"]; ok && !slices.ContainsFunc([]string{"JWT", "vc+jwt"}, func(t string) bool {
		s, _ := typ.(string)
		return strings.EqualFold(s, t)
	}) {
		out = append(out, fmt.Sprintf("typ %v is neither JWT nor vc+jwt", typ))
	}
	return out
}

// claimRule ties a JWT claim to the credential member it mirrors.
type claimRule struct {
	claim    string
	value    string // the credential's value; "" when absent
	date     bool   // compare as NumericDate
	required bool   // the claim must be present
}

func claimProblems(d *DecodedJWT) []string {
	c := d.Credential
	subject, _ := c["credentialSubject"].(map[string]any)
	from, until := str(c["validFrom"]), str(c["validUntil"])
	if d.Legacy {
		from, until = str(c["issuanceDate"]), str(c["expirationDate"])
	}
	rules := []claimRule{
		{claim: "iss", value: issuerID(c["issuer"]), required: true},
		{claim: "jti", value: str(c["id"]), required: !d.Legacy},
		{claim: "nbf", value: from, date: true, required: true},
		{claim: "sub", value: str(subject["id"])},
		{claim: "exp", value: until, date: true, required: until != ""},
	}
	var out []string
	for _, r := range rules {
		if p := r.check(d.Claims); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r claimRule) check(claims map[string]any) string {
	got, ok := claims[r.claim]
	switch {
	case !ok && r.required:
		return r.claim + " claim is missing"
	case !ok || r.value == "":
		return ""
	case r.date:
		return r.checkDate(got)
	}
	if s, isString := got.(string); !isString || s != r.value {
		return fmt.Sprintf("%s claim %v does not match %q", r.claim, got, r.value)
	}
	return ""
}

func (r claimRule) checkDate(got any) string {
	want, err := time.Parse(time.RFC3339, r.value)
	if err != nil {
		return fmt.Sprintf("%s: credential date %q is not an RFC 3339 date-time", r.claim, r.value)
	}
	n, _ := got.(json.Number)
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Sprintf("%s claim %v is not a NumericDate", r.claim, got)
	}
	if int64(math.Floor(f)) != want.Unix() {
		return fmt.Sprintf("%s claim %v does not match %s (%d)", r.claim, got, r.value, want.Unix())
	}
	return ""
}

// issuerID returns the issuer IRI, given as a string or an object's id.
func issuerID(v any) string {
	if m, ok := v.(map[string]any); ok {
		return str(m["id"])
	}
	return str(v)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
