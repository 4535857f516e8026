// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// maxChunkLen is the largest chunk length PNG allows (2^31-1).
const maxChunkLen = 1<<31 - 1

// chunk is one PNG chunk inside the image it was read from.
type chunk struct {
	typ  string
	data []byte
	off  int // offset of the length field
	end  int // offset just after the CRC
}

func (c chunk) String() string { return fmt.Sprintf("chunk %q at offset %d", c.typ, c.off) }

// walkPNG checks the structure of a PNG file and calls fn on each chunk from
// IHDR to IEND in order. It checks the signature, every length and CRC,
// that IHDR comes first, once, with dimensions inside the limits, that at
// least one IDAT is present and that IEND ends the chunk stream. Pixel data
// is never decompressed. Bytes after IEND are not looked at; walkPNG returns
// the offset just after IEND.
func walkPNG(b []byte, l Limits, fn func(chunk) error) (int, error) {
	if int64(len(b)) > l.MaxImageBytes {
		return 0, fmt.Errorf("%w: image is %d bytes, limit %d", ErrTooLarge, len(b), l.MaxImageBytes)
	}
	if !bytes.HasPrefix(b, pngSignature) {
		return 0, fmt.Errorf("%w: png: bad signature", ErrMalformed)
	}
	seenIDAT := false
	for off, n := len(pngSignature), 0; ; n++ {
		c, err := readChunk(b, off)
		if err != nil {
			return 0, err
		}
		switch {
		case n == 0 && c.typ != "IHDR":
			return 0, fmt.Errorf("%w: png: first chunk is %q, want IHDR", ErrMalformed, c.typ)
		case n == 0:
			if err := checkIHDR(c.data, l); err != nil {
				return 0, err
			}
		case c.typ == "IHDR":
			return 0, fmt.Errorf("%w: png: second IHDR %v", ErrMalformed, c)
		case c.typ == "IDAT":
			seenIDAT = true
		}
		if c.typ == "IEND" {
			if len(c.data) != 0 {
				return 0, fmt.Errorf("%w: png: IEND has %d data bytes, want 0", ErrMalformed, len(c.data))
			}
			if !seenIDAT {
				return 0, fmt.Errorf("%w: png: no IDAT chunk", ErrMalformed)
			}
		}
		if fn != nil {
			if err := fn(c); err != nil {
				return 0, err
			}
		}
		if c.typ == "IEND" {
			return c.end, nil
		}
		off = c.end
	}
}

// readChunk reads and checks the chunk starting at off.
func readChunk(b []byte, off int) (chunk, error) {
	rest := len(b) - off
	if rest == 0 {
		return chunk{}, fmt.Errorf("%w: png: truncated: no IEND chunk", ErrMalformed)
	}
	if rest < 12 {
		return chunk{}, fmt.Errorf("%w: png: truncated chunk header at offset %d", ErrMalformed, off)
	}
	n := binary.BigEndian.Uint32(b[off:])
	typ := b[off+4 : off+8]
	for _, t := range typ {
		if !('A' <= t && t <= 'Z' || 'a' <= t && t <= 'z') {
			return chunk{}, fmt.Errorf("%w: png: invalid chunk type %q at offset %d", ErrMalformed, typ, off)
		}
	}
	if n > maxChunkLen {
		return chunk{}, fmt.Errorf("%w: png: chunk %q at offset %d has length %d, over 2^31-1", ErrMalformed, typ, off, n)
	}
	if int64(n) > int64(rest-12) {
		return chunk{}, fmt.Errorf("%w: png: truncated: chunk %q at offset %d has length %d, only %d bytes left", ErrMalformed, typ, off, n, rest-12)
	}
	c := chunk{typ: string(typ), data: b[off+8 : off+8+int(n)], off: off, end: off + 12 + int(n)}
	want := binary.BigEndian.Uint32(b[c.end-4:])
	if got := crc32.ChecksumIEEE(b[off+4 : c.end-4]); got != want {
		return chunk{}, fmt.Errorf("%w: png: %v: CRC is %08x, computed %08x", ErrMalformed, c, want, got)
	}
	return c, nil
}

// checkIHDR checks the image header: dimensions first (non-zero and inside
// the limits), then the field values the PNG specification allows.
func checkIHDR(d []byte, l Limits) error {
	if len(d) != 13 {
		return fmt.Errorf("%w: png: IHDR has %d bytes, want 13", ErrMalformed, len(d))
	}
	w, h := binary.BigEndian.Uint32(d[0:]), binary.BigEndian.Uint32(d[4:])
	if w == 0 || h == 0 || w > maxChunkLen || h > maxChunkLen {
		return fmt.Errorf("%w: png: IHDR declares invalid dimensions %dx%d", ErrMalformed, w, h)
	}
	if uint64(w) > uint64(l.MaxWidth) || uint64(h) > uint64(l.MaxHeight) {
		return fmt.Errorf("%w: png: IHDR declares %dx%d pixels, limit %dx%d", ErrTooLarge, w, h, l.MaxWidth, l.MaxHeight)
	}
	depth, color := d[8], d[9]
	if !validDepth(color, depth) {
		return fmt.Errorf("%w: png: IHDR has colour type %d with bit depth %d", ErrMalformed, color, depth)
	}
	if d[10] != 0 || d[11] != 0 || d[12] > 1 {
		return fmt.Errorf("%w: png: IHDR has compression %d, filter %d, interlace %d", ErrMalformed, d[10], d[11], d[12])
	}
	return nil
}

// validDepth reports whether the PNG specification allows this colour type
// and bit depth together.
func validDepth(color, depth byte) bool {
	switch color {
	case 0: // greyscale
		return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16
	case 3: // indexed
		return depth == 1 || depth == 2 || depth == 4 || depth == 8
	case 2, 4, 6: // truecolour, greyscale with alpha, truecolour with alpha
		return depth == 8 || depth == 16
	}
	return false
}
