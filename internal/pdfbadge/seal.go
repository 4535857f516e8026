// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/akashi-badges/akashi/internal/jose"
)

// SealType is the JWS typ header of a seal.
const SealType = "akashi-pdf-seal+jwt"

// sealPrefix starts the seal line.
const sealPrefix = "%AKASHI-SEAL "

// maxSealLine bounds the seal line, JWS included.
const maxSealLine = 4096

// Errors of [Seal] and [SealInfo.Verify].
var (
	// ErrNotPDF reports input that does not start with %PDF- or does not
	// end like a PDF file written by [Render].
	ErrNotPDF = errors.New("pdfbadge: not a PDF file")
	// ErrSealBroken reports a seal that is malformed, not the exact end
	// of the file, or does not cover the bytes before it.
	ErrSealBroken = errors.New("pdfbadge: the seal does not match the file")
)

// sealPayload is what the seal's JWS signs.
type sealPayload struct {
	SHA256 string `json:"sha256"`
	Len    int    `json:"len"`
	CID    string `json:"cid"`
}

// Seal appends the seal (see the package documentation) to a PDF that
// [Render] wrote: signer must be an Ed25519 key, kid the verification
// method that names it, credentialID the id of the attached credential.
// It returns [ErrNotPDF] for a PDF that does not end with the trailer
// Render writes, or one that is already sealed.
func Seal(pdf []byte, signer crypto.Signer, kid, credentialID string) ([]byte, error) {
	if _, ok := signer.Public().(ed25519.PublicKey); !ok {
		return nil, fmt.Errorf("pdfbadge: the seal is signed with an Ed25519 key")
	}
	xref, ok := trailerXref(pdf)
	if !ok || !bytes.HasPrefix(pdf, []byte("%PDF-")) || bytes.Contains(pdf, []byte(sealPrefix)) {
		return nil, ErrNotPDF
	}
	sum := sha256.Sum256(pdf)
	payload, err := json.Marshal(sealPayload{SHA256: hex.EncodeToString(sum[:]), Len: len(pdf), CID: credentialID})
	if err != nil {
		return nil, err
	}
	jws, err := jose.Sign(payload, jose.Header{Kid: kid, Typ: SealType}, signer)
	if err != nil {
		return nil, fmt.Errorf("pdfbadge: seal: %w", err)
	}
	out := make([]byte, 0, len(pdf)+len(jws)+64)
	out = append(out, pdf...)
	out = append(out, sealPrefix...)
	out = append(out, jws...)
	out = append(out, "\nstartxref\n"...)
	out = strconv.AppendInt(out, int64(xref), 10)
	out = append(out, "\n%%EOF\n"...)
	return out, nil
}

// trailerXref reads the startxref offset of a file ending
// "startxref\n<offset>\n%%EOF\n", the way the PDF writer ends it.
func trailerXref(pdf []byte) (int, bool) {
	const end = "\n%%EOF\n"
	if !bytes.HasSuffix(pdf, []byte(end)) {
		return 0, false
	}
	body := pdf[:len(pdf)-len(end)]
	i := bytes.LastIndexByte(body, '\n')
	if i < 0 || !bytes.HasSuffix(body[:i], []byte("\nstartxref")) {
		return 0, false
	}
	n, err := strconv.Atoi(string(body[i+1:]))
	if err != nil || n <= 0 || n >= len(pdf) || len(body)-i > 12 {
		return 0, false
	}
	return n, true
}

// SealInfo is the seal [Open] found at the end of a PDF.
type SealInfo struct {
	// Err is nil for a well-formed seal that is the exact end of the file,
	// else why not (wrapping [ErrSealBroken]); the other fields are then
	// as far as they could be read.
	Err error
	// Kid names the key that signed the seal: the issuer's verification
	// method.
	Kid string
	// CredentialID is the id of the credential the seal names.
	CredentialID string
	// Intact is true when the SHA-256 digest and the length in the seal
	// are those of the bytes before it. It says nothing of who signed:
	// see [SealInfo.Verify].
	Intact bool

	jws *jose.JWS
}

// Verify checks the seal's signature with the issuer's public key, and
// that it covers exactly the bytes before it. It returns nil when both
// hold, an error wrapping [ErrSealBroken] when the file was changed, and
// the [jose] error when the signature does not verify with pub.
func (s *SealInfo) Verify(pub crypto.PublicKey) error {
	if s.Err != nil {
		return s.Err
	}
	if err := s.jws.Verify(pub); err != nil {
		return err
	}
	if !s.Intact {
		return fmt.Errorf("%w: the bytes before the seal are not those it was made over", ErrSealBroken)
	}
	return nil
}

// readSeal finds and checks the seal block at the end of pdf. It returns
// nil when pdf has no seal line.
func readSeal(pdf []byte) *SealInfo {
	i := bytes.LastIndex(pdf, []byte("\n"+sealPrefix))
	if i < 0 {
		if bytes.Contains(pdf, []byte(sealPrefix)) {
			return &SealInfo{Err: fmt.Errorf("%w: the seal line is misplaced", ErrSealBroken)}
		}
		return nil
	}
	covered := pdf[:i+1]
	s := &SealInfo{}
	line, tail, ok := bytes.Cut(pdf[i+1+len(sealPrefix):], []byte("\n"))
	if !ok || len(line) > maxSealLine {
		s.Err = fmt.Errorf("%w: the seal line is cut short or too long", ErrSealBroken)
		return s
	}
	// The repeated trailer points at the original cross-reference table.
	xref, okXref := trailerXref(covered)
	want := "startxref\n" + strconv.Itoa(xref) + "\n%%EOF\n"
	if !okXref || string(tail) != want {
		s.Err = fmt.Errorf("%w: the file does not end with the seal (bytes were added, removed or changed after it)", ErrSealBroken)
		return s
	}
	jws, err := jose.Parse(string(line))
	if err != nil || jws.Header.Typ != SealType {
		s.Err = fmt.Errorf("%w: the seal is not a valid JWS of type %s", ErrSealBroken, SealType)
		return s
	}
	var p sealPayload
	if err := json.Unmarshal(jws.Payload, &p); err != nil {
		s.Err = fmt.Errorf("%w: the seal's payload cannot be read", ErrSealBroken)
		return s
	}
	s.jws, s.Kid, s.CredentialID = jws, jws.Header.Kid, p.CID
	sum := sha256.Sum256(covered)
	claimed, err := hex.DecodeString(p.SHA256)
	s.Intact = err == nil && p.Len == len(covered) && subtle.ConstantTimeCompare(claimed, sum[:]) == 1
	return s
}
