// SPDX-License-Identifier: Apache-2.0

package jsonld

import "strings"

// isKeyword reports whether s is a JSON-LD 1.1 keyword.
func isKeyword(s string) bool {
	if len(s) < 3 || s[0] != '@' {
		return false
	}
	switch s {
	case "@base", "@container", "@context", "@default", "@direction", "@embed",
		"@explicit", "@graph", "@id", "@import", "@included", "@index", "@json",
		"@language", "@list", "@nest", "@none", "@omitDefault", "@prefix",
		"@preserve", "@protected", "@requireAll", "@reverse", "@set", "@type",
		"@value", "@version", "@vocab":
		return true
	}
	return false
}

// hasKeywordForm reports whether s matches "@"1*ALPHA, the form reserved
// for future keywords.
func hasKeywordForm(s string) bool {
	if len(s) < 2 || s[0] != '@' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// schemeLen returns the length of the scheme of s (RFC 3986 §3.1) if s
// starts with "scheme:", else 0.
func schemeLen(s string) int {
	if len(s) == 0 || !isAlpha(s[0]) {
		return 0
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return i
		case isAlpha(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.':
		default:
			return 0
		}
	}
	return 0
}

func isAlpha(c byte) bool { c |= 0x20; return c >= 'a' && c <= 'z' }

// hasIRIForm reports whether s has the form of an absolute IRI: a scheme
// followed by ':'.
func hasIRIForm(s string) bool { return schemeLen(s) > 0 }

func isBlank(s string) bool { return strings.HasPrefix(s, "_:") }

// isAbsoluteRef is jsonld.js's notion of an absolute IRI or blank node
// identifier: a scheme or "_", a colon, and no white space. Safe mode and
// the typed-value check use it.
func isAbsoluteRef(s string) bool {
	if !isBlank(s) && schemeLen(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			return false
		}
	}
	return true
}

// wellFormedIRI reports whether s can be written as an N-Quads IRIREF: an
// absolute IRI without the characters RFC 3987 and N-Quads exclude. Letting
// them through would make the N-Quads text, and hence a signature,
// ambiguous.
func wellFormedIRI(s string) bool {
	if schemeLen(s) == 0 {
		return false
	}
	hash := false
	for i := 0; i < len(s); i++ {
		switch iriByte[s[i]] {
		case iriBad:
			return false
		case iriHash:
			// A fragment cannot contain '#'.
			if hash {
				return false
			}
			hash = true
		}
	}
	return true
}

const (
	iriOK uint8 = iota
	iriBad
	iriHash
)

// iriByte classifies the bytes of an IRI for wellFormedIRI.
var iriByte = func() (t [256]uint8) {
	for c := 0; c <= 0x20; c++ {
		t[c] = iriBad
	}
	for _, c := range "<>\"{}|\\^`\x7f" {
		t[c] = iriBad
	}
	t['#'] = iriHash
	return t
}()

// wellFormedBlank reports whether s is a blank node identifier usable in
// N-Quads. Identifiers the processor issues ("_:b12") always are.
func wellFormedBlank(s string) bool {
	if len(s) < 3 || !isBlank(s) {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c == '<' || c == '>' || c == '"' || c == 0x7f {
			return false
		}
	}
	return true
}

// wellFormedLanguage checks the BCP 47 shape JSON-LD processors use:
// 1*8ALPHA *("-" 1*8(ALPHA / DIGIT)).
func wellFormedLanguage(s string) bool {
	n, first := 0, true
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '-' {
			if n == 0 || n > 8 {
				return false
			}
			n, first = 0, false
			continue
		}
		c := s[i]
		if !isAlpha(c) && (first || c < '0' || c > '9') {
			return false
		}
		n++
	}
	return true
}

// lowerASCII lower-cases ASCII letters without allocating when there are none.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// endsWithGenDelim reports whether s ends with an RFC 3986 gen-delim.
func endsWithGenDelim(s string) bool {
	if s == "" {
		return false
	}
	switch s[len(s)-1] {
	case ':', '/', '?', '#', '[', ']', '@':
		return true
	}
	return false
}

// expandIRI is IRI Expansion (JSON-LD 1.1 API §5.2.2) outside context
// processing. ok is false when the result is null.
func (c *Context) expandIRI(value string, docRel, vocab bool) (string, bool) {
	td := c.terms[value]
	if td != nil {
		if isKeyword(td.iri) {
			return td.iri, true
		}
		if vocab {
			if td.nullIRI {
				return "", false
			}
			return td.iri, true
		}
	}
	if len(value) > 0 && value[0] == '@' {
		if isKeyword(value) {
			return value, true
		}
		if hasKeywordForm(value) {
			return "", false
		}
	}
	if i := indexColon(value); i > 0 {
		prefix, suffix := value[:i], value[i+1:]
		if prefix == "_" || len(suffix) >= 2 && suffix[0] == '/' && suffix[1] == '/' {
			return value, true
		}
		if pd := c.terms[prefix]; pd != nil && !pd.nullIRI && pd.prefix {
			return pd.iri + suffix, true
		}
		if hasIRIForm(value) {
			return value, true
		}
	}
	if vocab && c.hasVocab {
		return c.vocab + value, true
	}
	if docRel {
		return resolveIRI(c.base, value), true
	}
	return value, true
}

func indexColon(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}
