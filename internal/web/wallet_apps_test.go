// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
)

// The wallet's connected apps page lists the software the owner allowed,
// in plain words, and disconnects it: its tokens stop working. Only the
// owner's own apps can be disconnected, and only from our pages.
func TestWalletApps(t *testing.T) {
	s := start(t)
	svc := s.m.Service()
	bg := context.Background()
	sys := service.WithActor(bg, service.Actor{System: true})
	account := func(email string) (*badge.Account, *browser) {
		a, err := svc.CreateAccount(sys, service.NewAccount{Email: email, Name: "Owner of " + email,
			Password: "correct horse battery", Verified: true})
		if err != nil {
			t.Fatal(err)
		}
		b := s.browser()
		b.check(step{name: "sign in as " + email, method: "POST", path: "/login",
			form: form("email", email, "password", "correct horse battery"), status: 303, location: "/wallet"})
		return a, b
	}
	owner, me := account("hanako@example.ac.jp")
	_, them := account("mallory@example.com")

	me.run([]step{
		{name: "the wallet links the page", path: "/wallet", status: 200, want: []string{`href="/wallet/apps"`, "連携しているアプリ"}},
		{name: "no apps yet", path: "/wallet/apps", status: 200, want: []string{"連携しているアプリ", `id="apps-empty"`}},
	})
	s.browser().check(step{name: "signed out", path: "/wallet/apps", status: 303, location: "/login?next=%2Fwallet%2Fapps"})

	// An LMS the owner allowed to add badges, which got its tokens.
	c, err := svc.RegisterOAuthClient(bg, service.ClientRegistration{ClientName: "Example <LMS>",
		RedirectURIs: []string{"https://lms.example.ac.jp/admin/oauth2callback.php"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	verifier := "a-code-verifier-of-at-least-forty-three-characters"
	sum := sha256.Sum256([]byte(verifier))
	back, err := svc.Authorize(service.WithActor(bg, service.Actor{AccountID: owner.ID}), service.AuthorizationRequest{
		ResponseType: "code", ClientID: c.Client.ClientID, Scope: service.ScopeOB2AssertionCreate + " " + service.ScopeOB2ProfileRead,
		CodeChallenge: base64.RawURLEncoding.EncodeToString(sum[:]), CodeChallengeMethod: "S256"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(back)
	tk, err := svc.ExchangeOAuthToken(bg, service.TokenRequest{GrantType: "authorization_code", Code: u.Query().Get("code"),
		CodeVerifier: verifier, ClientID: c.Client.ClientID, ClientSecret: c.Secret})
	if err != nil {
		t.Fatal(err)
	}
	apps, err := svc.ConnectedApps(service.WithActor(bg, service.Actor{AccountID: owner.ID}))
	if err != nil || len(apps) != 1 {
		t.Fatalf("ConnectedApps = %d, %v", len(apps), err)
	}
	revoke := fmt.Sprintf("/wallet/apps/%d/revoke", apps[0].ID)

	me.check(step{name: "the app, in Japanese", path: "/wallet/apps", status: 200, want: []string{
		"Example &lt;LMS&gt;", "lms.example.ac.jp", "ウォレットにバッジを追加する", "あなたの名前とメールアドレスを見る",
		"最終接続", `action="` + revoke + `"`, "連携を解除"}, notWant: []string{"まだありません", "<LMS>"}})
	me.run([]step{
		{name: "switch to English", method: "POST", path: "/lang", form: form("lang", "en", "next", "/wallet/apps"), status: 303, location: "/wallet/apps"},
		{name: "the app, in English", path: "/wallet/apps", status: 200, want: []string{
			"Connected apps", "Add badges to your wallet", "See your name and e-mail address", "Last connected", "Disconnect"}},
	})
	them.run([]step{
		{name: "another's list is empty", path: "/wallet/apps", status: 200, want: []string{`id="apps-empty"`}, notWant: []string{"LMS"}},
		{name: "another cannot disconnect it", method: "POST", path: revoke, status: 404},
	})
	me.run([]step{
		{name: "forged from another site", method: "POST", path: revoke, status: 403,
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}},
		{name: "no such app", method: "POST", path: "/wallet/apps/999999/revoke", status: 404},
		{name: "not an id", method: "POST", path: "/wallet/apps/abc/revoke", status: 404},
	})
	if _, err := svc.AuthenticateWalletBearer(bg, "Bearer "+tk.AccessToken); err != nil {
		t.Fatalf("the token after refused disconnections: %v", err)
	}

	me.run([]step{
		{name: "disconnect", method: "POST", path: revoke, status: 303, location: "/wallet/apps"},
		{name: "disconnected", path: "/wallet/apps", status: 200,
			want: []string{"Example &lt;LMS&gt; is disconnected", `id="apps-empty"`}},
		{name: "disconnect again", method: "POST", path: revoke, status: 404},
	})
	if _, err := svc.AuthenticateWalletBearer(bg, "Bearer "+tk.AccessToken); badge.ErrorCode(err) != badge.CodeUnauthorized {
		t.Errorf("the access token after disconnecting: %v, want refused", err)
	}
}
