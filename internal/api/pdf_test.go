// SPDX-License-Identifier: Apache-2.0

package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/pdfbadge"
	"github.com/akashi-badges/akashi/internal/qr"
)

// requireFont skips a test that renders PDFs on a machine without the
// font (fails under CI, where .ci/run installs it).
func requireFont(t *testing.T) {
	t.Helper()
	if _, err := pdfbadge.FindFont(os.Getenv("AKASHI_PDF_FONT")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no font under CI: %v", err)
		}
		t.Skipf("no Japanese font on this machine: %v", err)
	}
}

// TestAwardPDF: an issued award's certificate downloads as a sealed PDF
// that our verifier finds valid with a passing pdf check, and reports
// revoked once the award is; its QR code and short link lead to the
// verifier with the credential's digest.
func TestAwardPDF(t *testing.T) {
	requireFont(t)
	f, tok := newIssuingFixture(t)
	code, body := f.call(t, tok, "POST", "/api/v1/badges", map[string]any{
		"name_ja": "情報セキュリティ基礎", "name_en": "Information Security Basics",
		"description_ja": "情報セキュリティの基礎を修めた。", "criteria_narrative": "演習に合格すること。",
		"image": base64.StdEncoding.EncodeToString(pngImage(t)),
	})
	if code != 201 {
		t.Fatalf("create badge = %d %s", code, body)
	}
	var b badgeJSON
	json.Unmarshal(body, &b)
	code, body = f.call(t, tok, "POST", "/api/v1/awards", map[string]any{"badge_id": b.ID, "email": "yamada@example.ac.jp", "name": "山田　太郎"})
	if code != 201 {
		t.Fatalf("award = %d %s", code, body)
	}
	var aw awardJSON
	json.Unmarshal(body, &aw)

	get := func(u string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", u, nil)
		return f.do(t, req)
	}
	resp, pdf := get(aw.URL + "/badge.pdf")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("badge.pdf = %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	if _, again := get(aw.URL + "/badge.pdf"); !bytes.Equal(pdf, again) {
		t.Error("the same award renders to different PDFs")
	}
	v := verifier()
	ctx := context.Background()
	rep := v.Verify(ctx, "badge.pdf", pdf)
	if !rep.Valid || checkStatus(rep, "pdf") != "pass" || checkStatus(rep, "status") != "pass" {
		t.Fatalf("badge.pdf: valid=%v pdf=%q status=%q: %+v", rep.Valid, checkStatus(rep, "pdf"), checkStatus(rep, "status"), rep.Checks)
	}
	_, cred := get(aw.URL + "/credential.json")
	atts, _, err := pdfbadge.Open(pdf)
	if p := pdfbadge.Primary(atts); err != nil || p == nil || p.Name != "credential.json" || !bytes.Equal(p.Data, cred) {
		t.Errorf("the PDF's credential.json is not the one served (%v)", err)
	}

	// The QR code draws the short link; the short link leads to the verifier.
	sum := sha256.Sum256(cred)
	short := f.srv.URL + "/v/" + aw.PublicID + "?d=" + hex.EncodeToString(sum[:8])
	resp, img := get(aw.URL + "/qr.png")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("qr.png = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	checkQR(t, img, short)
	if resp, svg := get(aw.URL + "/qr.svg"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("qr.svg = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	} else if want, _ := qr.SVG(short); !bytes.Equal(svg, want) {
		t.Errorf("qr.svg is not the QR code of %s", short)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := client.Get(short)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	want := "/verify?" + url.Values{"url": {aw.URL + "/credential.json"}, "digest": {hex.EncodeToString(sum[:8])}}.Encode()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
		t.Errorf("GET %s = %d Location %q, want 303 %q", short, r.StatusCode, r.Header.Get("Location"), want)
	}
	if resp, _ := get(f.srv.URL + "/v/no-such-award"); resp.StatusCode != 404 {
		t.Errorf("unknown short link = %d, want 404", resp.StatusCode)
	}

	// Revoked: the same PDF now reports revoked, its seal still intact.
	if code, body := f.call(t, tok, "POST", "/api/v1/awards/"+itoa(aw.ID)+"/revoke", map[string]any{"reason": "誤発行"}); code != 200 {
		t.Fatalf("revoke = %d %s", code, body)
	}
	rep = v.Verify(ctx, "badge.pdf", pdf)
	if rep.Valid || checkStatus(rep, "status") != "fail" || checkStatus(rep, "pdf") != "pass" {
		t.Errorf("badge.pdf after revocation: valid=%v status=%q pdf=%q", rep.Valid, checkStatus(rep, "status"), checkStatus(rep, "pdf"))
	}
}

// checkQR reads the PNG back and compares it module by module with the
// symbol of want (no approved QR decoder is available to read the text).
func checkQR(t *testing.T, img []byte, want string) {
	t.Helper()
	m, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("qr.png does not decode: %v", err)
	}
	bm, _ := qr.Bitmap(want)
	px := m.Bounds().Dx() / len(bm)
	if px*len(bm) != m.Bounds().Dx() {
		t.Fatalf("qr.png is %d pixels wide, not a multiple of %d modules", m.Bounds().Dx(), len(bm))
	}
	for y := range bm {
		for x := range bm[y] {
			r, _, _, _ := m.At(x*px+px/2, y*px+px/2).RGBA()
			if (r < 0x8000) != bm[y][x] {
				t.Fatalf("qr.png does not encode %s (module %d,%d)", want, x, y)
			}
		}
	}
	if strings.Count(want, "?d=") != 1 {
		t.Fatalf("short link %q has no digest", want)
	}
}
