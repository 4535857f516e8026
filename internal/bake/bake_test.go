// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// images are the carriers every payload form is baked into.
func testImages(t testing.TB) []struct {
	name, format string
	img          []byte
} {
	return []struct {
		name, format string
		img          []byte
	}{
		{"png", "png", readFile(t, "testdata/badge.png")},
		{"svg", "svg", readFile(t, "testdata/badge.svg")},
		{"svg self-closing root", "svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`)},
		{"svg prefixed root", "svg", []byte("\ufeff<s:svg xmlns:s='http://www.w3.org/2000/svg'\n><s:rect width='1' height='1'/></s:svg>\n")},
		{"svg without namespace", "svg", []byte(`<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>`)},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, im := range testImages(t) {
		for _, f := range testForms(t) {
			t.Run(im.name+"/"+f.name, func(t *testing.T) {
				baked, err := Bake(im.img, f.p, nil)
				if err != nil {
					t.Fatalf("Bake = %v", err)
				}
				got, err := Unbake(baked, nil)
				if err != nil {
					t.Fatalf("Unbake(Bake(...)) = %v", err)
				}
				if want := stored(f.p, im.format); !samePayload(got, want) {
					t.Errorf("Unbake(Bake(p)) = %+v\nwant %+v", show(got), show(want))
				}
				if got := Sniff(baked); got != im.format {
					t.Errorf("Sniff(baked) = %q, want %q", got, im.format)
				}
				if im.format == "svg" {
					if err := wellFormed(baked); err != nil {
						t.Errorf("baked SVG is not well-formed: %v", err)
					}
				}
			})
		}
	}
}

// TestRoundTripEdgePayloads bakes JSON that is awkward for one format or
// the other.
func TestRoundTripEdgePayloads(t *testing.T) {
	payloads := map[string]string{
		"CDATA end":         `{"narrative":"a]]>b ]]]]>> ]]"}`,
		"CDATA end at ends": `{"x":"]]>"}` + "\n",
		"CRLF":              "{\r\n  \"a\": \"b\"\r\n}\r\n",
		"leading CR":        "\r{\"a\":1}",
		"surrounding space": "\n\t {\"a\":1} \n",
		"unicode":           `{"name":"バッジ – 𝄞 ✓","e":"\u0000"}`,
		"markup":            `{"html":"<script>alert('x')</script> & <![CDATA[ <!-- -->"}`,
	}
	for _, im := range testImages(t) {
		for name, data := range payloads {
			for _, v := range []Version{OB2, OB3} {
				t.Run(fmt.Sprintf("%s/%s/%v", im.name, name, v), func(t *testing.T) {
					p := Payload{Version: v, Data: []byte(data), HostedURL: "https://example.org/a?x=1&y=<2>"}
					baked, err := Bake(im.img, p, nil)
					if err != nil {
						t.Fatalf("Bake = %v", err)
					}
					got, err := Unbake(baked, nil)
					if err != nil {
						t.Fatalf("Unbake(Bake(...)) = %v", err)
					}
					if want := stored(p, im.format); !samePayload(got, want) {
						t.Errorf("Unbake(Bake(p)) = %+v\nwant %+v", show(got), show(want))
					}
				})
			}
		}
	}
}

func show(p Payload) string {
	return fmt.Sprintf("{%v Data:%q HostedURL:%q}", p.Version, p.Data, p.HostedURL)
}

func TestSniff(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\x89PNG\r\n\x1a\n", "png"},
		{"\x89PNG\r\n\x1a", ""},
		{"<svg/>", "svg"},
		{"\ufeff <?xml version='1.0'?>\n<!-- c --><!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'x'>\n<svg>", "svg"},
		{`<!DOCTYPE lolz [<!ENTITY lol "lol>"> <!ENTITY lol2 "&lol;&lol;">]><svg>&lol2;</svg>`, "svg"},
		{"<svg:svg xmlns:svg='http://www.w3.org/2000/svg'/>", "svg"},
		{"<svgx/>", ""},
		{"<html><svg/></html>", ""},
		{"<?xml version='1.0'?", ""},
		{"<!-- unterminated", ""},
		{"GIF89a", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Sniff([]byte(tt.in)); got != tt.want {
			t.Errorf("Sniff(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsJWS(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln", true},
		{"a-_.b.c", true},
		{"a.b", false},
		{"a.b.c.d", false},
		{"a..c", false},
		{".b.c", false},
		{"a.b.", false},
		{"a.b.c=", false},
		{"a.b.c\n", false},
		{"a+b.c.d", false},
		{`{"a":"b.c.d"}`, false},
		{"", false},
	}
	for _, tt := range tests {
		if got := (Payload{Data: []byte(tt.in)}).IsJWS(); got != tt.want {
			t.Errorf("Payload{Data: %q}.IsJWS() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBakeRefusesPayload(t *testing.T) {
	json := []byte(`{"a":1}`)
	tests := []struct {
		name string
		p    Payload
		want error
	}{
		{"zero version", Payload{Data: json}, ErrUnsupported},
		{"version 1", Payload{Version: 1, Data: json}, ErrUnsupported},
		{"version 4", Payload{Version: 4, Data: json}, ErrUnsupported},
		{"empty data", Payload{Version: OB3}, ErrMalformed},
		{"hosted URL only", Payload{Version: OB2, HostedURL: ob2HostedID}, ErrMalformed},
		{"not JSON", Payload{Version: OB3, Data: []byte("hello")}, ErrMalformed},
		{"JSON array", Payload{Version: OB3, Data: []byte(`[{"a":1}]`)}, ErrMalformed},
		{"JSON string", Payload{Version: OB3, Data: []byte(`"a.b.c"`)}, ErrMalformed},
		{"truncated JSON", Payload{Version: OB3, Data: []byte(`{"a":`)}, ErrMalformed},
		{"invalid UTF-8", Payload{Version: OB3, Data: []byte("{\"a\":\"\xff\"}")}, ErrMalformed},
		{"JWS with space", Payload{Version: OB3, Data: []byte("a.b.c ")}, ErrMalformed},
		{"too large", Payload{Version: OB3, Data: []byte(`{"a":"` + strings.Repeat("x", DefaultMaxPayloadBytes) + `"}`)}, ErrTooLarge},
	}
	for _, im := range testImages(t)[:2] {
		for _, tt := range tests {
			_, err := Bake(im.img, tt.p, nil)
			checkErr(t, fmt.Sprintf("Bake(%s, %s)", im.name, tt.name), err, tt.want)
		}
	}
}

func TestBakeUnbakeRefuseOtherFormats(t *testing.T) {
	p := testForms(t)[0].p
	for _, img := range []string{"", "GIF89a...", "<html><body/></html>", "{\"a\":1}", "\x89PNG"} {
		_, err := Bake([]byte(img), p, nil)
		checkErr(t, fmt.Sprintf("Bake(%q)", img), err, ErrUnsupported)
		_, err = Unbake([]byte(img), nil)
		checkErr(t, fmt.Sprintf("Unbake(%q)", img), err, ErrUnsupported)
	}
}

func TestImageSizeLimit(t *testing.T) {
	p := testForms(t)[0].p
	for _, im := range testImages(t)[:2] {
		baked, err := Bake(im.img, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		small := &Limits{MaxImageBytes: int64(len(im.img)) - 1}
		_, err = Bake(im.img, p, small)
		checkErr(t, "Bake("+im.name+", MaxImageBytes too small)", err, ErrTooLarge)
		_, err = Unbake(baked, &Limits{MaxImageBytes: int64(len(baked)) - 1})
		checkErr(t, "Unbake("+im.name+", MaxImageBytes too small)", err, ErrTooLarge)
		_, err = Unbake(baked, &Limits{MaxPayloadBytes: len(p.Data) - 1})
		checkErr(t, "Unbake("+im.name+", MaxPayloadBytes too small)", err, ErrTooLarge)
		_, err = Unbake(baked, &Limits{MaxPayloadBytes: len(p.Data)})
		checkErr(t, "Unbake("+im.name+", MaxPayloadBytes just enough)", err, nil)
		_, err = Bake(im.img, p, &Limits{MaxPayloadBytes: len(p.Data) - 1})
		checkErr(t, "Bake("+im.name+", MaxPayloadBytes too small)", err, ErrTooLarge)
	}
}

func TestLimitsDefaults(t *testing.T) {
	want := Limits{DefaultMaxImageBytes, DefaultMaxWidth, DefaultMaxHeight, DefaultMaxPayloadBytes}
	for _, l := range []*Limits{nil, {}, {MaxImageBytes: -1, MaxWidth: -1, MaxHeight: -5, MaxPayloadBytes: -1}} {
		if got := l.resolve(); got != want {
			t.Errorf("(%+v).resolve() = %+v, want %+v", l, got, want)
		}
	}
	l := &Limits{MaxWidth: 7}
	if got := l.resolve(); got.MaxWidth != 7 || got.MaxHeight != DefaultMaxHeight {
		t.Errorf("(%+v).resolve() = %+v, want MaxWidth 7 and default height", l, got)
	}
}

func TestVersionString(t *testing.T) {
	for v, want := range map[Version]string{OB2: "OB2", OB3: "OB3", 0: "Version(0)"} {
		if got := v.String(); got != want {
			t.Errorf("Version(%d).String() = %q, want %q", int(v), got, want)
		}
	}
}

func TestUnbakeDoesNotAlias(t *testing.T) {
	for _, im := range testImages(t)[:2] {
		baked, err := Bake(im.img, testForms(t)[0].p, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Unbake(baked, nil)
		if err != nil {
			t.Fatal(err)
		}
		before := bytes.Clone(p.Data)
		for i := range baked {
			baked[i] = 0
		}
		if !bytes.Equal(p.Data, before) {
			t.Errorf("%s: Unbake's Data changed when the image buffer was overwritten", im.name)
		}
	}
}
