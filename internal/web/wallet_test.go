// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/service"
)

// TestWallet: a recipient opens the claim link, creates a wallet account
// there and lands in the wallet; the link is then used up; the badge goes
// private (public page 404) and public again; another account cannot touch
// it; a second address, once confirmed, brings a pending badge that can be
// accepted; the pages render in both languages; the badge and the account
// can be deleted.
func TestWallet(t *testing.T) {
	s := start(t)
	admin := s.browser()
	admin.signIn(demoEmail, demoPassword)
	id := admin.createBadge(t)
	a := s.awardOne(t, admin, id, "山田 花子", "hanako@example.ac.jp")
	claim := s.linkIn(s.mailTo("hanako@example.ac.jp"), "/claim/")

	me := s.browser()
	me.run([]step{
		{name: "claim page offers the wallet", path: claim, status: 200, want: []string{"ウォレットに受け取る", `action="` + claim + `/account"`}},
		{name: "a short password", method: "POST", path: claim + "/account", form: form("name", "山田 花子", "password", "short"),
			status: 400, want: []string{"山田 花子"}},
		{name: "create the wallet", method: "POST", path: claim + "/account", form: form("name", "山田 花子", "password", "correct horse battery"),
			status: 303, location: "/wallet"},
		{name: "wallet shows the badge", path: "/wallet", status: 200, want: []string{"バッジをウォレットに受け取りました", "データサイエンス基礎", "公開ページ",
			"https://www.linkedin.com/profile/add?", "certId=" + a.PublicID, "https://x.com/intent/post?", "https://www.facebook.com/sharer/sharer.php?", "badge.pdf", "credential.json", "qr.png", "qr.svg?download=1",
			"埋め込む", "&lt;a href=&#34;http", "/awards/" + a.PublicID + "&#34;&gt;&lt;img src="}},
		{name: "the link is used up", path: claim, status: 404},
		{name: "keeping it again", method: "POST", path: claim, status: 404},
		{name: "the top bar links the wallet", path: "/wallet", want: []string{`id="nav-wallet"`}},
		{name: "home is the wallet", path: "/", status: 303, location: "/wallet"},
	})
	anon := s.browser()
	pub := "/awards/" + a.PublicID
	privacy := fmt.Sprintf("/wallet/badges/%d/privacy", a.ID)
	me.check(step{name: "make private", method: "POST", path: privacy, form: form("private", "1"), status: 303})
	anon.check(step{name: "private: no public page", path: pub, status: 404, notWant: []string{"山田 花子"}})
	anon.check(step{name: "private: no JSON", path: pub, header: map[string]string{"Accept": "application/json"}, status: 404})
	me.check(step{name: "wallet says private", path: "/wallet", status: 200, want: []string{"非公開", "公開する"}, notWant: []string{"https://x.com/intent/post?"}})
	// The recipient still downloads a private badge, through the wallet.
	files := "/wallet/files/" + a.PublicID + "/"
	me.check(step{name: "wallet offers private downloads", path: "/wallet", status: 200, want: []string{files + "credential.json", files + "badge.pdf"}})
	me.check(step{name: "own private credential", path: files + "credential.json", status: 200, want: []string{"eddsa-rdfc-2022"}})
	me.check(step{name: "own private PDF", path: files + "badge.pdf", status: 200, want: []string{"%PDF-"}})
	anon.check(step{name: "private: no public file", path: pub + "/credential.json", status: 404})

	// Another account cannot see or change it.
	other := s.browser()
	sys := service.WithActor(context.Background(), service.Actor{System: true})
	if _, err := s.m.Service().CreateAccount(sys, service.NewAccount{Email: "mallory@example.com", Name: "Mallory",
		Password: "correct horse battery", Verified: true}); err != nil {
		t.Fatal(err)
	}
	other.check(step{name: "sign in as another", method: "POST", path: "/login", form: form("email", "mallory@example.com", "password", "correct horse battery"),
		status: 303, location: "/wallet"})
	other.run([]step{
		{name: "another's wallet is empty", path: "/wallet", status: 200, notWant: []string{"データサイエンス基礎"}},
		{name: "another cannot publish it", method: "POST", path: privacy, form: form("private", "0"), status: 404},
		{name: "another cannot delete it", method: "POST", path: fmt.Sprintf("/wallet/badges/%d/delete", a.ID), status: 404},
		{name: "another cannot accept it", method: "POST", path: fmt.Sprintf("/wallet/pending/%d/accept", a.ID), status: 404},
		{name: "another cannot download it", path: files + "credential.json", status: 404},
		{name: "nor through its public page", path: pub, status: 404},
	})
	anon.check(step{name: "still private", path: pub, status: 404})
	me.check(step{name: "make public", method: "POST", path: privacy, form: form("private", "0"), status: 303})
	anon.check(step{name: "public again", path: pub, status: 200})

	// A second address; once confirmed, badges sent to it are pending.
	me.check(step{name: "add an address", method: "POST", path: "/wallet/emails", form: form("email", "hanako@home.example"), status: 303})
	me.check(step{name: "a taken address", method: "POST", path: "/wallet/emails", form: form("email", "mallory@example.com"), status: 409,
		want: []string{"このメールアドレスはすでに別のアカウントで使われています"}})
	confirm := s.linkIn(s.mailTo("hanako@home.example"), "/verify-email")
	b := s.awardOne(t, admin, id, "山田 花子", "hanako@home.example")
	me.check(step{name: "not pending before confirming", path: "/wallet", notWant: []string{"受け取り待ちのバッジ"}})
	me.check(step{name: "confirm page", path: confirm, status: 200})
	me.check(step{name: "confirm", method: "POST", path: "/verify-email", form: form("token", mustURL(confirm).Query().Get("token")), status: 303})
	me.check(step{name: "pending", path: "/wallet", status: 200, want: []string{"受け取り待ちのバッジ", fmt.Sprintf("/wallet/pending/%d/accept", b.ID)}})
	me.check(step{name: "accept", method: "POST", path: fmt.Sprintf("/wallet/pending/%d/accept", b.ID), status: 303})
	me.check(step{name: "accepted", path: "/wallet", want: []string{fmt.Sprintf(`id="badge-%d"`, b.ID)}, notWant: []string{"受け取り待ちのバッジ"}})
	me.check(step{name: "search misses", path: "/wallet?q=nothing-like-it", want: []string{"検索に一致するバッジはありません"}})

	for _, lang := range []string{"ja", "en"} {
		me.check(step{name: "choose " + lang, method: "POST", path: "/lang", form: form("lang", lang, "next", "/wallet"), status: 303})
		for _, p := range []string{"/wallet", "/wallet/emails", "/wallet/account/delete", fmt.Sprintf("/wallet/badges/%d/delete", a.ID)} {
			checkPage(t, me, p, lang, http.StatusOK)
		}
	}
	me.check(step{name: "English wallet", path: "/wallet", want: []string{"My wallet", "Add to LinkedIn profile"}})
	me.check(step{name: "delete warning", path: fmt.Sprintf("/wallet/badges/%d/delete", a.ID), want: []string{"This cannot be undone"}})
	me.check(step{name: "delete the badge", method: "POST", path: fmt.Sprintf("/wallet/badges/%d/delete", a.ID), status: 303})
	anon.check(step{name: "deleted badge: no public page", path: pub, status: 404})
	me.check(step{name: "wrong password", method: "POST", path: "/wallet/account/delete", form: form("password", "nope nope nope"), status: 400,
		want: []string{"The password is not right."}})
	me.check(step{name: "delete the account", method: "POST", path: "/wallet/account/delete", form: form("password", "correct horse battery"),
		status: 303, location: "/login"})
	me.check(step{name: "signed out", path: "/wallet", status: 303})
	anon.check(step{name: "deleted account: no public page", path: "/awards/" + b.PublicID, status: 404})
	if strings.Contains(me.do(step{path: "/login"}).body, "山田 花子") {
		t.Error("the deleted account still shows")
	}
}
