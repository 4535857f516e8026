// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// An SVG baked by us is served from our origin, so the issuer's artwork must
// not be able to run script or make the viewer's browser fetch anything.
// The policy below is an allow-list for references (same-document fragments
// and inline PNG or JPEG) and a deny-list for everything that runs code.

// forbiddenElements are refused wherever they appear (local name, lower
// case, any namespace).
var forbiddenElements = map[string]bool{
	"script": true, "foreignobject": true, "handler": true, "listener": true,
	"iframe": true, "frame": true, "frameset": true, "object": true,
	"embed": true, "applet": true, "base": true, "link": true, "meta": true,
}

// animationElements can change another attribute's value over time.
var animationElements = map[string]bool{
	"animate": true, "set": true, "animatecolor": true,
	"animatemotion": true, "animatetransform": true,
}

// checkElement applies the baking policy to one start tag.
func checkElement(e xml.StartElement) error {
	local := strings.ToLower(e.Name.Local)
	switch {
	case forbiddenElements[local]:
		return fmt.Errorf("%w: svg: <%s> element", ErrHostile, e.Name.Local)
	case e.Name.Space == nsXHTML:
		return fmt.Errorf("%w: svg: <%s> element in the XHTML namespace", ErrHostile, e.Name.Local)
	}
	seen := make(map[xml.Name]bool, len(e.Attr))
	for _, a := range e.Attr {
		if seen[a.Name] {
			return fmt.Errorf("%w: svg: <%s> repeats attribute %s", ErrMalformed, e.Name.Local, a.Name.Local)
		}
		seen[a.Name] = true
		if err := checkAttr(local, a); err != nil {
			return fmt.Errorf("%w in <%s>", err, e.Name.Local)
		}
	}
	return nil
}

// checkAttr applies the baking policy to one attribute of an element whose
// lower-case local name is elem.
func checkAttr(elem string, a xml.Attr) error {
	if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
		// A namespace name is an identifier; nothing fetches it.
		return nil
	}
	name := strings.ToLower(a.Name.Local)
	switch {
	case strings.HasPrefix(name, "on"):
		return fmt.Errorf("%w: svg: event handler attribute %s", ErrHostile, a.Name.Local)
	case name == "href" || name == "src":
		if !isSafeRef(a.Value) {
			return fmt.Errorf("%w: svg: %s=%s is not a #fragment or an inline PNG/JPEG", ErrHostile, a.Name.Local, clip(a.Value, 60))
		}
	case name == "attributename" && animationElements[elem]:
		target := strings.ToLower(strings.TrimSpace(a.Value))
		target = target[strings.LastIndexByte(target, ':')+1:]
		if target == "href" || target == "src" || strings.HasPrefix(target, "on") {
			return fmt.Errorf("%w: svg: animation of the %s attribute", ErrHostile, a.Value)
		}
	case name == "style":
		if err := checkCSS(a.Value); err != nil {
			return err
		}
	}
	if hasScriptURL(a.Value) {
		return fmt.Errorf("%w: svg: script URL in attribute %s", ErrHostile, a.Name.Local)
	}
	return checkCSSURLs(a.Value)
}

// isSafeRef reports whether a reference stays inside the document: a
// #fragment or a base64 data: URL of a PNG or JPEG image.
func isSafeRef(v string) bool {
	v = strings.Trim(v, " \t\r\n\f")
	if strings.HasPrefix(v, "#") {
		return true
	}
	lower := strings.ToLower(v)
	for _, p := range []string{"data:image/png;base64,", "data:image/jpeg;base64,"} {
		if strings.HasPrefix(lower, p) {
			return isBase64Text(v[len(p):])
		}
	}
	return false
}

func isBase64Text(s string) bool {
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '+', c == '/', c == '=', c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			return false
		}
	}
	return true
}

// hasScriptURL reports whether v contains a URL scheme that runs code,
// ignoring case and the whitespace and control characters browsers skip
// inside a scheme.
func hasScriptURL(v string) bool {
	if !strings.ContainsRune(v, ':') {
		return false
	}
	squeezed := strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(v))
	for _, s := range []string{"javascript:", "vbscript:", "data:text/html"} {
		if strings.Contains(squeezed, s) {
			return true
		}
	}
	return false
}

// checkCSS applies the baking policy to a style sheet or style attribute.
// CSS escapes are refused outright because they can spell any of the
// words checked here.
func checkCSS(css string) error {
	lower := strings.ToLower(css)
	if strings.ContainsRune(lower, '\\') {
		return fmt.Errorf("%w: svg: CSS escape sequence", ErrHostile)
	}
	for _, s := range []string{"@import", "image(", "image-set(", "src(", "expression(", "-moz-binding", "behavior:"} {
		if strings.Contains(lower, s) {
			return fmt.Errorf("%w: svg: CSS %q", ErrHostile, s)
		}
	}
	if hasScriptURL(css) {
		return fmt.Errorf("%w: svg: script URL in CSS", ErrHostile)
	}
	return checkCSSURLs(css)
}

// checkCSSURLs checks every url(...) in s with [isSafeRef], so that
// fill="url(#g)" passes and fill="url(https://...)" does not.
func checkCSSURLs(s string) error {
	lower := strings.ToLower(s)
	for {
		i := strings.Index(lower, "url(")
		if i < 0 {
			return nil
		}
		lower = strings.TrimLeft(lower[i+len("url("):], " \t\r\n\f")
		end := ")"
		if lower != "" && (lower[0] == '"' || lower[0] == '\'') {
			end = lower[:1]
			lower = lower[1:]
		}
		j := strings.Index(lower, end)
		if j < 0 {
			return fmt.Errorf("%w: svg: unterminated url(", ErrHostile)
		}
		if ref := lower[:j]; !isSafeRef(ref) {
			return fmt.Errorf("%w: svg: url(%s) is not a #fragment or an inline PNG/JPEG", ErrHostile, clip(ref, 60))
		}
		lower = lower[j+1:]
	}
}
