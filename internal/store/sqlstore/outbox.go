// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const outboxCols = `id, org_id, recipient, subject, text_body, html_body, locale, created_at, sent_at, attempts, last_error`

func scanOutboxMail(s scanner) (*badge.OutboxMail, error) {
	var m badge.OutboxMail
	err := s.Scan(&m.ID, idDest{&m.OrgID}, &m.To, &m.Subject, &m.TextBody, &m.HTMLBody, &m.Locale,
		timeDest{&m.CreatedAt}, nullTimeDest{&m.SentAt}, &m.Attempts, &m.LastError)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// CreateOutboxMail implements [store.Outbox].
func (c *conn) CreateOutboxMail(ctx context.Context, m *badge.OutboxMail) error {
	m.To = badge.NormalizeEmail(m.To)
	if err := m.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO outbox_mail (org_id, recipient, subject, text_body, html_body, locale,
		created_at, sent_at, attempts, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullID(m.OrgID), m.To, m.Subject, m.TextBody, m.HTMLBody, m.Locale,
		c.d.ts(now), c.d.nullTS(m.SentAt), m.Attempts, m.LastError,
	).Scan(&m.ID)
	if err != nil {
		return err
	}
	m.CreatedAt, m.SentAt = now, normPtr(m.SentAt)
	return nil
}

// FindOutboxMailByID implements [store.Outbox].
func (c *conn) FindOutboxMailByID(ctx context.Context, id int64) (*badge.OutboxMail, error) {
	return scanOutboxMail(c.row(ctx, `SELECT `+outboxCols+` FROM outbox_mail WHERE id = ?`, id))
}

// FindOutboxMails implements [store.Outbox].
func (c *conn) FindOutboxMails(ctx context.Context, f store.OutboxFilter) ([]*badge.OutboxMail, int, error) {
	var w where
	if f.OrgID != nil {
		w.nullable("org_id", *f.OrgID)
	}
	if f.To != nil {
		w.add("recipient = ?", badge.NormalizeEmail(*f.To))
	}
	if f.Sent != nil {
		w.isNull("sent_at", !*f.Sent)
	}
	lq := listQuery{cols: outboxCols, from: "outbox_mail", order: "id DESC"}
	return findPage(ctx, c, lq, &w, f.Page, scanOutboxMail)
}

// UpdateOutboxMail implements [store.Outbox].
func (c *conn) UpdateOutboxMail(ctx context.Context, id int64, upd store.OutboxUpdate) (*badge.OutboxMail, error) {
	var m *badge.OutboxMail
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if m, err = c.FindOutboxMailByID(ctx, id); err != nil {
			return err
		}
		if upd.SentAt != nil {
			m.SentAt = normPtr(upd.SentAt)
		}
		set(&m.Attempts, upd.Attempts)
		set(&m.LastError, upd.LastError)
		if err := m.Validate(); err != nil {
			return err
		}
		return c.execOne(ctx, `UPDATE outbox_mail SET sent_at = ?, attempts = ?, last_error = ? WHERE id = ?`,
			c.d.nullTS(m.SentAt), m.Attempts, m.LastError, m.ID)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// DeleteOutboxMail implements [store.Outbox].
func (c *conn) DeleteOutboxMail(ctx context.Context, id int64) error {
	return c.execOne(ctx, `DELETE FROM outbox_mail WHERE id = ?`, id)
}
