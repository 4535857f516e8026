// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"errors"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var txTests = []test{
	{"Tx/Commit", testTxCommit},
	{"Tx/RollbackOnError", testTxRollbackOnError},
	{"Tx/RollbackOnConflict", testTxRollbackOnConflict},
	{"Tx/RollbackOnPanic", testTxRollbackOnPanic},
	{"Tx/SQLTx", testTxSQLTx},
	{"Tx/Pool", testTxPool},
}

// countAccounts returns how many accounts the store holds.
func countAccounts(t *testing.T, s store.Repos) int {
	t.Helper()
	_, total, err := s.FindAccounts(t.Context(), store.AccountFilter{})
	wantOK(t, "FindAccounts", err)
	return total
}

func testTxCommit(t *testing.T, s store.Store) {
	ctx := t.Context()
	var org *badge.Organization
	err := s.ReadWrite(ctx, func(tx store.Tx) error {
		a := newAccount(t, tx, "owner@example.com")
		org = newOrg(t, tx, "acme")
		newMember(t, tx, org, a, badge.RoleOwner)
		_, err := tx.UpdateOrganization(ctx, org.ID, store.OrganizationUpdate{Name: ptr("ACME Corp")})
		return err
	})
	wantOK(t, "ReadWrite", err)
	items, total, err := s.FindMemberships(ctx, store.MembershipFilter{OrgID: &org.ID})
	wantTotal(t, "FindMemberships after commit", items, total, err, 1, 1)
	if len(items) == 1 && (items[0].OrgName != "ACME Corp" || items[0].Role != badge.RoleOwner) {
		t.Errorf("membership after commit = %+v, want owner of ACME Corp", items[0])
	}
}

func testTxRollbackOnError(t *testing.T, s store.Store) {
	ctx := t.Context()
	boom := errors.New("boom")
	err := s.ReadWrite(ctx, func(tx store.Tx) error {
		a := newAccount(t, tx, "owner@example.com")
		o := newOrg(t, tx, "acme")
		newMember(t, tx, o, a, badge.RoleOwner)
		if n := countAccounts(t, tx); n != 1 {
			t.Errorf("accounts seen inside the transaction = %d, want 1", n)
		}
		return boom
	})
	if err != boom {
		t.Errorf("ReadWrite = %v, want the function's error unchanged", err)
	}
	if n := countAccounts(t, s); n != 0 {
		t.Errorf("accounts after rollback = %d, want 0", n)
	}
	_, err = s.FindOrganizationBySlug(ctx, "acme")
	wantErr(t, "FindOrganizationBySlug after rollback", err, store.ErrNotFound)
}

func testTxRollbackOnConflict(t *testing.T, s store.Store) {
	newAccount(t, s, "taken@example.com")
	err := s.ReadWrite(t.Context(), func(tx store.Tx) error {
		newOrg(t, tx, "acme")
		return tx.CreateAccount(t.Context(), &badge.Account{Email: "taken@example.com", Locale: badge.LocaleEN})
	})
	wantErr(t, "ReadWrite(conflict inside)", err, store.ErrConflict)
	_, err = s.FindOrganizationBySlug(t.Context(), "acme")
	wantErr(t, "organization created before the conflict", err, store.ErrNotFound)
}

func testTxRollbackOnPanic(t *testing.T, s store.Store) {
	func() {
		defer func() {
			if recover() == nil {
				t.Error("ReadWrite swallowed the panic")
			}
		}()
		_ = s.ReadWrite(t.Context(), func(tx store.Tx) error {
			newAccount(t, tx, "p@example.com")
			panic("oops")
		})
	}()
	if n := countAccounts(t, s); n != 0 {
		t.Errorf("accounts after a panic = %d, want 0", n)
	}
	newAccount(t, s, "after@example.com") // the store still works
}

func testTxSQLTx(t *testing.T, s store.Store) {
	ctx := t.Context()
	err := s.ReadWrite(ctx, func(tx store.Tx) error {
		newAccount(t, tx, "a@example.com")
		var n int
		if err := tx.SQLTx().QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&n); err != nil || n != 1 {
			t.Errorf("SQLTx sees %d accounts, err %v; want 1 (the same transaction)", n, err)
		}
		_, err := tx.SQLTx().ExecContext(ctx, `DELETE FROM accounts`)
		return err
	})
	wantOK(t, "ReadWrite", err)
	if n := countAccounts(t, s); n != 0 {
		t.Errorf("accounts after a delete through SQLTx = %d, want 0", n)
	}
}

func testTxPool(t *testing.T, s store.Store) {
	if d := s.Dialect(); d != "sqlite" && d != "postgres" {
		t.Errorf("Dialect() = %q, want sqlite or postgres", d)
	}
	if err := s.DB().PingContext(t.Context()); err != nil {
		t.Errorf("DB().Ping: %v", err)
	}
}
