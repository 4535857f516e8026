// SPDX-License-Identifier: Apache-2.0

package bake

import "errors"

// Sentinel errors. Every error returned by this package wraps exactly one of
// them, with a message saying what was wrong and where; test with
// [errors.Is].
var (
	// ErrNotBaked means the image is well formed but carries no credential.
	ErrNotBaked = errors.New("bake: image carries no baked credential")

	// ErrTooLarge means the image, its declared dimensions, its nesting or
	// the payload is over a [Limits] value.
	ErrTooLarge = errors.New("bake: over limit")

	// ErrMalformed means the image or the payload is not well formed: a bad
	// PNG signature, CRC or chunk layout, an XML syntax error, a payload
	// that is neither JSON nor a compact JWS.
	ErrMalformed = errors.New("bake: malformed input")

	// ErrHostile means the input carries content refused for safety: DOCTYPE
	// and entity declarations in any SVG; scripts, event handlers and
	// external references in an SVG being baked.
	ErrHostile = errors.New("bake: unsafe content")

	// ErrUnsupported means the input is valid but outside what this package
	// handles: not a PNG or SVG, a compressed credential chunk, an XML
	// encoding other than UTF-8, a [Version] other than [OB2] or [OB3].
	ErrUnsupported = errors.New("bake: unsupported")
)
