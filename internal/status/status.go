// SPDX-License-Identifier: Apache-2.0

// Package status implements the bitstring of W3C Bitstring Status List v1.0
// (https://www.w3.org/TR/vc-bitstring-status-list/): the GZIP-compressed
// bitstring carried in a BitstringStatusListCredential's encodedList as
// multibase base64url without padding ('u' prefix). Bit 0 is the most
// significant bit of the first byte; an entry's status is the statusSize bits
// starting at statusListIndex × statusSize; 0 means "not revoked/suspended".
package status

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// MinBits is the spec's minimum list length (16 KiB), which gives holders
// herd privacy: one list covers at least 131,072 credentials.
const MinBits = 131072

// maxBytes bounds decompression of a list fetched from the network
// (16 MiB = 134 million entries), so a gzip bomb cannot exhaust memory.
const maxBytes = 16 << 20

// Errors named after the spec's error types.
var (
	ErrMalformed = errors.New("status: MALFORMED_VALUE_ERROR")
	ErrLength    = errors.New("status: STATUS_LIST_LENGTH_ERROR")
	ErrRange     = errors.New("status: RANGE_ERROR")
)

// List is a decoded bitstring.
type List struct {
	bits []byte
}

// New returns an all-zero list of n bits (at least MinBits).
func New(n int) *List {
	if n < MinBits {
		n = MinBits
	}
	return &List{bits: make([]byte, (n+7)/8)}
}

// FromBytes returns the list whose bitstring is b (not copied), as a store
// keeps it: bit 0 is the top bit of b[0].
func FromBytes(b []byte) *List { return &List{bits: b} }

// Bytes returns the bitstring (not a copy).
func (l *List) Bytes() []byte { return l.bits }

// Len is the number of bits.
func (l *List) Len() int { return len(l.bits) * 8 }

// Get returns the bit at index i.
func (l *List) Get(i int) (bool, error) {
	if i < 0 || i >= l.Len() {
		return false, fmt.Errorf("%w: index %d outside a list of %d", ErrRange, i, l.Len())
	}
	return l.bits[i/8]&(0x80>>(i%8)) != 0, nil
}

// Set sets or clears the bit at index i.
func (l *List) Set(i int, on bool) error {
	if i < 0 || i >= l.Len() {
		return fmt.Errorf("%w: index %d outside a list of %d", ErrRange, i, l.Len())
	}
	if on {
		l.bits[i/8] |= 0x80 >> (i % 8)
	} else {
		l.bits[i/8] &^= 0x80 >> (i % 8)
	}
	return nil
}

// Encode returns the encodedList value.
func (l *List) Encode() (string, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(l.bits); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// Decode parses an encodedList value.
func Decode(encoded string) (*List, error) {
	if len(encoded) < 2 || encoded[0] != 'u' {
		return nil, fmt.Errorf("%w: encodedList must be multibase base64url ('u' prefix)", ErrMalformed)
	}
	raw, err := base64.RawURLEncoding.DecodeString(encoded[1:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: not GZIP: %v", ErrMalformed, err)
	}
	bits, err := io.ReadAll(io.LimitReader(zr, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(bits) > maxBytes {
		return nil, fmt.Errorf("%w: list larger than %d bytes", ErrMalformed, maxBytes)
	}
	if len(bits)*8 < MinBits {
		return nil, fmt.Errorf("%w: %d bits, the minimum is %d", ErrLength, len(bits)*8, MinBits)
	}
	return &List{bits: bits}, nil
}

// ParseIndex reads a statusListIndex (a base-10 string; numbers tolerated).
func ParseIndex(v any) (int, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case fmt.Stringer: // json.Number
		s = x.String()
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return 0, fmt.Errorf("%w: statusListIndex missing", ErrMalformed)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: statusListIndex %q", ErrMalformed, s)
	}
	return n, nil
}
