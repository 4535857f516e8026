// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Header is a JWS protected header. Alg, Kid, Typ and JWK are the members
// this package interprets; Raw holds every member of a parsed header
// (numbers as json.Number) so callers can apply stricter rules, such as the
// Open Badges 3.0 list of allowed header parameters.
//
// When signing, Raw members other than "alg", "kid", "typ" and "jwk" are
// written after those, in name order.
type Header struct {
	Alg string
	Kid string
	Typ string
	JWK *JWK
	Raw map[string]any
}

// refusedMembers are header parameters that change how a JWS must be
// processed; none of them is implemented, so a header that has one is
// refused (RFC 7515 §4.1.11 for "crit", RFC 7797 §3 for "b64").
var refusedMembers = []string{"crit", "b64"}

// privateJWKMembers must never appear in a "jwk" header (RFC 7515 §4.1.3:
// the header carries the public key).
var privateJWKMembers = []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k"}

// parseHeader decodes and checks the protected header JSON.
func parseHeader(b []byte) (Header, error) {
	raw, err := decodeObject(b)
	if err != nil {
		return Header{}, err
	}
	for _, name := range refusedMembers {
		if _, ok := raw[name]; ok {
			return Header{}, fmt.Errorf("%w: header parameter %q is not supported", ErrMalformed, name)
		}
	}
	h := Header{Raw: raw}
	alg, ok := raw["alg"].(string)
	if !ok || alg == "" {
		return Header{}, fmt.Errorf("%w: header has no string \"alg\"", ErrMalformed)
	}
	if strings.EqualFold(alg, "none") {
		return Header{}, fmt.Errorf("%w: \"none\"", ErrAlgorithm)
	}
	h.Alg = alg
	if h.Kid, err = optionalString(raw, "kid"); err != nil {
		return Header{}, err
	}
	if h.Typ, err = optionalString(raw, "typ"); err != nil {
		return Header{}, err
	}
	if v, ok := raw["jwk"]; ok {
		if h.JWK, err = headerJWK(v); err != nil {
			return Header{}, err
		}
	}
	return h, nil
}

// decodeObject decodes a JSON object, refusing invalid UTF-8, duplicate
// member names and trailing data, none of which encoding/json rejects.
func decodeObject(b []byte) (map[string]any, error) {
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("%w: header is not valid UTF-8", ErrMalformed)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%w: header is not a JSON object", ErrMalformed)
	}
	raw := make(map[string]any)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
		}
		name := tok.(string) // inside an object, More+Token yield a name
		if _, dup := raw[name]; dup {
			return nil, fmt.Errorf("%w: header member %q appears twice", ErrMalformed, name)
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
		}
		raw[name] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the header object", ErrMalformed)
	}
	return raw, nil
}

func optionalString(raw map[string]any, name string) (string, error) {
	v, ok := raw[name]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%w: header %q is not a string", ErrMalformed, name)
	}
	return s, nil
}

func headerJWK(v any) (*JWK, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: header \"jwk\" is not an object", ErrMalformed)
	}
	for _, name := range privateJWKMembers {
		if _, ok := m[name]; ok {
			return nil, fmt.Errorf("%w: header \"jwk\" has private member %q", ErrMalformed, name)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("%w: header \"jwk\": %v", ErrMalformed, err)
	}
	var k JWK
	if err := json.Unmarshal(b, &k); err != nil {
		return nil, fmt.Errorf("%w: header \"jwk\": %v", ErrMalformed, err)
	}
	return &k, nil
}

// encodeHeader writes the header JSON: "alg", "kid", "typ", "jwk" (those
// that are set), then the other Raw members in name order.
func encodeHeader(h Header) ([]byte, error) {
	type member struct {
		name  string
		value any
	}
	members := []member{{"alg", h.Alg}}
	if h.Kid != "" {
		members = append(members, member{"kid", h.Kid})
	}
	if h.Typ != "" {
		members = append(members, member{"typ", h.Typ})
	}
	if h.JWK != nil {
		members = append(members, member{"jwk", h.JWK})
	}
	for _, name := range slices.Sorted(maps.Keys(h.Raw)) {
		switch {
		case name == "alg" || name == "kid" || name == "typ" || name == "jwk":
			continue // the struct fields win
		case slices.Contains(refusedMembers, name):
			return nil, fmt.Errorf("%w: header parameter %q is not supported", ErrMalformed, name)
		}
		members = append(members, member{name, h.Raw[name]})
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := marshalJSON(m.name)
		value, err := marshalJSON(m.value)
		if err != nil {
			return nil, fmt.Errorf("%w: header %q: %v", ErrMalformed, m.name, err)
		}
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(value)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// marshalJSON is json.Marshal without HTML escaping, so a kid such as
// "https://x/?a&b" is written as is.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
