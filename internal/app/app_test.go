// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/service"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// start runs a Main on :0 until the test ends.
func start(t *testing.T, dbURL string, demo bool) *Main {
	t.Helper()
	return startWith(t, demo, func(m *Main) { m.Config.DatabaseURL = dbURL })
}

// startWith is start on SQLite, with configure applied before the Main
// opens.
func startWith(t *testing.T, demo bool, configure func(*Main)) *Main {
	t.Helper()
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DataDir = t.TempDir()
	m.Logger = nil
	configure(m)
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if demo {
		if _, err := m.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
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
	return m
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("%s: no X-Request-Id", url)
	}
	return resp.StatusCode, string(b)
}

func TestServeSQLiteAndPostgres(t *testing.T) {
	for name, url := range map[string]func(*testing.T) string{
		"sqlite":   func(*testing.T) string { return "" },
		"postgres": func(t *testing.T) string { return pgtest.Start(t) },
	} {
		t.Run(name, func(t *testing.T) {
			m := start(t, url(t), true)
			if code, body := get(t, m.URL+"/healthz"); code != 200 || body != "ok\n" {
				t.Errorf("/healthz = %d %q", code, body)
			}
			if code, body := get(t, m.URL+"/metrics"); code != 200 || !strings.Contains(body, `akashi_http_requests_total{code="200",route="GET /healthz"} 1`) {
				t.Errorf("/metrics = %d, no request counter:\n%.400s", code, body)
			}
			// Seeding again is a no-op.
			if _, err := m.SeedDemo(context.Background()); err != nil {
				t.Errorf("second SeedDemo: %v", err)
			}
			o, err := m.Store.FindOrganizationBySlug(context.Background(), demoSlug)
			if err != nil || !strings.Contains(o.Name, "Demo") {
				t.Fatalf("demo organisation = %+v, %v", o, err)
			}
			// The demo badge is there, once, and can be awarded at once.
			bs, n, err := m.Store.FindBadgeClasses(context.Background(), store.BadgeClassFilter{OrgID: &o.ID})
			if err != nil || n != 1 || bs[0].NameEN != "Introduction to Open Badges" {
				t.Fatalf("demo badges = %d, %v", n, err)
			}
			admin, _ := m.Store.FindAccountByEmail(context.Background(), demoEmail)
			res, err := m.Service().Award(service.WithActor(context.Background(), service.Actor{AccountID: admin.ID}), o.ID,
				service.AwardInput{BadgeClassID: bs[0].ID, Email: "hanako@demo.akashi.example", Name: "明石　花子"})
			if err != nil || !res.Created {
				t.Fatalf("award of the demo badge: %v", err)
			}
			if code, body := get(t, m.URL+"/awards/"+res.Award.PublicID+"/credential.json"); code != 200 || !strings.Contains(body, "eddsa-rdfc-2022") {
				t.Errorf("demo credential = %d %.200s", code, body)
			}
		})
	}
}

func TestBadConfig(t *testing.T) {
	m := NewMain()
	m.Config.DatabaseURL = "mysql://nope"
	if err := m.Open(context.Background()); err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("Open with a bad database URL: %v", err)
	}
}
