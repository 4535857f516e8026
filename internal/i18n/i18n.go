// SPDX-License-Identifier: Apache-2.0

// Package i18n holds the message catalogs of every page and e-mail, in
// Japanese and English, and picks the language of a request.
//
// # Catalogs
//
// The catalogs are the embedded files messages/<lang>.json: one flat JSON
// object per language mapping a key to a message, keys sorted, one per line,
// so that a new message is a one-line diff in each file. Keys are dotted and
// grouped by the page or flow that uses them ("auth.sign_in",
// "members.invited"). Verification checks use "check.<id>.<status>" and
// "check.<id>.title", the keys internal/report gives every check.
//
// A message may name parameters in braces, "{email}", filled by [Catalog.T]
// from alternating name, value arguments. A parameter that is not given stays
// visible as "{email}", and a key that does not exist renders as "[key]",
// so a mistake shows on the page instead of an empty string. Every key
// exists in every language and names the same parameters there; the tests
// check it.
//
// # Choosing the language
//
// [Negotiate] takes the explicit choice remembered in a cookie first, then
// the browser's Accept-Language header (RFC 9110 §12.5.4), then a fallback.
package i18n

import "strings"

// Lang is a language of the user interface, as a BCP 47 primary language
// subtag ("ja", "en"). It is also the value of the HTML lang attribute.
type Lang string

// The supported languages.
const (
	Japanese Lang = "ja"
	English  Lang = "en"
)

// Supported lists the languages with a catalog, in the order a language
// switcher shows them.
var Supported = []Lang{Japanese, English}

// ParseLang returns the supported language named by s ("ja", "EN",
// "ja-JP": case and region do not matter) and whether there is one. Use it
// to check a language chosen in a form before remembering it.
func ParseLang(s string) (Lang, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	for _, l := range Supported {
		if strings.EqualFold(s, string(l)) {
			return l, true
		}
	}
	return "", false
}
