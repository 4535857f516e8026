// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/interop"
	"github.com/akashi-badges/akashi/internal/ob2"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/verify"
)

var claimLinkRE = regexp.MustCompile(`/claim/[A-Za-z0-9_-]+`)

// TestWallet walks a recipient from the award e-mail to their wallet: the
// issuer awards a badge, the recipient opens the claim link from the mail,
// creates a wallet account right there, sees the badge in the wallet, makes
// it private (its public page is gone) and public again.
func TestWallet(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	b := &tab{t: t, ctx: ctx, url: s.URL}

	b.signIn(demoEmail, demoPassword)
	b.open("/console/badges")
	b.submit("the demo badge", `main a[href^="/console/badges/"]:not([href$="/new"])`, "#f-email")
	b.fill("#f-name", "鈴木 花子")
	b.fill("#f-email", "suzuki@example.ac.jp")
	b.submit("award", `form[action$="/award"] button[type=submit]`, `form[action$="/resend"]`)
	b.signOut()

	to := "suzuki@example.ac.jp"
	mails, _, err := s.m.Store.FindOutboxMails(context.Background(), store.OutboxFilter{To: &to})
	if err != nil || len(mails) == 0 {
		t.Fatalf("mail to %s: %d, %v", to, len(mails), err)
	}
	claim := claimLinkRE.FindString(mails[0].TextBody)
	if claim == "" {
		t.Fatalf("no claim link in %q", mails[0].TextBody)
	}

	b.open(claim)
	b.wantText("#claim-account", "ウォレットを作成してバッジを受け取る")
	b.fill("#claim-account #f-name", "鈴木 花子")
	b.fill("#claim-account #f-password", "correct horse battery")
	b.submit("create the wallet", `#claim-account button[type=submit]`, ".wallet-item")
	b.wantText(".flash-notice", "バッジをウォレットに受け取りました")
	b.wantText(".wallet-item", "公開")
	b.screenshot("akashi-wallet.png")

	as, _, err := s.m.Store.FindAwards(context.Background(), store.AwardFilter{RecipientEmail: &to})
	if err != nil || len(as) != 1 {
		t.Fatalf("awards to %s: %d, %v", to, len(as), err)
	}
	public := s.URL + "/awards/" + as[0].PublicID
	wantStatus := func(want int) {
		t.Helper()
		resp, err := http.Get(public)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", public, resp.StatusCode, want)
		}
	}
	wantStatus(http.StatusOK)
	b.submit("make private", `button[id^="make-private-"]`, ".flash-notice")
	b.wantText(".flash-notice", "非公開にしました")
	b.wantText(".wallet-item", "非公開")
	wantStatus(http.StatusNotFound)
	b.submit("make public", `button[id^="make-public-"]`, ".flash-notice")
	b.wantText(".flash-notice", "公開しました")
	wantStatus(http.StatusOK)
	b.submit("the public page", `a[id^="public-"]`, ".award-public")
	b.wantText("main h1", "オープンバッジ入門")

	// A second address (the one that outlives the university's): added,
	// confirmed from its e-mail; a badge awarded to it lands in the same
	// wallet as pending, and the recipient accepts it.
	const alumni = "hanako.suzuki@alumni.example.org"
	b.open("/wallet/emails")
	b.fill("#f-email", alumni)
	b.submit("add an address", `form[action="/wallet/emails"] button[type=submit]`, ".flash-notice")
	to2 := alumni
	mails, _, err = s.m.Store.FindOutboxMails(context.Background(), store.OutboxFilter{To: &to2})
	confirm := verifyLinkRE.FindString(func() string {
		if len(mails) == 0 {
			return ""
		}
		return mails[0].TextBody
	}())
	if err != nil || confirm == "" {
		t.Fatalf("confirmation mail to %s: %d mails, %v", alumni, len(mails), err)
	}
	b.open(confirm)
	b.submit("confirm the address", `form[action="/verify-email"] button[type=submit]`, "main")
	org := mustOrg(t, s)
	admin, _ := s.m.Store.FindAccountByEmail(context.Background(), demoEmail)
	badges, _, _ := s.m.Store.FindBadgeClasses(context.Background(), store.BadgeClassFilter{OrgID: &org.ID})
	if _, err := s.m.Service().Award(service.WithActor(context.Background(), service.Actor{AccountID: admin.ID}), org.ID,
		service.AwardInput{BadgeClassID: badges[0].ID, Email: alumni, Name: "鈴木 花子"}); err != nil {
		t.Fatal(err)
	}
	b.open("/wallet")
	b.wantText("#pending", "オープンバッジ入門")
	b.submit("accept the badge sent to the second address", `#pending form[action$="/accept"] button`, ".flash-notice")
	cctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	kept, err := chromedp.Run(cctx, chromedp.Evaluate[int](`document.querySelectorAll(".wallet-list > li.wallet-item").length`))
	if err != nil || kept != 2 {
		t.Errorf("the wallet holds %d badges after accepting the second, want 2 (%v)", kept, err)
	}
}

var verifyLinkRE = regexp.MustCompile(`/verify-email\?token=[A-Za-z0-9_-]+`)

// foreignIssuer serves an Open Badges 2.0 issuer of its own on 127.0.0.1
// (another issuer than the server under test): its profile, a badge class
// and one hosted assertion. It returns the assertion's URL.
func foreignIssuer(t *testing.T) string {
	t.Helper()
	docs := map[string]map[string]any{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/ld+json")
		json.NewEncoder(w).Encode(doc)
	}))
	t.Cleanup(srv.Close)
	base := srv.URL
	docs["/issuer"] = map[string]any{"@context": ob2.ContextURL, "type": "Issuer", "id": base + "/issuer",
		"name": "他大学 ロボット研究所", "url": base, "email": "badges@other.example.ac.jp"}
	docs["/badge"] = map[string]any{"@context": ob2.ContextURL, "type": "BadgeClass", "id": base + "/badge",
		"name": "ロボット工学基礎", "description": "動くロボットを設計し、組み立てた。", "image": base + "/badge.png",
		"criteria": map[string]any{"narrative": "ロボットを作って走らせる。"}, "issuer": base + "/issuer"}
	docs["/assertions/1"] = map[string]any{"@context": ob2.ContextURL, "type": "Assertion", "id": base + "/assertions/1",
		"recipient": map[string]any{"type": "email", "hashed": true, "salt": "s", "identity": ob2.HashIdentity("hanako@example.ac.jp", "s")},
		"badge":     base + "/badge", "verification": map[string]any{"type": "HostedBadge"}, "issuedOn": "2026-02-01T09:00:00+09:00"}
	return base + "/assertions/1"
}

// walletUser is a recipient of the demo server with one badge of the demo
// organisation in their wallet, signed in in the browser. The server's
// verifier may reach 127.0.0.1 over http (tests only), where the foreign
// issuer is.
func walletUser(t *testing.T, s *server, b *tab, email string) *badge.Award {
	t.Helper()
	bg := context.Background()
	svc := s.m.Service()
	svc.Verifier = &service.Verifier{Engine: verify.New(verify.Options{Fetcher: fetch.New(fetch.Options{AllowHTTP: true, AllowPrivate: true})})}
	sys := service.WithActor(bg, service.Actor{System: true})
	me, err := svc.CreateAccount(sys, service.NewAccount{Email: email, Name: "山田 花子", Password: "correct horse battery", Verified: true})
	if err != nil {
		t.Fatal(err)
	}
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
		service.AwardInput{BadgeClassID: badges[0].ID, Email: email, Name: "山田 花子", SkipMail: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AcceptPending(service.WithActor(bg, service.Actor{AccountID: me.ID}), res.Award.ID); err != nil {
		t.Fatal(err)
	}
	b.signIn(email, "correct horse battery")
	return res.Award
}

// importURL imports the badge at u through the wallet's form and waits
// for its page.
func (b *tab) importURL(what, u string) {
	b.t.Helper()
	b.open("/wallet/import")
	b.do(what+": enter the address", chromedp.SetValue(chromedp.CSS("#import-url"), u))
	b.submit(what+": import", "#import-submit", "#verdict")
}

// importFile imports the file at path through the wallet's form and waits
// for its page.
func (b *tab) importFile(what, path string) {
	b.t.Helper()
	b.open("/wallet/import")
	b.do(what+": choose the file", chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{path}))
	b.submit(what+": import", "#import-submit", "#verdict")
}

// theirCredential is an OB 3.0 credential signed with a new key by Digital
// Bazaar's implementation (the interop harness), independent of Akashi's
// engine: as Data Integrity JSON and as a VC-JWT.
func theirCredential(t *testing.T) (di, jwt string) {
	t.Helper()
	interop.Require(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "key.json")
	if out, code, err := interop.Run("keygen", key); err != nil || code != 0 {
		t.Fatalf("dbvc keygen = %d, %v: %s", code, err, out)
	}
	kf, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	var k struct{ Controller string }
	if err := json.Unmarshal(kf, &k); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "credentials", "achievement-unsigned.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Their signer takes the issuer as given: the key's DID.
	src := filepath.Join(dir, "unsigned.json")
	writeFile(t, src, bytes.Replace(raw, []byte(`"issuer": {`), []byte(`"issuer": {"id": "`+k.Controller+`",`), 1))
	for cmd, out := range map[string]*string{"sign": &di, "jwt-sign": &jwt} {
		signed, code, err := interop.Run(cmd, key, src)
		if err != nil || code != 0 {
			t.Fatalf("dbvc %s = %d, %v: %s", cmd, code, err, signed)
		}
		ext := ".json"
		if cmd == "jwt-sign" {
			ext = ".jwt"
		}
		*out = filepath.Join(dir, "theirs"+ext)
		writeFile(t, *out, signed)
	}
	return di, jwt
}

// TestWalletImportForeignBadges: a recipient imports, through the wallet's
// form, an Open Badges 2.0 hosted badge of another issuer (by its address)
// and an Open Badges 3.0 credential signed by an independent
// implementation (Digital Bazaar's, as Data Integrity JSON and as a
// VC-JWT, by file); each shows as verified, with its issuer, and the
// wallet lists them as imported next to its own badge.
func TestWalletImportForeignBadges(t *testing.T) {
	di, jwt := theirCredential(t)
	ctx := newBrowser(t)
	s := startServer(t)
	b := &tab{t: t, ctx: ctx, url: s.URL}
	walletUser(t, s, b, "hanako@example.ac.jp")

	b.importURL("OB 2.0 hosted", foreignIssuer(t))
	if got := b.attr("#verdict", "data-verdict"); got != "valid" {
		t.Errorf("OB 2.0 hosted: verdict %q, want valid", got)
	}
	b.wantText(".flash-notice", "バッジを取り込み、検証しました")
	b.wantText("#import-name", "ロボット工学基礎")
	b.wantText("#import-issuer", "他大学 ロボット研究所")
	b.wantText("#import-state", "有効")
	b.wantText("main", "オープンバッジ 2.0")
	b.screenshot("akashi-wallet-import-ob2.png")

	for _, f := range []struct{ what, path, format string }{
		{"OB 3.0 Data Integrity by Digital Bazaar", di, "Data Integrity"},
		{"OB 3.0 VC-JWT by Digital Bazaar", jwt, "JWT"},
	} {
		b.importFile(f.what, f.path)
		if got := b.attr("#verdict", "data-verdict"); got != "valid" {
			t.Errorf("%s: verdict %q, want valid", f.what, got)
		}
		b.wantText("#import-name", "データサイエンス基礎")
		b.wantText("#import-issuer", "例示大学")
		b.wantText("main", f.format)
	}

	b.open("/wallet")
	if n := b.eval(`document.querySelectorAll(".wallet-imported").length`); n != 3 {
		t.Errorf("the wallet lists %d imported badges, want 3", n)
	}
	b.wantText(".wallet-imported", "取り込み")
	b.open("/wallet?source=imported")
	if n := b.eval(`document.querySelectorAll("li[id^='badge-']").length`); n != 0 {
		t.Errorf("filtered to imported badges, the wallet still lists %d of its own", n)
	}
	b.screenshot("akashi-wallet-imported.png")
}

// TestWalletExportAndCollection: the recipient downloads the whole wallet
// as a zip (its index lists every badge and the files are there), and
// makes a collection of their own badge and two imports, of which one is
// public: the collection's public page shows the public ones only.
func TestWalletExportAndCollection(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	b := &tab{t: t, ctx: ctx, url: s.URL}
	own := walletUser(t, s, b, "hanako@example.ac.jp")
	foreign := foreignIssuer(t)
	b.importURL("OB 2.0 hosted", foreign)
	hosted := strings.TrimPrefix(b.eval2(`location.pathname`), "/wallet/imports/")
	cred, err := s.m.Store.FindAwardByID(context.Background(), own.ID)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "credential.json")
	writeFile(t, path, cred.CredentialDI)
	b.importFile("a credential file", path)
	private := strings.TrimPrefix(b.eval2(`location.pathname`), "/wallet/imports/")

	// The export downloads.
	dir := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	b.open("/wallet")
	b.do("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
		return err
	}), chromedp.Click(chromedp.CSS("#wallet-export")))
	var zipPath string
	deadline := time.Now().Add(30 * time.Second)
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the export's download was cancelled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			zipPath = filepath.Join(dir, ev.GUID)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the export did not finish downloading")
		}
	}
	z, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	defer z.Close()
	names := map[string]bool{}
	var index service.ExportIndex
	for _, f := range z.File {
		names[f.Name] = true
		if f.Name == "index.json" {
			rc, _ := f.Open()
			if err := json.NewDecoder(rc).Decode(&index); err != nil {
				t.Errorf("index.json: %v", err)
			}
			rc.Close()
		}
	}
	if len(index.Badges) != 3 {
		t.Errorf("index.json lists %d badges, want 3", len(index.Badges))
	}
	for _, e := range index.Badges {
		for _, f := range e.Files {
			if !names[f] {
				t.Errorf("index.json lists %s, not in the archive", f)
			}
		}
	}
	for _, f := range []string{"awarded/" + own.PublicID + "/credential.json", "awarded/" + own.PublicID + "/badge.svg",
		"imported/" + hosted + "/credential.json", "imported/" + hosted + "/report.json"} {
		if !names[f] {
			t.Errorf("the export lacks %s", f)
		}
	}

	// A collection of all three; only the hosted import is made public.
	b.open("/wallet/collections")
	b.fill("#f-name", "就職活動用")
	b.fill("#f-slug", "hanako-skills")
	b.submit("create the collection", "#collection-create-submit", "#collection-name")
	for _, add := range []string{"#add-award-" + strconv.FormatInt(own.ID, 10), "#add-import-" + hosted, "#add-import-" + private} {
		b.submit("add "+add, add, ".flash-notice")
	}
	if n := b.eval(`document.querySelectorAll("#collection-badges .wallet-item").length`); n != 3 {
		t.Errorf("the collection holds %d badges, want 3", n)
	}
	b.open("/wallet/imports/" + hosted)
	b.submit("make the hosted import public", "#import-make-public", ".flash-notice")

	b.signOut()
	b.open("/c/hanako-skills")
	b.wantText("main h1", "就職活動用")
	b.wantText("#public-award-"+own.PublicID, "オープンバッジ入門")
	b.wantText("#public-import-"+hosted, "ロボット工学基礎")
	if n := b.eval(`document.querySelectorAll("#public-import-` + private + `").length`); n != 0 {
		t.Error("the collection's public page lists a private import")
	}
	if n := b.eval(`document.querySelectorAll("#collection-badges .wallet-item").length`); n != 2 {
		t.Errorf("the public page lists %d badges, want 2", n)
	}
	b.screenshot("akashi-collection.png")
}
