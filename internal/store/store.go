// SPDX-License-Identifier: Apache-2.0

// Package store defines how Akashi's services reach persistent state: one
// small interface per aggregate, the [Store] that bundles them with
// transactions, the filters and updates they take, and the sentinel errors
// they return. The SQL implementation is in package sqlstore; the
// conformance suite every implementation must pass is in storetest.
//
// Conventions shared by every method:
//   - Create methods validate their argument with its Validate method before
//     any SQL runs (returning the [*badge.Error] with code "invalid"), then
//     fill in the ID and timestamps from the store's clock.
//   - A lookup that finds nothing returns [ErrNotFound], never a nil value
//     with a nil error.
//   - A unique constraint violation (a taken e-mail, slug, client id or
//     membership) returns an error wrapping [ErrConflict].
//   - Creating a row that refers to a missing row (an organisation, an
//     account, a client) returns an error wrapping [ErrNotFound].
//   - Find methods taking a filter return the page asked for by Offset and
//     Limit (Limit 0 = no limit) and the total number of matches.
//   - Times are UTC with microsecond precision.
//
// [*badge.Error]: github.com/akashi-badges/akashi/internal/badge.Error
package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Sentinel errors. Test for them with errors.Is; implementations wrap them
// with details.
var (
	// ErrNotFound means the row looked up does not exist, or no longer
	// counts (an expired session, a used token).
	ErrNotFound = errors.New("store: not found")
	// ErrConflict means a unique constraint was violated.
	ErrConflict = errors.New("store: already exists")
	// ErrSchemaTooNew means the database was migrated by a newer version of
	// Akashi than this one; the server must not run on it.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this program")
)

// Options configure a store when it is opened.
type Options struct {
	// Now is the clock used for created/updated times and to decide what
	// has expired. Nil means time.Now.
	Now func() time.Time
}

// Repos is every aggregate's interface. Both [Store] (each method in its
// own transaction) and [Tx] (all methods in the caller's transaction)
// implement it.
type Repos interface {
	Accounts
	AccountEmails
	Organizations
	Memberships
	Invitations
	Sessions
	AccountTokens
	SigningKeys
	APIClients
	AccessTokens
	Audit
	Outbox
	LoginAttempts
	BadgeClasses
	Awards
	StatusLists
	BulkAwards
	TransparencyLog
	WalletImports
	Collections
	OAuth
}

// Tx is a [Repos] bound to one database transaction, passed to the function
// given to [Store.ReadWrite].
type Tx interface {
	Repos
	// SQLTx is the underlying transaction, so that other packages (the job
	// queue) can write in the same transaction. Do not commit or roll it back.
	SQLTx() *sql.Tx
}

// Store is the persistent state of an Akashi instance.
type Store interface {
	Repos
	// ReadWrite runs fn in one transaction: committed if fn returns nil,
	// rolled back (nothing written) if it returns an error or panics. The
	// error fn returns is returned unchanged. Inside fn use only tx, not the
	// Store. On PostgreSQL a failed statement (such as an [ErrConflict])
	// aborts the transaction, so fn should return once a call fails.
	ReadWrite(ctx context.Context, fn func(tx Tx) error) error
	// DB is the underlying pool, for the job queue and health checks.
	DB() *sql.DB
	// Dialect is "sqlite" or "postgres".
	Dialect() string
	// Close closes the pool.
	Close() error
}

// Page selects part of a Find result: skip Offset matches, return at most
// Limit (0 = all).
type Page struct {
	Offset int
	Limit  int
}
