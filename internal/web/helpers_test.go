// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
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
	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
)

// The demo's sign-in (app.SeedDemo).
const (
	demoEmail    = "admin@demo.akashi.example"
	demoPassword = "akashi-demo-2026"
)

// server is the real application (app.Main with its routes, middleware,
// job queue) on a fresh SQLite database, listening on 127.0.0.1:0.
type server struct {
	t   *testing.T
	m   *app.Main
	URL string
	// skew is how far the server's clock (store and services) is ahead of
	// the real one; see advance.
	skew atomic.Int64
}

// advance moves the server's clock forward by d.
func (s *server) advance(d time.Duration) { s.skew.Add(int64(d)) }

func start(t *testing.T) *server {
	t.Helper()
	m := app.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Logger = nil
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

// mailTo returns the newest outbox mail to addr, read from the store.
func (s *server) mailTo(addr string) *badge.OutboxMail {
	s.t.Helper()
	ms, _, err := s.m.Store.FindOutboxMails(context.Background(), store.OutboxFilter{To: &addr})
	if err != nil || len(ms) == 0 {
		s.t.Fatalf("FindOutboxMails(to %s) = %d mails, %v; want one", addr, len(ms), err)
	}
	return ms[0]
}

var linkRE = regexp.MustCompile(`https?://\S+`)

// linkIn returns the path and query of the first link in mail m that
// contains part.
func (s *server) linkIn(m *badge.OutboxMail, part string) string {
	s.t.Helper()
	for _, l := range linkRE.FindAllString(m.TextBody, -1) {
		if strings.Contains(l, part) {
			u, err := url.Parse(l)
			if err != nil {
				s.t.Fatal(err)
			}
			return u.RequestURI()
		}
	}
	s.t.Fatalf("no link with %q in mail %q:\n%s", part, m.Subject, m.TextBody)
	return ""
}

// browser is a client with a cookie jar that does not follow redirects,
// so each step sees the answer it got.
type browser struct {
	t   *testing.T
	srv *server
	c   *http.Client
	// acceptLanguage is sent with every request when set.
	acceptLanguage string
}

func (s *server) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: s.t, srv: s, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// step is one request of a scenario and what must come back.
type step struct {
	name     string
	method   string // GET when empty
	path     string
	form     url.Values
	header   map[string]string
	status   int
	location string   // the redirect target, when status is 3xx
	want     []string // fragments the body must contain
	notWant  []string // fragments it must not contain
}

// response is what a step got.
type response struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (b *browser) do(st step) *response {
	b.t.Helper()
	method := st.method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if st.form != nil {
		body = strings.NewReader(st.form.Encode())
	}
	req, err := http.NewRequest(method, b.srv.URL+st.path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if st.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.acceptLanguage != "" {
		req.Header.Set("Accept-Language", b.acceptLanguage)
	}
	for k, v := range st.header {
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s: %s %s: %v", st.name, method, st.path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return &response{status: resp.StatusCode, header: resp.Header, body: string(raw), location: resp.Header.Get("Location")}
}

// check runs st and reports every way the answer differs from it.
func (b *browser) check(st step) *response {
	b.t.Helper()
	r := b.do(st)
	if st.status != 0 && r.status != st.status {
		b.t.Errorf("%s: %s %s = %d, want %d\n%.2000s", st.name, or(st.method, "GET"), st.path, r.status, st.status, mainOf(r.body))
	}
	if st.location != "" && r.location != st.location {
		b.t.Errorf("%s: %s redirects to %q, want %q", st.name, st.path, r.location, st.location)
	}
	for _, w := range st.want {
		if !strings.Contains(r.body, w) {
			b.t.Errorf("%s: %s lacks %q:\n%.3000s", st.name, st.path, w, mainOf(r.body))
		}
	}
	for _, w := range st.notWant {
		if strings.Contains(r.body, w) {
			b.t.Errorf("%s: %s has %q:\n%.3000s", st.name, st.path, w, mainOf(r.body))
		}
	}
	return r
}

// run checks each step in order.
func (b *browser) run(steps []step) {
	b.t.Helper()
	for _, st := range steps {
		b.check(st)
	}
}

// signIn signs in and checks the session cookie arrived: staff land in
// the console, everyone else in the wallet.
func (b *browser) signIn(email, password string) {
	b.t.Helper()
	r := b.check(step{name: "sign in as " + email, method: "POST", path: "/login",
		form: url.Values{"email": {email}, "password": {password}}, status: 303})
	if r.location != "/console" && r.location != "/wallet" {
		b.t.Errorf("sign in as %s: redirects to %q, want /console or /wallet", email, r.location)
	}
}

// mainOf is the <main> of a page, to keep failure messages short.
func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	return body
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func bootstrapInput(name, slug, email, password string) service.BootstrapInput {
	return service.BootstrapInput{OrgName: name, OrgSlug: slug, AdminEmail: email, AdminPassword: password, Locale: "ja"}
}
