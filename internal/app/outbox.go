// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/jobs"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/store"
)

// outbox is the mail job's view of the outbox table.
type outbox struct {
	st   store.Store
	from string
}

func (o outbox) LoadMail(ctx context.Context, id int64) (mail.Message, error) {
	m, err := o.st.FindOutboxMailByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return mail.Message{}, fmt.Errorf("outbox mail %d: %w", id, jobs.ErrNothingToDo)
	}
	if err != nil {
		return mail.Message{}, err
	}
	if m.SentAt != nil {
		return mail.Message{}, fmt.Errorf("outbox mail %d was already sent: %w", id, jobs.ErrNothingToDo)
	}
	return mail.Message{To: m.To, From: o.from, Subject: m.Subject, Text: m.TextBody, HTML: m.HTMLBody, Locale: m.Locale}, nil
}

func (o outbox) MarkSent(ctx context.Context, id int64, at time.Time) error {
	_, err := o.st.UpdateOutboxMail(ctx, id, store.OutboxUpdate{SentAt: &at})
	return err
}

// MarkFailed marks the award whose e-mail it was (if any) bounced.
func (o outbox) MarkFailed(ctx context.Context, id int64, reason string) error {
	as, _, err := o.st.FindAwards(ctx, store.AwardFilter{MailID: &id})
	if err != nil {
		return err
	}
	now := time.Now()
	for _, a := range as {
		if _, err := o.st.UpdateAward(ctx, a.ID, store.AwardUpdate{BouncedAt: &now}); err != nil {
			return err
		}
	}
	return nil
}

func (o outbox) MarkAttempt(ctx context.Context, id int64, attempt int, lastErr string) error {
	if len(lastErr) > badge.MaxLastErrorLen {
		lastErr = lastErr[:badge.MaxLastErrorLen]
	}
	_, err := o.st.UpdateOutboxMail(ctx, id, store.OutboxUpdate{Attempts: &attempt, LastError: &lastErr})
	return err
}
