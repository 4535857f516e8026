// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/akashi-badges/akashi/internal/store"
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
}
