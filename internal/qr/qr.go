// SPDX-License-Identifier: Apache-2.0

// Package qr draws QR codes (ISO/IEC 18004) as PNG and SVG images, for the
// verification links printed on PDF certificates and offered on badge
// pages. It wraps github.com/skip2/go-qrcode: a small, dependency-free
// encoder whose output is deterministic (the same text gives the same
// bytes), which the PDF golden tests rely on.
package qr

import (
	"errors"
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// MaxText is the longest text [PNG] encodes, in bytes: a verification URL
// is far shorter, and a short text keeps the symbol small enough to scan
// from paper.
const MaxText = 512

// DefaultModule is the size of one module (a black or white square) in
// pixels when [PNG] is given 0.
const DefaultModule = 8

// ErrTooLong reports a text longer than [MaxText].
var ErrTooLong = errors.New("qr: text too long")

// PNG returns a PNG image of a QR code for text, with error correction
// level M (about 15% of the symbol may be damaged) and the standard quiet
// zone of four modules, each module being modulePx pixels square (0 means
// [DefaultModule]).
func PNG(text string, modulePx int) ([]byte, error) {
	q, err := newCode(text)
	if err != nil {
		return nil, err
	}
	if modulePx <= 0 {
		modulePx = DefaultModule
	}
	// A negative size asks the library for a whole number of pixels per
	// module, so every module is drawn sharp.
	return q.PNG(-modulePx)
}

// SVG returns the QR code [PNG] draws for text as an SVG image: one path
// of unit squares in a viewBox of modules, so it prints sharp at any size
// (business cards, posters). The library draws only PNG; the SVG is a few
// lines over its bitmap.
func SVG(text string) ([]byte, error) {
	bm, err := Bitmap(text)
	if err != nil {
		return nil, err
	}
	n := len(bm)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`, n, n, n*DefaultModule, n*DefaultModule)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bm {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			// One rectangle per horizontal run of black modules.
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run - 1
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}

// Bitmap returns the modules of the QR code [PNG] draws for text, quiet
// zone included; true is black. Tests compare a decoded image with it.
func Bitmap(text string) ([][]bool, error) {
	q, err := newCode(text)
	if err != nil {
		return nil, err
	}
	return q.Bitmap(), nil
}

func newCode(text string) (*qrcode.QRCode, error) {
	if len(text) > MaxText {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrTooLong, len(text), MaxText)
	}
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	return q, nil
}
