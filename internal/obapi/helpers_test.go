// SPDX-License-Identifier: Apache-2.0

package obapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/app"
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// databases are the stores every scenario runs on: SQLite always,
// PostgreSQL when it is installed (pgtest skips otherwise, fails on CI).
var databases = map[string]func(t *testing.T) string{
	"sqlite":   func(*testing.T) string { return "" },
	"postgres": func(t *testing.T) string { return pgtest.Start(t) },
}

// server is the real application on a fresh database with the demo
// organisation, listening on 127.0.0.1:0.
type server struct {
	t   *testing.T
	m   *app.Main
	URL string
}

func start(t *testing.T, dbURL string) *server {
	t.Helper()
	m := app.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Config.DatabaseURL = dbURL
	m.Logger = nil
	// Pushed assertions are verified at once; these are hosted by this
	// very server, on a loopback address over http.
	m.VerifyFetch = fetch.Options{AllowHTTP: true, AllowPrivate: true}
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	stop, err := m.Start(ctx, 20*time.Second)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("Run returned %v after shutdown", err)
		}
		cancel()
		m.Close()
	})
	return &server{t: t, m: m, URL: m.URL}
}

func (s *server) svc() *service.Service { return s.m.Service() }

// award issues the demo badge to email in every format and returns the
// stored award.
func (s *server) award(email string) *badge.Award {
	s.t.Helper()
	ctx := context.Background()
	o, err := s.m.Store.FindOrganizationBySlug(ctx, "demo-university")
	if err != nil {
		s.t.Fatal(err)
	}
	bs, _, err := s.m.Store.FindBadgeClasses(ctx, store.BadgeClassFilter{OrgID: &o.ID})
	if err != nil || len(bs) == 0 {
		s.t.Fatalf("demo badge: %v", err)
	}
	sys := service.WithActor(ctx, service.Actor{System: true})
	res, err := s.svc().Award(sys, o.ID, service.AwardInput{BadgeClassID: bs[0].ID, Email: email, Name: "Recipient " + email, SkipMail: true})
	if err != nil {
		s.t.Fatal(err)
	}
	a, err := s.m.Store.FindAwardByID(ctx, res.Award.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

// wallet creates a wallet account for email and returns its context.
func (s *server) wallet(email string) context.Context {
	s.t.Helper()
	sys := service.WithActor(context.Background(), service.Actor{System: true})
	a, err := s.svc().CreateAccount(sys, service.NewAccount{Email: email, Name: "Owner of " + email,
		Password: "a long wallet password", Locale: "en", Verified: true})
	if err != nil {
		s.t.Fatal(err)
	}
	return service.WithActor(context.Background(), service.Actor{AccountID: a.ID})
}

// token runs the authorization code grant through the service for the
// wallet of ctx and returns an access token with scopes.
func (s *server) token(ctx context.Context, scopes string) string {
	s.t.Helper()
	bg := context.Background()
	c, err := s.svc().RegisterOAuthClient(bg, service.ClientRegistration{ClientName: "Test client",
		RedirectURIs: []string{"https://client.example/cb"}}, "")
	if err != nil {
		s.t.Fatal(err)
	}
	verifier := "a-code-verifier-of-at-least-forty-three-characters"
	sum := sha256.Sum256([]byte(verifier))
	back, err := s.svc().Authorize(ctx, service.AuthorizationRequest{ResponseType: "code", ClientID: c.Client.ClientID,
		RedirectURI: "https://client.example/cb", Scope: scopes, CodeChallenge: base64.RawURLEncoding.EncodeToString(sum[:]),
		CodeChallengeMethod: "S256"})
	if err != nil {
		s.t.Fatal(err)
	}
	u, _ := url.Parse(back)
	tk, err := s.svc().ExchangeOAuthToken(bg, service.TokenRequest{GrantType: "authorization_code", Code: u.Query().Get("code"),
		RedirectURI: "https://client.example/cb", CodeVerifier: verifier, ClientID: c.Client.ClientID, ClientSecret: c.Secret})
	if err != nil {
		s.t.Fatal(err)
	}
	return tk.AccessToken
}

// reply is what a request got.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r *reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// do sends a request and returns the answer and the request (for the
// OpenAPI check).
func (s *server) do(method, path, token, contentType string, body []byte) (*reply, *http.Request) {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &reply{status: resp.StatusCode, header: resp.Header, body: b}, req
}
