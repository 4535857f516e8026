// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXHTML = "http://www.w3.org/1999/xhtml"
)

// svgToken is one XML token with its byte span in the document.
type svgToken struct {
	tok        xml.Token
	start, end int
}

// svgReader walks an SVG document token by token, keeping the byte span of
// each token and the element depth, and turning decoder errors into this
// package's errors. It never expands entities: only the five predefined
// ones and character references are known to encoding/xml, and a DOCTYPE
// is reported to the caller as an [xml.Directive].
type svgReader struct {
	d     *xml.Decoder
	depth int
}

// errCharset is returned by the decoder's CharsetReader, so that a
// non-UTF-8 document is reported as unsupported rather than malformed.
type errCharset struct{ label string }

func (e *errCharset) Error() string { return "encoding " + e.label }

func newSVGReader(b []byte) *svgReader {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	d.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, &errCharset{label}
	}
	return &svgReader{d: d}
}

// next returns the next token; io.EOF at the end of the document.
func (r *svgReader) next() (svgToken, error) {
	start := int(r.d.InputOffset())
	tok, err := r.d.Token()
	if err == io.EOF {
		return svgToken{}, io.EOF
	}
	var ec *errCharset
	switch {
	case errors.As(err, &ec):
		return svgToken{}, fmt.Errorf("%w: svg: XML encoding %q (only UTF-8 is accepted)", ErrUnsupported, ec.label)
	case err != nil:
		return svgToken{}, fmt.Errorf("%w: svg: %v", ErrMalformed, err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		r.depth++
		if r.depth > maxSVGDepth {
			return svgToken{}, fmt.Errorf("%w: svg: elements nested deeper than %d", ErrTooLarge, maxSVGDepth)
		}
	case xml.EndElement:
		r.depth--
	case xml.Directive:
		kind, _, _ := strings.Cut(string(t), " ")
		return svgToken{}, fmt.Errorf("%w: svg: markup declaration %q (DOCTYPE and entity declarations are refused)", ErrHostile, "<!"+kind[:min(len(kind), 20)])
	}
	return svgToken{tok: tok, start: start, end: int(r.d.InputOffset())}, nil
}

// obVersion reports whether name is a baked-credential element, and which
// version: <assertion> in the OB 2.0 namespace or <credential> in the OB 3.0
// one. The prefix "openbadges" used without a declaration is matched too,
// as some bakers forget the declaration.
func obVersion(name xml.Name) (Version, bool) {
	switch {
	case name.Local == elemOB2 && (name.Space == nsOB2 || name.Space == svgPrefix):
		return OB2, true
	case name.Local == elemOB3 && (name.Space == nsOB3 || name.Space == svgPrefix):
		return OB3, true
	}
	return 0, false
}

// isCDATA reports whether the token at start is a CDATA section rather than
// text; encoding/xml returns both as [xml.CharData].
func isCDATA(doc []byte, start int) bool {
	return bytes.HasPrefix(doc[start:], []byte("<![CDATA["))
}

// looksLikeSVG reports whether the first element of b, after an optional
// UTF-8 byte order mark, XML declaration, comments, processing instructions
// and DOCTYPE, is named svg (with or without a prefix).
func looksLikeSVG(b []byte) bool {
	s := bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(s, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(s, []byte("<!DOCTYPE")):
			// Skip the declaration, internal subset included, so that a
			// hostile SVG is recognised as SVG and refused as hostile.
			i := declEnd(s)
			if i < 0 {
				return false
			}
			s = s[i:]
			continue
		case bytes.HasPrefix(s, []byte("<")):
			name := s[1:]
			if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
				name = name[:i]
			}
			if i := bytes.LastIndexByte(name, ':'); i >= 0 {
				name = name[i+1:]
			}
			return string(name) == "svg"
		default:
			return false
		}
		i := bytes.Index(s, end)
		if i < 0 {
			return false
		}
		s = s[i+len(end):]
	}
}

// declEnd returns the offset just after the '>' closing the markup
// declaration at the start of s, skipping quoted strings and a bracketed
// internal subset; -1 if there is none.
func declEnd(s []byte) int {
	var quote byte
	depth := 0
	for i, c := range s {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return i + 1
		}
	}
	return -1
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q...", s[:n])
}
