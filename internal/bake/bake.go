// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"fmt"
)

// Sniff returns "png" for data starting with the PNG signature, "svg" for
// XML whose first element is <svg> (after an optional byte order mark, XML
// declaration, comments and DOCTYPE), and "" otherwise.
func Sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, pngSignature):
		return "png"
	case looksLikeSVG(b):
		return "svg"
	}
	return ""
}

// Bake bakes p into img, a PNG or SVG told apart by [Sniff], with [BakePNG]
// or [BakeSVG]. Anything else is refused with [ErrUnsupported].
func Bake(img []byte, p Payload, lim *Limits) ([]byte, error) {
	switch Sniff(img) {
	case "png":
		return BakePNG(img, p, lim)
	case "svg":
		return BakeSVG(img, p, lim)
	}
	return nil, fmt.Errorf("%w: image is neither PNG nor SVG", ErrUnsupported)
}

// Unbake extracts the credential baked into img, a PNG or SVG told apart by
// [Sniff]. The image is untrusted; only what extraction needs is checked.
//
// PNG: the whole chunk stream is checked (lengths, CRCs, IHDR dimensions
// against lim, IEND). The first iTXt "openbadgecredential" wins ([OB3]),
// then the first iTXt "openbadges" ([OB2]), then a legacy OB 1.x tEXt
// "openbadges" holding a hosted assertion URL, returned as an OB2 Payload
// with HostedURL set and Data empty. A compressed iTXt or a zTXt credential
// chunk is refused with [ErrUnsupported], not inflated.
//
// SVG: the document is read up to the end of the first
// <openbadges:credential> or <openbadges:assertion> element. DOCTYPE and
// entity declarations are refused with [ErrHostile]; scripts and the like
// are not looked at, since nothing is rendered. An element with a body
// gives Data = the body (CDATA unwrapped) and, for OB2, HostedURL = the
// verify attribute; an element without one gives Data = the verify
// attribute (a compact JWS) or, for OB2, HostedURL = it (a URL).
//
// Data is always a JSON object or a compact JWS, never a copy of img's
// memory. Errors wrap [ErrNotBaked] when the image is fine but carries no
// credential, and otherwise [ErrTooLarge], [ErrMalformed], [ErrHostile] or
// [ErrUnsupported].
func Unbake(img []byte, lim *Limits) (Payload, error) {
	l := lim.resolve()
	if int64(len(img)) > l.MaxImageBytes {
		return Payload{}, fmt.Errorf("%w: image is %d bytes, limit %d", ErrTooLarge, len(img), l.MaxImageBytes)
	}
	switch Sniff(img) {
	case "png":
		return unbakePNG(img, l)
	case "svg":
		return unbakeSVG(img, l)
	}
	return Payload{}, fmt.Errorf("%w: image is neither PNG nor SVG", ErrUnsupported)
}
