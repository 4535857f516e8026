// SPDX-License-Identifier: Apache-2.0

package jose

import (
	"fmt"
	"strings"
)

// MaxCompactSize is the largest compact JWS [Parse] accepts, in bytes.
const MaxCompactSize = 1 << 20

// JWS is a parsed compact JWS. SigningInput is the first two parts with
// the dot between them, the bytes the signature covers. RawHeader is the
// decoded header JSON exactly as signed.
type JWS struct {
	Header       Header
	RawHeader    []byte
	Payload      []byte
	SigningInput string
	Signature    []byte
}

// Parse parses a compact JWS without verifying it (see the package
// documentation for the rules it enforces). It returns [ErrMalformed] for a
// string that breaks them, and [ErrAlgorithm] for alg "none".
func Parse(compact string) (*JWS, error) {
	if len(compact) > MaxCompactSize {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(compact), MaxCompactSize)
	}
	h, rest, ok1 := strings.Cut(compact, ".")
	p, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s, ".") {
		return nil, fmt.Errorf("%w: a compact JWS has exactly three parts", ErrMalformed)
	}
	if h == "" || s == "" {
		return nil, fmt.Errorf("%w: empty header or signature part", ErrMalformed)
	}
	rawHeader, err := decodeSegment("header", h)
	if err != nil {
		return nil, err
	}
	payload, err := decodeSegment("payload", p)
	if err != nil {
		return nil, err
	}
	sig, err := decodeSegment("signature", s)
	if err != nil {
		return nil, err
	}
	header, err := parseHeader(rawHeader)
	if err != nil {
		return nil, err
	}
	return &JWS{
		Header:       header,
		RawHeader:    rawHeader,
		Payload:      payload,
		SigningInput: compact[:len(h)+1+len(p)],
		Signature:    sig,
	}, nil
}

// Compact returns the compact serialization, encoded afresh from RawHeader,
// Payload and Signature. For a JWS returned by [Parse] it equals the parsed
// string.
func (j *JWS) Compact() string {
	return encodeSegment(j.RawHeader) + "." + encodeSegment(j.Payload) + "." + encodeSegment(j.Signature)
}
