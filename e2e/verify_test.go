// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/pdfbadge/pdfedit"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/verify"
)

// verdictCase is one badge given to the verifier and what the page must
// say of it, per language.
type verdictCase struct {
	name string
	// file is dropped on the form; url, when file is "", is entered as
	// the badge's web address.
	file, url string
	verdict   string // data-verdict
	// head is the verdict's heading, reason what the verdict box must
	// also say ("" for nothing more), main what the rest of the page must
	// show; each by language.
	head, reason, main map[string]string
}

// TestVerifier: a visitor gives the public verifier a valid baked PNG, a
// tampered one, a revoked badge, an expired one, an OB 2.0 hosted badge
// served by the (test) server, and a PDF certificate as issued and with
// one character of its printed text changed, and sees the right verdict,
// in Japanese and in English; a scanned QR code says whether the printed
// badge matches the one online. One server and one browser for all.
func TestVerifier(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	svc := s.m.Service()
	// The badges' status lists and hosted assertions are on this server's
	// 127.0.0.1 address: let the verifier fetch them (tests only).
	svc.Verifier = &service.Verifier{Engine: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{AllowHTTP: true, AllowPrivate: true})})}

	bg := context.Background()
	org := mustOrg(t, s)
	admin, err := s.m.Store.FindAccountByEmail(bg, demoEmail)
	if err != nil {
		t.Fatal(err)
	}
	actor := service.WithActor(bg, service.Actor{AccountID: admin.ID})
	badges, _, err := s.m.Store.FindBadgeClasses(bg, store.BadgeClassFilter{OrgID: &org.ID})
	if err != nil || len(badges) == 0 {
		t.Fatalf("demo badges: %d, %v", len(badges), err)
	}
	award := func(badgeID int64, email, name string, issued time.Time) *badge.Award {
		t.Helper()
		res, err := svc.Award(actor, org.ID, service.AwardInput{BadgeClassID: badgeID, Email: email, Name: name, IssuedOn: issued, SkipMail: true})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.m.Store.FindAwardByID(bg, res.Award.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	get := func(path string) []byte {
		t.Helper()
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s = %d %s", path, resp.StatusCode, b)
		}
		return b
	}
	baked := func(cred []byte) []byte {
		t.Helper()
		png, err := bake.Bake(badgePNG(t), bake.Payload{Version: bake.OB3, Data: cred}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return png
	}

	// A valid award of the demo badge: its credential baked into a PNG,
	// as the recipient downloads it, and the same with another
	// recipient's name baked in, the signature unchanged; its PDF
	// certificate as issued and with one character of the printed name
	// changed (saved the way PDF editors save an edit).
	valid := award(badges[0].ID, "hanako@example.ac.jp", "検証　花子", time.Time{})
	cred := get("/awards/" + valid.PublicID + "/credential.json")
	changed := bytes.Replace(cred, []byte("検証　花子"), []byte("検証　太郎"), 1)
	if bytes.Equal(changed, cred) {
		t.Fatal("the credential does not name its recipient")
	}
	pdf := get("/awards/" + valid.PublicID + "/badge.pdf?lang=ja")
	editedPDF, err := pdfedit.ReplaceText(pdf, "検証　花子", "検証　花男")
	if err != nil {
		t.Fatal(err)
	}
	// A revoked award, with the issuer's reason.
	revoked := award(badges[0].ID, "jiro@example.ac.jp", "失効　次郎", time.Time{})
	if n, err := svc.Revoke(actor, org.ID, []int64{revoked.ID}, "受講登録の誤り"); err != nil || n != 1 {
		t.Fatalf("Revoke = %d, %v", n, err)
	}
	// An expired award: a badge valid for 30 days, awarded 60 days ago.
	shortLived, err := svc.CreateBadgeClass(actor, org.ID, service.BadgeInput{
		NameJA: "期限付きバッジ", NameEN: "Short-lived badge", DescriptionJA: "30日間有効。", CriteriaNarrative: "なし。",
		Image: badgePNG(t), ExpiryDays: 30,
	})
	if err != nil {
		t.Fatal(err)
	}
	expired := award(shortLived.ID, "saburo@example.ac.jp", "期限　三郎", time.Now().AddDate(0, 0, -60))

	dir := t.TempDir()
	file := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, data)
		return p
	}
	both := func(ja, en string) map[string]string { return map[string]string{"ja": ja, "en": en} }
	validHead, invalidHead := both("有効です", "Valid"), both("有効ではありません", "Not valid")
	tampered := both("発行後に内容が変更されています", "changed after it was issued")
	cases := []verdictCase{
		{name: "valid PNG", file: file("badge.png", baked(cred)), verdict: "valid", head: validHead, main: both("検証　花子", "検証　花子")},
		{name: "tampered PNG", file: file("tampered.png", baked(changed)), verdict: "invalid", head: invalidHead, reason: tampered},
		{name: "revoked", file: file("revoked.png", baked(get("/awards/"+revoked.PublicID+"/credential.json"))),
			verdict: "invalid", head: invalidHead, reason: both("発行者により失効しています", "The issuer has revoked this badge")},
		// The OB 2.0 hosted assertion says why.
		{name: "revoked OB 2.0 hosted", url: s.URL + "/awards/" + revoked.PublicID, verdict: "invalid", head: invalidHead,
			reason: both("発行者により失効しています。理由：受講登録の誤り", "The issuer has revoked this badge. Reason: 受講登録の誤り")},
		{name: "expired", file: file("expired.png", baked(get("/awards/"+expired.PublicID+"/credential.json"))),
			verdict: "invalid", head: invalidHead, reason: both("有効期限が切れています", "This badge expired on")},
		{name: "OB 2.0 hosted", url: s.URL + "/awards/" + valid.PublicID, verdict: "valid", head: validHead,
			main: both("オープンバッジ 2.0（ホスト型）", "Open Badges 2.0 (hosted)")},
		{name: "PDF", file: file("certificate.pdf", pdf), verdict: "valid", head: validHead,
			main: both("発行者が作成したときのまま", "exactly as the issuer produced it")},
		{name: "edited PDF", file: file("edited.pdf", editedPDF), verdict: "invalid", head: invalidHead, reason: tampered},
	}

	b := &tab{t: t, ctx: ctx, url: s.URL}
	run := func(lang string, c verdictCase) {
		t.Helper()
		if c.file != "" {
			b.do(lang+": choose "+c.name, chromedp.SetUploadFiles(chromedp.CSS("#verify-file"), []string{c.file}))
		} else {
			b.do(lang+": enter "+c.name, chromedp.SetValue(chromedp.CSS("#verify-url"), c.url))
		}
		b.submit(lang+": verify "+c.name, "#verify-submit", "#verdict")
		if got := b.attr("#verdict", "data-verdict"); got != c.verdict {
			t.Errorf("%s: %s: verdict %q, want %q", lang, c.name, got, c.verdict)
		}
		b.wantText("#verdict", c.head[lang])
		if r := c.reason[lang]; r != "" {
			b.wantText("#verdict", r)
		}
		if m := c.main[lang]; m != "" {
			b.wantText("main", m)
		}
	}

	// A scanned QR code: the short link leads to the verifier, which says
	// the printed badge is the one online.
	short, err := url.Parse(svc.ShortVerifyURL(valid))
	if err != nil {
		t.Fatal(err)
	}
	scan := func(lang, want string) {
		t.Helper()
		b.open(short.RequestURI())
		if got := b.attr("#verdict", "data-verdict"); got != "valid" {
			t.Errorf("%s: scanned QR code: verdict %q", lang, got)
		}
		if got := b.attr("#digest", "data-digest"); got != "match" {
			t.Errorf("%s: scanned QR code: digest %q, want match", lang, got)
		}
		b.wantText("#digest", want)
	}

	b.open("/verify")
	b.wantText("main h1", "バッジの検証")
	for _, c := range cases {
		run("ja", c)
		switch c.name {
		case "valid PNG":
			b.screenshot("akashi-verify-valid.png")
		case "tampered PNG":
			b.screenshot("akashi-verify-tampered.png")
		case "edited PDF":
			b.screenshot("akashi-verify-pdf-edited.png")
		}
	}
	scan("ja", "印刷されたバッジは、オンラインのバッジと一致しています")

	b.open("/verify")
	b.submit("English", `form.langswitch button[value="en"]`, `html[lang="en"] main`)
	b.wantText("main h1", "Verify a badge")
	for _, c := range cases {
		run("en", c)
	}
	scan("en", "The printed badge matches the one online")
}
