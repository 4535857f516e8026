// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const accountCols = `id, email, name, password_hash, email_verified_at, locale, instance_admin, created_at, updated_at`

func scanAccount(s scanner) (*badge.Account, error) {
	var a badge.Account
	err := s.Scan(&a.ID, &a.Email, &a.Name, &a.PasswordHash, nullTimeDest{&a.EmailVerifiedAt},
		&a.Locale, &a.InstanceAdmin, timeDest{&a.CreatedAt}, timeDest{&a.UpdatedAt})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// FindAccountByID implements [store.Accounts].
func (c *conn) FindAccountByID(ctx context.Context, id int64) (*badge.Account, error) {
	return scanAccount(c.row(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = ?`, id))
}

// FindAccountByEmail implements [store.Accounts].
func (c *conn) FindAccountByEmail(ctx context.Context, email string) (*badge.Account, error) {
	return scanAccount(c.row(ctx, `SELECT `+accountCols+` FROM accounts WHERE email = ?`,
		badge.NormalizeEmail(email)))
}

// FindAccounts implements [store.Accounts].
func (c *conn) FindAccounts(ctx context.Context, f store.AccountFilter) ([]*badge.Account, int, error) {
	var w where
	if f.ID != nil {
		w.add("id = ?", *f.ID)
	}
	if f.Email != nil {
		w.add("email = ?", badge.NormalizeEmail(*f.Email))
	}
	if f.InstanceAdmin != nil {
		w.add("instance_admin = ?", *f.InstanceAdmin)
	}
	lq := listQuery{cols: accountCols, from: "accounts", order: "id"}
	return findPage(ctx, c, lq, &w, f.Page, scanAccount)
}

// CreateAccount implements [store.Accounts].
func (c *conn) CreateAccount(ctx context.Context, a *badge.Account) error {
	a.Email = badge.NormalizeEmail(a.Email)
	if err := a.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.atomic(ctx, func(c *conn) error {
		err := c.row(ctx, `INSERT INTO accounts (email, name, password_hash, email_verified_at, locale, instance_admin,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.Email, a.Name, a.PasswordHash, c.d.nullTS(a.EmailVerifiedAt), a.Locale, a.InstanceAdmin, c.d.ts(now), c.d.ts(now),
		).Scan(&a.ID)
		if err != nil {
			return err
		}
		// The primary address; its unique index also refuses an address
		// another account holds as a secondary one.
		return c.insertAccountEmail(ctx, &badge.AccountEmail{AccountID: a.ID, Email: a.Email,
			VerifiedAt: a.EmailVerifiedAt, Primary: true})
	})
	if err != nil {
		return err
	}
	a.EmailVerifiedAt, a.CreatedAt, a.UpdatedAt = normPtr(a.EmailVerifiedAt), now, now
	return nil
}

// UpdateAccount implements [store.Accounts].
func (c *conn) UpdateAccount(ctx context.Context, id int64, upd store.AccountUpdate) (*badge.Account, error) {
	var a *badge.Account
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if a, err = c.FindAccountByID(ctx, id); err != nil {
			return err
		}
		applyAccountUpdate(a, upd)
		if err := a.Validate(); err != nil {
			return err
		}
		a.UpdatedAt = c.clock()
		err = c.execOne(ctx, `UPDATE accounts SET email = ?, name = ?, password_hash = ?,
			email_verified_at = ?, locale = ?, instance_admin = ?, updated_at = ? WHERE id = ?`,
			a.Email, a.Name, a.PasswordHash, c.d.nullTS(a.EmailVerifiedAt), a.Locale, a.InstanceAdmin, c.d.ts(a.UpdatedAt), a.ID)
		if err != nil {
			return err
		}
		return c.syncPrimaryEmail(ctx, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func applyAccountUpdate(a *badge.Account, upd store.AccountUpdate) {
	if upd.Email != nil && badge.NormalizeEmail(*upd.Email) != a.Email {
		a.Email = badge.NormalizeEmail(*upd.Email)
		a.EmailVerifiedAt = nil // the verification was of the old address
	}
	if upd.Name != nil {
		a.Name = *upd.Name
	}
	if upd.PasswordHash != nil {
		a.PasswordHash = *upd.PasswordHash
	}
	if upd.EmailVerifiedAt != nil {
		a.EmailVerifiedAt = normPtr(upd.EmailVerifiedAt)
	}
	if upd.Locale != nil {
		a.Locale = *upd.Locale
	}
	if upd.InstanceAdmin != nil {
		a.InstanceAdmin = *upd.InstanceAdmin
	}
}

// DeleteAccount implements [store.Accounts].
func (c *conn) DeleteAccount(ctx context.Context, id int64) error {
	return c.execOne(ctx, `DELETE FROM accounts WHERE id = ?`, id)
}
