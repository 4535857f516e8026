// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/store"
)

// MyEmails returns the signed-in account's addresses, primary first.
func (s *Service) MyEmails(ctx context.Context) ([]*badge.AccountEmail, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.FindAccountEmails(ctx, id)
}

// AddEmail adds an address to the signed-in account, unverified, and mails
// it a confirmation link. Badges sent to it reach the wallet once it is
// confirmed. An address any account holds is a conflict.
func (s *Service) AddEmail(ctx context.Context, email string) (*badge.AccountEmail, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	var e *badge.AccountEmail
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		acc, err := tx.FindAccountByID(ctx, id)
		if err != nil {
			return err
		}
		es, err := tx.FindAccountEmails(ctx, id)
		if err != nil {
			return err
		}
		if len(es) >= badge.MaxAccountEmails {
			return badge.Invalid("email", "wallet.too_many_emails", "An account can have at most 10 addresses.")
		}
		e = &badge.AccountEmail{AccountID: id, Email: email}
		if err := tx.CreateAccountEmail(ctx, e); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return badge.Conflict("email", "wallet.email_taken", "This address already belongs to an account.")
			}
			return err
		}
		return s.mailVerification(ctx, tx, acc, e.Email)
	})
	return e, err
}

// mailVerification mails a link confirming email, an address of acc.
func (s *Service) mailVerification(ctx context.Context, tx store.Tx, acc *badge.Account, email string) error {
	tok := randomToken(43)
	exp := s.now().Add(VerifyEmailLifetime)
	if err := tx.CreateAccountToken(ctx, &badge.AccountToken{TokenHash: hashToken(tok), Kind: badge.TokenVerifyEmail,
		AccountID: acc.ID, Email: email, ExpiresAt: exp}); err != nil {
		return err
	}
	return s.queueMail(ctx, tx, 0, email, acc.Locale, mail.KindVerifyEmail, mail.VerifyEmailData{
		SiteName: siteName, Name: acc.Name, URL: s.BaseURL + "/verify-email?token=" + tok, Expires: exp.In(tokyo)})
}

// RemoveEmail removes a secondary address of the signed-in account. Badges
// already in the wallet stay; new ones sent to it no longer arrive.
func (s *Service) RemoveEmail(ctx context.Context, email string) error {
	id, err := walletActor(ctx)
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		e, err := tx.FindAccountEmail(ctx, email)
		if err != nil || e.AccountID != id {
			return badge.NotFound("error.not_found", "No such address in your account.")
		}
		if e.Primary {
			return badge.Invalid("email", "wallet.remove_primary", "Make another address primary before removing this one.")
		}
		return tx.DeleteAccountEmail(ctx, id, e.Email)
	})
}

// MakePrimaryEmail makes a verified address of the signed-in account its
// primary one: the address it signs in with and receives mail at.
func (s *Service) MakePrimaryEmail(ctx context.Context, email string) error {
	id, err := walletActor(ctx)
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		e, err := tx.FindAccountEmail(ctx, email)
		if err != nil || e.AccountID != id {
			return badge.NotFound("error.not_found", "No such address in your account.")
		}
		if e.VerifiedAt == nil {
			return badge.Invalid("email", "wallet.primary_unverified", "Confirm this address before making it primary.")
		}
		return tx.SetPrimaryAccountEmail(ctx, id, e.Email)
	})
}
