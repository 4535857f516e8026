// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
)

// unbakeSVG extracts the first <openbadges:assertion> or
// <openbadges:credential> element of an SVG. Only DOCTYPE and entity
// declarations before it are refused; the rest of the document is not
// checked, and is not read past the element.
func unbakeSVG(doc []byte, l Limits) (Payload, error) {
	if int64(len(doc)) > l.MaxImageBytes {
		return Payload{}, fmt.Errorf("%w: image is %d bytes, limit %d", ErrTooLarge, len(doc), l.MaxImageBytes)
	}
	r := newSVGReader(doc)
	for {
		t, err := r.next()
		if err == io.EOF {
			return Payload{}, fmt.Errorf("%w: svg: no <openbadges:%s> or <openbadges:%s> element", ErrNotBaked, elemOB3, elemOB2)
		}
		if err != nil {
			return Payload{}, err
		}
		if se, ok := t.tok.(xml.StartElement); ok {
			if v, ok := obVersion(se.Name); ok {
				return readOBElement(r, doc, se, v, l)
			}
		}
	}
}

// readOBElement reads the element whose start tag se has just been read and
// turns its verify attribute and body into a Payload.
func readOBElement(r *svgReader, doc []byte, se xml.StartElement, v Version, l Limits) (Payload, error) {
	var verify string
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == "verify" {
			verify = a.Value
		}
	}
	if err := checkPayloadLen(len(verify), l); err != nil {
		return Payload{}, err
	}
	body, err := readBody(r, doc, l)
	if err != nil {
		return Payload{}, err
	}
	where := fmt.Sprintf("svg: <openbadges:%s>", v.element())
	switch {
	case len(body) > 0 && verify != "" && v == OB3:
		return Payload{}, fmt.Errorf("%w: %s has both a verify attribute and a body", ErrMalformed, where)
	case len(body) > 0:
		p, err := fromText(v, body, where+" body")
		if err == nil && len(p.Data) == 0 {
			err = fmt.Errorf("%w: %s body is a URL, not an assertion", ErrMalformed, where)
		}
		p.HostedURL = verify
		return p, err
	case verify != "":
		p, err := fromText(v, []byte(verify), where+" verify attribute")
		if err == nil && !p.IsJWS() && p.HostedURL == "" {
			err = fmt.Errorf("%w: %s verify attribute holds JSON, not a JWS or URL", ErrMalformed, where)
		}
		return p, err
	}
	return Payload{}, fmt.Errorf("%w: %s has neither a verify attribute nor a body", ErrMalformed, where)
}

// bodyPart is one run of character data in a credential element.
type bodyPart struct {
	data []byte
	ws   bool // whitespace-only text (not CDATA)
}

// readBody returns the character data of the element being read, up to its
// end tag. Whitespace-only text before the first and after the last CDATA
// section is layout and is dropped; CDATA sections and the text between
// them are kept exactly (a baked payload containing "]]>" or a carriage
// return is split over several sections joined by text).
func readBody(r *svgReader, doc []byte, l Limits) ([]byte, error) {
	var parts []bodyPart
	size, depth := 0, r.depth
	for {
		t, err := r.next()
		if err == io.EOF {
			return nil, fmt.Errorf("%w: svg: document ends inside the credential element", ErrMalformed)
		}
		if err != nil {
			return nil, err
		}
		switch tok := t.tok.(type) {
		case xml.StartElement:
			return nil, fmt.Errorf("%w: svg: element <%s> inside the credential element", ErrMalformed, tok.Name.Local)
		case xml.EndElement:
			if r.depth < depth {
				return joinBody(parts), nil
			}
		case xml.CharData:
			size += len(tok)
			if err := checkPayloadLen(size, l); err != nil {
				return nil, err
			}
			ws := !isCDATA(doc, t.start) && isXMLSpace(tok)
			parts = append(parts, bodyPart{bytes.Clone(tok), ws})
		}
	}
}

// joinBody concatenates body parts, dropping whitespace-only text at either
// end.
func joinBody(parts []bodyPart) []byte {
	i, j := 0, len(parts)
	for i < j && parts[i].ws {
		i++
	}
	for j > i && parts[j-1].ws {
		j--
	}
	var out []byte
	for _, p := range parts[i:j] {
		out = append(out, p.data...)
	}
	return out
}

func isXMLSpace(b []byte) bool {
	return len(bytes.TrimLeft(b, " \t\r\n")) == 0
}
