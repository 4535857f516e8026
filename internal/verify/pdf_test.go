// SPDX-License-Identifier: Apache-2.0

package verify

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/pdfbadge"
	"github.com/akashi-badges/akashi/internal/report"
)

// pdfFont returns the system's Japanese font or skips (fails under CI).
func pdfFont(t *testing.T) []byte {
	t.Helper()
	p, err := pdfbadge.FindFont(os.Getenv("AKASHI_PDF_FONT"))
	if err == nil {
		var b []byte
		if b, err = os.ReadFile(p); err == nil {
			return b
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("no font under CI: %v", err)
	}
	t.Skipf("no Japanese font on this machine: %v", err)
	return nil
}

// certificate renders a certificate for a signed credential; sealed with
// the issuer's key unless seal is false.
func certificate(t *testing.T, iss *issuer, seal bool) []byte {
	t.Helper()
	m := credential(t, iss, nil)
	cred := signDI(t, iss, m)
	pdf, err := pdfbadge.Render(pdfbadge.Input{
		Lang: "ja", RecipientName: "山田　太郎", BadgeNameJA: "情報セキュリティ基礎",
		IssuerName: "明石大学", IssuedOn: testNow.Add(-24 * time.Hour),
		VerifyURL:   "https://badges.example/v/x?d=0123456789abcdef",
		Attachments: []pdfbadge.Attachment{{Name: "credential.json", Data: cred}},
		Font:        pdfFont(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !seal {
		return pdf
	}
	id, _ := m["id"].(string)
	out, err := pdfbadge.Seal(pdf, iss.priv, iss.vm, id)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func pdfCheck(r *report.Report) (report.Status, string) {
	for _, c := range r.Checks {
		if c.ID == "pdf" {
			return c.Status, c.Params["problem"]
		}
	}
	return "", ""
}

func TestVerifyPDF(t *testing.T) {
	iss := keyIssuer(t)
	pdf := certificate(t, iss, true)
	v := offlineVerifier(t, nil)
	r := v.Verify(context.Background(), "badge.pdf", pdf)
	if st, _ := pdfCheck(r); st != report.Pass || r.Status("proof") != report.Pass || !r.Valid {
		t.Fatalf("Verify(sealed PDF): valid %v, pdf %q, proof %q; %+v", r.Valid, st, r.Status("proof"), r.Checks)
	}
	if r.Format != FormatOB3DI || !strings.Contains(r.Checks[0].Message, "PDF certificate") {
		t.Errorf("format %q, %q", r.Format, r.Checks[0].Message)
	}
	if got, ok := PDFCredential(pdf); !ok || !bytes.Contains(got, []byte(`"proof"`)) {
		t.Errorf("PDFCredential = %q, %v", got, ok)
	}
	// What the page shows next to the report: the attached credential's
	// own statements.
	cred, _ := PDFCredential(pdf)
	if got, want := v.Describe(context.Background(), pdf), v.Describe(context.Background(), cred); got == nil || want == nil || *got != *want || got.BadgeName == "" {
		t.Errorf("Describe(PDF) = %+v, want %+v", got, want)
	}
	if s := v.Describe(context.Background(), []byte("%PDF-1.4\n%%EOF\n")); s != nil {
		t.Errorf("Describe(PDF without a credential) = %+v", s)
	}
}

func TestVerifyPDFTampered(t *testing.T) {
	iss := keyIssuer(t)
	pdf := certificate(t, iss, true)
	page := bytes.Index(pdf, []byte("/Filter /FlateDecode /Length"))
	att := bytes.Index(pdf, []byte("/Type /EmbeddedFile"))
	sealAt := bytes.LastIndex(pdf, []byte("%AKASHI-SEAL"))
	other := keyIssuer(t)
	for _, tc := range []struct {
		name, problem string
		change        func([]byte) []byte
	}{
		{"visible text", PDFChanged, func(b []byte) []byte { b[page+80] ^= 0x01; return b }},
		{"attachment", PDFChanged, func(b []byte) []byte { b[att+200] ^= 0x01; return b }},
		{"truncated end", PDFChanged, func(b []byte) []byte { return b[:len(b)-10] }},
		{"truncated half", PDFTruncated, func(b []byte) []byte { return b[:len(b)/2] }},
		{"appended", PDFChanged, func(b []byte) []byte { return append(b, "%x\n"...) }},
		{"seal removed", PDFSealRemoved, func(b []byte) []byte { return b[:sealAt] }},
		{"sealed again by another key", PDFOtherKey, func(b []byte) []byte {
			out, err := pdfbadge.Seal(b[:sealAt], other.priv, other.vm, pdfbadge.CredentialID(mustCredential(t, b)))
			if err != nil {
				t.Fatal(err)
			}
			return out
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.change(bytes.Clone(pdf))
			r := offlineVerifier(t, nil).Verify(context.Background(), "badge.pdf", b)
			st, problem := pdfCheck(r)
			if st != report.Fail || problem != tc.problem || r.Valid {
				t.Errorf("pdf check %q (%q), valid %v; want fail (%q); %+v", st, problem, r.Valid, tc.problem, r.Checks)
			}
		})
	}
}

func mustCredential(t *testing.T, pdf []byte) []byte {
	c, ok := PDFCredential(pdf)
	if !ok {
		t.Fatal("no credential in the PDF")
	}
	return c
}

// A PDF made elsewhere: no seal and not an Akashi certificate. The
// credential is verified; the page is not, which is a warning.
func TestVerifyPDFWithoutSeal(t *testing.T) {
	iss := keyIssuer(t)
	pdf := certificate(t, iss, false)
	pdf = bytes.Replace(pdf, []byte(pdfbadge.Creator), []byte("Another PDF generator 1.0"), 1)
	r := offlineVerifier(t, nil).Verify(context.Background(), "badge.pdf", pdf)
	if st, problem := pdfCheck(r); st != report.Warn || problem != PDFNoSeal || !r.Valid {
		t.Errorf("pdf check %q (%q), valid %v; want warn, valid; %+v", st, problem, r.Valid, r.Checks)
	}
}

func TestVerifyPDFNotABadge(t *testing.T) {
	r := offlineVerifier(t, nil).Verify(context.Background(), "x.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	if r.Valid || r.Status("format") != report.Fail {
		t.Errorf("Verify(empty PDF) = %+v", r)
	}
}
