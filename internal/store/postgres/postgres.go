// SPDX-License-Identifier: Apache-2.0

// Package postgres opens Akashi's store on PostgreSQL with
// github.com/jackc/pgx/v5 through its database/sql adapter.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/sqlstore"
)

// SQLSTATE codes we map to store sentinels.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// Open connects to the database at url (postgres://user:pass@host/db?…),
// applies pending migrations and returns the store. It returns an error
// wrapping store.ErrSchemaTooNew if the database was migrated by a newer
// program.
func Open(ctx context.Context, url string, opts store.Options) (store.Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	// More idle connections than database/sql's default of 2, which makes a
	// busy server reconnect for most requests.
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s, err := sqlstore.Open(ctx, db, sqlstore.Postgres, mapError, opts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return s, nil
}

// mapError maps constraint violations to the store sentinels.
func mapError(err error) error {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return fmt.Errorf("postgres: %w", err)
	}
	switch e.Code {
	case uniqueViolation:
		return fmt.Errorf("%w: %v", store.ErrConflict, err)
	case foreignKeyViolation:
		return fmt.Errorf("%w: a referenced row does not exist: %v", store.ErrNotFound, err)
	}
	return fmt.Errorf("postgres: %w", err)
}
