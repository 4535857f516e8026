// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/store"
)

// Migrations are append-only: never edit a released file, add the next
// number, in both dialect directories.
//
//go:embed migrations
var migrationFS embed.FS

// migration is one embedded file, NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the dialect's migrations in order. Their versions run
// 1, 2, 3, … without gaps.
func migrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrations for %q: %w", dialect, err)
	}
	var ms []migration
	for i, e := range entries { // ReadDir sorts by name
		m, err := readMigration(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if m.version != i+1 {
			return nil, fmt.Errorf("sqlstore: migration %s: want version %d", e.Name(), i+1)
		}
		ms = append(ms, m)
	}
	return ms, nil
}

func readMigration(file string) (migration, error) {
	base := path.Base(file)
	num, name, ok := strings.Cut(strings.TrimSuffix(base, ".sql"), "_")
	v, err := strconv.Atoi(num)
	if !ok || err != nil || len(num) != 4 || !strings.HasSuffix(base, ".sql") {
		return migration{}, fmt.Errorf("sqlstore: migration file %s is not named NNNN_name.sql", base)
	}
	b, err := migrationFS.ReadFile(file)
	return migration{version: v, name: name, sql: string(b)}, err
}

// LatestVersion returns the newest schema version this program knows for
// dialect.
func LatestVersion(dialect string) (int, error) {
	ms, err := migrations(dialect)
	return len(ms), err
}

// migrate brings the database up to the latest version, one transaction
// per migration, each recorded in schema_migrations. It returns an error
// wrapping store.ErrSchemaTooNew if the database is ahead of the program.
func migrate(ctx context.Context, db *sql.DB, d *dialect) error {
	ms, err := migrations(d.name)
	if err != nil {
		return err
	}
	// One connection throughout, so that a session-level lock holds.
	c, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer c.Close()
	if d.lock != "" {
		if _, err := c.ExecContext(ctx, d.lock); err != nil {
			return fmt.Errorf("sqlstore: migrate: lock: %w", err)
		}
		defer c.ExecContext(context.WithoutCancel(ctx), d.unlock)
	}
	return migrateConn(ctx, c, d, ms)
}

func migrateConn(ctx context.Context, c *sql.Conn, d *dialect, ms []migration) error {
	if _, err := c.ExecContext(ctx, d.versionTable); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	cur, err := schemaVersion(ctx, c)
	if err != nil {
		return err
	}
	if cur > len(ms) {
		return fmt.Errorf("%w: the database is at version %d, this program knows up to %d; run a newer akashi",
			store.ErrSchemaTooNew, cur, len(ms))
	}
	for _, m := range ms[cur:] {
		if err := apply(ctx, c, d, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration in a transaction, unless another process has
// applied it meanwhile.
func apply(ctx context.Context, c *sql.Conn, d *dialect, m migration) error {
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: migration %d: %w", m.version, err)
	}
	defer tx.Rollback() // a no-op after Commit
	if cur, err := schemaVersion(ctx, tx); err != nil || cur >= m.version {
		return err
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("sqlstore: migration %d_%s: %w", m.version, m.name, err)
	}
	insert := d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`)
	if _, err := tx.ExecContext(ctx, insert, m.version, m.name, d.ts(time.Now())); err != nil {
		return fmt.Errorf("sqlstore: migration %d: %w", m.version, err)
	}
	return tx.Commit()
}

func schemaVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: schema version: %w", err)
	}
	return v, nil
}
