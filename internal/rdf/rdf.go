// SPDX-License-Identifier: Apache-2.0

// Package rdf holds the RDF 1.1 dataset model shared by the JSON-LD processor
// (which produces quads) and the RDFC-1.0 canonicalizer (which orders and
// relabels them), and the N-Quads serialization both are tested against
// (https://www.w3.org/TR/n-quads/, with the canonical form of RDFC-1.0 §4.3 / N-Quads §C).
package rdf

import (
	"strings"
)

// Kind says what a [Term] is.
type Kind uint8

const (
	// None is the zero Kind; a [Quad] whose Graph is None is in the default graph.
	None Kind = iota
	// IRI is an absolute IRI; Value holds it without angle brackets.
	IRI
	// Blank is a blank node; Value holds its label without the "_:" prefix.
	Blank
	// Literal is a literal; Value is the lexical form, Datatype its datatype IRI
	// (never empty: xsd:string or rdf:langString when not given) and Language the tag.
	Literal
)

// Well-known datatype IRIs.
const (
	XSDString     = "http://www.w3.org/2001/XMLSchema#string"
	XSDBoolean    = "http://www.w3.org/2001/XMLSchema#boolean"
	XSDInteger    = "http://www.w3.org/2001/XMLSchema#integer"
	XSDDouble     = "http://www.w3.org/2001/XMLSchema#double"
	RDFLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
	RDFType       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	RDFFirst      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
	RDFRest       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
	RDFNil        = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
	RDFJSON       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
)

// Term is one RDF term. The zero Term (Kind None) stands for "no graph name".
type Term struct {
	Kind     Kind
	Value    string
	Datatype string
	Language string
}

// NewIRI returns an IRI term.
func NewIRI(iri string) Term { return Term{Kind: IRI, Value: iri} }

// NewBlank returns a blank node term with the label (without "_:").
func NewBlank(label string) Term { return Term{Kind: Blank, Value: label} }

// NewLiteral returns a literal; an empty datatype means xsd:string, or
// rdf:langString when lang is set.
func NewLiteral(value, datatype, lang string) Term {
	if datatype == "" {
		if lang != "" {
			datatype = RDFLangString
		} else {
			datatype = XSDString
		}
	}
	return Term{Kind: Literal, Value: value, Datatype: datatype, Language: lang}
}

// Quad is one statement. Graph.Kind is None for the default graph.
type Quad struct {
	Subject, Predicate, Object, Graph Term
}

// AppendTerm appends t in canonical N-Quads form to b.
func AppendTerm(b []byte, t Term) []byte {
	switch t.Kind {
	case IRI:
		b = append(b, '<')
		b = append(b, t.Value...)
		return append(b, '>')
	case Blank:
		b = append(b, "_:"...)
		return append(b, t.Value...)
	case Literal:
		b = append(b, '"')
		b = appendEscaped(b, t.Value)
		b = append(b, '"')
		if t.Language != "" {
			b = append(b, '@')
			return append(b, t.Language...)
		}
		if t.Datatype != "" && t.Datatype != XSDString {
			b = append(b, "^^<"...)
			b = append(b, t.Datatype...)
			b = append(b, '>')
		}
		return b
	}
	return b
}

// appendEscaped escapes a literal's lexical form the way canonical N-Quads
// requires: only \\ \" \n \r are escaped, plus \t \b \f and other controls
// (RDFC-1.0 / N-Quads canonical form: U+0000–U+001F and U+007F as \uXXXX except those with a short escape).
func appendEscaped(b []byte, s string) []byte {
	start := 0 // s[start:i] is pending, copied in one go
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			continue
		}
		b = append(b, s[start:i]...)
		start = i + 1
		switch c {
		case '\\':
			b = append(b, '\\', '\\')
		case '"':
			b = append(b, '\\', '"')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			const hex = "0123456789ABCDEF"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
	}
	return append(b, s[start:]...)
}

// AppendQuad appends q as one canonical N-Quads line, with its final "\n".
func AppendQuad(b []byte, q Quad) []byte {
	b = AppendTerm(b, q.Subject)
	b = append(b, ' ')
	b = AppendTerm(b, q.Predicate)
	b = append(b, ' ')
	b = AppendTerm(b, q.Object)
	if q.Graph.Kind != None {
		b = append(b, ' ')
		b = AppendTerm(b, q.Graph)
	}
	return append(b, " .\n"...)
}

// String returns q as one N-Quads line with its final newline.
func (q Quad) String() string { return string(AppendQuad(nil, q)) }

// String returns t in N-Quads form.
func (t Term) String() string { return string(AppendTerm(nil, t)) }

// Serialize returns the quads as N-Quads text in the order given.
func Serialize(quads []Quad) string {
	var b []byte
	for _, q := range quads {
		b = AppendQuad(b, q)
	}
	return string(b)
}

// SplitLines splits N-Quads text into lines, dropping empty ones (for tests).
func SplitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
