// SPDX-License-Identifier: Apache-2.0

package oauth_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/app"
	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// databases are the stores every scenario runs on: SQLite always,
// PostgreSQL when it is installed (pgtest skips otherwise, fails on CI).
var databases = map[string]func(t *testing.T) string{
	"sqlite":   func(*testing.T) string { return "" },
	"postgres": func(t *testing.T) string { return pgtest.Start(t) },
}

// server is the real application (app.Main: routes, middleware, jobs) on
// a fresh database, listening on 127.0.0.1:0, with a clock tests move.
type server struct {
	t    *testing.T
	m    *app.Main
	URL  string
	skew atomic.Int64
}

func start(t *testing.T, dbURL string) *server {
	t.Helper()
	m := app.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Config.DatabaseURL = dbURL
	m.Logger = nil
	// The wallet verifies what is pushed into it; here the badges are
	// hosted by this very server, on a loopback address over http.
	m.VerifyFetch = fetch.Options{AllowHTTP: true, AllowPrivate: true}
	s := &server{t: t, m: m}
	m.Now = func() time.Time { return time.Now().Add(time.Duration(s.skew.Load())) }
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
	s.URL = m.URL
	return s
}

// advance moves the server's clock forward by d.
func (s *server) advance(d time.Duration) { s.skew.Add(int64(d)) }

// svc is the server's service.
func (s *server) svc() *service.Service { return s.m.Service() }

// browser is a client with a cookie jar that does not follow redirects.
type browser struct {
	t *testing.T
	s *server
	c *http.Client
}

func (s *server) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: s.t, s: s, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// reply is what a request got.
type reply struct {
	status int
	header http.Header
	body   string
}

// location is the parsed redirect target.
func (r *reply) location(t *testing.T) *url.URL {
	t.Helper()
	u, err := url.Parse(r.header.Get("Location"))
	if err != nil || r.header.Get("Location") == "" {
		t.Fatalf("no redirect: %d %s", r.status, r.body)
	}
	return u
}

// json decodes the body into a map.
func (r *reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

func (b *browser) send(req *http.Request) *reply {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return &reply{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func (b *browser) get(path string) *reply {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.s.URL+path, nil)
	return b.send(req)
}

func (b *browser) post(path string, form url.Values) *reply {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.s.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(req)
}

// wallet creates a wallet account with a confirmed address and returns a
// browser signed in to it.
func (s *server) wallet(email string) *browser {
	s.t.Helper()
	sys := service.WithActor(context.Background(), service.Actor{System: true})
	_, err := s.svc().CreateAccount(sys, service.NewAccount{Email: email, Name: "Owner of " + email,
		Password: "a long wallet password", Locale: "en", Verified: true})
	if err != nil {
		s.t.Fatal(err)
	}
	b := s.browser()
	r := b.post("/login", url.Values{"email": {email}, "password": {"a long wallet password"}})
	if r.status != http.StatusSeeOther {
		s.t.Fatalf("sign in as %s = %d\n%.500s", email, r.status, r.body)
	}
	return b
}

// call sends a request to the server without cookies.
func (s *server) call(method, path, contentType string, body []byte, header map[string]string) *reply {
	s.t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return s.browser().send(req)
}

// register registers a client with metadata meta.
func (s *server) register(meta map[string]any) *reply {
	s.t.Helper()
	b, _ := json.Marshal(meta)
	return s.call("POST", "/oauth/register", "application/json", b, nil)
}

// client is a registered client.
type client struct {
	ID, Secret, Redirect string
}

const lmsCallback = "https://lms.example.org/admin/oauth2callback.php"

// newClient registers a client for scope (all when "") that returns to
// lmsCallback.
func (s *server) newClient(scope string) client {
	s.t.Helper()
	meta := map[string]any{"client_name": "Example LMS", "redirect_uris": []string{lmsCallback},
		"token_endpoint_auth_method": "client_secret_basic"}
	if scope != "" {
		meta["scope"] = scope
	}
	r := s.register(meta)
	if r.status != http.StatusCreated {
		s.t.Fatalf("register = %d %s", r.status, r.body)
	}
	m := r.json(s.t)
	return client{ID: m["client_id"].(string), Secret: m["client_secret"].(string), Redirect: lmsCallback}
}

// newPKCE returns a code verifier and its S256 challenge.
func newPKCE() (verifier, challenge string) {
	b := make([]byte, 32)
	rand.Read(b)
	verifier = base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authParams is an authorization request of c for scope.
func authParams(c client, scope, state, challenge string) url.Values {
	v := url.Values{"response_type": {"code"}, "client_id": {c.ID}, "redirect_uri": {c.Redirect},
		"state": {state}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	if scope != "" {
		v.Set("scope", scope)
	}
	return v
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// consent opens the consent page for params and answers it with decision
// ("allow" or "deny"), returning the redirect back to the client.
func (b *browser) consent(params url.Values, decision string) *url.URL {
	b.t.Helper()
	page := b.get("/oauth/authorize?" + params.Encode())
	if page.status != http.StatusOK || !strings.Contains(page.body, `id="oauth-consent"`) {
		b.t.Fatalf("consent page = %d\n%.1500s", page.status, page.body)
	}
	form := url.Values{"decision": {decision}}
	for _, m := range hiddenRE.FindAllStringSubmatch(page.body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	r := b.post("/oauth/authorize", form)
	if r.status != http.StatusSeeOther {
		b.t.Fatalf("answer the consent page = %d\n%.1500s", r.status, r.body)
	}
	return r.location(b.t)
}

// authorize runs the authorization request and returns the code.
func (b *browser) authorize(c client, scope string) (code, verifier string) {
	b.t.Helper()
	verifier, challenge := newPKCE()
	u := b.consent(authParams(c, scope, "st-1", challenge), "allow")
	code = u.Query().Get("code")
	if code == "" || u.Query().Get("state") != "st-1" {
		b.t.Fatalf("redirect after Allow = %s; want a code and the state", u)
	}
	return code, verifier
}

// token posts a token request; with basicID set, the client
// authenticates with HTTP Basic (the credentials as they are, unencoded).
func (s *server) token(form url.Values, basicID, basicSecret string) *reply {
	s.t.Helper()
	req, _ := http.NewRequest("POST", s.URL+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	return s.browser().send(req)
}

// codeForm is the token request exchanging code.
func codeForm(c client, code, verifier string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {c.Redirect}, "code_verifier": {verifier}}
}

// tokens is a token response.
type tokens struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
}

// exchange trades a code for tokens and requires success.
func (s *server) exchange(c client, code, verifier string) tokens {
	s.t.Helper()
	r := s.token(codeForm(c, code, verifier), c.ID, c.Secret)
	if r.status != http.StatusOK {
		s.t.Fatalf("exchange the code = %d %s", r.status, r.body)
	}
	var tk tokens
	json.Unmarshal([]byte(r.body), &tk)
	return tk
}

// api calls an Open Badges API endpoint with a bearer token.
func (s *server) api(method, path, token string) *reply {
	s.t.Helper()
	h := map[string]string{}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	return s.call(method, path, "", nil, h)
}
