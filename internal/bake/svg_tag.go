// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"fmt"
	"strings"
)

// startTag is the raw text of a start tag split into the pieces baking
// rewrites. encoding/xml does not report attribute offsets, so the tag,
// already checked by the decoder, is lexed again here.
type startTag struct {
	name    string    // qualified name as written, e.g. "svg" or "svg:svg"
	attrs   []tagAttr // in order of appearance
	nameEnd int       // offset just after the name
	close   int       // offset of the closing "/>" or ">"
	empty   bool      // self-closing
}

// tagAttr is one attribute: [start, end) covers the whitespace before it,
// so cutting it leaves the tag tidy.
type tagAttr struct {
	name       string
	start, end int
}

func isTagSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// lexStartTag splits tag, which runs from '<' to '>' inclusive.
func lexStartTag(tag string) (startTag, error) {
	if len(tag) < 3 || tag[0] != '<' || tag[len(tag)-1] != '>' {
		return startTag{}, badTag("not a tag")
	}
	var t startTag
	i := 1 + strings.IndexFunc(tag[1:], func(r rune) bool { return r < 0x80 && (isTagSpace(byte(r)) || r == '/' || r == '>') })
	t.name, t.nameEnd = tag[1:i], i
	for {
		ws := i
		for i < len(tag) && isTagSpace(tag[i]) {
			i++
		}
		switch rest := tag[i:]; {
		case rest == ">" || rest == "/>":
			t.close, t.empty = i, rest == "/>"
			return t, nil
		case rest == "" || rest[0] == '>' || rest[0] == '/':
			return startTag{}, badTag("stray characters at the end")
		case i == ws:
			return startTag{}, badTag("attributes not separated by whitespace")
		}
		a, err := lexAttr(tag, ws, i)
		if err != nil {
			return startTag{}, err
		}
		t.attrs = append(t.attrs, a)
		i = a.end
	}
}

// lexAttr reads the attribute whose name starts at tag[i] and whose
// preceding whitespace starts at tag[ws].
func lexAttr(tag string, ws, i int) (tagAttr, error) {
	n := i
	for i < len(tag) && !isTagSpace(tag[i]) && tag[i] != '=' && tag[i] != '>' {
		i++
	}
	name := tag[n:i]
	for i < len(tag) && isTagSpace(tag[i]) {
		i++
	}
	if i >= len(tag) || tag[i] != '=' {
		return tagAttr{}, badTag("attribute without a value")
	}
	for i++; i < len(tag) && isTagSpace(tag[i]); i++ {
	}
	if i >= len(tag) || tag[i] != '"' && tag[i] != '\'' {
		return tagAttr{}, badTag("unquoted attribute value")
	}
	q := strings.IndexByte(tag[i+1:], tag[i])
	if q < 0 {
		return tagAttr{}, badTag("unterminated attribute value")
	}
	return tagAttr{name: name, start: ws, end: i + q + 2}, nil
}

func badTag(what string) error {
	return fmt.Errorf("%w: svg: root start tag: %s", ErrMalformed, what)
}

// withNamespace returns the root start tag with every declaration of the
// "openbadges" prefix removed and xmlns:openbadges="ns" added after the last
// attribute. A self-closing tag is turned into a start tag; the caller adds
// the end tag.
func withNamespace(tag string, ns string) (string, startTag, error) {
	t, err := lexStartTag(tag)
	if err != nil {
		return "", t, err
	}
	var b strings.Builder
	b.Grow(len(tag) + len(ns) + 32)
	b.WriteString(tag[:t.nameEnd])
	last := t.nameEnd
	for _, a := range t.attrs {
		b.WriteString(tag[last:a.start])
		last = a.end
		if a.name != "xmlns:"+svgPrefix {
			b.WriteString(tag[a.start:a.end])
		}
	}
	fmt.Fprintf(&b, ` xmlns:%s="%s"`, svgPrefix, ns)
	if t.empty {
		b.WriteString(tag[last:t.close])
		b.WriteString(">")
	} else {
		b.WriteString(tag[last:])
	}
	return b.String(), t, nil
}
