// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// textKeyword returns the keyword of a tEXt, zTXt or iTXt chunk, or "" for
// any other chunk or one with no keyword terminator in the first 80 bytes.
func textKeyword(c chunk) string {
	if c.typ != "tEXt" && c.typ != "zTXt" && c.typ != "iTXt" {
		return ""
	}
	i := bytes.IndexByte(c.data[:min(len(c.data), 80)], 0)
	if i <= 0 {
		return ""
	}
	return string(c.data[:i])
}

// isCredentialChunk reports whether c is a text chunk of either version.
func isCredentialChunk(c chunk) bool {
	k := textKeyword(c)
	return k == keywordOB2 || k == keywordOB3
}

// iTXtChunk encodes an uncompressed iTXt chunk with an empty language tag
// and translated keyword: keyword NUL, flag 0, method 0, NUL, NUL, text.
func iTXtChunk(keyword string, text []byte) []byte {
	n := len(keyword) + 5 + len(text)
	out := make([]byte, 0, 12+n)
	out = binary.BigEndian.AppendUint32(out, uint32(n))
	out = append(out, "iTXt"...)
	out = append(out, keyword...)
	out = append(out, 0, 0, 0, 0, 0)
	out = append(out, text...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[4:]))
}

// iTXtText returns the text of an iTXt chunk that carries keyword. A
// compressed chunk is refused with ErrUnsupported rather than inflated: the
// baking specifications forbid compression, and refusing keeps the output
// size of extraction bounded by the input.
func iTXtText(c chunk, keyword string) ([]byte, error) {
	rest := c.data[len(keyword)+1:]
	if len(rest) < 2 {
		return nil, fmt.Errorf("%w: png: %v: iTXt %q truncated", ErrMalformed, c, keyword)
	}
	switch flag, method := rest[0], rest[1]; {
	case flag == 1:
		return nil, fmt.Errorf("%w: png: %v: compressed iTXt %q (baking forbids compression)", ErrUnsupported, c, keyword)
	case flag != 0 || method != 0:
		return nil, fmt.Errorf("%w: png: %v: iTXt %q has compression flag %d, method %d", ErrMalformed, c, keyword, flag, method)
	}
	rest = rest[2:]
	for _, field := range []string{"language tag", "translated keyword"} {
		i := bytes.IndexByte(rest, 0)
		if i < 0 {
			return nil, fmt.Errorf("%w: png: %v: iTXt %q has no end to its %s", ErrMalformed, c, keyword, field)
		}
		rest = rest[i+1:]
	}
	return rest, nil
}
