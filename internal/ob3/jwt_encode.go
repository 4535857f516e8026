// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"bytes"
	"crypto"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/akashi-badges/akashi/internal/jose"
)

// JWTType is the "typ" header [EncodeJWT] writes (OB 3.0 allows only this).
const JWTType = "JWT"

// EncodeJWT signs cred, the JSON of a VC DM 2.0 OB 3.0 credential without a
// proof, as an OB 3.0 VC-JWT. The header is {"alg","kid","typ":"JWT"} with
// the algorithm of key (EdDSA, ES256 or RS256, see [jose.AlgorithmFor]); an
// empty kid puts the public key in a "jwk" header instead. The payload is
// cred, compacted, with these claims appended: iss (issuer id), jti (id),
// nbf (validFrom as NumericDate), sub (credentialSubject.id, omitted when
// absent) and exp (validUntil, when present).
//
// The claims are spliced into the credential bytes, so the credential is
// neither decoded nor re-encoded (only compacted). It returns [ErrJWT] when
// cred is not a JSON object in UTF-8, repeats a member name, lacks id, issuer id or
// validFrom, has an unparsable date, is a VC DM 1.1 credential
// (issuanceDate), or already has one of the claims or a "vc" member; key
// errors come from package jose.
func EncodeJWT(cred []byte, key crypto.Signer, kid string) (string, error) {
	payload, err := jwtPayload(cred)
	if err != nil {
		return "", err
	}
	h := jose.Header{Kid: kid, Typ: JWTType}
	if kid == "" {
		if h.JWK, err = jose.NewJWK(key.Public()); err != nil {
			return "", err
		}
	}
	return jose.Sign(payload, h, key)
}

// claimSource holds the credential members the claims are made of.
type claimSource struct {
	id, issuer, subject   string
	validFrom, validUntil string
	issuanceDate          bool
	existingClaim         string
}

// readClaimSource reads the top-level members of a compact credential
// object; nested objects are only entered for issuer.id and
// credentialSubject.id. A repeated member name is refused: parsers differ on
// which copy wins.
func readClaimSource(compact []byte) (claimSource, error) {
	var src claimSource
	members, err := objectMembers(compact)
	if err != nil {
		return src, fmt.Errorf("%w: credential is not a JSON object", ErrJWT)
	}
	seen := make(map[string]bool, len(members))
	for _, m := range members {
		if seen[m.key] {
			return src, fmt.Errorf("%w: credential member %q appears twice", ErrJWT, m.key)
		}
		seen[m.key] = true
		var err error
		switch m.key {
		case "id":
			src.id, err = jsonString(m.value)
		case "issuer":
			src.issuer, err = idOrObjectID(m.value)
		case "credentialSubject":
			if m.value[0] != '{' {
				return src, fmt.Errorf("%w: credentialSubject is not one object", ErrJWT)
			}
			src.subject = memberString(m.value, "id")
		case "validFrom":
			src.validFrom, err = jsonString(m.value)
		case "validUntil":
			src.validUntil, err = jsonString(m.value)
		case "issuanceDate":
			src.issuanceDate = true
		case "iss", "jti", "nbf", "sub", "exp", "vc":
			src.existingClaim = m.key
		}
		if err != nil {
			return src, fmt.Errorf("%w: credential member %q has the wrong type", ErrJWT, m.key)
		}
	}
	return src, nil
}

// idOrObjectID reads an IRI given as a string or as an object's "id".
func idOrObjectID(v []byte) (string, error) {
	if v[0] == '{' {
		return memberString(v, "id"), nil
	}
	return jsonString(v)
}

func jwtPayload(cred []byte) ([]byte, error) {
	if !utf8.Valid(cred) {
		return nil, fmt.Errorf("%w: credential is not valid UTF-8", ErrJWT)
	}
	var buf bytes.Buffer
	buf.Grow(len(cred) + 256)
	if err := json.Compact(&buf, cred); err != nil {
		return nil, fmt.Errorf("%w: credential: %v", ErrJWT, err)
	}
	src, err := readClaimSource(buf.Bytes())
	switch {
	case err != nil:
		return nil, err
	case src.existingClaim != "":
		return nil, fmt.Errorf("%w: credential already has a member %q", ErrJWT, src.existingClaim)
	case src.issuanceDate:
		return nil, fmt.Errorf("%w: VC 1.1 credential (issuanceDate); OB 3.0 JWTs carry VC 2.0 credentials", ErrJWT)
	case src.id == "" || src.issuer == "" || src.validFrom == "":
		return nil, fmt.Errorf("%w: credential lacks id, issuer id or validFrom", ErrJWT)
	}
	nbf, err := numericDate("validFrom", src.validFrom)
	if err != nil {
		return nil, err
	}
	var exp int64
	if src.validUntil != "" {
		if exp, err = numericDate("validUntil", src.validUntil); err != nil {
			return nil, err
		}
	}
	// Replace the closing brace of the object with the claims.
	buf.Truncate(buf.Len() - 1)
	addString(&buf, "iss", src.issuer)
	addString(&buf, "jti", src.id)
	addNumber(&buf, "nbf", nbf)
	if src.subject != "" {
		addString(&buf, "sub", src.subject)
	}
	if src.validUntil != "" {
		addNumber(&buf, "exp", exp)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func numericDate(name, s string) (int64, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0, fmt.Errorf("%w: %s %q is not an RFC 3339 date-time", ErrJWT, name, s)
	}
	return t.Unix(), nil
}

func addNumber(buf *bytes.Buffer, name string, v int64) {
	buf.WriteString(`,"` + name + `":`)
	buf.WriteString(strconv.FormatInt(v, 10))
}

// addString writes ,"name":"value" with JSON escaping of quotes, backslashes
// and control characters; value comes from decoded JSON, so it is valid
// UTF-8 and needs nothing else.
func addString(buf *bytes.Buffer, name, value string) {
	buf.WriteString(`,"` + name + `":"`)
	for _, r := range value {
		switch {
		case r == '"' || r == '\\':
			buf.WriteByte('\\')
			buf.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(buf, `\u%04x`, r)
		default:
			buf.WriteRune(r)
		}
	}
	buf.WriteByte('"')
}
