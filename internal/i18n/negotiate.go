// SPDX-License-Identifier: Apache-2.0

package i18n

import (
	"strconv"
	"strings"
)

// Negotiate returns the language to render a request in. An explicit choice
// wins: cookie holds the value the language switcher stored and is used when
// [ParseLang] accepts it. Otherwise the supported language with the highest
// q-value in acceptLanguage is used, comparing primary subtags only (ja-JP
// counts as ja); on equal q-values the one listed first wins, and "*" stands
// for fallback. When nothing matches, or the header cannot be read, the
// result is fallback. Negotiate always returns a member of [Supported]: an
// unsupported fallback is replaced by [Japanese], the language of most users.
func Negotiate(cookie string, acceptLanguage string, fallback Lang) Lang {
	if l, ok := ParseLang(cookie); ok {
		return l
	}
	if l, ok := ParseLang(string(fallback)); ok {
		fallback = l
	} else {
		fallback = Japanese
	}
	best, bestQ := fallback, 0.0
	for _, r := range parseAcceptLanguage(acceptLanguage) {
		l, ok := ParseLang(r.tag)
		if r.tag == "*" {
			l, ok = fallback, true
		}
		if ok && r.q > bestQ {
			best, bestQ = l, r.q
		}
	}
	return best
}

// langRange is one entry of an Accept-Language header.
type langRange struct {
	tag string
	q   float64
}

// parseAcceptLanguage splits an Accept-Language header into its ranges,
// dropping entries that are malformed or have q=0 ("not acceptable").
func parseAcceptLanguage(h string) []langRange {
	var out []langRange
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.TrimSpace(tag)
		if !validRange(tag) {
			continue
		}
		q, ok := qValue(params)
		if !ok || q == 0 {
			continue
		}
		out = append(out, langRange{tag: tag, q: q})
	}
	return out
}

// validRange reports whether tag has the shape of an RFC 4647 language
// range: "*" or 1-8 letters followed by "-"-separated 1-8 alphanumerics.
func validRange(tag string) bool {
	if tag == "*" {
		return true
	}
	for i, sub := range strings.Split(tag, "-") {
		if len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for _, c := range sub {
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && (i == 0 || c < '0' || c > '9') {
				return false
			}
		}
	}
	return true
}

// qValue reads the weight from the parameters after a language range
// (";q=0.8"). No q parameter means 1; a q outside 0..1 is malformed.
func qValue(params string) (float64, bool) {
	params = strings.TrimSpace(params)
	if params == "" {
		return 1, true
	}
	name, v, ok := strings.Cut(params, "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(name), "q") {
		return 0, false
	}
	q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	// Written as !(in range) so that NaN, which ParseFloat accepts, is refused.
	if err != nil || !(q >= 0 && q <= 1) {
		return 0, false
	}
	return q, true
}
