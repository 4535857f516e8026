// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/akashi-badges/akashi/internal/app"
	"github.com/akashi-badges/akashi/internal/badge"
)

// chromium returns the browser to drive, or skips the test (fails it under
// CI=true) when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI must not skip: no Chromium on the PATH (apt-get install chromium)")
	}
	t.Skip("no Chromium on the PATH (chromium, chromium-browser, google-chrome): install it to run the browser tests")
	return ""
}

// newBrowser starts headless Chromium with a throw-away profile and
// returns a context whose tab the test drives; the browser stops when the
// test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromium(t)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("accept-lang", "ja"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	// The first action starts the browser; it must not run under a
	// timeout, which would stop the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("starting %s: %v", exe, err)
	}
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// server is the real application on 127.0.0.1:0 with a temporary data
// directory, seeded as by `akashi serve --demo`.
type server struct {
	m   *app.Main
	URL string
}

func startServer(t *testing.T) *server {
	t.Helper()
	m := app.NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Config.Demo = true
	m.Logger = nil
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
	return &server{m: m, URL: m.URL}
}

// tab drives one browser tab against one server, failing the test on the
// first error with the step that failed.
type tab struct {
	t   *testing.T
	ctx context.Context
	url string
}

// do runs the steps with a time limit.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// text returns the visible text of the first element sel matches.
func (b *tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// wantText fails unless the element sel shows want.
func (b *tab) wantText(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, want) {
		b.t.Errorf("%s shows %q, want it to contain %q", sel, got, want)
	}
}

// open navigates to path on the server and waits for the page's <main>.
func (b *tab) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.url+path), chromedp.WaitReady(chromedp.CSS("main")))
}

// submit clicks the button sel and waits for the next page, recognised by
// the element next.
func (b *tab) submit(what, sel, next string) {
	b.t.Helper()
	// Mark the current document, so that the wait below is for the next
	// page: next may also match on this one (a flash message), and reading
	// a page while it is being replaced fails.
	b.do(what,
		discard(chromedp.Evaluate[bool](`window.akashiOldPage = true`)),
		chromedp.Click(chromedp.CSS(sel)),
		newPage(),
		chromedp.WaitReady(chromedp.CSS(next)))
}

// newPage waits until the marked document is replaced and the new one has
// loaded. Evaluating while the page is being replaced fails; that only
// means "not yet".
func newPage() chromedp.Action[chromedp.Void] {
	check := chromedp.Evaluate[bool](`window.akashiOldPage === undefined && document.readyState === "complete"`)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			if ok, err := check(ctx, t); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for the next page: %w", ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// discard runs an action for its effect only.
func discard[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := a(ctx, t)
		return err
	})
}

// fill types value into the empty input sel.
func (b *tab) fill(sel, value string) {
	b.t.Helper()
	b.do("fill "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), value))
}

// signIn signs in from the sign-in page and waits for the console (staff)
// or the wallet (everyone else).
func (b *tab) signIn(email, password string) {
	b.t.Helper()
	b.open("/login")
	b.fill("#f-email", email)
	b.fill("#f-password", password)
	b.submit("sign in as "+email, `main button[type=submit]`, "nav.consolenav, #wallet-title")
}

// signOut presses the top bar's sign-out button.
func (b *tab) signOut() {
	b.t.Helper()
	b.submit("sign out", `form[action="/logout"] button`, "#f-email")
}

// mustOrg returns the demo organisation.
func mustOrg(t *testing.T, s *server) *badge.Organization {
	t.Helper()
	o, err := s.m.Store.FindOrganizationBySlug(context.Background(), "demo-university")
	if err != nil {
		t.Fatal(err)
	}
	return o
}
