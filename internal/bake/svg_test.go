// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

const svgOpen = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`

// inSVG wraps body in a root element.
func inSVG(body string) []byte { return []byte(svgOpen + body + "</svg>") }

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>`

// hostileSVGs are refused when baking.
var hostileSVGs = map[string][]byte{
	"billion laughs":             []byte(billionLaughs),
	"external entity":            []byte(`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>`),
	"DOCTYPE with public DTD":    []byte(`<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>`),
	"script":                     inSVG(`<script>alert(1)</script>`),
	"SCRIPT upper case":          inSVG(`<g><SCRIPT xlink:href="#x"/></g>`),
	"XHTML script":               inSVG(`<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>`),
	"XHTML element":              inSVG(`<h:div xmlns:h="http://www.w3.org/1999/xhtml"/>`),
	"foreignObject":              inSVG(`<foreignObject><p>hi</p></foreignObject>`),
	"iframe":                     inSVG(`<iframe/>`),
	"onload on root":             []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
	"onclick":                    inSVG(`<rect onclick="alert(1)"/>`),
	"ONMOUSEOVER":                inSVG(`<rect ONMOUSEOVER="alert(1)"/>`),
	"namespaced onload":          inSVG(`<rect xmlns:e="urn:x" e:onload="alert(1)"/>`),
	"javascript: href":           inSVG(`<a href="javascript:alert(1)"><text>x</text></a>`),
	"javascript: xlink:href":     inSVG(`<a xlink:href=" JavaScript:alert(1)"><text>x</text></a>`),
	"java&#9;script: href":       inSVG(`<a href="java&#9;script:alert(1)"/>`),
	"javascript: in other attr":  inSVG(`<a href="#x"><animate values="javascript:alert(1)"/></a>`),
	"http href":                  inSVG(`<a href="https://evil.example/">x</a>`),
	"protocol-relative href":     inSVG(`<use href="//evil.example/s.svg#a"/>`),
	"relative href":              inSVG(`<image href="badge.png"/>`),
	"external use":               inSVG(`<use xlink:href="other.svg#icon"/>`),
	"data: SVG":                  inSVG(`<image href="data:image/svg+xml;base64,PHN2Zy8+"/>`),
	"data: HTML":                 inSVG(`<image href="data:text/html,&lt;script&gt;"/>`),
	"data: PNG not base64":       inSVG(`<image href="data:image/png,%89PNG"/>`),
	"src attribute":              inSVG(`<image src="https://evil.example/x.png"/>`),
	"animate href":               inSVG(`<a><animate attributeName="href" to="https://evil.example"/></a>`),
	"set xlink:href":             inSVG(`<a><set attributeName="xlink:href" to="#x"/></a>`),
	"animate onclick":            inSVG(`<rect><set attributeName="onclick" to="alert(1)"/></rect>`),
	"xml-stylesheet":             []byte(`<?xml-stylesheet href="https://evil.example/s.css"?>` + string(inSVG(""))),
	"processing instruction":     inSVG(`<?php echo 1 ?>`),
	"style @import":              inSVG(`<style>@import "https://evil.example/s.css";</style>`),
	"style url()":                inSVG(`<style>rect { fill: url( 'https://evil.example/p.svg#g' ) }</style>`),
	"style url() over CDATA":     inSVG(`<style>rect { fill: ur<![CDATA[l(https://evil.example/p.svg#g) }]]></style>`),
	"style unterminated url":     inSVG(`<style>rect { fill: url(#g }</style>`),
	"style escape":               inSVG(`<style>rect { fill: u\72l(https://evil.example/x) }</style>`),
	"style image-set":            inSVG(`<style>rect { background: image-set("https://evil.example/x.png" 1x) }</style>`),
	"style attribute url()":      inSVG(`<rect style="fill:url(https://evil.example/#g)"/>`),
	"style attribute javascript": inSVG(`<rect style="background:url(javascript:alert(1))"/>`),
	"fill url()":                 inSVG(`<rect fill="url(https://evil.example/p.svg#g)"/>`),
	"filter url() unquoted data": inSVG(`<rect filter="url(data:image/svg+xml;base64,PHN2Zy8+)"/>`),
}

func TestBakeSVGRefusesHostile(t *testing.T) {
	p := testForms(t)[0].p
	for name, img := range hostileSVGs {
		if err := wellFormed(img); err != nil && !bytes.Contains(img, []byte("DOCTYPE")) {
			t.Errorf("%s: test input is not well-formed: %v", name, err)
		}
		_, err := Bake(img, p, nil)
		checkErr(t, "Bake("+name+")", err, ErrHostile)
	}
}

// TestUnbakeSVGIgnoresActiveContent: extraction refuses only DOCTYPE and
// entity declarations; nothing else in an untrusted SVG matters to it.
func TestUnbakeSVGIgnoresActiveContent(t *testing.T) {
	const jws = "aGVhZA.Ym9keQ.c2ln"
	elem := `<openbadges:credential xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" verify="` + jws + `"/>`
	for name, img := range hostileSVGs {
		i := bytes.Index(img, []byte("<svg "))
		if i < 0 {
			t.Fatalf("%s: no root", name)
		}
		j := i + bytes.IndexByte(img[i:], '>')
		if img[j-1] == '/' { // self-closing root
			img = append(img[:j-1:j-1], []byte(">"+elem+"</svg>")...)
		} else {
			img = append(img[:j+1:j+1], append([]byte(elem), img[j+1:]...)...)
		}
		got, err := Unbake(img, nil)
		if bytes.Contains(img, []byte("<!DOCTYPE")) {
			checkErr(t, "Unbake("+name+")", err, ErrHostile)
			continue
		}
		checkErr(t, "Unbake("+name+")", err, nil)
		if want := (Payload{Version: OB3, Data: []byte(jws)}); err == nil && !samePayload(got, want) {
			t.Errorf("Unbake(%s) = %s, want %s", name, show(got), show(want))
		}
	}
}

func TestBakeSVGAllowsSafeContent(t *testing.T) {
	p := testForms(t)[0].p
	for name, img := range map[string][]byte{
		"fragment href":      inSVG(`<use href="#a"/><use xlink:href=" #b "/>`),
		"inline PNG":         inSVG("<image href=\"DATA:IMAGE/PNG;base64,iVBO\nRw0K==\"/>"),
		"inline JPEG":        inSVG(`<image xlink:href="data:image/jpeg;base64,/9j/4AAQ"/>`),
		"url(#g)":            inSVG(`<rect fill="url(#g)" style="stroke: URL( '#h' )"/>`),
		"style sheet":        inSVG(`<style><![CDATA[ .a { fill: url("#g") } @font-face { font-family: x } ]]></style>`),
		"comments and text":  []byte("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n<!-- a --><svg xmlns=\"http://www.w3.org/2000/svg\"><!-- <script> --><text>onload=&amp; javascript</text></svg>\n<!-- end -->\n"),
		"editor metadata":    inSVG(`<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><cc:Work xmlns:cc="http://creativecommons.org/ns#" rdf:about=""><cc:license rdf:resource="https://creativecommons.org/licenses/by/4.0/"/></cc:Work></rdf:RDF></metadata>`),
		"xmlns values":       []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="javascript:ns"/>`),
		"animate fill":       inSVG(`<rect><animate attributeName="fill" values="red;blue" dur="1s"/></rect>`),
		"opacity attributes": inSVG(`<rect opacity="0.5" offset="1" orient="auto"/>`),
	} {
		baked, err := Bake(img, p, nil)
		if err != nil {
			t.Errorf("Bake(%s) = %v, want success", name, err)
			continue
		}
		if _, err := Unbake(baked, nil); err != nil {
			t.Errorf("Unbake(Bake(%s)) = %v", name, err)
		}
	}
}

func TestBakeSVGRefusesMalformed(t *testing.T) {
	p := testForms(t)[0].p
	tests := []struct {
		name string
		img  string
		want error
	}{
		{"unclosed root", `<svg xmlns="http://www.w3.org/2000/svg"><g></g>`, ErrMalformed},
		{"mismatched tags", `<svg><g></svg>`, ErrMalformed},
		{"undefined entity", `<svg><text>&nbsp;</text></svg>`, ErrMalformed},
		{"second root", `<svg/><svg/>`, ErrMalformed},
		{"text after root", `<svg/>junk`, ErrMalformed},
		{"text before root", `0<svg/>`, ErrMalformed},
		{"BOM after text", "\n\ufeff<svg/>", ErrMalformed},
		{"duplicate attribute", `<svg width="1" width="2"/>`, ErrMalformed},
		{"declaration not at start", ` <?xml version="1.0"?><svg/>`, ErrMalformed},
		{"XML 1.1", `<?xml version="1.1"?><svg/>`, ErrMalformed},
		{"root binds openbadges elsewhere", `<svg xmlns:openbadges="urn:example"><openbadges:credential/></svg>`, ErrUnsupported},
		{"root in another namespace", `<svg xmlns="urn:not-svg"/>`, ErrUnsupported},
		{"Latin-1", `<?xml version="1.0" encoding="ISO-8859-1"?><svg/>`, ErrUnsupported},
		{"UTF-16 declared", `<?xml version="1.0" encoding="UTF-16"?><svg/>`, ErrUnsupported},
		{"nested too deep", "<svg>" + strings.Repeat("<g>", maxSVGDepth) + strings.Repeat("</g>", maxSVGDepth) + "</svg>", ErrTooLarge},
	}
	for _, tt := range tests {
		_, err := BakeSVG([]byte(tt.img), p, nil)
		checkErr(t, "BakeSVG("+tt.name+")", err, tt.want)
	}
	_, err := BakeSVG([]byte("<svg>"+strings.Repeat("<g>", maxSVGDepth-1)+strings.Repeat("</g>", maxSVGDepth-1)+"</svg>"), p, nil)
	checkErr(t, "BakeSVG(nested to the limit)", err, nil)
}

func TestBakeSVGRefusesPayload(t *testing.T) {
	img := readFile(t, "testdata/badge.svg")
	json := []byte(`{"a":1}`)
	tests := []struct {
		name string
		p    Payload
		want error
	}{
		{"OB2 JSON without HostedURL", Payload{Version: OB2, Data: json}, ErrMalformed},
		{"OB2 JSON with javascript: HostedURL", Payload{Version: OB2, Data: json, HostedURL: "javascript:alert(1)"}, ErrMalformed},
		{"OB2 JSON with relative HostedURL", Payload{Version: OB2, Data: json, HostedURL: "/assertions/1"}, ErrMalformed},
		{"OB2 JSON with spaced HostedURL", Payload{Version: OB2, Data: json, HostedURL: "https://example.org/a b"}, ErrMalformed},
		{"OB2 JSON with invalid UTF-8 HostedURL", Payload{Version: OB2, Data: json, HostedURL: "https://example.org/\xfe"}, ErrMalformed},
		{"OB2 JSON with U+FFFF in HostedURL", Payload{Version: OB2, Data: json, HostedURL: "https://example.org/\uFFFF"}, ErrUnsupported},
		{"U+FFFE", Payload{Version: OB3, Data: []byte("{\"a\":\"\uFFFE\"}")}, ErrUnsupported},
		{"U+FFFF", Payload{Version: OB3, Data: []byte("{\"a\":\"\uFFFF\"}")}, ErrUnsupported},
	}
	for _, tt := range tests {
		_, err := BakeSVG(img, tt.p, nil)
		checkErr(t, "BakeSVG("+tt.name+")", err, tt.want)
	}
	// A PNG has no such restriction.
	p := Payload{Version: OB3, Data: []byte("{\"a\":\"\uFFFE\"}")}
	baked, err := BakePNG(readFile(t, "testdata/badge.png"), p, nil)
	checkErr(t, "BakePNG(U+FFFE)", err, nil)
	if got, err := Unbake(baked, nil); err != nil || !samePayload(got, p) {
		t.Errorf("Unbake(BakePNG(U+FFFE)) = %s, %v", show(got), err)
	}
}

func TestBakeSVGCDATASplit(t *testing.T) {
	p := Payload{Version: OB3, Data: []byte(`{"a":"]]>"}`)}
	baked, err := BakeSVG(inSVG(""), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	const want = `<openbadges:credential><![CDATA[{"a":"]]]]><![CDATA[>"}]]></openbadges:credential>`
	if !bytes.Contains(baked, []byte(want)) {
		t.Errorf("BakeSVG(%q) = %s\nwant it to contain %s", p.Data, baked, want)
	}
}

// TestBakeSVGReplaces re-bakes every form over every other: the result must
// equal baking the original once, whatever was there before.
func TestBakeSVGReplaces(t *testing.T) {
	forms := testForms(t)
	for _, im := range testImages(t)[1:] {
		for _, first := range forms {
			for _, second := range forms {
				once, err := BakeSVG(im.img, first.p, nil)
				if err != nil {
					t.Fatal(err)
				}
				twice, err := BakeSVG(once, second.p, nil)
				if err != nil {
					t.Fatalf("BakeSVG(BakeSVG(%s, %s), %s) = %v", im.name, first.name, second.name, err)
				}
				direct, err := BakeSVG(im.img, second.p, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(twice, direct) {
					t.Errorf("BakeSVG(BakeSVG(%s, %s), %s) =\n%s\nwant\n%s", im.name, first.name, second.name, twice, direct)
				}
			}
		}
	}
}

// TestBakeSVGRemovesForeignBakes: elements left by other bakers, anywhere
// and under any prefix, are removed; the declaration of the openbadges
// prefix on the root is replaced.
func TestBakeSVGRemovesForeignBakes(t *testing.T) {
	p := Payload{Version: OB3, Data: []byte("aGVhZA.Ym9keQ.c2ln")}
	img := []byte(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"
	xmlns:ob="https://purl.imsglobal.org/ob/v3p0"  width='2'  >
  <openbadges:assertion verify="https://example.org/a"><![CDATA[{"old":1}]]></openbadges:assertion>
  <g><ob:credential>{"old":2}</ob:credential><rect/></g>
  <openbadges:credential verify="a.b.c"/>
</svg>`)
	want := `<svg xmlns="http://www.w3.org/2000/svg"
	xmlns:ob="https://purl.imsglobal.org/ob/v3p0"  width='2' xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"  ><openbadges:credential verify="aGVhZA.Ym9keQ.c2ln"/>
  
  <g><rect/></g>
  
</svg>`
	got, err := BakeSVG(img, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("BakeSVG =\n%s\nwant\n%s", got, want)
	}
}

// TestBakeSVGKeepsBytes checks that baking changes nothing but the root
// start tag and the inserted element, on a document written in odd styles.
func TestBakeSVGKeepsBytes(t *testing.T) {
	head := "\ufeff<?xml version='1.0' encoding='UTF-8'?>\r\n<!-- \u00e9 -->\r\n<svg\r\n\txmlns = 'http://www.w3.org/2000/svg'\tclass=\"a&amp;b\""
	tail := "\r\n<text x='1'>a &lt; b &#x263A; <![CDATA[<c>]]></text><style><![CDATA[.x{fill:url(#g)}]]></style>\r\n<g/></svg>\r\n<!-- after -->\r\n"
	img := []byte(head + ">" + tail)
	p := Payload{Version: OB3, Data: []byte(`{"a":1}`)}
	got, err := BakeSVG(img, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := head + ` xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">` + `<openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential>` + tail
	if string(got) != want {
		t.Errorf("BakeSVG =\n%q\nwant\n%q", got, want)
	}
}

func TestUnbakeSVG(t *testing.T) {
	const (
		jws  = "aGVhZA.Ym9keQ.c2ln"
		url  = "https://example.org/assertions/1"
		ob2  = `xmlns:openbadges="http://openbadges.org"`
		ob3  = `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`
		json = `{"id":"https://example.org/assertions/1"}`
	)
	svg := func(decl, body string) []byte {
		return []byte(`<svg xmlns="http://www.w3.org/2000/svg" ` + decl + `>` + body + `</svg>`)
	}
	tests := []struct {
		name string
		img  []byte
		want Payload
		err  error
	}{
		{"OB2 signed", svg(ob2, `<openbadges:assertion verify="`+jws+`"></openbadges:assertion>`), Payload{Version: OB2, Data: []byte(jws)}, nil},
		{"OB2 hosted, escaped text body", svg(ob2, `<openbadges:assertion verify="`+url+`">{"id":"a&amp;b"}</openbadges:assertion>`), Payload{Version: OB2, Data: []byte(`{"id":"a&b"}`), HostedURL: url}, nil},
		{"OB2 hosted, no body", svg(ob2, `<openbadges:assertion verify="`+url+`"/>`), Payload{Version: OB2, HostedURL: url}, nil},
		{"OB2 JSON, no verify", svg(ob2, `<openbadges:assertion><![CDATA[`+json+`]]></openbadges:assertion>`), Payload{Version: OB2, Data: []byte(json)}, nil},
		{"whitespace around CDATA", svg(ob3, "<openbadges:credential>\n  <![CDATA[ "+json+" ]]>\n</openbadges:credential>"), Payload{Version: OB3, Data: []byte(" " + json + " ")}, nil},
		{"comment in body", svg(ob3, "<openbadges:credential><!-- x --><![CDATA["+json+"]]></openbadges:credential>"), Payload{Version: OB3, Data: []byte(json)}, nil},
		{"undeclared prefix", svg("", `<openbadges:credential verify="`+jws+`"/>`), Payload{Version: OB3, Data: []byte(jws)}, nil},
		{"other prefix", svg(`xmlns:x="https://purl.imsglobal.org/ob/v3p0"`, `<x:credential verify="`+jws+`"/>`), Payload{Version: OB3, Data: []byte(jws)}, nil},
		{"nested, first wins", svg(ob3, `<g><openbadges:credential verify="`+jws+`"/></g><openbadges:credential>`+json+`</openbadges:credential>`), Payload{Version: OB3, Data: []byte(jws)}, nil},
		{"rest of document not read", svg(ob3, `<openbadges:credential verify="`+jws+`"/><unclosed>`), Payload{Version: OB3, Data: []byte(jws)}, nil},
		{"OB3 element in OB2 namespace", svg(ob2, `<openbadges:credential verify="`+jws+`"/>`), Payload{}, ErrNotBaked},
		{"no element", svg(ob3, `<rect/>`), Payload{}, ErrNotBaked},
		{"OB3 with verify and body", svg(ob3, `<openbadges:credential verify="`+jws+`">`+json+`</openbadges:credential>`), Payload{}, ErrMalformed},
		{"empty element", svg(ob3, `<openbadges:credential>  </openbadges:credential>`), Payload{}, ErrMalformed},
		{"empty CDATA", svg(ob3, `<openbadges:credential><![CDATA[]]></openbadges:credential>`), Payload{}, ErrMalformed},
		{"child element", svg(ob3, `<openbadges:credential><x/>`+json+`</openbadges:credential>`), Payload{}, ErrMalformed},
		{"OB3 verify is a URL", svg(ob3, `<openbadges:credential verify="`+url+`"/>`), Payload{}, ErrMalformed},
		{"OB2 verify is JSON", svg(ob2, `<openbadges:assertion verify='`+json+`'/>`), Payload{}, ErrMalformed},
		{"OB2 body is a URL", svg(ob2, `<openbadges:assertion verify="`+url+`">`+url+`</openbadges:assertion>`), Payload{}, ErrMalformed},
		{"body not JSON", svg(ob3, `<openbadges:credential>hello</openbadges:credential>`), Payload{}, ErrMalformed},
		{"unterminated element", svg(ob3, `<openbadges:credential>`+json), Payload{}, ErrMalformed},
		{"malformed before element", []byte(`<svg><g></svg>`), Payload{}, ErrMalformed},
		{"DOCTYPE", []byte(billionLaughs), Payload{}, ErrHostile},
		{"non-UTF-8", []byte(`<?xml version="1.0" encoding="windows-1252"?><svg/>`), Payload{}, ErrUnsupported},
		{"nested too deep", []byte("<svg>" + strings.Repeat("<g>", 100000)), Payload{}, ErrTooLarge},
		{"body over the payload limit", svg(ob3, `<openbadges:credential>{"a":"`+strings.Repeat("x", DefaultMaxPayloadBytes)+`"}</openbadges:credential>`), Payload{}, ErrTooLarge},
		{"verify over the payload limit", svg(ob3, `<openbadges:credential verify="`+strings.Repeat("x", DefaultMaxPayloadBytes+1)+`"/>`), Payload{}, ErrTooLarge},
	}
	for _, tt := range tests {
		got, err := Unbake(tt.img, nil)
		checkErr(t, "Unbake("+tt.name+")", err, tt.err)
		if err == nil && !samePayload(got, tt.want) {
			t.Errorf("Unbake(%s) = %s, want %s", tt.name, show(got), show(tt.want))
		}
	}
}

func TestSVGErrorMessages(t *testing.T) {
	p := testForms(t)[0].p
	for img, want := range map[string]string{
		`<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>`: "bake: unsafe content: svg: event handler attribute onclick in <rect>",
		billionLaughs: "bake: unsafe content: svg: markup declaration",
		`<svg><image href="https://e.x/"/></svg>`: `svg: href="https://e.x/" is not a #fragment or an inline PNG/JPEG in <image>`,
	} {
		_, err := BakeSVG([]byte(img), p, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("BakeSVG(%.40q...) = %v, want a message containing %q", img, err, want)
		}
	}
	_, err := Unbake([]byte(fmt.Sprintf(`<svg>%s`, strings.Repeat("<g>", 600))), nil)
	if want := fmt.Sprintf("nested deeper than %d", maxSVGDepth); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Unbake(deep) = %v, want a message containing %q", err, want)
	}
}
