// SPDX-License-Identifier: Apache-2.0

package bake

import "fmt"

// CheckImage checks an image that will be stored and served on our origin
// (a badge design, an organisation logo) with the same rules as baking: a
// well-formed PNG within the limits, or an SVG with nothing that could run
// or load anything. It returns the media type.
func CheckImage(img []byte, lim *Limits) (string, error) {
	l := lim.resolve()
	if int64(len(img)) > l.MaxImageBytes {
		return "", fmt.Errorf("%w: image is %d bytes, limit %d", ErrTooLarge, len(img), l.MaxImageBytes)
	}
	switch Sniff(img) {
	case "png":
		if _, err := walkPNG(img, l, func(chunk) error { return nil }); err != nil {
			return "", err
		}
		return "image/png", nil
	case "svg":
		if _, err := scanForBake(img); err != nil {
			return "", err
		}
		return "image/svg+xml", nil
	}
	return "", fmt.Errorf("%w: not a PNG or SVG image", ErrUnsupported)
}
