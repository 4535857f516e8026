// SPDX-License-Identifier: Apache-2.0

package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/sqlite"
	"github.com/akashi-badges/akashi/internal/store/sqlstore"
	"github.com/akashi-badges/akashi/internal/store/storetest"
)

func openMemory(t *testing.T, opts store.Options) store.Store {
	t.Helper()
	s, err := sqlite.OpenMemory(t.Context(), opts)
	if err != nil {
		t.Fatalf("OpenMemory: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openFile(t testing.TB, opts store.Options) store.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "akashi.db"), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStoreMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openMemory(t, store.Options{}) })
	storetest.RunWithClock(t, func(t *testing.T, now func() time.Time) store.Store {
		return openMemory(t, store.Options{Now: now})
	})
}

func TestStoreFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openFile(t, store.Options{}) })
}

func TestMigrations(t *testing.T) {
	latest, err := sqlstore.LatestVersion(sqlstore.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "akashi.db")
	storetest.RunMigrations(t, func() (store.Store, error) {
		return sqlite.Open(context.Background(), path, store.Options{})
	}, latest)
}

// Every connection of a file database runs with WAL, foreign keys, a busy
// timeout and synchronous=NORMAL.
func TestPragmas(t *testing.T) {
	s := openFile(t, store.Options{})
	db := s.DB()
	db.SetMaxIdleConns(4)
	conns := make([]interface{ Close() error }, 0, 3)
	for range 3 { // hold several connections, so that each one is checked
		c, err := db.Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var journal string
		var fk, busy, sync int
		err = c.QueryRowContext(t.Context(), `SELECT (SELECT journal_mode FROM pragma_journal_mode),
			(SELECT foreign_keys FROM pragma_foreign_keys), (SELECT timeout FROM pragma_busy_timeout),
			(SELECT synchronous FROM pragma_synchronous)`).Scan(&journal, &fk, &busy, &sync)
		if err != nil || journal != "wal" || fk != 1 || busy != 10000 || sync != 1 {
			t.Errorf("pragmas = journal_mode %s, foreign_keys %d, busy_timeout %d, synchronous %d, err %v; want wal, 1, 10000, 1 (NORMAL)",
				journal, fk, busy, sync, err)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// Two goroutines writing at once both succeed: the second waits for the
// write lock instead of failing with SQLITE_BUSY.
func TestConcurrentWriters(t *testing.T) {
	s := openFile(t, store.Options{})
	errs := make(chan error, 2)
	for i := range 2 {
		go func() {
			errs <- s.ReadWrite(t.Context(), func(tx store.Tx) error {
				for j := range 20 {
					if _, err := tx.SQLTx().ExecContext(t.Context(),
						`INSERT INTO login_attempts (attempt_key, attempted_at) VALUES (?, ?)`, i, j); err != nil {
						return err
					}
				}
				return nil
			})
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent ReadWrite: %v", err)
		}
	}
}
