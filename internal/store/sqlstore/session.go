// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const sessionCols = `id, account_id, org_id, created_at, expires_at, last_seen_at, user_agent, ip`

func scanSession(s scanner) (*badge.Session, error) {
	var x badge.Session
	err := s.Scan(&x.ID, &x.AccountID, idDest{&x.OrgID}, timeDest{&x.CreatedAt},
		timeDest{&x.ExpiresAt}, timeDest{&x.LastSeenAt}, &x.UserAgent, &x.IP)
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// CreateSession implements [store.Sessions].
func (c *conn) CreateSession(ctx context.Context, s *badge.Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO sessions (`+sessionCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.AccountID, nullID(s.OrgID), c.d.ts(now), c.d.ts(s.ExpiresAt), c.d.ts(now), s.UserAgent, s.IP)
	if err != nil {
		return err
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = now, now, norm(s.ExpiresAt)
	return nil
}

// FindSessionByID implements [store.Sessions].
func (c *conn) FindSessionByID(ctx context.Context, id string) (*badge.Session, error) {
	return scanSession(c.row(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id = ? AND expires_at > ?`,
		id, c.d.ts(c.clock())))
}

// FindSessions implements [store.Sessions].
func (c *conn) FindSessions(ctx context.Context, f store.SessionFilter) ([]*badge.Session, int, error) {
	var w where
	w.add("expires_at > ?", c.d.ts(c.clock()))
	if f.AccountID != nil {
		w.add("account_id = ?", *f.AccountID)
	}
	lq := listQuery{cols: sessionCols, from: "sessions", order: "last_seen_at DESC, id"}
	return findPage(ctx, c, lq, &w, f.Page, scanSession)
}

// UpdateSession implements [store.Sessions].
func (c *conn) UpdateSession(ctx context.Context, id string, upd store.SessionUpdate) (*badge.Session, error) {
	var s *badge.Session
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if s, err = c.FindSessionByID(ctx, id); err != nil {
			return err
		}
		set(&s.OrgID, upd.OrgID)
		if upd.ExpiresAt != nil {
			s.ExpiresAt = norm(*upd.ExpiresAt)
		}
		if upd.LastSeenAt != nil {
			s.LastSeenAt = norm(*upd.LastSeenAt)
		}
		if err := s.Validate(); err != nil {
			return err
		}
		return c.execOne(ctx, `UPDATE sessions SET org_id = ?, expires_at = ?, last_seen_at = ? WHERE id = ?`,
			nullID(s.OrgID), c.d.ts(s.ExpiresAt), c.d.ts(s.LastSeenAt), s.ID)
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// DeleteSession implements [store.Sessions].
func (c *conn) DeleteSession(ctx context.Context, id string) error {
	return c.execOne(ctx, `DELETE FROM sessions WHERE id = ?`, id)
}

// DeleteAccountSessions implements [store.Sessions].
func (c *conn) DeleteAccountSessions(ctx context.Context, accountID int64, exceptID string) (int, error) {
	return c.exec(ctx, `DELETE FROM sessions WHERE account_id = ? AND id <> ?`, accountID, exceptID)
}

// DeleteExpiredSessions implements [store.Sessions].
func (c *conn) DeleteExpiredSessions(ctx context.Context) (int, error) {
	return c.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, c.d.ts(c.clock()))
}
