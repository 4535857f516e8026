// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Version is the Open Badges version a baked credential belongs to. It picks
// the PNG keyword and the SVG namespace and element.
type Version int

const (
	// OB2 is Open Badges 2.0: PNG keyword "openbadges", SVG element
	// <openbadges:assertion> in namespace http://openbadges.org.
	OB2 Version = 2
	// OB3 is Open Badges 3.0: PNG keyword "openbadgecredential", SVG element
	// <openbadges:credential> in namespace https://purl.imsglobal.org/ob/v3p0.
	OB3 Version = 3
)

// PNG keywords, SVG namespaces and element names of the two versions.
const (
	keywordOB2 = "openbadges"
	keywordOB3 = "openbadgecredential"
	nsOB2      = "http://openbadges.org"
	nsOB3      = "https://purl.imsglobal.org/ob/v3p0"
	elemOB2    = "assertion"
	elemOB3    = "credential"
	// svgPrefix is the namespace prefix written when baking, and matched
	// when an SVG uses it without declaring it.
	svgPrefix = "openbadges"
)

// String returns "OB2", "OB3" or "Version(n)".
func (v Version) String() string {
	switch v {
	case OB2:
		return "OB2"
	case OB3:
		return "OB3"
	}
	return fmt.Sprintf("Version(%d)", int(v))
}

func (v Version) keyword() string {
	if v == OB3 {
		return keywordOB3
	}
	return keywordOB2
}

func (v Version) namespace() string {
	if v == OB3 {
		return nsOB3
	}
	return nsOB2
}

func (v Version) element() string {
	if v == OB3 {
		return elemOB3
	}
	return elemOB2
}

// Payload is a baked credential.
type Payload struct {
	Version Version
	// Data is the credential: its JSON (OB 2.0 hosted assertion, OB 3.0
	// credential with an embedded proof) or a compact JWS (OB 2.0 signed
	// assertion, OB 3.0 VC-JWT). Empty only for a hosted reference with no
	// JSON, see HostedURL.
	Data []byte
	// HostedURL is, for an OB 2.0 hosted assertion in SVG, the value of the
	// verify attribute (the assertion id). Unbake also sets it, with Data
	// empty, for a legacy OB 1.x PNG whose tEXt chunk holds only the URL of
	// a hosted assertion: the caller has to fetch it. Bake writes it only
	// where the format has a place for it (OB 2.0 JSON in SVG, where it is
	// required) and ignores it elsewhere.
	HostedURL string
}

// IsJWS reports whether Data is a compact JWS: three non-empty base64url
// parts joined by dots, with no padding or whitespace. Anything else is
// taken to be JSON.
func (p Payload) IsJWS() bool { return isCompactJWS(p.Data) }

func isCompactJWS(b []byte) bool {
	dots, partLen := 0, 0
	for _, c := range b {
		switch {
		case c == '.':
			if partLen == 0 {
				return false
			}
			dots++
			partLen = 0
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			partLen++
		default:
			return false
		}
	}
	return dots == 2 && partLen > 0
}

// isJSONObject reports whether b is UTF-8 JSON whose top-level value is an
// object.
func isJSONObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && utf8.Valid(b) && json.Valid(b)
}

// isHTTPURL reports whether s is an absolute http or https URL with a host,
// in UTF-8, with no whitespace or control characters.
func isHTTPURL(s string) bool {
	if s == "" || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkForBake validates p for either format.
func (p Payload) checkForBake(l Limits) error {
	if p.Version != OB2 && p.Version != OB3 {
		return fmt.Errorf("%w: payload version %v (want OB2 or OB3)", ErrUnsupported, p.Version)
	}
	if len(p.Data) == 0 {
		return fmt.Errorf("%w: payload Data is empty", ErrMalformed)
	}
	if n := len(p.Data) + len(p.HostedURL); n > l.MaxPayloadBytes {
		return fmt.Errorf("%w: payload is %d bytes, limit %d", ErrTooLarge, n, l.MaxPayloadBytes)
	}
	if !p.IsJWS() && !isJSONObject(p.Data) {
		return fmt.Errorf("%w: payload Data is neither a JSON object nor a compact JWS", ErrMalformed)
	}
	return nil
}

// fromText classifies extracted text: a compact JWS (surrounding whitespace
// dropped), a JSON object (kept as is), or, for OB 2.0 only, the URL of a
// hosted assertion (older bakers).
func fromText(v Version, text []byte, where string) (Payload, error) {
	if t := bytes.TrimSpace(text); isCompactJWS(t) {
		return Payload{Version: v, Data: bytes.Clone(t)}, nil
	}
	if isJSONObject(text) {
		return Payload{Version: v, Data: bytes.Clone(text)}, nil
	}
	if t := string(bytes.TrimSpace(text)); v == OB2 && isHTTPURL(t) {
		return Payload{Version: v, HostedURL: t}, nil
	}
	return Payload{}, fmt.Errorf("%w: %s is neither a JSON object nor a compact JWS", ErrMalformed, where)
}
