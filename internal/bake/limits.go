// SPDX-License-Identifier: Apache-2.0

package bake

// Default limits, used for every [Limits] field that is zero or negative.
const (
	DefaultMaxImageBytes   = 5 << 20 // 5 MiB
	DefaultMaxWidth        = 4096
	DefaultMaxHeight       = 4096
	DefaultMaxPayloadBytes = 1 << 20 // 1 MiB
)

// maxSVGDepth bounds element nesting in an SVG document, so that a deeply
// nested file cannot make the XML decoder's element stack grow without
// bound. Badge artwork from drawing tools nests a few dozen levels at most.
const maxSVGDepth = 512

// Limits bounds the work done on untrusted input. A nil *Limits, and any
// field that is zero or negative, means the matching Default value.
type Limits struct {
	// MaxImageBytes bounds the size of the image file (input, not output).
	MaxImageBytes int64
	// MaxWidth and MaxHeight bound the dimensions a PNG declares in IHDR.
	// They are checked before anything else is read, so a tiny file that
	// claims huge dimensions is refused without decoding it.
	MaxWidth, MaxHeight int
	// MaxPayloadBytes bounds the baked credential: Data plus HostedURL when
	// baking, the extracted text when unbaking.
	MaxPayloadBytes int
}

// resolve returns l with defaults filled in.
func (l *Limits) resolve() Limits {
	var r Limits
	if l != nil {
		r = *l
	}
	if r.MaxImageBytes <= 0 {
		r.MaxImageBytes = DefaultMaxImageBytes
	}
	if r.MaxWidth <= 0 {
		r.MaxWidth = DefaultMaxWidth
	}
	if r.MaxHeight <= 0 {
		r.MaxHeight = DefaultMaxHeight
	}
	if r.MaxPayloadBytes <= 0 {
		r.MaxPayloadBytes = DefaultMaxPayloadBytes
	}
	return r
}
