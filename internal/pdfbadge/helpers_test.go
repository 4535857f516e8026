// SPDX-License-Identifier: Apache-2.0

package pdfbadge

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"sync"
	"testing"
	"time"
)

var (
	fontOnce  sync.Once
	fontBytes []byte
	fontErr   error
)

// testFont returns the system's Japanese font, or skips the test saying
// why (fails instead under CI=true, where .ci/run installs it).
func testFont(t testing.TB) []byte {
	t.Helper()
	fontOnce.Do(func() {
		var p string
		if p, fontErr = FindFont(os.Getenv("AKASHI_PDF_FONT")); fontErr == nil {
			fontBytes, fontErr = os.ReadFile(p)
		}
	})
	if fontErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no font under CI: %v", fontErr)
		}
		t.Skipf("no Japanese font on this machine: %v", fontErr)
	}
	return fontBytes
}

func testPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range 64 {
		img.Set(i, i, color.RGBA{200, 20, 40, 255})
		img.Set(63-i, i, color.RGBA{20, 20, 200, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

const (
	testCredential   = `{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:0b8c4c3e-3d0c-4f7b-9a51-6a1d5f1f2e3a","name":"情報セキュリティ基礎"}`
	testCredentialID = "urn:uuid:0b8c4c3e-3d0c-4f7b-9a51-6a1d5f1f2e3a"
	testKid          = "did:key:z6MkExample#z6MkExample"
)

func testInput(t testing.TB) Input {
	expires := time.Date(2029, 3, 31, 0, 0, 0, 0, time.UTC)
	return Input{
		Lang:          "ja",
		RecipientName: "山田　太郎",
		BadgeNameJA:   "情報セキュリティ基礎", BadgeNameEN: "Information Security Basics",
		DescriptionJA: "情報セキュリティの基礎を修めた。", DescriptionEN: "Completed the basics of information security.",
		IssuerName: "明石大学 (Akashi University)",
		IssuedOn:   time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC), Expires: &expires,
		Criteria:    "演習に合格すること。Pass the exercises.",
		CriteriaURL: "https://example.ac.jp/criteria",
		Image:       testPNG(), ImageType: "image/png",
		VerifyURL:    "https://badges.example.ac.jp/v/0b8c4c3e-3d0c-4f7b-9a51-6a1d5f1f2e3a?d=0123456789abcdef",
		CredentialID: testCredentialID,
		Attachments:  []Attachment{{Name: "credential.json", Data: []byte(testCredential)}},
		Font:         testFont(t),
	}
}

func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
}

// sealed renders and seals the test certificate.
func sealed(t testing.TB) []byte {
	t.Helper()
	pdf, err := Render(testInput(t))
	if err != nil {
		t.Fatalf("Render = %v", err)
	}
	out, err := Seal(pdf, testKey(), testKid, testCredentialID)
	if err != nil {
		t.Fatalf("Seal = %v", err)
	}
	return out
}

// streams returns every Flate stream of pdf, inflated.
func streams(t testing.TB, pdf []byte) [][]byte {
	var out [][]byte
	for rest := pdf; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			return out
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			return out
		}
		if zr, err := zlib.NewReader(bytes.NewReader(rest[:j])); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				out = append(out, b)
			}
		}
		rest = rest[j+len("\nendstream"):]
	}
}

// pdfText is how the writer puts s in a content stream with a TrueType
// font: UTF-16BE, with \, ( and ) escaped.
func pdfText(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xFFFF {
			panic("test text outside the BMP")
		}
		for _, c := range []byte{byte(r >> 8), byte(r)} {
			if c == '\\' || c == '(' || c == ')' {
				b = append(b, '\\')
			}
			if c == '\r' {
				b = append(b, '\\')
				c = 'r'
			}
			b = append(b, c)
		}
	}
	return b
}
