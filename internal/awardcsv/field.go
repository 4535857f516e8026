// SPDX-License-Identifier: Apache-2.0

package awardcsv

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on single cells.
const (
	MaxEmailOctets     = 254 // RFC 5321 path limit less the angle brackets
	maxLocalOctets     = 64  // RFC 5321 §4.5.3.1.1
	MaxNameChars       = 200
	MaxURLChars        = 2000
	MaxNarrativeChars  = 10000
	maxDomainLabelSize = 63
)

// isBlank reports whether a cell holds nothing but white space, counting the
// ideographic space U+3000.
func isBlank(s string) bool {
	return strings.TrimFunc(s, unicode.IsSpace) == ""
}

// normalizeEmail returns the address in the form it is compared and stored
// in (NFKC, so "ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ" becomes "abc@example.jp"; trimmed;
// lower case) and the key of what is wrong with it, or "".
//
// The check is RFC 5321's: one "@", a dot-atom local part of at most 64
// octets, a domain of at least two dotted labels of letters, digits and
// hyphens, and at most 254 octets in all. Quoted local parts, address
// literals, internationalised addresses and the non-conforming "a..b." local
// parts of some old Japanese mobile carriers are refused: mail servers
// handle them unreliably, and the preview tells the office to get another
// address.
func normalizeEmail(cell string) (string, string) {
	s := strings.ToLower(strings.TrimSpace(norm.NFKC.String(cell)))
	switch {
	case s == "":
		return "", KeyEmailMissing
	case len(s) > MaxEmailOctets:
		return s, KeyEmailTooLong
	}
	at := strings.IndexByte(s, '@')
	if at < 0 || at != strings.LastIndexByte(s, '@') {
		return s, KeyEmailInvalid
	}
	if !validLocalPart(s[:at]) || !validDomain(s[at+1:]) {
		return s, KeyEmailInvalid
	}
	return s, ""
}

func validLocalPart(s string) bool {
	if s == "" || len(s) > maxLocalOctets || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '.' && !isAtext(s[i]) {
			return false
		}
	}
	return true
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func validDomain(s string) bool {
	labels, last, more := 0, "", true
	for more {
		var l string
		l, s, more = strings.Cut(s, ".")
		if l == "" || len(l) > maxDomainLabelSize || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
		labels, last = labels+1, l
	}
	// A numeric top-level label means an IP address, not a mail domain.
	return labels >= 2 && !allDigits(last)
}

// trimName removes leading and trailing ASCII white space and ideographic
// spaces (U+3000) and nothing else: the name is printed on the badge as
// the office wrote it, inner spaces included.
func trimName(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f', '\u3000':
			return true
		}
		return false
	})
}

// checkName returns the key of what is wrong with a trimmed name, or "".
func checkName(s string) string {
	switch {
	case s == "":
		return KeyNameMissing
	case len(s) > MaxNameChars && utf8.RuneCountInString(s) > MaxNameChars:
		return KeyNameTooLong
	}
	for _, r := range s {
		if unicode.IsControl(r) || isBidiControl(r) {
			return KeyNameControl
		}
	}
	return ""
}

// isBidiControl reports the explicit direction controls, which can make a
// printed name read differently from what is stored.
func isBidiControl(r rune) bool {
	return '\u202A' <= r && r <= '\u202E' || '\u2066' <= r && r <= '\u2069'
}

// checkURL returns the key of what is wrong with a trimmed, non-empty
// evidence URL, or "". Only absolute http and https URLs with a host and
// without user:password are accepted: the URL is published on the badge.
func checkURL(s string) string {
	if len(s) > MaxURLChars && utf8.RuneCountInString(s) > MaxURLChars {
		return KeyURLTooLong
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return KeyURLInvalid
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return KeyURLInvalid
	}
	return ""
}
