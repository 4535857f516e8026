// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// authorizeInstanceAdmin checks that the actor is the system or an
// instance administrator. It returns an unauthorized error for anonymous
// callers and forbidden for everyone else.
func (s *Service) authorizeInstanceAdmin(ctx context.Context) error {
	a := ActorFrom(ctx)
	if a.System {
		return nil
	}
	if a.AccountID == 0 {
		return badge.Unauthorized("error.unauthorized", "Sign in first.")
	}
	acct, err := s.Store.FindAccountByID(ctx, a.AccountID)
	if err != nil || !acct.InstanceAdmin {
		return badge.Forbidden("error.forbidden", "Only instance administrators can do this.")
	}
	return nil
}

// InstanceOutbox lists the mail the instance sent itself, not on behalf of
// an organisation: address confirmations and password resets. Instance
// administrators only. Without an SMTP server this is where that mail can
// be read, so that sign-up works on a fresh or demo instance.
func (s *Service) InstanceOutbox(ctx context.Context, page store.Page) ([]*badge.OutboxMail, int, error) {
	if err := s.authorizeInstanceAdmin(ctx); err != nil {
		return nil, 0, err
	}
	none := int64(0)
	return s.Store.FindOutboxMails(ctx, store.OutboxFilter{OrgID: &none, Page: page})
}
