// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/rivermigrate"
)

// pgMigrateLock is the PostgreSQL advisory lock key that serialises River's
// migrations across processes; the store's own migrations use another.
const pgMigrateLock = 7242051701

// migrate applies River's pending migrations, each in a transaction of its
// own and recorded in river_migration.
func migrate(ctx context.Context, db *sql.DB, dialect string, driver riverdriver.Driver[*sql.Tx], log *slog.Logger) error {
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: log})
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	if dialect == "postgres" {
		// River takes no lock of its own, and several servers starting at
		// once would each try to apply the same migration. The lock is held
		// by a session of its own while River migrates on other
		// connections of the pool.
		c, err := db.Conn(ctx)
		if err != nil {
			return fmt.Errorf("jobs: migrate: %w", err)
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock($1)", pgMigrateLock); err != nil {
			return fmt.Errorf("jobs: migrate: lock: %w", err)
		}
		defer c.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", pgMigrateLock)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}
