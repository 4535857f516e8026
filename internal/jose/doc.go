// SPDX-License-Identifier: Apache-2.0

// Package jose implements the compact serialization of JSON Web Signature
// (JWS, RFC 7515) and JSON Web Keys (JWK, RFC 7517, RFC 8037 for Ed25519),
// restricted to the three algorithms Akashi signs and verifies with:
//
//   - EdDSA: Ed25519 (RFC 8037 §3.1), key type "OKP", curve "Ed25519";
//   - ES256: ECDSA on P-256 with SHA-256 (RFC 7518 §3.4), key type "EC",
//     curve "P-256"; the signature is the 64-byte R || S concatenation, not
//     ASN.1 DER;
//   - RS256: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3), key type
//     "RSA", modulus of at least 2048 bits.
//
// # Compact form
//
// A compact JWS is three base64url strings joined by ".":
//
//	BASE64URL(header JSON) "." BASE64URL(payload) "." BASE64URL(signature)
//
// The signature covers the ASCII bytes of the first two parts and the dot
// between them (the "signing input"). [Parse] is strict: exactly three parts;
// base64url without padding, without white space and in its canonical form
// (no stray bits), so a parsed JWS re-serializes to the same string; a header
// that is a JSON object in valid UTF-8 with no duplicate member names and a
// string "alg"; "none" is refused; "crit" and "b64" (RFC 7797) are refused
// because no extension is understood; a "jwk" header must be a public key;
// the whole string is at most [MaxCompactSize] bytes.
//
// # Algorithm confusion
//
// The algorithm is taken from the header only to check it against the key:
// [JWS.Verify] derives the one algorithm a key may be used with
// ([AlgorithmFor]) and refuses the signature if the header names another one.
// An Ed25519 key therefore never verifies an ES256 or RS256 signature, and
// the other way round.
package jose
