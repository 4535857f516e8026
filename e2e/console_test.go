// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The demo's sign-in (app.SeedDemo).
const (
	demoEmail    = "admin@demo.akashi.example"
	demoPassword = "akashi-demo-2026"
)

// TestConsole drives the console as staff would: the demo admin signs in,
// switches to English and back (the choice sticks across reloads and
// sign-ins), a new colleague signs up and signs in before confirming the
// address (the console asks them to), the admin finds the confirmation link
// in the instance's outbox (no SMTP) and invites them, the colleague
// confirms, sees what the invitation offers and accepts it through the
// link in the outbox mail, and the admin changes their role.
func TestConsole(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	b := &tab{t: t, ctx: ctx, url: s.URL}

	b.signIn(demoEmail, demoPassword)
	b.wantText("main h1", "明石デモ大学")
	b.wantText("nav.consolenav", "メンバー")
	b.screenshot("akashi-console.png")

	b.submit("switch to English", `form.langswitch button[value="en"]`, `html[lang="en"] nav.consolenav`)
	b.wantText("nav.consolenav", "Members")
	b.wantText("main", "Current organisation")
	b.do("reload", chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("main")))
	b.wantText("main", "Current organisation")
	b.open("/console/members")
	b.wantText("main h1", "Members")
	// The account keeps the language: signing in again shows English.
	b.signOut()
	b.wantText("main h1", "Sign in")
	b.signIn(demoEmail, demoPassword)
	b.wantText("nav.consolenav", "Members")
	b.open("/console/members")
	b.submit("back to Japanese", `form.langswitch button[value="ja"]`, `html[lang="ja"] nav.consolenav`)
	b.wantText("main h1", "メンバー")
	b.do("reload", chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("main")))
	b.wantText("main h1", "メンバー")

	// A colleague creates an account.
	b.signOut()
	b.open("/signup")
	b.fill("#f-name", "新人 太郎")
	b.fill("#f-email", "shinjin@example.ac.jp")
	b.fill("#f-password", "shinjin passphrase")
	b.submit("sign up", `main button[type=submit]`, ".flash-notice")
	b.wantText(".flash-notice", "shinjin@example.ac.jp宛てに確認用のリンク")

	// Signed in before confirming the address: the console asks for it.
	b.signIn("shinjin@example.ac.jp", "shinjin passphrase")
	b.wantText("#verify-banner", "shinjin@example.ac.jp はまだ確認されていません")
	b.signOut()

	// The admin, an instance administrator, reads the confirmation mail in
	// the instance's outbox, and invites the colleague.
	b.signIn(demoEmail, demoPassword)
	b.wantText("main h1", "明石デモ大学")
	b.open("/console/outbox")
	b.submit("instance outbox tab", `nav.tabs a[href="/console/outbox/instance"]`, `nav.tabs a[aria-current="page"][href="/console/outbox/instance"]`)
	b.wantText("main h1", "インスタンスの送信トレイ")
	b.do("open the confirmation mail", chromedp.Click(chromedp.CSS("ul.mails details summary")), chromedp.WaitVisible(chromedp.CSS("pre.mail-body a")))
	verifyLink := b.attr(`pre.mail-body a[href*="/verify-email?token="]`, "href")
	b.wantText("ul.mails", "shinjin@example.ac.jp")
	b.open("/console/members/invite")
	b.fill("#f-email", "shinjin@example.ac.jp")
	b.do("choose viewer", chromedp.Click(chromedp.CSS(`input[name=role][value=viewer]`)))
	b.submit("invite", `main button[type=submit]`, ".flash-notice")
	b.wantText(".flash-notice", "shinjin@example.ac.jp宛てに招待メールを送信しました")
	b.wantText("main", "招待中")

	// The invitation, read in the outbox.
	b.open("/console/outbox")
	b.do("open the mail", chromedp.Click(chromedp.CSS("ul.mails details summary")), chromedp.WaitVisible(chromedp.CSS("pre.mail-body a")))
	link := b.attr(`pre.mail-body a[href*="/invitations/accept"]`, "href")
	if !strings.HasPrefix(link, s.URL+"/invitations/accept?token=") {
		t.Fatalf("invitation link = %q", link)
	}

	// The colleague confirms the address, sees what the invitation offers
	// and accepts it.
	b.signOut()
	b.signIn("shinjin@example.ac.jp", "shinjin passphrase")
	b.wantText("main", "マイウォレット") // no organisation yet: the wallet
	b.open("/console")
	b.wantText("main", "まだどの組織にも所属していません")
	b.open(strings.TrimPrefix(verifyLink, s.URL))
	b.submit("confirm the address", `main button[type=submit]`, ".flash-notice")
	b.wantText(".flash-notice", "メールアドレスの確認が完了しました")
	if n := b.eval(`document.querySelectorAll("#verify-banner").length`); n != 0 {
		t.Error("the banner asking to confirm the address is still shown after confirming it")
	}
	b.open(strings.TrimPrefix(link, s.URL))
	b.wantText("main .lead", "明石デモ大学 / Akashi Demo Universityから「閲覧者」として参加するよう招待されています")
	b.wantText("main .facts", "デモ管理者")
	b.submit("accept", `main button[type=submit]`, ".flash-notice")
	b.wantText(".flash-notice", "に参加しました")
	b.wantText("main h1", "明石デモ大学")
	b.wantText("main", "閲覧者")

	// The admin makes them an issuer.
	a, err := s.m.Store.FindAccountByEmail(context.Background(), "shinjin@example.ac.jp")
	if err != nil {
		t.Fatal(err)
	}
	b.signOut()
	b.signIn(demoEmail, demoPassword)
	b.open("/console/members")
	form := fmt.Sprintf(`form[action="/console/members/%d/role"]`, a.ID)
	b.do("choose issuer", chromedp.SetValue(chromedp.CSS(form+" select"), "issuer"))
	b.submit("change role", form+" button", ".flash-notice")
	b.wantText(".flash-notice", "新人 太郎さんの権限を「発行担当者」に変更しました")
	b.screenshot("akashi-members.png")
	m, err := s.m.Store.FindMembership(context.Background(), mustOrg(t, s).ID, a.ID)
	if err != nil || m.Role != "issuer" {
		t.Errorf("membership after the change = %+v, %v; want issuer", m, err)
	}
}

// TestNarrowScreen: at 360 px wide the console fits without scrolling
// sideways.
func TestNarrowScreen(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	b := &tab{t: t, ctx: ctx, url: s.URL}
	b.do("phone viewport", chromedp.EmulateViewport(360, 740))
	b.signIn(demoEmail, demoPassword)
	for _, path := range []string{"/console", "/console/members", "/console/settings", "/console/audit", "/console/outbox/instance", "/login"} {
		b.open(path)
		// Wider content than the window makes the page scroll sideways.
		if over := b.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth"); over > 0 {
			t.Errorf("%s is %d px too wide at a 360 px viewport", path, over)
		}
	}
	b.open("/console/members")
	b.screenshot("akashi-members-360.png")
}

// attr returns the attribute name of the first element sel matches.
func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil || !v.Exists {
		b.t.Fatalf("%s of %s: %+v, %v", name, sel, v, err)
	}
	return v.Value
}

// eval returns the number expression evaluates to in the page.
func (b *tab) eval(expression string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](expression))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expression, err)
	}
	return n
}

// screenshot saves the whole page as a PNG in the temporary directory, for
// people to look at the design.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(os.TempDir(), name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}
