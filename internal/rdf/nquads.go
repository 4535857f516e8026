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
// white space, comments, \u and \U escapes). Errors name the 1-based line.
func ParseNQuads(text string) ([]Quad, error) {
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
	if q.Predicate, err = p.term(); err != nil {
		return q, err
	}
	if q.Object, err = p.term(); err != nil {
		return q, err
	}
	p.skipSpace()
	if !p.done() && p.peek() != '.' {
		if q.Graph, err = p.term(); err != nil {
			return q, err
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
		end := strings.IndexByte(p.s[p.i:], '>')
		if end < 0 {
			return Term{}, errors.New("unterminated IRI")
		}
		v, err := unescape(p.s[p.i+1 : p.i+end])
		p.i += end + 1
		return NewIRI(v), err
	case '_':
		if !strings.HasPrefix(p.s[p.i:], "_:") {
			return Term{}, errors.New("bad blank node")
		}
		start := p.i + 2
		j := start
		for j < len(p.s) && p.s[j] != ' ' && p.s[j] != '\t' && !(p.s[j] == '.' && (j+1 == len(p.s) || p.s[j+1] == ' ')) {
			j++
		}
		p.i = j
		return NewBlank(p.s[start:j]), nil
	case '"':
		j := p.i + 1
		for j < len(p.s) && p.s[j] != '"' {
			if p.s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(p.s) {
			return Term{}, errors.New("unterminated literal")
		}
		v, err := unescape(p.s[p.i+1 : j])
		if err != nil {
			return Term{}, err
		}
		p.i = j + 1
		if !p.done() && p.peek() == '@' {
			k := p.i + 1
			for k < len(p.s) && p.s[k] != ' ' && p.s[k] != '\t' {
				k++
			}
			lang := p.s[p.i+1 : k]
			p.i = k
			return NewLiteral(v, "", lang), nil
		}
		if strings.HasPrefix(p.s[p.i:], "^^<") {
			end := strings.IndexByte(p.s[p.i:], '>')
			if end < 0 {
				return Term{}, errors.New("unterminated datatype IRI")
			}
			dt := p.s[p.i+3 : p.i+end]
			p.i += end + 1
			return NewLiteral(v, dt, ""), nil
		}
		return NewLiteral(v, "", ""), nil
	}
	return Term{}, fmt.Errorf("unexpected character %q", p.peek())
}

func unescape(s string) (string, error) {
	if strings.IndexByte(s, '\\') < 0 {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
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
		case 'u', 'U':
			n := 4
			if s[i] == 'U' {
				n = 8
			}
			if i+1+n > len(s) {
				return "", errors.New("short \\u escape")
			}
			r, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(r)) {
				return "", fmt.Errorf("bad \\%c escape", s[i])
			}
			b.WriteRune(rune(r))
			i += n
		default:
			return "", fmt.Errorf("bad escape \\%c", s[i])
		}
	}
	return b.String(), nil
}
