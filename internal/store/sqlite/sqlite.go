// SPDX-License-Identifier: Apache-2.0

// Package sqlite opens Akashi's store on a SQLite file with the pure-Go
// driver modernc.org/sqlite, so the single binary needs no cgo.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/sqlstore"
)

// pragmas run on every new connection, in this order.
var pragmas = []string{
	// First, so that a connection that finds the database locked waits
	// (up to 10s) instead of failing at once with SQLITE_BUSY, including
	// while the pragmas below run.
	"PRAGMA busy_timeout = 10000",
	// WAL lets readers proceed while one writer writes, and survives
	// crashes without the rollback journal's extra fsyncs.
	"PRAGMA journal_mode = WAL",
	// SQLite leaves foreign keys off by default, for backwards
	// compatibility; the schema's ON DELETE CASCADE rules need them on.
	"PRAGMA foreign_keys = ON",
	// In WAL mode NORMAL is durable against application crashes and
	// consistent after power loss (the last commits may be lost), at a
	// fraction of FULL's fsyncs.
	"PRAGMA synchronous = NORMAL",
	// 16 MiB of page cache per connection (the default is 2 MiB): the
	// unique indexes on random ids (award public ids, claim-token hashes)
	// take inserts all over their b-trees, and an organisation with a
	// million awards must not read pages from disk for every new one.
	// Pages are allocated as they are used and freed when an idle
	// connection closes (see connMaxIdle), so an idle server stays small.
	"PRAGMA cache_size = -16384",
}

// drv is a driver of our own, so the pragma hook applies to our
// connections only.
var drv = newDriver()

func newDriver() *sqlite.Driver {
	d := new(sqlite.Driver)
	d.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, _ string) error {
		for _, p := range pragmas {
			if _, err := c.ExecContext(context.Background(), p, nil); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		return nil
	})
	return d
}

// idleConns is how many connections the pool keeps open: more than
// database/sql's default of 2, which makes a busy server open and close a
// connection (and run the pragmas) for most requests.
const idleConns = 10

// connMaxIdle closes connections unused this long, releasing their page
// caches after a busy spell.
const connMaxIdle = 2 * time.Minute

// connector opens connections with drv.
type connector struct{ dsn string }

// Connect implements [driver.Connector].
func (c connector) Connect(context.Context) (driver.Conn, error) { return drv.Open(c.dsn) }

// Driver implements [driver.Connector].
func (c connector) Driver() driver.Driver { return drv }

// Open opens (creating it if needed) the SQLite database file at path, applies
// pending migrations and returns the store. It returns an error wrapping
// store.ErrSchemaTooNew if the file was migrated by a newer program.
func Open(ctx context.Context, path string, opts store.Options) (store.Store, error) {
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("sqlite: database path %q must not contain '?'", path)
	}
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction,
	// where busy_timeout can wait for it, rather than at its first write,
	// where a lock upgrade fails at once with SQLITE_BUSY.
	db := sql.OpenDB(connector{dsn: path + "?_txlock=immediate"})
	db.SetMaxIdleConns(idleConns)
	db.SetConnMaxIdleTime(connMaxIdle)
	return open(ctx, db, opts)
}

// OpenMemory returns a store on a fresh in-memory database, for tests. Its
// pool has a single connection (each connection to ":memory:" is a
// database of its own), so a [store.Store.ReadWrite] function must use only
// its tx, never the store, or it waits forever.
func OpenMemory(ctx context.Context, opts store.Options) (store.Store, error) {
	db := sql.OpenDB(connector{dsn: ":memory:?_txlock=immediate"})
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	return open(ctx, db, opts)
}

func open(ctx context.Context, db *sql.DB, opts store.Options) (store.Store, error) {
	s, err := sqlstore.Open(ctx, db, sqlstore.SQLite, mapError, opts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return s, nil
}

// mapError maps constraint violations to the store sentinels.
func mapError(err error) error {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("sqlite: %w", err)
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w: %v", store.ErrConflict, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return fmt.Errorf("%w: a referenced row does not exist: %v", store.ErrNotFound, err)
	}
	return fmt.Errorf("sqlite: %w", err)
}
