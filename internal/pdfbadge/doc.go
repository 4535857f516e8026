// SPDX-License-Identifier: Apache-2.0

// Package pdfbadge renders an award as a printable A4 PDF certificate and
// reads such a certificate back. It knows nothing of the application: the
// caller gives the texts, the badge image, the signed credential and a
// TrueType font; the package gives bytes.
//
// # The certificate
//
// [Render] draws the badge image (PNG, or SVG rasterised at 600 pixels on
// its longer side: shapes, paths, strokes, transforms and gradients, but
// not text, clipping, masks or filters; an SVG that cannot be read or
// costs too much to draw leaves its place empty and the certificate is
// made all the same), the recipient's name, the badge's name and
// description in Japanese and English as given, the issuer, the dates, a
// summary of the criteria and a QR code of the verification URL, and embeds
// the signed credential as document attachments (PDF 1.7 §7.11.4, embedded
// file streams): credential.json, credential.jwt, assertion.json or
// assertion.jws, whichever the award was issued as. Text is set in one
// TrueType font that covers Japanese (IPAex Gothic by default, see
// [FindFont]), embedded as a subset. The output is a pure function of the
// input, creation date included, so a golden test can pin it.
//
// # The seal
//
// An ordinary PDF signature (PKCS #7, ISO 32000 §12.8) needs an X.509
// certificate per organisation. Until issuers have one, [Seal] appends, in
// the manner of an incremental update that adds no objects, a comment line
// and a repeated file trailer:
//
//	%AKASHI-SEAL <compact JWS>
//	startxref
//	<the byte offset of the original cross-reference table>
//	%%EOF
//
// PDF readers skip the comment and find the same cross-reference table
// through the repeated startxref, so the file opens as before. The JWS is
// signed with the organisation's Ed25519 key (alg EdDSA, kid the issuer's
// verification method, typ "akashi-pdf-seal+jwt"); its payload is
//
//	{"sha256":"<hex SHA-256 of every byte before the % of the seal line>",
//	 "len":<the number of those bytes>, "cid":"<the credential's id>"}
//
// A verifier ([Open], then [SealInfo.Verify] with the issuer's key) checks
// that the seal is the exact end of the file, that the digest covers every
// byte before it, and that the credential attached is the one named. Any
// change to the page, the attachments or the trailer, bytes appended
// after the seal or a truncated file is therefore detected. Removing the
// seal line leaves a PDF that reads as unsealed (made elsewhere); the
// certificate names its producer as [Creator], so a verifier can report
// an Akashi certificate without its seal as changed.
//
// # Reading
//
// [Open] is not a general PDF parser: it reads only what [Render] writes
// (file specifications naming Flate-compressed embedded file streams), with
// limits on the file size, the number of attachments and each attachment's
// inflated size, so a hostile or huge PDF costs bounded memory and time.
package pdfbadge
