// SPDX-License-Identifier: Apache-2.0

package bake

import "fmt"

// BakePNG returns a copy of the PNG img with p in an uncompressed iTXt chunk
// (keyword "openbadges" for [OB2], "openbadgecredential" for [OB3]) inserted
// just before IEND. Every existing tEXt, zTXt or iTXt chunk with either
// keyword is dropped first, so re-baking replaces the credential. Other
// chunks are copied byte for byte; bytes after IEND are dropped.
// p.HostedURL is not stored: a PNG has no place for it.
//
// Errors wrap [ErrTooLarge] (file size, declared dimensions, payload),
// [ErrMalformed] (PNG structure, payload that is neither JSON nor JWS) or
// [ErrUnsupported] (unknown version).
func BakePNG(img []byte, p Payload, lim *Limits) ([]byte, error) {
	l := lim.resolve()
	if err := p.checkForBake(l); err != nil {
		return nil, err
	}
	itxt := iTXtChunk(p.Version.keyword(), p.Data)
	out := make([]byte, 0, len(img)+len(itxt))
	out = append(out, pngSignature...)
	_, err := walkPNG(img, l, func(c chunk) error {
		if isCredentialChunk(c) {
			return nil
		}
		if c.typ == "IEND" {
			out = append(out, itxt...)
		}
		out = append(out, img[c.off:c.end]...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// unbakePNG extracts the credential from a PNG, preferring the first
// openbadgecredential iTXt, then the first openbadges iTXt, then a legacy
// openbadges tEXt holding a hosted assertion URL.
func unbakePNG(img []byte, l Limits) (Payload, error) {
	var ob3, ob2, legacy, other *chunk
	_, err := walkPNG(img, l, func(c chunk) error {
		switch k := textKeyword(c); {
		case c.typ == "iTXt" && k == keywordOB3:
			ob3 = firstOf(ob3, c)
		case c.typ == "iTXt" && k == keywordOB2:
			ob2 = firstOf(ob2, c)
		case c.typ == "tEXt" && k == keywordOB2:
			legacy = firstOf(legacy, c)
		case k == keywordOB2 || k == keywordOB3:
			other = firstOf(other, c)
		}
		return nil
	})
	if err != nil {
		return Payload{}, err
	}
	switch {
	case ob3 != nil:
		return fromITXt(*ob3, OB3, l)
	case ob2 != nil:
		return fromITXt(*ob2, OB2, l)
	case legacy != nil:
		text := legacy.data[len(keywordOB2)+1:]
		if err := checkPayloadLen(len(text), l); err != nil {
			return Payload{}, err
		}
		return fromText(OB2, text, fmt.Sprintf("png: %v: tEXt %q", *legacy, keywordOB2))
	case other != nil:
		return Payload{}, fmt.Errorf("%w: png: %v: credential in a %s chunk (baking uses an uncompressed iTXt)", ErrUnsupported, *other, other.typ)
	}
	return Payload{}, fmt.Errorf("%w: png: no %q or %q iTXt chunk", ErrNotBaked, keywordOB3, keywordOB2)
}

func firstOf(have *chunk, c chunk) *chunk {
	if have != nil {
		return have
	}
	return &c
}

func fromITXt(c chunk, v Version, l Limits) (Payload, error) {
	text, err := iTXtText(c, v.keyword())
	if err != nil {
		return Payload{}, err
	}
	if err := checkPayloadLen(len(text), l); err != nil {
		return Payload{}, err
	}
	return fromText(v, text, fmt.Sprintf("png: %v: iTXt %q", c, v.keyword()))
}

func checkPayloadLen(n int, l Limits) error {
	if n > l.MaxPayloadBytes {
		return fmt.Errorf("%w: baked credential is %d bytes, limit %d", ErrTooLarge, n, l.MaxPayloadBytes)
	}
	return nil
}
