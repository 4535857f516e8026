// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"errors"
	"testing"

	"github.com/akashi-badges/akashi/internal/store"
)

// RunMigrations checks schema migrations: a fresh database gets every
// migration, opening it again changes nothing, and a database whose schema
// is newer than latest is refused with store.ErrSchemaTooNew. open opens
// the same database each time (empty at the first call); latest is the
// newest version the program knows.
func RunMigrations(t *testing.T, open func() (store.Store, error), latest int) {
	s, err := open()
	wantOK(t, "open fresh database", err)
	wantVersions(t, "fresh database", s, latest)
	a := newAccount(t, s, "kept@example.com")
	wantOK(t, "Close", s.Close())

	s, err = open()
	wantOK(t, "open again", err)
	wantVersions(t, "re-opened database", s, latest)
	_, err = s.FindAccountByID(t.Context(), a.ID)
	wantOK(t, "account written before re-opening", err)
	bumpVersion(t, s, latest+1)
	wantOK(t, "Close", s.Close())

	s, err = open()
	if !errors.Is(err, store.ErrSchemaTooNew) || s != nil {
		t.Errorf("open on a newer schema = %v, %v; want nil, ErrSchemaTooNew", s, err)
	}
	if s != nil {
		s.Close()
	}
}

// wantVersions checks that schema_migrations holds versions 1..latest once each.
func wantVersions(t *testing.T, what string, s store.Store, latest int) {
	t.Helper()
	var n, lo, hi int
	err := s.DB().QueryRowContext(t.Context(),
		`SELECT COUNT(*), COALESCE(MIN(version), 0), COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&n, &lo, &hi)
	if err != nil || n != latest || lo != 1 || hi != latest {
		t.Errorf("%s: schema_migrations has %d versions %d..%d, err %v; want %d versions 1..%d", what, n, lo, hi, err, latest, latest)
	}
}

// bumpVersion records a migration this program does not know, as a newer
// program would have.
func bumpVersion(t *testing.T, s store.Store, v int) {
	t.Helper()
	q := `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from_the_future', now())`
	if s.Dialect() == "sqlite" {
		q = `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future', 0)`
	}
	_, err := s.DB().ExecContext(t.Context(), q, v)
	wantOK(t, "record a future migration", err)
}
