// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// Accounts stores [badge.Account]s.
type Accounts interface {
	// FindAccountByID returns ErrNotFound if there is no such account.
	FindAccountByID(ctx context.Context, id int64) (*badge.Account, error)
	// FindAccountByEmail matches the address case-insensitively. It returns
	// ErrNotFound if no account has it.
	FindAccountByEmail(ctx context.Context, email string) (*badge.Account, error)
	// FindAccounts returns the accounts matching f, ordered by id, and their total.
	FindAccounts(ctx context.Context, f AccountFilter) ([]*badge.Account, int, error)
	// CreateAccount lower-cases a.Email, validates a and inserts it, setting
	// a.ID, a.CreatedAt and a.UpdatedAt. It returns a *badge.Error if a is
	// invalid and ErrConflict if the e-mail address is taken.
	CreateAccount(ctx context.Context, a *badge.Account) error
	// UpdateAccount applies upd and returns the account. Changing the e-mail
	// address clears EmailVerifiedAt unless upd sets it too. It returns
	// ErrNotFound, a *badge.Error if the result is invalid, or ErrConflict if
	// the new address is taken.
	UpdateAccount(ctx context.Context, id int64, upd AccountUpdate) (*badge.Account, error)
	// DeleteAccount deletes the account with its memberships, sessions and
	// account tokens; records that name it as actor, inviter, issuer,
	// claimant or creator (audit entries, invitations, API clients, awards,
	// bulk awards) keep 0. It returns ErrNotFound if there is no such account.
	DeleteAccount(ctx context.Context, id int64) error
}

// AccountEmails stores the [badge.AccountEmail]s of accounts. The primary
// address is created with the account and follows its e-mail address and
// verification through [Accounts.UpdateAccount].
type AccountEmails interface {
	// CreateAccountEmail normalises and validates e and inserts it as a
	// secondary address, setting e.CreatedAt. It returns a *badge.Error,
	// ErrNotFound if the account does not exist and ErrConflict if any
	// account has the address.
	CreateAccountEmail(ctx context.Context, e *badge.AccountEmail) error
	// FindAccountEmail returns the address, whichever account holds it, or
	// ErrNotFound.
	FindAccountEmail(ctx context.Context, email string) (*badge.AccountEmail, error)
	// FindAccountEmails returns the account's addresses, primary first, then
	// in alphabetical order.
	FindAccountEmails(ctx context.Context, accountID int64) ([]*badge.AccountEmail, error)
	// VerifyAccountEmail marks the account's address verified at at (the
	// account's EmailVerifiedAt too when it is the primary one) and returns
	// it. It returns ErrNotFound if the account has no such address.
	VerifyAccountEmail(ctx context.Context, accountID int64, email string, at time.Time) (*badge.AccountEmail, error)
	// SetPrimaryAccountEmail makes the account's address its primary one,
	// and the account's e-mail address (with its verification). It returns
	// ErrNotFound if the account has no such address.
	SetPrimaryAccountEmail(ctx context.Context, accountID int64, email string) error
	// DeleteAccountEmail deletes a secondary address of the account. It
	// returns ErrNotFound if the account has no such secondary address.
	DeleteAccountEmail(ctx context.Context, accountID int64, email string) error
}

// AccountFilter selects accounts; nil fields match everything.
type AccountFilter struct {
	ID            *int64
	Email         *string // compared case-insensitively
	InstanceAdmin *bool
	Page
}

// AccountUpdate changes the non-nil fields of an account.
type AccountUpdate struct {
	Email           *string
	Name            *string
	PasswordHash    *string
	EmailVerifiedAt *time.Time
	Locale          *string
	InstanceAdmin   *bool
}

// AccountTokens stores single-use [badge.AccountToken]s.
type AccountTokens interface {
	// CreateAccountToken validates t and inserts it, setting t.CreatedAt. It
	// returns a *badge.Error if t is invalid, ErrNotFound if the account does
	// not exist and ErrConflict if the hash is already stored.
	CreateAccountToken(ctx context.Context, t *badge.AccountToken) error
	// FindAccountToken returns the unused, unexpired token of that kind, or
	// ErrNotFound.
	FindAccountToken(ctx context.Context, hash []byte, kind string) (*badge.AccountToken, error)
	// UseAccountToken marks the unused, unexpired token of that kind used and
	// returns it; of two concurrent calls only one succeeds. It returns
	// ErrNotFound if there is no such token, or it is used or expired.
	UseAccountToken(ctx context.Context, hash []byte, kind string) (*badge.AccountToken, error)
	// DeleteAccountTokens deletes every token of that kind for the account
	// (e.g. older reset links once the password changed) and returns how many.
	DeleteAccountTokens(ctx context.Context, accountID int64, kind string) (int, error)
	// DeleteExpiredAccountTokens deletes tokens that expired and returns how many.
	DeleteExpiredAccountTokens(ctx context.Context) (int, error)
}
