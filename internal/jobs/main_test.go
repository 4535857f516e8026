// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/akashi-badges/akashi/internal/store/pgtest"
)

func TestMain(m *testing.M) {
	// Retries come after 20ms, 40ms, 80ms … instead of minutes.
	testOnlyFirstRetry = 20 * time.Millisecond
	pgtest.Main(m)
}

func TestSQLite(t *testing.T) {
	t.Parallel()
	runSuite(t, func(t *testing.T) opener {
		// _txlock=immediate as internal/store/sqlite sets it: see the
		// package documentation.
		dsn := filepath.Join(t.TempDir(), "akashi.db") +
			"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
		return opener{dialect: "sqlite", open: func(t *testing.T) *sql.DB { return openDB(t, "sqlite", dsn) }}
	})
}

func TestPostgres(t *testing.T) {
	t.Parallel()
	runSuite(t, func(t *testing.T) opener {
		url := pgtest.Start(t)
		return opener{dialect: "postgres", open: func(t *testing.T) *sql.DB { return openDB(t, "pgx", url) }}
	})
}

// opener opens connection pools to one test database.
type opener struct {
	dialect string
	open    func(t *testing.T) *sql.DB
}

// openDB opens a pool, closed when t ends.
func openDB(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("sql.Open(%q): %v", driver, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PingContext(t.Context()); err != nil {
		t.Fatalf("ping %s: %v", driver, err)
	}
	return db
}

func TestNewUnknownDialect(t *testing.T) {
	_, err := New(t.Context(), nil, "mysql", Workers{Outbox: newMemOutbox()}, Options{})
	if err == nil {
		t.Fatal(`New(dialect "mysql") = nil error, want one`)
	}
}
