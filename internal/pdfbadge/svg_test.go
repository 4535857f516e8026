// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html/charset"
)

func testSVG(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/badge.svg")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// near reports whether c is want within tol in each channel.
func near(c, want color.RGBA, tol int) bool {
	d := func(a, b uint8) bool { return int(a)-int(b) <= tol && int(b)-int(a) <= tol }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B) && d(c.A, want.A)
}

// TestRasterSVG checks a pixel of each shape of testdata/badge.svg
// (viewBox 100×100, so 6 pixels a unit).
func TestRasterSVG(t *testing.T) {
	img, err := rasterSVG(testSVG(t))
	if err != nil {
		t.Fatalf("rasterSVG = %v", err)
	}
	if got := img.Bounds(); got != image.Rect(0, 0, 600, 600) {
		t.Fatalf("bounds %v, want 600×600", got)
	}
	for _, p := range []struct {
		what string
		x, y int
		want color.RGBA
		tol  int
	}{
		{"corner: background", 2, 2, color.RGBA{255, 255, 255, 255}, 0},
		{"circle", 300, 180, color.RGBA{0x1e, 0x6e, 0x3c, 255}, 0},
		// The ring's stroke is 4 units: 24 pixels, not 4.
		{"stroke, scaled with the viewBox", 300, 45, color.RGBA{0xc8, 0x1e, 0x28, 255}, 0},
		{"between ring and circle", 300, 80, color.RGBA{255, 255, 255, 255}, 0},
		{"radial gradient, centre", 300, 270, color.RGBA{255, 255, 0, 255}, 8},
		// The square is rotated 45°: 6 units right of its centre is inside
		// it, and 85% out along the gradient.
		{"rotated square", 336, 270, color.RGBA{255, 147, 0, 255}, 12},
		// x1=10 x2=90 in user units: red at 60 px, blue at 540 px.
		{"linear gradient, start", 72, 540, color.RGBA{249, 0, 6, 255}, 4},
		{"linear gradient, middle", 300, 540, color.RGBA{128, 0, 128, 255}, 4},
		{"linear gradient, end", 528, 540, color.RGBA{6, 0, 249, 255}, 4},
	} {
		if c := img.RGBAAt(p.x, p.y); !near(c, p.want, p.tol) {
			t.Errorf("%s (%d,%d) = %v, want %v", p.what, p.x, p.y, c, p.want)
		}
	}
}

func TestRasterSVGSize(t *testing.T) {
	for svg, want := range map[string]image.Rectangle{
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"/>`:      image.Rect(0, 0, 600, 300),
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="-5 -5 10 40"/>`:      image.Rect(0, 0, 150, 600),
		`<svg xmlns="http://www.w3.org/2000/svg" width="64px" height="64px"/>`: image.Rect(0, 0, 600, 600),
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 5000 1"/>`:       image.Rect(0, 0, 600, 1),
		`<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="3000"/>`: image.Rect(0, 0, 600, 600),
	} {
		img, err := rasterSVG([]byte(svg))
		if err != nil || img.Bounds() != want {
			t.Errorf("rasterSVG(%s) = %v, %v; want %v", svg, img.Bounds(), err, want)
		}
	}
}

// TestRasterSVGDrawsWhatItCan: elements the rasteriser does not know are
// left out and the rest is drawn.
func TestRasterSVGDrawsWhatItCan(t *testing.T) {
	svg := `<?xml version="1.0" encoding="ISO-8859-1"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <filter id="f"><feGaussianBlur stdDeviation="1"/></filter>
  <clipPath id="c"><rect width="5" height="5"/></clipPath>
  <circle cx="5" cy="5" r="4" fill="currentColor" clip-path="url(#c)" filter="url(#f)"/>
  <text x="1" y="9" font-family="Noto Sans" fill="#fff">caf` + "\xe9" + `</text>
  <image width="10" height="10" xlink:href="badge.png"/>
  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>
</svg>`
	img, err := rasterSVG([]byte(svg))
	if err != nil {
		t.Fatalf("rasterSVG = %v", err)
	}
	if c := img.RGBAAt(300, 300); c != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("centre = %v, want the circle in currentColor (black)", c)
	}
}

// TestRasterSVGGradientHref: a gradient that takes its stops from another
// by href, as Inkscape writes them, is drawn with those stops, not black.
func TestRasterSVGGradientHref(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">
  <defs>
    <linearGradient id="stops"><stop offset="0" style="stop-color:#ff0000"/><stop
        offset="1" style="stop-color:#0000ff" /></linearGradient>
    <linearGradient
       xlink:href="#stops"
       id="across" x1="0" y1="0" x2="100" y2="0"
       gradientUnits="userSpaceOnUse"/>
    <radialGradient xlink:href="#across" id="round" cx="50" cy="75" r="20" gradientUnits="userSpaceOnUse"></radialGradient>
  </defs>
  <rect width="100" height="50" fill="url(#across)"/>
  <rect y="50" width="100" height="50" fill="url(#round)"/>
</svg>`
	img, err := rasterSVG([]byte(svg))
	if err != nil {
		t.Fatalf("rasterSVG = %v", err)
	}
	for _, p := range []struct {
		x, y int
		want color.RGBA
	}{
		{3, 150, color.RGBA{252, 0, 3, 255}},
		{597, 150, color.RGBA{3, 0, 252, 255}},
		{300, 450, color.RGBA{255, 0, 0, 255}},
		{300, 320, color.RGBA{0, 0, 255, 255}},
	} {
		if c := img.RGBAAt(p.x, p.y); !near(c, p.want, 10) {
			t.Errorf("(%d,%d) = %v, want %v", p.x, p.y, c, p.want)
		}
	}
}

// TestRasterSVGRefuses: what cannot be drawn, or would cost too much, is
// an error, soon.
func TestRasterSVGRefuses(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">`
	hugeCurves := open + `<path d="M0 0` + strings.Repeat(" C 1e6 1e6 -1e6 1e6 0 0", 2000) + `"/></svg>`
	for name, svg := range map[string]string{
		"not XML":      "PNG\x00\x01",
		"unclosed":     open + `<circle r="3">`,
		"empty":        ``,
		"no size":      `<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>`,
		"zero size":    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 10"/>`,
		"NaN size":     `<svg xmlns="http://www.w3.org/2000/svg" width="NaN" height="10"/>`,
		"bad colour":   open + `<rect width="5" height="5" fill="no-such-colour"/></svg>`,
		"panics":       open + `<rect width="5" height="5" fill="hsl(10,,)"/></svg>`,
		"over 1 MiB":   open + strings.Repeat(`<g/>`, maxSVGBytes/4) + `</svg>`,
		"too deep":     open + strings.Repeat(`<g>`, maxSVGDepth) + strings.Repeat(`</g>`, maxSVGDepth) + `</svg>`,
		"too many":     open + strings.Repeat(`<rect/>`, maxSVGElements) + `</svg>`,
		"use in defs":  open + `<defs><g id="a"><use href="#a"/></g></defs><use href="#a"/></svg>`,
		"defs in defs": open + `<defs><g id="a"><defs/></g></defs><use href="#a"/><g id="b"><use href="#a"/></g><defs/><use href="#a"/></svg>`,
		"many uses":    open + `<defs><g id="a">` + strings.Repeat(`<rect width="1" height="1"/>`, 1000) + `</g></defs>` + strings.Repeat(`<use href="#a"/>`, 100) + `</svg>`,
		"huge curves":  hugeCurves,
	} {
		start := time.Now()
		img, err := rasterSVG([]byte(svg))
		if !errors.Is(err, errSVG) || img != nil {
			t.Errorf("%s: rasterSVG = %v, %v; want errSVG", name, img != nil, err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}

// TestRasterSVGDashes: a dash pattern finer than a pixel is drawn solid
// rather than as millions of dashes, and a far offset costs nothing.
func TestRasterSVGDashes(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">` +
		`<path d="M0 50 H100` + strings.Repeat(" M0 50 H100", 500) + `" stroke="#000" stroke-width="10" stroke-dasharray="0.01 0.001" stroke-dashoffset="30000000"/>` +
		`<line x1="0" y1="90" x2="100" y2="90" stroke="#000" stroke-width="2" stroke-dasharray="10" stroke-dashoffset="-1e9"/></svg>`
	start := time.Now()
	img, err := rasterSVG([]byte(svg))
	if err != nil {
		t.Fatalf("rasterSVG = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if c := img.RGBAAt(123, 300); c != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("fine dashes: %v, want a solid black stroke", c)
	}
	if d, off := dashes([]float64{10}, -1e9+5, 6); len(d) != 1 || d[0] != 60 || off != 30 {
		t.Errorf("dashes(10, offset -1e9+5, ×6) = %v, offset %v; want 60, offset 30", d, off)
	}
}

// FuzzRasterSVG: whatever the SVG, rasterSVG returns a bounded image or
// errSVG, and neither panics nor runs away. It draws 64 pixels wide to
// try more inputs a second; the code is the same.
func FuzzRasterSVG(f *testing.F) {
	f.Add(testSVG(f))
	for _, s := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M1 1 L9 1 A4 4 0 1 1 1 5 Q 5 9 9 9 z" stroke="blue" stroke-dasharray="1 2" stroke-linejoin="round" stroke-linecap="round"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="20"><defs><g id="a"><rect x="1" y="1" width="3" height="4" rx="1" transform="skewX(20) scale(1.5)"/></g></defs><use href="#a" x="3"/><polygon points="1,1 5,9 9,1" fill="rgb(10,200,30)" fill-opacity="0.5"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><radialGradient id="r" fx="0.2" fy="0.3" spreadMethod="reflect"><stop offset="0.2" stop-color="hsl(120, 50%, 50%)"/><stop offset="1"/></radialGradient><ellipse cx="5" cy="5" rx="4" ry="2" fill="url(#r)" stroke="url(#r)"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><linearGradient id="a"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/></linearGradient><linearGradient id="b" href="#a" x2="0" y2="1"/><circle r="5" cx="5" cy="5" stroke="url(#b)" fill="url(#a)"/></svg>`,
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>.a{fill:red}</style><polyline class="a" points="0 0 10 10 0 10"/><line x1="0" x2="10" stroke="black"/></svg>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, svg []byte) {
		// What checkSVG passes on is XML still.
		if out, err := checkSVG(svg); err == nil {
			d := xml.NewDecoder(bytes.NewReader(out))
			d.CharsetReader = charset.NewReaderLabel
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("checkSVG made %q of %q: %v", out, svg, err)
				}
			}
		}
		img, err := rasterSVGSize(svg, 64)
		if err != nil {
			if !errors.Is(err, errSVG) || img != nil {
				t.Fatalf("rasterSVG = %v, %v", img != nil, err)
			}
			return
		}
		if b := img.Bounds(); b.Min != (image.Point{}) || b.Dx() < 1 || b.Dy() < 1 || max(b.Dx(), b.Dy()) != 64 {
			t.Fatalf("bounds %v", b)
		}
	})
}

func BenchmarkRasterSVG(b *testing.B) {
	svg := testSVG(b)
	for b.Loop() {
		if _, err := rasterSVG(svg); err != nil {
			b.Fatal(err)
		}
	}
}
