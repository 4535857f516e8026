// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/akashi-badges/akashi/internal/service"
)

// oauthClientSite is another system's site with an OAuth 2.0 redirect
// endpoint, on another origin than the server: it records what the browser
// brings back.
type oauthClientSite struct {
	*httptest.Server
	mu   sync.Mutex
	last url.Values
}

func newOAuthClientSite(t *testing.T) *oauthClientSite {
	c := &oauthClientSite{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/admin/oauth2callback.php" { // the browser asks for a favicon too
			http.NotFound(w, r)
			return
		}
		c.mu.Lock()
		c.last = r.URL.Query()
		c.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>LMS</title><main id="client-callback">back at the LMS</main>`)
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *oauthClientSite) query() url.Values {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// TestOAuthConsent walks a wallet owner through another system's request
// for access: not signed in, they sign in first and come back to the
// consent page, which names the system and says in Japanese what it may
// do; they allow, and the browser lands at the system with a code (the
// page's policy lets the answer go to that one other origin). Asked again
// in English, they deny, and the system gets access_denied.
func TestOAuthConsent(t *testing.T) {
	ctx := newBrowser(t)
	s := startServer(t)
	b := &tab{t: t, ctx: ctx, url: s.URL}
	site := newOAuthClientSite(t)

	sys := service.WithActor(context.Background(), service.Actor{System: true})
	if _, err := s.m.Service().CreateAccount(sys, service.NewAccount{Email: "hanako@example.ac.jp", Name: "明石 花子",
		Password: "correct horse battery", Locale: "ja", Verified: true}); err != nil {
		t.Fatal(err)
	}
	meta, _ := json.Marshal(map[string]any{"client_name": "テスト大学 Moodle", "redirect_uris": []string{site.URL + "/admin/oauth2callback.php"},
		"scope": service.ScopeOB2ProfileRead + " " + service.ScopeOB2AssertionRead + " " + service.ScopeOB2AssertionCreate})
	resp, err := http.Post(s.URL+"/oauth/register", "application/json", bytes.NewReader(meta))
	if err != nil {
		t.Fatal(err)
	}
	var reg struct {
		ClientID string `json:"client_id"`
	}
	json.NewDecoder(resp.Body).Decode(&reg)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || reg.ClientID == "" {
		t.Fatalf("register = %d", resp.StatusCode)
	}
	sum := sha256.Sum256([]byte("a-code-verifier-of-at-least-forty-three-characters"))
	authorize := "/oauth/authorize?" + url.Values{"response_type": {"code"}, "client_id": {reg.ClientID},
		"redirect_uri": {site.URL + "/admin/oauth2callback.php"}, "state": {"sess-1"},
		"scope":          {service.ScopeOB2AssertionRead + " " + service.ScopeOB2AssertionCreate},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}.Encode()

	// Not signed in: the sign-in page first, then the question.
	b.open(authorize)
	b.fill("#f-email", "hanako@example.ac.jp")
	b.fill("#f-password", "correct horse battery")
	b.submit("sign in", `main button[type=submit]`, "#oauth-consent")
	b.wantText("main h1", "ウォレットへのアクセスを許可しますか？")
	b.wantText("#oauth-client", "テスト大学 Moodle")
	b.wantText("#oauth-host", "127.0.0.1")
	b.wantText("#oauth-scopes", "ウォレットのバッジを見る（Open Badges 2.0 形式）")
	b.wantText("#oauth-scopes", "ウォレットにバッジを追加する")
	b.screenshot("akashi-oauth-consent-ja.png")
	b.submit("allow", "#oauth-allow", "#client-callback")
	if q := site.query(); q.Get("code") == "" || q.Get("state") != "sess-1" || q.Get("error") != "" {
		t.Errorf("the LMS got %v; want a code and the state", q)
	}

	// In English, and no.
	b.open(authorize)
	b.submit("switch to English", `form.langswitch button[lang="en"]`, "#oauth-consent")
	b.wantText("main h1", "Allow access to your wallet?")
	b.wantText("#oauth-scopes", "See the badges in your wallet (Open Badges 2.0 form)")
	b.wantText("#oauth-scopes", "Add badges to your wallet")
	b.wantText("#oauth-host", "You will then go back to 127.0.0.1")
	b.submit("deny", "#oauth-deny", "#client-callback")
	if q := site.query(); q.Get("error") != "access_denied" || q.Get("code") != "" || q.Get("state") != "sess-1" {
		t.Errorf("the LMS got %v; want access_denied and the state", q)
	}
}
