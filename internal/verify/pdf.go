// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/akashi-badges/akashi/internal/jose"
	"github.com/akashi-badges/akashi/internal/pdfbadge"
	"github.com/akashi-badges/akashi/internal/report"
)

// Values of the "problem" parameter of a pdf check that is not a pass.
const (
	PDFChanged         = "changed"          // a byte was changed, added or removed after sealing
	PDFTruncated       = "truncated"        // the file is cut short
	PDFSealRemoved     = "seal-removed"     // an Akashi certificate without its seal
	PDFNoSeal          = "no-seal"          // a PDF made elsewhere: nothing seals the page
	PDFOtherCredential = "other-credential" // the seal names another credential
	PDFOtherKey        = "other-key"        // sealed with a key that is not the issuer's
	PDFKey             = "key"              // the seal's key could not be found
)

// pdfChanged is the plain message of a PDF that is not what the issuer made.
const pdfChanged = "This PDF was changed after it was issued"

// PDFCredential returns the credential attached to a PDF certificate (see
// [pdfbadge.Primary]), or false when there is none or it cannot be read.
func PDFCredential(pdf []byte) ([]byte, bool) {
	atts, _, err := pdfbadge.Open(pdf)
	a := pdfbadge.Primary(atts)
	if err != nil || a == nil {
		return nil, false
	}
	return a.Data, true
}

// verifyPDF checks a PDF certificate: the credential attached to it like
// any other, then the seal over the whole file (check "pdf").
func (v *Verifier) verifyPDF(ctx context.Context, input []byte, r *report.Report) {
	atts, seal, err := pdfbadge.Open(input)
	cred := pdfbadge.Primary(atts)
	switch {
	case err != nil && !errors.Is(err, pdfbadge.ErrMalformed):
		r.Add("format", report.Fail, "This PDF cannot be read: "+err.Error())
		return
	case err != nil:
		r.Add("format", report.Fail, "The credential attached to this PDF cannot be read: "+err.Error())
	case cred == nil:
		r.Add("format", report.Fail, "This PDF carries no Open Badge: no credential.json, credential.jwt, assertion.jws or assertion.json is attached.")
	default:
		v.verifyData(ctx, cred.Data, "PDF", r)
	}
	v.checkSeal(ctx, input, seal, cred, r)
	// The certificate's own receipt proves its credential in the issuer's
	// transparency log.
	if rc := pdfbadge.Receipt(atts); rc != nil && cred != nil {
		v.checkLog(ctx, cred.Data, rc.Data, "", r)
	}
}

// checkSeal adds the pdf check: the seal verifies with the issuer's key,
// names the attached credential and covers exactly the bytes before it.
func (v *Verifier) checkSeal(ctx context.Context, input []byte, seal *pdfbadge.SealInfo, cred *pdfbadge.Attachment, r *report.Report) {
	fail := func(problem, msg string) {
		r.Add("pdf", report.Fail, msg).Params = map[string]string{"problem": problem}
	}
	switch {
	case seal == nil && !bytes.HasSuffix(bytes.TrimRight(input, "\r\n"), []byte("%%EOF")):
		fail(PDFTruncated, pdfChanged+": the file is cut short.")
		return
	case seal == nil && bytes.Contains(input, []byte("/Creator ("+pdfbadge.Creator+")")):
		fail(PDFSealRemoved, pdfChanged+": its seal was removed.")
		return
	case seal == nil:
		r.Add("pdf", report.Warn, "This PDF carries no issuer's seal (it was not made by Akashi), so only the attached credential was verified, not the printed page.").Params = map[string]string{"problem": PDFNoSeal}
		return
	case seal.Err != nil || !seal.Intact:
		fail(PDFChanged, pdfChanged+".")
		return
	case cred == nil:
		fail(PDFChanged, pdfChanged+": the sealed credential cannot be read.")
		return
	}
	if id := pdfbadge.CredentialID(cred.Data); id != seal.CredentialID {
		fail(PDFOtherCredential, fmt.Sprintf("The seal of this PDF is for the credential %s, not for the attached %s.", seal.CredentialID, id))
		return
	}
	key, err := v.keys.Resolve(ctx, seal.Kid)
	if err != nil {
		r.Add("pdf", report.Warn, fmt.Sprintf("The key %s that sealed this PDF could not be found, so the printed page was not checked: %v", seal.Kid, err)).Params = map[string]string{"problem": PDFKey}
		return
	}
	if err := seal.Verify(key.Public); err != nil {
		fail(PDFChanged, pdfChanged+" (its seal does not match).")
		return
	}
	doc := credentialDoc(cred.Data)
	issuer := issuerID(doc)
	switch {
	case isOB2(doc):
		r.Add("pdf", report.Warn, fmt.Sprintf("The PDF is unchanged since it was sealed with the key %s, but an Open Badges 2.0 issuer cannot be tied to that key.", seal.Kid)).Params = map[string]string{"problem": PDFOtherKey}
	case key.Controller == "" || key.Controller != issuer:
		fail(PDFOtherKey, fmt.Sprintf("This PDF was sealed with the key %s, which is not the issuer's (%s).", seal.Kid, issuer))
	default:
		r.Add("pdf", report.Pass, "The PDF is exactly as the issuer produced it: its seal, made with the issuer's key, covers every byte of the file.")
	}
}

// credentialDoc reads a JSON credential, or the payload of a compact JWS
// (the "vc" claim of a VC 1.1 JWT), as a JSON object; nil if it cannot.
func credentialDoc(data []byte) map[string]any {
	data = bytes.TrimSpace(data)
	if isCompactJWS(data) {
		jws, err := jose.Parse(string(data))
		if err != nil {
			return nil
		}
		data = jws.Payload
	}
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	if vc, ok := m["vc"].(map[string]any); ok {
		return vc
	}
	return m
}
