// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/store"
)

// siteName names the instance in e-mails.
const siteName = "Akashi"

// tokyo is the time zone mail shows deadlines in; Japanese institutions are
// the main users, and the English text names the zone.
var tokyo = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Tokyo"); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*3600)
}()

// queueMail renders a mail and stores it in the outbox inside tx; when the
// job queue is wired (EnqueueMail), a delivery job is enqueued in the same
// transaction, so the mail exists if and only if the change committed.
func (s *Service) queueMail(ctx context.Context, tx store.Tx, orgID int64, to, locale string, kind mail.Kind, data any) error {
	id, err := s.storeMail(ctx, tx, orgID, to, locale, kind, data)
	if err != nil || s.EnqueueMail == nil {
		return err
	}
	return s.EnqueueMail(ctx, tx, id)
}

// storeMail renders a mail into the outbox and returns its id; the caller
// enqueues its delivery (a bulk award does so once per chunk).
func (s *Service) storeMail(ctx context.Context, tx store.Tx, orgID int64, to, locale string, kind mail.Kind, data any) (int64, error) {
	if !badge.ValidLocale(locale) {
		locale = badge.LocaleJA
	}
	subject, text, html, err := mail.Render(kind, locale, data)
	if err != nil {
		return 0, badge.Internal(err)
	}
	m := &badge.OutboxMail{OrgID: orgID, To: to, Subject: subject, TextBody: text, HTMLBody: html, Locale: locale}
	if err := tx.CreateOutboxMail(ctx, m); err != nil {
		return 0, err
	}
	return m.ID, nil
}
