// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// NewAccount is the input of [Service.CreateAccount].
type NewAccount struct {
	Email, Name, Password, Locale string
	// Verified marks the e-mail address as verified, and InstanceAdmin
	// makes the account an instance administrator (set-up and demo only:
	// only the system actor may set them).
	Verified, InstanceAdmin bool
}

// CreateAccount creates an account with a hashed password. The address is
// unverified unless in.Verified, and the account is an instance
// administrator only if in.InstanceAdmin; only the system actor may set
// either.
func (s *Service) CreateAccount(ctx context.Context, in NewAccount) (*badge.Account, error) {
	var a *badge.Account
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		var err error
		a, err = s.createAccount(ctx, tx, in)
		return err
	})
	return a, err
}

func (s *Service) createAccount(ctx context.Context, tx store.Tx, in NewAccount) (*badge.Account, error) {
	if utf8.RuneCountInString(in.Password) < MinPasswordLen {
		return nil, badge.Invalid("password", "validation.password_short",
			fmt.Sprintf("The password must have at least %d characters.", MinPasswordLen))
	}
	if len(in.Password) > 1024 {
		return nil, badge.Invalid("password", "validation.too_long", "The password is too long.")
	}
	if in.Locale == "" {
		in.Locale = badge.LocaleJA
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, badge.Internal(err)
	}
	a := &badge.Account{Email: badge.NormalizeEmail(in.Email), Name: in.Name, PasswordHash: hash, Locale: in.Locale}
	if ActorFrom(ctx).System {
		if in.Verified {
			now := s.now()
			a.EmailVerifiedAt = &now
		}
		a.InstanceAdmin = in.InstanceAdmin
	}
	if err := tx.CreateAccount(ctx, a); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return nil, badge.Conflict("email", "validation.email_taken", "An account with this e-mail address already exists.")
		}
		return nil, err
	}
	return a, nil
}

// SetMyLocale sets the language of the signed-in account: of its pages
// after signing in, on any browser, and of the mail sent to it.
func (s *Service) SetMyLocale(ctx context.Context, locale string) (*badge.Account, error) {
	a := ActorFrom(ctx)
	if a.AccountID == 0 {
		return nil, badge.Unauthorized("error.unauthorized", "Sign in first.")
	}
	if !badge.ValidLocale(locale) {
		return nil, badge.Invalid("locale", badge.KeyLocale, `Choose "ja" or "en".`)
	}
	return s.Store.UpdateAccount(ctx, a.AccountID, store.AccountUpdate{Locale: &locale})
}
