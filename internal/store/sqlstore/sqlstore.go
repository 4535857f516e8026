// SPDX-License-Identifier: Apache-2.0

// Package sqlstore implements [store.Store] once, in portable SQL, for
// SQLite and PostgreSQL. Queries are hand-written with explicit column
// lists and scans and use "?" placeholders; what differs between the two
// databases is kept in a narrow dialect seam (placeholder style, how times
// are stored, the migration lock) and in the per-dialect migrations
// embedded from migrations/sqlite and migrations/postgres.
//
// Opening the driver and mapping its errors to the store sentinels is the
// job of packages sqlite and postgres, which call [Open].
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/store"
)

// Dialect names, as returned by [DB.Dialect].
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is a [store.Store] on a *sql.DB. Each method runs in its own
// statement or transaction; [DB.ReadWrite] groups several.
type DB struct {
	*conn
	pool *sql.DB
}

var _ store.Store = (*DB)(nil)

// Open applies the pending migrations of dialect to db and returns the
// store. mapErr turns a driver error into one wrapping store.ErrConflict
// (unique violation) or store.ErrNotFound (foreign key violation) and
// returns other errors unchanged. Open returns an error wrapping
// store.ErrSchemaTooNew if the database was migrated by a newer program.
// It does not close db on error.
func Open(ctx context.Context, db *sql.DB, dialect string, mapErr func(error) error, opts store.Options) (*DB, error) {
	d, ok := dialects[dialect]
	if !ok {
		return nil, fmt.Errorf("sqlstore: unknown dialect %q", dialect)
	}
	if err := migrate(ctx, db, d); err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c := &conn{q: &poolStmts{db: db}, pool: db, d: d, mapErr: mapErr, now: now}
	return &DB{conn: c, pool: db}, nil
}

// ReadWrite implements [store.Store]: fn's calls run in one transaction.
func (s *DB) ReadWrite(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.readWrite(ctx, func(c *conn) error { return fn(&Tx{conn: c}) })
}

// DB returns the underlying pool.
func (s *DB) DB() *sql.DB { return s.pool }

// Dialect returns [SQLite] or [Postgres].
func (s *DB) Dialect() string { return s.d.name }

// Close closes the pool.
func (s *DB) Close() error { return s.pool.Close() }

// SchemaVersion returns the newest migration applied to the database.
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	return schemaVersion(ctx, s.pool)
}

// Tx is a [store.Tx]: every method runs in the transaction of the
// [DB.ReadWrite] call that made it.
type Tx struct {
	*conn
}

var _ store.Tx = (*Tx)(nil)

// SQLTx returns the transaction, for other packages to write in it.
func (t *Tx) SQLTx() *sql.Tx { return t.tx }
