// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"encoding/base64"
	"fmt"
)

// b64 is base64url without padding (RFC 7515 §2). Strict makes the decoder
// refuse non-zero trailing bits, so every accepted string is the one and
// only encoding of its bytes.
var b64 = base64.RawURLEncoding.Strict()

// decodeSegment decodes one base64url part. The alphabet is checked first
// because the std decoder silently skips '\r' and '\n', which would let two
// different strings carry the same bytes.
func decodeSegment(name, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return nil, fmt.Errorf("%w: %s: byte 0x%02x at offset %d is not base64url without padding", ErrMalformed, name, c, i)
		}
	}
	out, err := b64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
	}
	return out, nil
}

func encodeSegment(b []byte) string { return b64.EncodeToString(b) }
