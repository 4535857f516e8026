// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/jose"
)

func TestRenderShowsTheAward(t *testing.T) {
	in := testInput(t)
	pdf, err := Render(in)
	if err != nil {
		t.Fatalf("Render = %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Fatalf("Render output is not a PDF: %q…", pdf[:min(20, len(pdf))])
	}
	var content []byte
	for _, s := range streams(t, pdf) {
		if bytes.Contains(s, []byte(" Tj ET")) || bytes.Contains(s, []byte(")Tj ET")) {
			content = append(content, s...)
		}
	}
	for _, s := range []string{in.RecipientName, in.BadgeNameJA, in.BadgeNameEN, in.IssuerName, "2026年4月1日", "2029年3月31日", "/v/0b8c4c3e-3d0c"} {
		if !bytes.Contains(content, pdfText(s)) {
			t.Errorf("the page does not show %q", s)
		}
	}
	if !bytes.Contains(pdf, []byte("/Creator ("+Creator+")")) {
		t.Errorf("no /Creator %q", Creator)
	}
	atts, seal, err := Open(pdf)
	if err != nil || seal != nil {
		t.Fatalf("Open(unsealed) = %v, seal %v", err, seal)
	}
	if len(atts) != 1 || atts[0].Name != "credential.json" || string(atts[0].Data) != testCredential {
		t.Errorf("Open attachments = %+v, want credential.json byte for byte", atts)
	}
}

// TestRenderDeterministic pins the output: the same input gives the same
// bytes, and the golden digest of the page (its content stream, which
// depends on the font's metrics) is checked when the font is the one the
// golden file was made with. Run with -update to rewrite it.
func TestRenderDeterministic(t *testing.T) {
	in := testInput(t)
	a, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Render(in)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same input differ")
	}
	in.Lang = "en"
	c, _ := Render(in)
	if bytes.Equal(a, c) {
		t.Error("the English certificate is the Japanese one")
	}
	fontSum := sha256.Sum256(in.Font)
	var page []byte
	for _, s := range streams(t, a) {
		if bytes.Contains(s, []byte("Tj ET")) {
			page = s
			break
		}
	}
	pageSum := sha256.Sum256(page)
	got := fmt.Sprintf("font %x\npage %x\n", fontSum, pageSum)
	golden := filepath.Join("testdata", "page.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if wantFont, _, _ := strings.Cut(string(want), "\n"); wantFont != fmt.Sprintf("font %x", fontSum) {
		t.Skipf("the golden page was made with another font (%s)", wantFont)
	}
	if got != string(want) {
		t.Errorf("page differs from %s:\n got %s\nwant %s", golden, got, want)
	}
}

// TestRenderSVGBadge: an SVG badge is rasterised and drawn like a PNG.
func TestRenderSVGBadge(t *testing.T) {
	in := testInput(t)
	in.Image, in.ImageType = testSVG(t), "image/svg+xml"
	pdf, err := Render(in)
	if err != nil {
		t.Fatalf("Render(svg badge) = %v", err)
	}
	if n := bytes.Count(pdf, []byte("/Subtype /Image")); n != 2 {
		t.Errorf("%d images in the PDF, want 2 (the badge and the QR code)", n)
	}
	if !bytes.Contains(pdf, []byte("/Width 600\n")) || !bytes.Contains(pdf, []byte("/Height 600\n")) {
		t.Errorf("no 600×600 image in the PDF")
	}
}

// TestRenderBrokenSVGBadge: an SVG the rasteriser cannot draw leaves the
// badge out, and the certificate is still made.
func TestRenderBrokenSVGBadge(t *testing.T) {
	for name, svg := range map[string]string{
		"empty":      `<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"not XML":    "<svg <<",
		"panics":     `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect width="5" height="5" fill="hsl(10,,)"/></svg>`,
		"recursive":  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><defs><g id="a"><use href="#a"/></g></defs><use href="#a"/></svg>`,
		"over 1 MiB": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">` + strings.Repeat(" ", maxSVGBytes) + `</svg>`,
	} {
		in := testInput(t)
		in.Image, in.ImageType = []byte(svg), "image/svg+xml"
		pdf, err := Render(in)
		if err != nil {
			t.Errorf("%s: Render = %v", name, err)
			continue
		}
		if n := bytes.Count(pdf, []byte("/Subtype /Image")); n != 1 {
			t.Errorf("%s: %d images in the PDF, want 1 (the QR code)", name, n)
		}
	}
}

func TestRenderRefusesBadInput(t *testing.T) {
	for name, change := range map[string]func(*Input){
		"no font":      func(in *Input) { in.Font = nil },
		"no recipient": func(in *Input) { in.RecipientName = " " },
		"no name":      func(in *Input) { in.BadgeNameJA, in.BadgeNameEN = "", "" },
		"no url":       func(in *Input) { in.VerifyURL = "" },
		"bad png":      func(in *Input) { in.Image = []byte("\x89PNG nope") },
		"bad font":     func(in *Input) { in.Font = []byte("not a font") },
	} {
		in := testInput(t)
		change(&in)
		if _, err := Render(in); !errors.Is(err, ErrInput) {
			t.Errorf("%s: Render = %v, want ErrInput", name, err)
		}
	}
}

func TestSealOpen(t *testing.T) {
	pdf := sealed(t)
	atts, seal, err := Open(pdf)
	if err != nil || seal == nil {
		t.Fatalf("Open(sealed) = %v, seal %v", err, seal)
	}
	if seal.Err != nil || !seal.Intact || seal.Kid != testKid || seal.CredentialID != testCredentialID {
		t.Fatalf("seal = %+v", seal)
	}
	if err := seal.Verify(testKey().Public()); err != nil {
		t.Errorf("Verify(issuer key) = %v", err)
	}
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, 32))
	if err := seal.Verify(other.Public()); !errors.Is(err, jose.ErrSignature) {
		t.Errorf("Verify(another key) = %v, want jose.ErrSignature", err)
	}
	if len(atts) != 1 || string(atts[0].Data) != testCredential {
		t.Errorf("attachments = %+v", atts)
	}
	if _, err := Seal(pdf, testKey(), testKid, testCredentialID); !errors.Is(err, ErrNotPDF) {
		t.Errorf("Seal(sealed) = %v, want ErrNotPDF", err)
	}
	// The file still ends the way PDF readers look for.
	if xref, ok := trailerXref(pdf); !ok || !bytes.HasPrefix(pdf[xref:], []byte("xref\n")) {
		t.Errorf("the sealed file's startxref does not point at the xref table")
	}
}

func TestSealDetectsChanges(t *testing.T) {
	pdf := sealed(t)
	sealAt := bytes.LastIndex(pdf, []byte(sealPrefix))
	attAt := bytes.Index(pdf, []byte("/Type /EmbeddedFile"))
	pageAt := bytes.Index(pdf, []byte("/Filter /FlateDecode /Length"))
	for name, change := range map[string]func([]byte) []byte{
		"page byte":        func(b []byte) []byte { b[pageAt+60] ^= 1; return b },
		"attachment byte":  func(b []byte) []byte { b[attAt+150] ^= 1; return b },
		"header":           func(b []byte) []byte { b[5] = '2'; return b },
		"truncated":        func(b []byte) []byte { return b[:len(b)-20] },
		"seal removed":     func(b []byte) []byte { return b[:sealAt] },
		"appended":         func(b []byte) []byte { return append(b, "% more\n"...) },
		"appended update":  func(b []byte) []byte { return append(b, "1 0 obj\n<<>>\nendobj\nstartxref\n9\n%%EOF\n"...) },
		"seal byte":        func(b []byte) []byte { b[sealAt+40] ^= 1; return b },
		"repeated trailer": func(b []byte) []byte { b[len(b)-8] ^= 1; return b },
	} {
		b := change(bytes.Clone(pdf))
		_, seal, _ := Open(b)
		if name == "seal removed" {
			if seal != nil {
				t.Errorf("%s: Open found a seal %+v", name, seal)
			}
			continue
		}
		if seal == nil {
			t.Errorf("%s: no seal found", name)
			continue
		}
		if err := seal.Verify(testKey().Public()); err == nil {
			t.Errorf("%s: the seal still verifies", name)
		}
	}
}

func TestOpenLimits(t *testing.T) {
	if _, _, err := Open(append([]byte("%PDF-1.7\n"), make([]byte, MaxSize)...)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Open(huge) = %v, want ErrTooLarge", err)
	}
	if _, _, err := Open([]byte("not a pdf")); !errors.Is(err, ErrNotPDF) {
		t.Errorf("Open(text) = %v, want ErrNotPDF", err)
	}
	// A bomb: a stream that claims little and inflates to much.
	bomb := synthetic(bytes.Repeat([]byte{'a'}, 10<<20), 100)
	if _, _, err := Open(bomb); !errors.Is(err, ErrMalformed) {
		t.Errorf("Open(bomb) = %v, want ErrMalformed", err)
	}
	huge := synthetic([]byte("x"), MaxAttachmentSize+1)
	if _, _, err := Open(huge); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Open(huge attachment) = %v, want ErrTooLarge", err)
	}
	many := []byte("%PDF-1.7\n")
	for range MaxAttachments + 1 {
		many = append(many, synthetic([]byte("{}"), 2)[9:]...)
	}
	if _, _, err := Open(many); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Open(many attachments) = %v, want ErrTooLarge", err)
	}
}

func TestFindFont(t *testing.T) {
	if _, err := FindFont(filepath.Join(t.TempDir(), "none.ttf")); !errors.Is(err, ErrNoFont) {
		t.Errorf("FindFont(missing) = %v, want ErrNoFont", err)
	}
}
