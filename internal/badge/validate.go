// SPDX-License-Identifier: Apache-2.0

package badge

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits checked by the Validate methods.
const (
	MaxNameLen      = 200       // characters, for names of people, organisations, clients
	MaxEmailLen     = 254       // octets (RFC 5321 path limit less the angle brackets)
	MaxURLLen       = 2048      // octets
	MinSlugLen      = 2         // octets
	MaxSlugLen      = 63        // octets, a DNS label
	MaxUserAgentLen = 512       // octets; callers truncate longer User-Agent headers
	MaxIPLen        = 64        // octets
	MaxLogoBytes    = 512 << 10 // octets of an organisation logo
	MaxSubjectLen   = 500       // characters
	MaxMailBodyLen  = 1 << 20   // octets, each of the text and HTML bodies
	MaxAuditDetail  = 64 << 10  // octets of an audit entry's JSON detail
	MaxShortLen     = 100       // characters, for identifiers such as actions and client ids
)

// Message keys used by the Validate methods; the i18n catalogs translate them.
const (
	KeyRequired    = "field.required"
	KeyTooLong     = "field.too_long"
	KeyEmail       = "field.email_invalid"
	KeySlug        = "field.slug_invalid"
	KeyURL         = "field.url_invalid"
	KeyLocale      = "field.locale_invalid"
	KeyRole        = "field.role_invalid"
	KeyKind        = "field.kind_invalid"
	KeyText        = "field.text_invalid"
	KeyJSON        = "field.json_invalid"
	KeyScope       = "field.scope_invalid"
	KeyImageType   = "field.image_type_invalid"
	KeyTokenFormat = "field.token_invalid"
	KeyReference   = "field.reference_required"
	KeyRange       = "field.out_of_range"
	KeyDate        = "field.date_invalid"
)

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)

// NormalizeEmail returns s trimmed and lower-cased, the form in which
// e-mail addresses are stored and compared.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return Invalid(field, KeyRequired, field+" is required.")
	}
	return nil
}

// text checks a single-line human text: valid UTF-8, no control
// characters, at most max characters.
func text(field, v string, max int) error {
	if !utf8.ValidString(v) || strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return Invalid(field, KeyText, field+" contains characters that are not allowed.")
	}
	return maxChars(field, utf8.RuneCountInString(v), max, "characters")
}

func maxChars(field string, n, max int, unit string) error {
	if n > max {
		return Invalid(field, KeyTooLong, fmt.Sprintf("%s must be at most %d %s.", field, max, unit))
	}
	return nil
}

func maxBytes(field string, v []byte, max int) error {
	return maxChars(field, len(v), max, "bytes")
}

// multiline checks a free text that may span lines: valid UTF-8, no
// control characters other than newlines and tabs, at most max characters.
func multiline(field, v string, max int) error {
	bad := func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }
	if !utf8.ValidString(v) || strings.IndexFunc(v, bad) >= 0 {
		return Invalid(field, KeyText, field+" contains characters that are not allowed.")
	}
	return maxChars(field, utf8.RuneCountInString(v), max, "characters")
}

// requiredText is [required] and then [text].
func requiredText(field, v string, max int) error {
	return firstErr(required(field, v), text(field, v, max))
}

// email checks a bare address (no display name) with at most MaxEmailLen
// octets and a dotted domain. An empty value passes: use [required] first.
func email(field, v string) error {
	if v == "" {
		return nil
	}
	if len(v) > MaxEmailLen {
		return maxChars(field, len(v), MaxEmailLen, "bytes")
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v || !dottedDomain(v) {
		return Invalid(field, KeyEmail, field+" is not a valid e-mail address.")
	}
	return nil
}

func dottedDomain(addr string) bool {
	d := addr[strings.LastIndexByte(addr, '@')+1:]
	return strings.Contains(d, ".") && !strings.HasPrefix(d, ".") && !strings.HasSuffix(d, ".")
}

// httpURL checks an absolute http or https URL. An empty value passes.
func httpURL(field, v string) error {
	if v == "" {
		return nil
	}
	if len(v) > MaxURLLen {
		return maxChars(field, len(v), MaxURLLen, "bytes")
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Invalid(field, KeyURL, field+" must be an http or https URL.")
	}
	return nil
}

func slug(field, v string) error {
	if len(v) < MinSlugLen || len(v) > MaxSlugLen || !slugRE.MatchString(v) {
		return Invalid(field, KeySlug, fmt.Sprintf(
			"%s must be %d to %d lower-case letters, digits or hyphens, not starting or ending with a hyphen.",
			field, MinSlugLen, MaxSlugLen))
	}
	return nil
}

func jsonText(field, v string, max int) error {
	if err := maxChars(field, len(v), max, "bytes"); err != nil {
		return err
	}
	if v != "" && !json.Valid([]byte(v)) {
		return Invalid(field, KeyJSON, field+" must be JSON.")
	}
	return nil
}

func positive(field string, id int64) error {
	if id <= 0 {
		return Invalid(field, KeyReference, field+" is required.")
	}
	return nil
}

func notNegative(field string, id int64) error {
	if id < 0 {
		return Invalid(field, KeyReference, field+" must not be negative.")
	}
	return nil
}

// tokenHash checks a SHA-256 digest.
func tokenHash(field string, h []byte) error {
	if len(h) != 32 {
		return Invalid(field, KeyTokenFormat, field+" must be a SHA-256 digest.")
	}
	return nil
}
