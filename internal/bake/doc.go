// SPDX-License-Identifier: Apache-2.0

// Package bake puts Open Badges credentials into PNG and SVG images
// ("baking") and takes them out again, following the Open Badges 2.0 Baking
// Specification (https://www.imsglobal.org/spec/ob/v2p0/baking/) and Open
// Badges 3.0 §"File formats" (https://www.imsglobal.org/spec/ob/v3p0/,
// anchors #png-baking, #png-extracting, #svg-baking).
//
// # Payload
//
// A baked credential is UTF-8 text: either the credential JSON (OB 2.0
// hosted assertion, OB 3.0 credential with an embedded Data Integrity proof)
// or a compact JWS (OB 2.0 signed assertion, OB 3.0 VC-JWT). [Payload]
// carries it with its [Version].
//
// # PNG
//
// The credential is an iTXt chunk (PNG 1.2 §4.2.3.3) whose keyword is
// "openbadges" (OB 2.0) or "openbadgecredential" (OB 3.0). Compression is
// not used, and the language tag and translated keyword are empty, so the
// chunk data is
//
//	keyword NUL 0x00 (flag) 0x00 (method) NUL NUL text
//
// Only one such chunk may be present. [BakePNG] inserts it just before IEND
// (the specifications leave the position open) after removing every
// tEXt, zTXt or iTXt chunk with either keyword, so re-baking replaces.
// [Unbake] takes the first openbadgecredential iTXt, else the first
// openbadges iTXt, else a legacy OB 0.5/1.0 tEXt "openbadges" chunk, which
// holds only the URL of a hosted assertion.
//
// Compressed credential chunks (zTXt, iTXt with flag 1) are refused with
// [ErrUnsupported] instead of being inflated: both specifications forbid
// compression, and refusing means extraction never produces more bytes than
// it was given.
//
// Every chunk's length and CRC-32 is checked, IHDR must come first with
// non-zero dimensions inside [Limits], and IEND must end the stream.
// Pixel data is never decompressed, so a small file declaring a huge image
// is refused from its header alone.
//
// # SVG
//
// The root <svg> element declares the prefix "openbadges" for
// http://openbadges.org (OB 2.0) or https://purl.imsglobal.org/ob/v3p0
// (OB 3.0), and its first child is the credential element:
//
//	OB 2.0 signed:   <openbadges:assertion verify="JWS"/>
//	OB 2.0 hosted:   <openbadges:assertion verify="URL"><![CDATA[JSON]]></openbadges:assertion>
//	OB 3.0 JWT:      <openbadges:credential verify="JWS"/>
//	OB 3.0 embedded: <openbadges:credential><![CDATA[JSON]]></openbadges:credential>
//
// For a hosted OB 2.0 assertion, verify is the assertion's id
// ([Payload.HostedURL]). Exactly one such element may be present: [BakeSVG]
// removes any existing one, of either version, and [Unbake] takes the first
// one of either version in document order. A payload containing "]]>" is split over two CDATA
// sections, and a carriage return is written as &#13; between sections so
// that XML line-end handling leaves it intact.
//
// Documents are read with encoding/xml one token at a time; nothing is
// re-serialised. Baking edits the original bytes at token offsets: it
// rewrites the root start tag's namespace declaration, inserts the element
// after it and cuts out any existing credential elements.
//
// # Untrusted input
//
// Images come from issuers and from anyone who asks for a badge to be
// verified. DOCTYPE and entity declarations are refused in every SVG
// ([ErrHostile]), which rules out external entities and entity expansion
// bombs; encoding/xml never fetches or expands anything itself. A baked
// SVG is served from our origin, so [BakeSVG] also refuses active content
// and external references (see its documentation). [Unbake] only extracts
// and does not require the rest of the document to be safe.
//
// All work is bounded by [Limits]: file size, PNG dimensions, payload size,
// and a fixed SVG nesting depth.
package bake

//go:generate go run testdata/gen.go
