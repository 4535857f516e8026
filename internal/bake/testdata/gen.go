// SPDX-License-Identifier: Apache-2.0

//go:build ignore

// gen writes the test images and golden baked files of package bake. Run it
// with `go generate` in internal/bake; never edit its outputs by hand.
//
// The golden files are assembled here directly, chunk by chunk and string
// by string, without package bake, so that comparing Bake's output with
// them checks Bake against an independent construction.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"
)

const (
	out      = "testdata"
	upstream = "../../testdata" // verbatim spec examples, see testdata/PROVENANCE.md
)

func main() {
	log.SetFlags(0)
	ob3JSON := read(upstream, "ob3/examples/basicOpenBadgeCredential.json")
	ob2JWS := bytes.TrimSpace(read(upstream, "ob2/examples/ob2-signed-assertion-example.jws"))
	ob2JSON := read(upstream, "ob2/examples/ob2-assertion-hosted.json")
	ob2URL := hostedID(ob2JSON)
	ob3JWT := fakeJWT(ob3JSON)
	write("ob3-credential.jwt", ob3JWT)

	img := badgePNG()
	write("badge.png", img)
	write("badge-ob3-json.png", insertBeforeIEND(img, iTXt("openbadgecredential", ob3JSON)))
	write("badge-ob3-jwt.png", insertBeforeIEND(img, iTXt("openbadgecredential", ob3JWT)))
	write("badge-ob2-jws.png", insertBeforeIEND(img, iTXt("openbadges", ob2JWS)))
	write("badge-ob2-json.png", insertBeforeIEND(img, iTXt("openbadges", ob2JSON)))
	// 1EdTech's OB 2.0 sample puts the chunk right after IHDR.
	write("ob2-after-ihdr.png", insertAfterIHDR(img, iTXt("openbadges", ob2JWS)))
	// An OB 0.5/1.0 badge: tEXt with the hosted assertion URL only.
	write("ob1-legacy.png", insertAfterIHDR(img, textChunk("tEXt", []byte("openbadges\x00"+ob2URL))))

	write("badge.svg", badgeSVG("", ""))
	const ob2NS, ob3NS = "http://openbadges.org", "https://purl.imsglobal.org/ob/v3p0"
	write("badge-ob3-json.svg", badgeSVG(ob3NS, "<openbadges:credential><![CDATA["+string(ob3JSON)+"]]></openbadges:credential>"))
	write("badge-ob3-jwt.svg", badgeSVG(ob3NS, `<openbadges:credential verify="`+string(ob3JWT)+`"/>`))
	write("badge-ob2-jws.svg", badgeSVG(ob2NS, `<openbadges:assertion verify="`+string(ob2JWS)+`"/>`))
	write("badge-ob2-hosted.svg", badgeSVG(ob2NS, `<openbadges:assertion verify="`+ob2URL+`"><![CDATA[`+string(ob2JSON)+"]]></openbadges:assertion>"))

	// The OB 2.0 baking specification's SVG example is not well-formed XML
	// (it has a "<rest-of-document...>" placeholder); make it so.
	example := read(upstream, "ob2/examples/ob2-baking-svg-example.svg.txt")
	fixed := bytes.Replace(example, []byte("<rest-of-document...>"), []byte(`<circle cx="256" cy="256" r="200" fill="#36c"/>`), 1)
	if bytes.Equal(fixed, example) {
		log.Fatal("gen: placeholder not found in the OB 2.0 SVG example")
	}
	write("ob2-spec-example.svg", fixed)
}

func read(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		log.Fatal(err)
	}
	return b
}

func write(name string, b []byte) {
	if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
		log.Fatal(err)
	}
}

func hostedID(assertion []byte) string {
	var a struct{ ID string }
	if err := json.Unmarshal(assertion, &a); err != nil || a.ID == "" {
		log.Fatalf("gen: hosted assertion has no id: %v", err)
	}
	return a.ID
}

// fakeJWT wraps a credential as a VC-JWT with a made-up signature: the
// baking code never verifies it.
func fakeJWT(credential []byte) []byte {
	var compact bytes.Buffer
	if err := json.Compact(&compact, credential); err != nil {
		log.Fatal(err)
	}
	enc := base64.RawURLEncoding
	sig := bytes.Repeat([]byte{0xA5}, 256)
	return []byte(enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." +
		enc.EncodeToString(compact.Bytes()) + "." + enc.EncodeToString(sig))
}

// badgePNG draws a 48x48 badge: a blue disc with a gold ring on a
// transparent background, plus a tEXt Title chunk so that tests see
// non-credential text chunks survive baking.
func badgePNG() []byte {
	const size = 48
	m := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			d := math.Hypot(float64(x)-23.5, float64(y)-23.5)
			switch {
			case d < 18:
				m.Set(x, y, color.NRGBA{0x33, 0x66, 0xcc, 0xff})
			case d < 22:
				m.Set(x, y, color.NRGBA{0xe8, 0xb9, 0x2f, 0xff})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		log.Fatal(err)
	}
	return insertAfterIHDR(buf.Bytes(), textChunk("tEXt", []byte("Title\x00Akashi test badge")))
}

func textChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

func iTXt(keyword string, text []byte) []byte {
	data := append([]byte(keyword), 0, 0, 0, 0, 0)
	return textChunk("iTXt", append(data, text...))
}

func insertBeforeIEND(img, c []byte) []byte {
	const iendLen = 12
	if !bytes.HasSuffix(img, []byte("IEND\xae\x42\x60\x82")) {
		log.Fatal("gen: PNG does not end with IEND")
	}
	cut := len(img) - iendLen
	return append(append(append([]byte{}, img[:cut]...), c...), img[cut:]...)
}

func insertAfterIHDR(img, c []byte) []byte {
	const cut = 8 + 12 + 13 // signature, IHDR
	if string(img[12:16]) != "IHDR" {
		log.Fatal("gen: PNG does not start with IHDR")
	}
	return append(append(append([]byte{}, img[:cut]...), c...), img[cut:]...)
}

// badgeSVG is the test badge artwork. With ns set it is the baked form: the
// namespace declaration last on the root tag, the element right after it.
// The artwork uses what baking must let through: a comment, a gradient
// referenced with url(#...), a <style> sheet, xlink:href to a fragment and
// an inline PNG.
func badgeSVG(ns, element string) []byte {
	decl := ""
	if ns != "" {
		decl = ` xmlns:openbadges="` + ns + `"`
	}
	dot := base64.StdEncoding.EncodeToString(tinyPNG())
	return []byte(strings.Join([]string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<!-- Akashi test badge, written by internal/bake/testdata/gen.go -->`,
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"` + "\n" +
			`     width="48" height="48" viewBox="0 0 48 48"` + decl + `>` + element,
		`  <title>Akashi test badge</title>`,
		`  <style>.ring { stroke: #e8b92f; stroke-width: 4; fill: none }</style>`,
		`  <defs>`,
		`    <radialGradient id="g"><stop offset="0" stop-color="#4a8be8"/><stop offset="1" stop-color="#3366cc"/></radialGradient>`,
		`    <circle id="disc" cx="24" cy="24" r="18"/>`,
		`  </defs>`,
		`  <use xlink:href="#disc" fill="url(#g)"/>`,
		`  <circle class="ring" cx="24" cy="24" r="20"/>`,
		`  <image x="20" y="20" width="8" height="8" href="data:image/png;base64,` + dot + `"/>`,
		`</svg>`,
		``,
	}, "\n"))
}

// tinyPNG is a 1x1 white pixel.
func tinyPNG() []byte {
	m := image.NewGray(image.Rect(0, 0, 1, 1))
	m.Pix[0] = 0xff
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}
