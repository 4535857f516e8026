// SPDX-License-Identifier: Apache-2.0

// Package qr draws QR codes (ISO/IEC 18004) as PNG images, for the
// verification links printed on PDF certificates and offered on badge
// pages. It wraps github.com/skip2/go-qrcode: a small, dependency-free
// encoder whose output is deterministic (the same text gives the same
// bytes), which the PDF golden tests rely on.
package qr

import (
	"errors"
	"fmt"

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
