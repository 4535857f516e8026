// SPDX-License-Identifier: Apache-2.0

package pdfedit_test

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/pdfbadge"
	"github.com/akashi-badges/akashi/internal/pdfbadge/pdfedit"
)

func TestReplaceText(t *testing.T) {
	p, err := pdfbadge.FindFont(os.Getenv("AKASHI_PDF_FONT"))
	var font []byte
	if err == nil {
		font, err = os.ReadFile(p)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no font under CI: %v", err)
		}
		t.Skipf("no Japanese font: %v", err)
	}
	const cid = "urn:uuid:0b8c4c3e-3d0c-4f7b-9a51-6a1d5f1f2e3a"
	pdf, err := pdfbadge.Render(pdfbadge.Input{
		Lang: "ja", RecipientName: "山田　太郎", BadgeNameJA: "情報セキュリティ基礎", IssuerName: "明石大学",
		IssuedOn: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), VerifyURL: "https://badges.example/v/x?d=0123456789abcdef",
		CredentialID: cid, Attachments: []pdfbadge.Attachment{{Name: "credential.json", Data: []byte(`{"id":"` + cid + `"}`)}},
		Font: font,
	})
	if err != nil {
		t.Fatal(err)
	}
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, 32))
	sealed, err := pdfbadge.Seal(pdf, key, "did:key:x#x", cid)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pdfedit.ReplaceText(sealed, "山田　次郎", "x"); err == nil {
		t.Error("ReplaceText of text the page does not show succeeded")
	}
	edited, err := pdfedit.ReplaceText(sealed, "山田　太郎", "山田　太朗")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(edited, sealed) || !bytes.Contains(edited[len(sealed):], pdfedit.Text("山田　太朗")) ||
		!bytes.Contains(edited[len(sealed):], []byte("/Prev ")) || !bytes.HasSuffix(edited, []byte("%%EOF\n")) {
		t.Errorf("not an incremental update with the new text:\n%s", edited[len(sealed):])
	}
	atts, seal, err := pdfbadge.Open(edited)
	if err != nil || len(atts) != 1 || seal == nil || seal.Verify(key.Public()) == nil {
		t.Errorf("Open(edited) = %d attachments, seal %+v, %v; want the attachment and a broken seal", len(atts), seal, err)
	}
}
