// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/verify"
)

// TestVerifier: a visitor drops a valid baked PNG and then a tampered one
// on the public verifier and sees the right verdict, in Japanese and in
// English.
func TestVerifier(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	svc := s.m.Service()
	// The badge's status list is on this server's 127.0.0.1 address: let
	// the verifier fetch it (tests only).
	svc.Verifier = &service.Verifier{Engine: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{AllowHTTP: true, AllowPrivate: true})})}

	// An award of the demo badge, made by the demo admin.
	bg := context.Background()
	org := mustOrg(t, s)
	admin, err := s.m.Store.FindAccountByEmail(bg, demoEmail)
	if err != nil {
		t.Fatal(err)
	}
	badges, _, err := s.m.Store.FindBadgeClasses(bg, store.BadgeClassFilter{OrgID: &org.ID})
	if err != nil || len(badges) == 0 {
		t.Fatalf("demo badges: %d, %v", len(badges), err)
	}
	res, err := svc.Award(service.WithActor(bg, service.Actor{AccountID: admin.ID}), org.ID,
		service.AwardInput{BadgeClassID: badges[0].ID, Email: "hanako@example.ac.jp", Name: "検証　花子"})
	if err != nil {
		t.Fatal(err)
	}
	// The credential baked into a PNG, as the recipient downloads it; and
	// the same with another recipient's name baked in, the signature
	// unchanged.
	resp, err := http.Get(s.URL + "/awards/" + res.Award.PublicID + "/credential.json")
	if err != nil {
		t.Fatal(err)
	}
	cred, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("credential.json = %d %s", resp.StatusCode, cred)
	}
	good, err := bake.Bake(badgePNG(t), bake.Payload{Version: bake.OB3, Data: cred}, nil)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(cred, []byte("検証　花子"), []byte("検証　太郎"), 1)
	if bytes.Equal(changed, cred) {
		t.Fatal("the credential does not name its recipient")
	}
	bad, err := bake.Bake(badgePNG(t), bake.Payload{Version: bake.OB3, Data: changed}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goodPath, badPath := filepath.Join(dir, "badge.png"), filepath.Join(dir, "tampered.png")
	writeFile(t, goodPath, good)
	writeFile(t, badPath, bad)

	b := &tab{t: t, ctx: ctx, url: s.URL}
	check := func(path, verdict, head, reason string) {
		t.Helper()
		b.do("choose "+filepath.Base(path), chromedp.SetUploadFiles(chromedp.CSS("#verify-file"), []string{path}))
		b.submit("verify "+filepath.Base(path), "#verify-submit", "#verdict")
		if got := b.attr("#verdict", "data-verdict"); got != verdict {
			t.Errorf("%s: verdict %q, want %q", filepath.Base(path), got, verdict)
		}
		b.wantText("#verdict", head)
		if reason != "" {
			b.wantText("#verdict", reason)
		}
	}
	b.open("/verify")
	b.wantText("main h1", "バッジの検証")
	check(goodPath, "valid", "有効です", "")
	b.wantText("main", "検証　花子")
	b.screenshot("akashi-verify-valid.png")
	check(badPath, "invalid", "有効ではありません", "発行後に内容が変更されています")
	b.screenshot("akashi-verify-tampered.png")

	b.submit("English", `form.langswitch button[value="en"]`, `html[lang="en"] main`)
	b.wantText("main h1", "Verify a badge")
	check(goodPath, "valid", "Valid", "")
	check(badPath, "invalid", "Not valid", "changed after it was issued")
}
