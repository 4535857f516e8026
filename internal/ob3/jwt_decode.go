// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/akashi-badges/akashi/internal/jose"
)

// DecodedJWT is a parsed, not yet verified, OB 3.0 credential JWT.
type DecodedJWT struct {
	JWS *jose.JWS
	// Claims is the whole payload (numbers as json.Number).
	Claims map[string]any
	// Credential is the credential: the payload itself (OB 3.0 Final), or
	// the value of its "vc" claim (VC DM 1.1 shape, Legacy true).
	Credential map[string]any
	Legacy     bool
}

// DecodeJWT parses a compact JWS and its payload. It accepts both the OB
// 3.0 Final shape (the credential is the payload) and the earlier shape
// with the credential in a "vc" claim. It does not verify the signature
// ([jose.JWS.Verify], with a key the caller resolves from the "kid" or
// "jwk" header) nor compare claims ([CheckJWTClaims]). A "jwk" header
// only says which key signed; whether that key belongs to the issuer is
// for the caller to establish.
//
// A string that is not a compact JWS gives the jose error; a payload that is
// not a JSON object, or a "vc" claim that is not one, gives [ErrJWT].
func DecodeJWT(token string) (*DecodedJWT, error) {
	jws, err := jose.Parse(token)
	if err != nil {
		return nil, err
	}
	claims, err := decodeJSONObject(jws.Payload)
	if err != nil {
		return nil, err
	}
	d := &DecodedJWT{JWS: jws, Claims: claims, Credential: claims}
	if vc, ok := claims["vc"]; ok {
		cred, ok := vc.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: the vc claim is not an object", ErrJWT)
		}
		d.Credential, d.Legacy = cred, true
	}
	return d, nil
}

func decodeJSONObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object", ErrJWT)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the payload object", ErrJWT)
	}
	return m, nil
}
