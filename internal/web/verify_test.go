// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/pdfbadge/pdfedit"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/verify"
)

// allowLoopbackVerify gives the server a fresh public verifier (an empty
// cache) that may fetch from its own 127.0.0.1 address over http; tests
// only: the application's verifier refuses both.
func (s *server) allowLoopbackVerify() {
	s.m.VerifyFetch = fetch.Options{AllowHTTP: true, AllowPrivate: true}
	s.m.ResetVerifier()
}

// get fetches a public file of the server.
func (s *server) get(t *testing.T, path string) []byte {
	t.Helper()
	resp, err := http.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	return b
}

// verifyFixture is a server with one award of a demo badge and the files
// of that award.
type verifyFixture struct {
	s         *server
	a         *badge.Award
	png, cred []byte
	// pdf is the award's sealed certificate; edited the same with one
	// character of its printed text changed (an incremental update, the
	// way PDF editors save).
	pdf, edited []byte
	credURL     string // absolute
	pageURL     string // absolute: the OB 2.0 hosted assertion by content negotiation
}

func newVerifyFixture(t *testing.T) *verifyFixture {
	s := start(t)
	s.allowLoopbackVerify()
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	a := s.awardOne(t, admin, admin.createBadge(t), "検証　花子", "hanako@example.ac.jp")
	base := "/awards/" + a.PublicID
	pdf := s.get(t, base+"/badge.pdf?lang=ja")
	edited, err := pdfedit.ReplaceText(pdf, "検証　花子", "検証　花男")
	if err != nil {
		t.Fatal(err)
	}
	return &verifyFixture{s: s, a: a, png: s.get(t, base+"/badge.png"), cred: s.get(t, base+"/credential.json"),
		pdf: pdf, edited: edited, credURL: s.URL + base + "/credential.json", pageURL: s.URL + base}
}

// words are what the page says, per language.
var verifyWords = map[string]map[string]string{
	"ja": {"title": "バッジの検証", "valid": "有効です", "invalid": "有効ではありません", "unknown": "検証できませんでした",
		"tampered": "発行後に内容が変更されています", "not_badge": "バッジではありません", "too_large": "5 MiB までのファイル",
		"pdf": "PDF の証明書", "pdf_pass": "発行者が作成したときのまま", "private": "プライベートネットワーク",
		"match": "印刷されたバッジは、オンラインのバッジと一致しています", "mismatch": "印刷されたバッジは、オンラインのバッジと一致しません", "revoked": "発行者により失効しています",
		"reason": "理由：受講登録の誤り", "expired": "有効期限が切れています", "proof_pass": "署名は発行者が公開している鍵と一致しています",
		"hashed": "ハッシュ化されたメールアドレス", "ob2": "オープンバッジ 2.0（ホスト型）", "period": "から2028年",
		"log": "透明性ログ", "log_entry": "番目の記録として登録されています", "log_history": "記録後に書き換えられていません"},
	"en": {"title": "Verify a badge", "valid": "Valid", "invalid": "Not valid", "unknown": "Could not verify",
		"tampered": "changed after it was issued", "not_badge": "This is not a badge", "too_large": "up to 5 MiB",
		"pdf": "PDF certificate", "pdf_pass": "exactly as the issuer produced it", "private": "private network",
		"match": "The printed badge matches the one online", "mismatch": "The printed badge does not match the one online", "revoked": "The issuer has revoked this badge",
		"reason": "Reason: 受講登録の誤り", "expired": "This badge expired on", "proof_pass": "The signature matches the issuer",
		"hashed": "hashed e-mail address", "ob2": "Open Badges 2.0 (hosted)", "period": "Valid from ",
		"log": "Transparency log", "log_entry": "Recorded as entry", "log_history": "nothing was rewritten since"},
}

// TestVerifyPage: the public verifier in both languages — a baked PNG,
// the credential by URL, the OB 2.0 hosted assertion, a changed
// credential, garbage, the PDF certificate as issued and with one
// character of its text changed, a PDF that is not a certificate, a file
// over the limit, a private address refused, and the same badge revoked
// and then expired.
func TestVerifyPage(t *testing.T) {
	f := newVerifyFixture(t)
	s := f.s
	// The award is in the log: its pages show the log checks.
	if _, err := s.m.Service().IntegrateLog(context.Background()); err != nil {
		t.Fatal(err)
	}
	tampered := bytes.Replace(f.cred, []byte("検証　花子"), []byte("検証　太郎"), 1)
	if bytes.Equal(tampered, f.cred) {
		t.Fatal("the credential does not name its recipient")
	}
	for _, lang := range []string{"ja", "en"} {
		w := verifyWords[lang]
		b := s.browser()
		b.acceptLanguage = lang
		verdict := func(v string) string { return `data-verdict="` + v + `"` }
		b.run([]step{
			{name: "form", path: "/verify", status: 200, want: []string{w["title"], `enctype="multipart/form-data"`, `name="file"`, `name="url"`, `name="credential"`}},
			{name: "by URL", path: "/verify?url=" + url.QueryEscape(f.credURL), status: 200,
				want: []string{verdict("valid"), w["valid"], w["proof_pass"], "検証　花子", "データサイエンス基礎", w["hashed"], w["period"], `data-check="status" data-status="pass"`,
					w["log"], w["log_entry"], w["log_history"], `data-check="log" data-status="pass"`, `data-check="log-consistency" data-status="pass"`}},
			{name: "OB 2.0 hosted", path: "/verify?url=" + url.QueryEscape(f.pageURL), status: 200,
				want: []string{verdict("valid"), w["ob2"], `data-check="hosted" data-status="pass"`}},
			{name: "paste tampered", method: "POST", path: "/verify", form: form("credential", string(tampered)), status: 200,
				want: []string{verdict("invalid"), w["invalid"], w["tampered"], `data-check="proof" data-status="fail"`}},
			{name: "no URL scheme", path: "/verify?url=example.org", status: 400, want: []string{w["unknown"]}},
		})
		upload := func(name string, data []byte) *response {
			return b.multipartStep(t, "/verify", nil, "file", name, data, map[string]string{"Accept-Language": lang})
		}
		r := upload("badge.png", f.png)
		for _, want := range []string{verdict("valid"), w["valid"], "検証　花子", `src="data:image/png;base64,`} {
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Errorf("%s: baked PNG = %d, lacks %q:\n%.3000s", lang, r.status, want, mainOf(r.body))
			}
		}
		// The PDF certificate: valid as issued, tampered once its printed
		// text is edited; the credential inside still verifies.
		r = upload("badge.pdf", f.pdf)
		for _, want := range []string{verdict("valid"), w["valid"], "検証　花子", w["pdf"], w["pdf_pass"], `data-check="pdf" data-status="pass"`} {
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Errorf("%s: PDF = %d, lacks %q:\n%.3000s", lang, r.status, want, mainOf(r.body))
			}
		}
		r = upload("edited.pdf", f.edited)
		for _, want := range []string{verdict("invalid"), w["invalid"], w["tampered"], `data-check="pdf" data-status="fail"`, `data-check="proof" data-status="pass"`} {
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Errorf("%s: edited PDF = %d, lacks %q:\n%.3000s", lang, r.status, want, mainOf(r.body))
			}
		}
		if i := strings.Index(r.body, `class="verdict-reason"`); i < 0 || !strings.Contains(r.body[i:min(len(r.body), i+400)], w["tampered"]) {
			t.Errorf("%s: the edited PDF's verdict does not say it was changed:\n%.2000s", lang, mainOf(r.body))
		}
		// A PDF that is not a certificate is a result too: not valid.
		r = upload("other.pdf", []byte("%PDF-1.7\n1 0 obj\n"))
		if r.status != 200 || !strings.Contains(r.body, verdict("invalid")) || !strings.Contains(r.body, `data-check="format" data-status="fail"`) {
			t.Errorf("%s: other PDF = %d:\n%.2000s", lang, r.status, mainOf(r.body))
		}
		for _, c := range []struct {
			name   string
			data   []byte
			status int
			want   string
		}{
			{"garbage.png", []byte("\x00\x01 not a badge at all"), 400, w["not_badge"]},
			{"empty.json", nil, 400, w["unknown"]},
			{"huge.png", bytes.Repeat([]byte{0}, service.MaxVerifyInput+1), 413, w["too_large"]},
		} {
			r := upload(c.name, c.data)
			if r.status != c.status || !strings.Contains(r.body, c.want) || !strings.Contains(r.body, verdict("unknown")) && !strings.Contains(r.body, "verdict-unknown") {
				t.Errorf("%s: %s = %d, want %d with %q:\n%.2000s", lang, c.name, r.status, c.status, c.want, mainOf(r.body))
			}
		}
	}

	// The application's verifier refuses loopback addresses.
	s.m.Service().Verifier = &service.Verifier{Engine: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{AllowHTTP: true})})}
	for _, lang := range []string{"ja", "en"} {
		b := s.browser()
		b.acceptLanguage = lang
		b.check(step{name: "private address " + lang, path: "/verify?url=" + url.QueryEscape(f.credURL), status: 400,
			want: []string{verifyWords[lang]["private"], verifyWords[lang]["unknown"]}})
	}

	// The public page links to the verifier.
	anon := s.browser()
	anon.check(step{name: "public page", path: "/awards/" + f.a.PublicID, status: 200,
		want: []string{`href="/verify?url=` + url.QueryEscape(f.credURL) + `"`}})

	// Revoked, with the reason: the status list, and the OB 2.0 hosted
	// assertion with its reason.
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	admin.check(step{name: "revoke", method: "POST", path: fmt.Sprintf("/console/awards/%d/revoke", f.a.ID),
		form: form("reason", "受講登録の誤り"), status: http.StatusSeeOther})
	s.allowLoopbackVerify()
	for _, lang := range []string{"ja", "en"} {
		w := verifyWords[lang]
		b := s.browser()
		b.acceptLanguage = lang
		b.run([]step{
			{name: "revoked " + lang, path: "/verify?url=" + url.QueryEscape(f.credURL), status: 200,
				want: []string{`data-verdict="invalid"`, w["revoked"], `data-check="status" data-status="fail"`}},
			{name: "revoked OB 2.0 " + lang, path: "/verify?url=" + url.QueryEscape(f.pageURL), status: 200,
				want: []string{`data-verdict="invalid"`, w["reason"]}},
		})
	}
}

// TestVerifyExpired: a badge past its expiry date says so, in both
// languages.
func TestVerifyExpired(t *testing.T) {
	f := newVerifyFixture(t)
	f.s.advance(4 * 365 * 24 * time.Hour)
	f.s.allowLoopbackVerify()
	for _, lang := range []string{"ja", "en"} {
		b := f.s.browser()
		b.acceptLanguage = lang
		r := b.multipartStep(t, "/verify", nil, "file", "badge.png", f.png, map[string]string{"Accept-Language": lang})
		for _, want := range []string{`data-verdict="invalid"`, verifyWords[lang]["expired"], `data-check="validity" data-status="fail"`} {
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Errorf("%s: expired = %d, lacks %q:\n%.3000s", lang, r.status, want, mainOf(r.body))
			}
		}
	}
}

// TestVerifyConcurrentUploads: 50 uploads at once all get their answer.
func TestVerifyConcurrentUploads(t *testing.T) {
	f := newVerifyFixture(t)
	b := f.s.browser()
	const n = 50
	var wg sync.WaitGroup
	results := make([]*response, n)
	for i := range n {
		wg.Go(func() {
			data := f.png
			if i%2 == 1 {
				data = f.cred
			}
			results[i] = b.multipartStep(t, "/verify", nil, "file", fmt.Sprintf("badge-%d", i), data, nil)
		})
	}
	wg.Wait()
	for i, r := range results {
		if r.status != 200 || !strings.Contains(r.body, `data-verdict="valid"`) {
			t.Errorf("upload %d = %d:\n%.1000s", i, r.status, mainOf(r.body))
		}
	}
}

// TestVerifyDigest: a scanned QR code leads through /v/{id}?d=<digest> to
// the verifier, which says prominently whether the printed badge matches
// the one online; a digest of other data does not match.
func TestVerifyDigest(t *testing.T) {
	f := newVerifyFixture(t)
	s := f.s
	short := s.m.Service().ShortVerifyURL(f.a)
	u, err := url.Parse(short)
	if err != nil {
		t.Fatal(err)
	}
	digest := u.Query().Get("d")
	sum := sha256.Sum256(f.cred)
	if digest != hex.EncodeToString(sum[:8]) {
		t.Fatalf("the short link's digest %q is not that of credential.json", digest)
	}
	target := "/verify?" + url.Values{"url": {f.credURL}, "digest": {digest}}.Encode()
	wrong := "/verify?" + url.Values{"url": {f.credURL}, "digest": {"0123456789abcdef"}}.Encode()
	for _, lang := range []string{"ja", "en"} {
		w := verifyWords[lang]
		b := s.browser()
		b.acceptLanguage = lang
		b.run([]step{
			{name: "scan " + lang, path: u.RequestURI(), status: http.StatusSeeOther, location: target},
			{name: "match " + lang, path: target, status: 200,
				want:    []string{`data-verdict="valid"`, `data-digest="match"`, w["match"]},
				notWant: []string{w["mismatch"]}},
			{name: "mismatch " + lang, path: wrong, status: 200,
				want: []string{`data-verdict="valid"`, `data-digest="mismatch"`, w["mismatch"]}},
			{name: "no digest " + lang, path: "/verify?url=" + url.QueryEscape(f.credURL), status: 200,
				want: []string{`data-verdict="valid"`}, notWant: []string{`data-digest=`}},
			{name: "malformed digest " + lang, path: "/verify?url=" + url.QueryEscape(f.credURL) + "&digest=xyz", status: 200,
				want: []string{`data-verdict="valid"`}, notWant: []string{`data-digest=`}},
		})
	}
}

// TestAwardPrintableLinks: the public award page offers the PDF
// certificate in its own language and shows the QR code; the console's
// award page offers the certificate too; both files are served.
func TestAwardPrintableLinks(t *testing.T) {
	f := newVerifyFixture(t)
	s := f.s
	base := "/awards/" + f.a.PublicID
	for _, lang := range []string{"ja", "en"} {
		b := s.browser()
		b.acceptLanguage = lang
		caption := map[string]string{"ja": "バッジをオンラインで検証できます", "en": "Scan this code to verify the badge online"}[lang]
		label := map[string]string{"ja": "PDF の証明書", "en": "PDF certificate"}[lang]
		b.check(step{name: "public page " + lang, path: base, status: 200, want: []string{
			`href="` + base + `/badge.pdf?lang=` + lang + `&amp;download=1"`, label,
			`src="` + base + `/qr.png"`, caption}})
		admin := s.browser()
		admin.signIn(demoEmail, demoPassword)
		admin.check(step{name: "choose " + lang, method: "POST", path: "/lang", form: form("lang", lang, "next", "/console"), status: http.StatusSeeOther})
		admin.check(step{name: "console award " + lang, path: fmt.Sprintf("/console/awards/%d", f.a.ID), status: 200,
			want: []string{`href="` + base + `/badge.pdf?lang=` + lang + `&amp;download=1"`, label}})
	}
	for path, ct := range map[string]string{base + "/badge.pdf?lang=en&download=1": "application/pdf", base + "/qr.png": "image/png"} {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct || len(body) == 0 {
			t.Errorf("GET %s = %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}
