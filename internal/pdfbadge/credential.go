// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"encoding/json"

	"github.com/akashi-badges/akashi/internal/jose"
)

// CredentialNames are the attachment names a certificate's credential may
// have, in the order [Primary] prefers them: OB 3.0 with a Data Integrity
// proof, OB 3.0 VC-JWT, OB 2.0 signed, OB 2.0 hosted.
var CredentialNames = []string{"credential.json", "credential.jwt", "assertion.jws", "assertion.json"}

// ReceiptName is the attachment holding the primary credential's
// transparency-log receipt (C2SP tlog-proof), when the issuer has one.
const ReceiptName = "receipt.tlog"

// Receipt returns the receipt attachment, or nil.
func Receipt(atts []Attachment) *Attachment {
	for i := range atts {
		if atts[i].Name == ReceiptName {
			return &atts[i]
		}
	}
	return nil
}

// Primary returns the attachment that holds the certificate's credential
// (the first of [CredentialNames] present), or nil.
func Primary(atts []Attachment) *Attachment {
	for _, name := range CredentialNames {
		for i := range atts {
			if atts[i].Name == name {
				return &atts[i]
			}
		}
	}
	return nil
}

// CredentialID returns the id a credential states of itself: the "id" of
// a JSON credential or assertion, or of the payload of a compact JWS (the
// "vc" claim's id, or "jti", for a VC 1.1 JWT). It returns "" when there
// is none or the data cannot be read.
func CredentialID(data []byte) string {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] != '{' {
		jws, err := jose.Parse(string(data))
		if err != nil {
			return ""
		}
		data = jws.Payload
	}
	var m struct {
		ID  string `json:"id"`
		JTI string `json:"jti"`
		VC  *struct {
			ID string `json:"id"`
		} `json:"vc"`
	}
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	switch {
	case m.ID != "":
		return m.ID
	case m.VC != nil && m.VC.ID != "":
		return m.VC.ID
	}
	return m.JTI
}
