// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const accountEmailCols = `account_id, email, verified_at, is_primary, created_at`

func scanAccountEmail(s scanner) (*badge.AccountEmail, error) {
	var e badge.AccountEmail
	err := s.Scan(&e.AccountID, &e.Email, nullTimeDest{&e.VerifiedAt}, &e.Primary, timeDest{&e.CreatedAt})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// CreateAccountEmail implements [store.AccountEmails].
func (c *conn) CreateAccountEmail(ctx context.Context, e *badge.AccountEmail) error {
	e.Email = badge.NormalizeEmail(e.Email)
	e.Primary = false
	if err := e.Validate(); err != nil {
		return err
	}
	return c.insertAccountEmail(ctx, e)
}

func (c *conn) insertAccountEmail(ctx context.Context, e *badge.AccountEmail) error {
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO account_emails (account_id, email, verified_at, is_primary, created_at)
		VALUES (?, ?, ?, ?, ?)`, e.AccountID, e.Email, c.d.nullTS(e.VerifiedAt), e.Primary, c.d.ts(now))
	if err != nil {
		return err
	}
	e.VerifiedAt, e.CreatedAt = normPtr(e.VerifiedAt), now
	return nil
}

// FindAccountEmail implements [store.AccountEmails].
func (c *conn) FindAccountEmail(ctx context.Context, email string) (*badge.AccountEmail, error) {
	return scanAccountEmail(c.row(ctx, `SELECT `+accountEmailCols+` FROM account_emails WHERE email = ?`,
		badge.NormalizeEmail(email)))
}

// FindAccountEmails implements [store.AccountEmails].
func (c *conn) FindAccountEmails(ctx context.Context, accountID int64) ([]*badge.AccountEmail, error) {
	return list(ctx, c, `SELECT `+accountEmailCols+` FROM account_emails WHERE account_id = ?
		ORDER BY is_primary DESC, email`, []any{accountID}, scanAccountEmail)
}

// VerifyAccountEmail implements [store.AccountEmails].
func (c *conn) VerifyAccountEmail(ctx context.Context, accountID int64, email string, at time.Time) (*badge.AccountEmail, error) {
	var e *badge.AccountEmail
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		e, err = scanAccountEmail(c.row(ctx, `UPDATE account_emails SET verified_at = ?
			WHERE account_id = ? AND email = ? RETURNING `+accountEmailCols,
			c.d.ts(at), accountID, badge.NormalizeEmail(email)))
		if err != nil || !e.Primary {
			return err
		}
		return c.execOne(ctx, `UPDATE accounts SET email_verified_at = ?, updated_at = ? WHERE id = ?`,
			c.d.ts(at), c.d.ts(c.clock()), accountID)
	})
	return e, err
}

// SetPrimaryAccountEmail implements [store.AccountEmails].
func (c *conn) SetPrimaryAccountEmail(ctx context.Context, accountID int64, email string) error {
	return c.atomic(ctx, func(c *conn) error {
		e, err := scanAccountEmail(c.row(ctx, `SELECT `+accountEmailCols+` FROM account_emails
			WHERE account_id = ? AND email = ?`, accountID, badge.NormalizeEmail(email)))
		if err != nil || e.Primary {
			return err
		}
		// Unset first: at most one primary address per account (an index).
		if _, err := c.exec(ctx, `UPDATE account_emails SET is_primary = ? WHERE account_id = ?`, false, accountID); err != nil {
			return err
		}
		if err := c.execOne(ctx, `UPDATE account_emails SET is_primary = ? WHERE account_id = ? AND email = ?`,
			true, accountID, e.Email); err != nil {
			return err
		}
		return c.execOne(ctx, `UPDATE accounts SET email = ?, email_verified_at = ?, updated_at = ? WHERE id = ?`,
			e.Email, c.d.nullTS(e.VerifiedAt), c.d.ts(c.clock()), accountID)
	})
}

// DeleteAccountEmail implements [store.AccountEmails].
func (c *conn) DeleteAccountEmail(ctx context.Context, accountID int64, email string) error {
	return c.execOne(ctx, `DELETE FROM account_emails WHERE account_id = ? AND email = ? AND is_primary = ?`,
		accountID, badge.NormalizeEmail(email), false)
}

// syncPrimaryEmail makes the account's primary address row match a.
func (c *conn) syncPrimaryEmail(ctx context.Context, a *badge.Account) error {
	return c.execOne(ctx, `UPDATE account_emails SET email = ?, verified_at = ? WHERE account_id = ? AND is_primary = ?`,
		a.Email, c.d.nullTS(a.EmailVerifiedAt), a.ID, true)
}

var _ store.AccountEmails = (*conn)(nil)
