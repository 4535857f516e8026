// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"context"
	"fmt"
	"strings"

	"github.com/akashi-badges/akashi/internal/did"
	"github.com/akashi-badges/akashi/internal/ob3"
	"github.com/akashi-badges/akashi/internal/report"
)

// verifyJWS checks a compact JWS: an OB 2.0 signed assertion or an OB 3.0 VC-JWT.
func (v *Verifier) verifyJWS(ctx context.Context, token, container string, r *report.Report) {
	if jwsIsOB2(token) {
		v.verifyOB2(ctx, []byte(token), container, r)
		return
	}
	r.Format = FormatOB3JWT
	d, err := ob3.DecodeJWT(token)
	if err != nil {
		r.Add("format", report.Fail, "The JWT cannot be read: "+err.Error())
		return
	}
	r.Add("format", report.Pass, "Open Badges 3.0 credential signed as a VC-JWT"+baked(container)+".")
	legacy, ok := checkContext(d.Credential, r)
	if !ok {
		return
	}
	if d.Legacy && !legacy {
		r.Add("context", report.Fail, "The JWT wraps the credential in a vc claim (VC 1.1 form) but the credential uses the VC 2.0 context.")
		return
	}
	checkSchema(d.Credential, legacy, r)
	key, err := v.jwtKey(ctx, d)
	switch {
	case err != nil:
		r.Add("proof", report.Fail, "The signing key could not be found: "+err.Error()).Params = map[string]string{"problem": ProblemKey}
		r.Add("issuer", report.Skip, "The issuer's key could not be checked because the signature was not verified.")
	case d.JWS.Verify(key.Public) != nil:
		r.Add("proof", report.Fail, "The signature does not match: the credential was changed after it was signed, or signed with another key.").Params = map[string]string{"problem": ProblemSignature}
		r.Add("issuer", report.Skip, "The issuer's key could not be checked because the signature was not verified.")
	default:
		if err := ob3.CheckJWTClaims(d); err != nil {
			r.Add("proof", report.Fail, "The JWT claims do not match the credential: "+err.Error()).Params = map[string]string{"problem": ProblemClaims}
		} else {
			r.Add("proof", report.Pass, fmt.Sprintf("The %s signature matches the key %s.", d.JWS.Header.Alg, keyName(key)))
		}
		checkIssuerKey(issuerID(d.Credential), key, r)
	}
	v.checkValidity(d.Credential, legacy, r)
	v.checkStatus(ctx, d.Credential, r)
}

func keyName(k *did.Key) string {
	if k.ID != "" {
		return k.ID
	}
	return "in the JWT header"
}

// jwtKey finds the JWT's key: the kid (a DID URL or an http(s) key URL), or
// an embedded jwk, which by itself proves nothing about who holds it.
func (v *Verifier) jwtKey(ctx context.Context, d *ob3.DecodedJWT) (*did.Key, error) {
	h := d.JWS.Header
	if h.Kid != "" && (strings.HasPrefix(h.Kid, "did:") || strings.HasPrefix(h.Kid, "http")) {
		return v.keys.Resolve(ctx, h.Kid)
	}
	if h.JWK != nil {
		pub, err := h.JWK.PublicKey()
		if err != nil {
			return nil, err
		}
		return &did.Key{Public: pub}, nil
	}
	return nil, fmt.Errorf("the JWT header has neither a resolvable kid nor a jwk")
}
