// SPDX-License-Identifier: Apache-2.0

package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/pgtest"
	"github.com/akashi-badges/akashi/internal/store/postgres"
	"github.com/akashi-badges/akashi/internal/store/sqlstore"
	"github.com/akashi-badges/akashi/internal/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t *testing.T, opts store.Options) store.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), pgtest.Start(t), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, store.Options{}) })
	storetest.RunWithClock(t, func(t *testing.T, now func() time.Time) store.Store {
		return open(t, store.Options{Now: now})
	})
}

func TestMigrations(t *testing.T) {
	latest, err := sqlstore.LatestVersion(sqlstore.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	url := pgtest.Start(t)
	storetest.RunMigrations(t, func() (store.Store, error) {
		return postgres.Open(context.Background(), url, store.Options{})
	}, latest)
}

// Several servers starting at once on one database migrate it once.
func TestConcurrentMigrations(t *testing.T) {
	url := pgtest.Start(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := postgres.Open(context.Background(), url, store.Options{})
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Open: %v", err)
		}
	}
}

func TestOpenBadURL(t *testing.T) {
	if _, err := postgres.Open(t.Context(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=2", store.Options{}); err == nil {
		t.Error("Open(unreachable server) succeeded")
	}
}
