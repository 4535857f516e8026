// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// BakeSVG returns a copy of the SVG img with p in an
// <openbadges:assertion> ([OB2]) or <openbadges:credential> ([OB3]) element
// inserted directly after the root start tag, and the matching
// xmlns:openbadges declaration on the root element. Every existing
// credential element of either version is removed first, so re-baking
// replaces the credential. All other bytes are kept as they were.
//
// The element is written as the Open Badges specifications lay out:
//   - OB3 JSON: no verify attribute, the JSON in CDATA;
//   - OB3 or OB2 compact JWS: verify="<JWS>", no body;
//   - OB2 JSON (hosted assertion): verify=p.HostedURL, the JSON in CDATA.
//
// The image comes from an issuer and will be served on our origin, so it
// must be safe: DOCTYPE and entity declarations, processing instructions
// other than the XML declaration, scripts, foreignObject, event-handler
// attributes, script URLs, and references (href, src, CSS url()) to
// anything but a #fragment or a base64 PNG or JPEG data: URL are refused.
//
// Errors wrap [ErrHostile] for refused content, [ErrTooLarge],
// [ErrMalformed] (XML errors, a payload that is neither JSON nor JWS, or
// OB2 JSON with no valid HostedURL) or [ErrUnsupported] (not UTF-8, root not
// <svg>, a root binding the openbadges prefix to a namespace of its own, a
// payload character XML 1.0 cannot carry, unknown version).
func BakeSVG(img []byte, p Payload, lim *Limits) ([]byte, error) {
	l := lim.resolve()
	if int64(len(img)) > l.MaxImageBytes {
		return nil, fmt.Errorf("%w: image is %d bytes, limit %d", ErrTooLarge, len(img), l.MaxImageBytes)
	}
	if err := p.checkForBake(l); err != nil {
		return nil, err
	}
	elem, err := svgElement(p)
	if err != nil {
		return nil, err
	}
	s, err := scanForBake(img)
	if err != nil {
		return nil, err
	}
	root, tag, err := withNamespace(string(img[s.rootStart:s.rootEnd]), p.Version.namespace())
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(img) + len(root) + len(elem))
	out.Write(img[:s.rootStart])
	out.WriteString(root)
	out.WriteString(elem)
	if tag.empty {
		out.WriteString("</" + tag.name + ">")
	}
	last := s.rootEnd
	for _, cut := range s.cuts {
		out.Write(img[last:cut[0]])
		last = cut[1]
	}
	out.Write(img[last:])
	return out.Bytes(), nil
}

// bakeScan is what baking needs to know about a document, and the state
// of the scan that finds it.
type bakeScan struct {
	rootStart, rootEnd int      // span of the root start tag
	cuts               [][2]int // spans of existing credential elements

	rootDone   bool
	cutDepth   int // depth of the credential element being skipped, or 0
	styleDepth int // depth of the <style> element being read, or 0
	css        strings.Builder
}

// scanForBake reads the whole document, applying the baking policy and
// finding the root start tag and the credential elements to remove.
func scanForBake(doc []byte) (*bakeScan, error) {
	s := &bakeScan{}
	r := newSVGReader(doc)
	for {
		t, err := r.next()
		if err == io.EOF {
			break
		}
		if err == nil {
			err = s.token(r, doc, t)
		}
		if err != nil {
			return nil, err
		}
	}
	if !s.rootDone {
		return nil, fmt.Errorf("%w: svg: no root element", ErrMalformed)
	}
	return s, nil
}

func (s *bakeScan) token(r *svgReader, doc []byte, t svgToken) error {
	if s.cutDepth > 0 {
		// Inside an element being removed: only look for its end.
		if _, ok := t.tok.(xml.EndElement); ok && r.depth < s.cutDepth {
			s.cuts[len(s.cuts)-1][1] = t.end
			s.cutDepth = 0
		}
		return nil
	}
	switch tok := t.tok.(type) {
	case xml.ProcInst:
		if tok.Target != "xml" {
			return fmt.Errorf("%w: svg: processing instruction <?%s", ErrHostile, tok.Target)
		}
		if t.start != 0 && !(t.start == 3 && bytes.HasPrefix(doc, []byte("\xef\xbb\xbf"))) {
			return fmt.Errorf("%w: svg: XML declaration not at the start of the document", ErrMalformed)
		}
	case xml.CharData:
		if r.depth == 0 && !isXMLSpace(tok) && !(t.start == 0 && string(tok) == "\ufeff") {
			return fmt.Errorf("%w: svg: text outside the root element", ErrMalformed)
		}
		if s.styleDepth > 0 {
			s.css.Write(tok)
		}
	case xml.StartElement:
		return s.start(r, t, tok)
	case xml.EndElement:
		switch {
		case r.depth == 0:
			s.rootDone = true
		case r.depth < s.styleDepth:
			s.styleDepth = 0
			if err := checkCSS(s.css.String()); err != nil {
				return fmt.Errorf("%w in <style>", err)
			}
		}
	}
	return nil
}

func (s *bakeScan) start(r *svgReader, t svgToken, tok xml.StartElement) error {
	switch _, isOB := obVersion(tok.Name); {
	case s.rootDone:
		return fmt.Errorf("%w: svg: second root element <%s>", ErrMalformed, tok.Name.Local)
	case r.depth == 1:
		if tok.Name.Local != "svg" || tok.Name.Space != nsSVG && tok.Name.Space != "" {
			return fmt.Errorf("%w: svg: root element is <%s>, want <svg>", ErrUnsupported, tok.Name.Local)
		}
		s.rootStart, s.rootEnd = t.start, t.end
		if err := checkRootPrefix(tok); err != nil {
			return err
		}
	case isOB || isStaleOB(tok.Name):
		s.cuts = append(s.cuts, [2]int{t.start, t.end})
		s.cutDepth = r.depth
		return nil
	}
	if err := checkElement(tok); err != nil {
		return err
	}
	if s.styleDepth == 0 && strings.EqualFold(tok.Name.Local, "style") {
		s.styleDepth = r.depth
		s.css.Reset()
	}
	return nil
}

// isStaleOB reports whether name is a credential element under the other
// version's namespace (<credential> in OB 2.0's or <assertion> in OB 3.0's).
// Unbake ignores these, but baking rebinds the root's openbadges prefix and
// could turn one into a live credential element, so they are removed too.
func isStaleOB(name xml.Name) bool {
	return (name.Local == elemOB2 || name.Local == elemOB3) && (name.Space == nsOB2 || name.Space == nsOB3)
}

// checkRootPrefix refuses a root element that binds the openbadges prefix to
// a namespace of its own: rebinding it would change the meaning of every
// element using it.
func checkRootPrefix(root xml.StartElement) error {
	for _, a := range root.Attr {
		if a.Name.Space == "xmlns" && a.Name.Local == svgPrefix && a.Value != nsOB2 && a.Value != nsOB3 {
			return fmt.Errorf("%w: svg: root element binds the %s prefix to %s", ErrUnsupported, svgPrefix, clip(a.Value, 60))
		}
	}
	return nil
}

// svgElement renders the credential element for p.
func svgElement(p Payload) (string, error) {
	name := svgPrefix + ":" + p.Version.element()
	if p.IsJWS() {
		return fmt.Sprintf(`<%s verify="%s"/>`, name, p.Data), nil
	}
	if err := checkXMLChars(p.Data); err != nil {
		return "", err
	}
	verify := ""
	if p.Version == OB2 {
		if !isHTTPURL(p.HostedURL) {
			return "", fmt.Errorf("%w: payload: an OB 2.0 assertion baked into SVG needs HostedURL, an http(s) URL; got %s", ErrMalformed, clip(p.HostedURL, 60))
		}
		if err := checkXMLChars([]byte(p.HostedURL)); err != nil {
			return "", err
		}
		var b strings.Builder
		xml.EscapeText(&b, []byte(p.HostedURL))
		verify = ` verify="` + b.String() + `"`
	}
	return fmt.Sprintf(`<%s%s>%s</%s>`, name, verify, cdata(p.Data), name), nil
}

// cdata wraps data in CDATA sections. "]]>" cannot appear inside one, so it
// is split as "]]" + "]]><![CDATA[" + ">". A carriage return would be turned
// into a line feed by every XML parser, so it is written as the character
// reference &#13; between two sections.
func cdata(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + 16)
	b.WriteString("<![CDATA[")
	for i := 0; i < len(data); i++ {
		switch {
		case data[i] == '\r':
			b.WriteString("]]>&#13;<![CDATA[")
		case data[i] == ']' && bytes.HasPrefix(data[i:], []byte("]]>")):
			b.WriteString("]]]]><![CDATA[>")
			i += 2
		default:
			b.WriteByte(data[i])
		}
	}
	b.WriteString("]]>")
	return b.String()
}

// checkXMLChars refuses text that XML 1.0 cannot carry in any form (the Char
// production): C0 controls other than tab, LF and CR, surrogates, U+FFFE and
// U+FFFF.
func checkXMLChars(data []byte) error {
	for i, r := range string(data) {
		switch {
		case r == '\t', r == '\n', r == '\r':
		case r < 0x20, r == utf8.RuneError && !bytes.HasPrefix(data[i:], []byte("\uFFFD")),
			0xD800 <= r && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return fmt.Errorf("%w: payload: character %U at byte %d cannot appear in XML", ErrUnsupported, r, i)
		}
	}
	return nil
}
