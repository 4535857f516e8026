// SPDX-License-Identifier: Apache-2.0

package rdf

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrSyntax is wrapped by every error [ParseNQuads] returns.
var ErrSyntax = errors.New("rdf: n-quads syntax error")

// ParseNQuads parses N-Quads text (https://www.w3.org/TR/n-quads/). It accepts
// the canonical form and the common variants found in test suites (extra
// white space, comments, \u and \U escapes). It rejects malformed terms,
// terms in the wrong position (generalized RDF) and text that is not UTF-8,
// so that every quad it returns serializes back to text it parses the same
// way. Errors name the 1-based line.
func ParseNQuads(text string) ([]Quad, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrSyntax)
	}
	var quads []Quad
	for n, line := range strings.Split(text, "\n") {
		p := &lineParser{s: line}
		p.skipSpace()
		if p.done() || p.peek() == '#' {
			continue
		}
		q, err := p.quad()
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrSyntax, n+1, err)
		}
		quads = append(quads, q)
	}
	return quads, nil
}

type lineParser struct {
	s string
	i int
}

func (p *lineParser) done() bool { return p.i >= len(p.s) }
func (p *lineParser) peek() byte { return p.s[p.i] }
func (p *lineParser) skipSpace() {
	for !p.done() && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *lineParser) quad() (Quad, error) {
	var q Quad
	var err error
	if q.Subject, err = p.term(); err != nil {
		return q, err
	}
	if q.Subject.Kind != IRI && q.Subject.Kind != Blank {
		return q, errors.New("subject must be an IRI or blank node")
	}
	if q.Predicate, err = p.term(); err != nil {
		return q, err
	}
	if q.Predicate.Kind != IRI {
		return q, errors.New("predicate must be an IRI")
	}
	if q.Object, err = p.term(); err != nil {
		return q, err
	}
	p.skipSpace()
	if !p.done() && p.peek() != '.' {
		if q.Graph, err = p.term(); err != nil {
			return q, err
		}
		if q.Graph.Kind != IRI && q.Graph.Kind != Blank {
			return q, errors.New("graph name must be an IRI or blank node")
		}
		p.skipSpace()
	}
	if p.done() || p.peek() != '.' {
		return q, errors.New("missing final '.'")
	}
	p.i++
	p.skipSpace()
	if !p.done() && p.peek() != '#' {
		return q, fmt.Errorf("unexpected text after '.': %q", p.s[p.i:])
	}
	return q, nil
}

func (p *lineParser) term() (Term, error) {
	p.skipSpace()
	if p.done() {
		return Term{}, errors.New("unexpected end of line")
	}
	switch p.peek() {
	case '<':
		iri, err := p.iri()
		return NewIRI(iri), err
	case '_':
		label, err := p.blankLabel()
		return NewBlank(label), err
	case '"':
		return p.literal()
	}
	return Term{}, fmt.Errorf("unexpected character %q", p.peek())
}

// iri reads an IRIREF. Characters that IRIREF forbids are rejected even
// when written as \u escapes, so that the canonical form (which writes
// IRIs unescaped) parses back to the same IRI.
func (p *lineParser) iri() (string, error) {
	end := strings.IndexByte(p.s[p.i:], '>')
	if end < 0 {
		return "", errors.New("unterminated IRI")
	}
	v, err := unescape(p.s[p.i+1:p.i+end], false)
	p.i += end + 1
	if err != nil {
		return "", err
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || strings.IndexByte("<>\"{}|^`\\", c) >= 0 {
			return "", fmt.Errorf("character %q not allowed in IRI", c)
		}
	}
	return v, nil
}

// blankLabel reads BLANK_NODE_LABEL: '_:' (PN_CHARS_U | [0-9])
// ((PN_CHARS | '.')* PN_CHARS)?; a final '.' ends the statement instead.
func (p *lineParser) blankLabel() (string, error) {
	if !strings.HasPrefix(p.s[p.i:], "_:") {
		return "", errors.New("bad blank node")
	}
	start := p.i + 2
	j := start
	for j < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[j:])
		if !isLabelRune(r, j == start) {
			break
		}
		j += n
	}
	for j > start && p.s[j-1] == '.' {
		j--
	}
	if j == start {
		return "", errors.New("empty blank node label")
	}
	p.i = j
	return p.s[start:j], nil
}

// isLabelRune reports whether r may appear in a blank node label, at its
// start when first is set (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS of N-Quads).
func isLabelRune(r rune, first bool) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '_':
		return true
	case r == '-' || r == '.' || r == 0xB7 || 0x300 <= r && r <= 0x36F || r == 0x203F || r == 0x2040:
		return !first
	}
	return 0xC0 <= r && r <= 0xD6 || 0xD8 <= r && r <= 0xF6 || 0xF8 <= r && r <= 0x2FF ||
		0x370 <= r && r <= 0x37D || 0x37F <= r && r <= 0x1FFF || 0x200C <= r && r <= 0x200D ||
		0x2070 <= r && r <= 0x218F || 0x2C00 <= r && r <= 0x2FEF || 0x3001 <= r && r <= 0xD7FF ||
		0xF900 <= r && r <= 0xFDCF || 0xFDF0 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0xEFFFF
}

func (p *lineParser) literal() (Term, error) {
	j := p.i + 1
	for j < len(p.s) && p.s[j] != '"' {
		switch p.s[j] {
		case '\\':
			j++
		case '\r':
			return Term{}, errors.New("raw carriage return in literal")
		}
		j++
	}
	if j >= len(p.s) {
		return Term{}, errors.New("unterminated literal")
	}
	v, err := unescape(p.s[p.i+1:j], true)
	if err != nil {
		return Term{}, err
	}
	p.i = j + 1
	if !p.done() && p.peek() == '@' {
		k := p.i + 1
		for k < len(p.s) && (isAlpha(p.s[k]) || p.s[k] == '-' || k > p.i+1 && isDigit(p.s[k])) {
			k++
		}
		lang := p.s[p.i+1 : k]
		if !validLanguage(lang) {
			return Term{}, fmt.Errorf("bad language tag %q", lang)
		}
		p.i = k
		return NewLiteral(v, "", lang), nil
	}
	if strings.HasPrefix(p.s[p.i:], "^^") {
		p.i += 2
		if p.done() || p.peek() != '<' {
			return Term{}, errors.New("datatype must be an IRI")
		}
		dt, err := p.iri()
		if err != nil {
			return Term{}, err
		}
		return NewLiteral(v, dt, ""), nil
	}
	return NewLiteral(v, "", ""), nil
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// validLanguage checks LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLanguage(tag string) bool {
	for i, sub := range strings.Split(tag, "-") {
		if sub == "" {
			return false
		}
		for j := 0; j < len(sub); j++ {
			if !isAlpha(sub[j]) && (i == 0 || !isDigit(sub[j])) {
				return false
			}
		}
	}
	return true
}

// unescape decodes UCHAR escapes, and ECHAR escapes too when echar is set
// (literals; IRIs allow only UCHAR).
func unescape(s string, echar bool) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(s) {
			return "", errors.New("lone backslash")
		}
		i++
		if s[i] == 'u' || s[i] == 'U' {
			n := 4
			if s[i] == 'U' {
				n = 8
			}
			if i+1+n > len(s) {
				return "", fmt.Errorf("short \\%c escape", s[i])
			}
			r, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(r)) {
				return "", fmt.Errorf("bad \\%c escape", s[i])
			}
			b.WriteRune(rune(r))
			i += n
			continue
		}
		if !echar {
			return "", fmt.Errorf("bad escape \\%c in IRI", s[i])
		}
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'b':
			b.WriteByte('\b')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case '"':
			b.WriteByte('"')
		case '\'':
			b.WriteByte('\'')
		case '\\':
			b.WriteByte('\\')
		default:
			return "", fmt.Errorf("bad escape \\%c", s[i])
		}
	}
	return b.String(), nil
}
