// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const invitationCols = `id, org_id, email, role, token_hash, invited_by, created_at, expires_at, accepted_at`

func scanInvitation(s scanner) (*badge.Invitation, error) {
	var i badge.Invitation
	err := s.Scan(&i.ID, &i.OrgID, &i.Email, &i.Role, &i.TokenHash, idDest{&i.InvitedBy},
		timeDest{&i.CreatedAt}, timeDest{&i.ExpiresAt}, nullTimeDest{&i.AcceptedAt})
	if err != nil {
		return nil, err
	}
	return &i, nil
}

// FindInvitationByID implements [store.Invitations].
func (c *conn) FindInvitationByID(ctx context.Context, id int64) (*badge.Invitation, error) {
	return scanInvitation(c.row(ctx, `SELECT `+invitationCols+` FROM invitations WHERE id = ?`, id))
}

// FindInvitationByToken implements [store.Invitations].
func (c *conn) FindInvitationByToken(ctx context.Context, hash []byte) (*badge.Invitation, error) {
	return scanInvitation(c.row(ctx, `SELECT `+invitationCols+` FROM invitations
		WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?`, hash, c.d.ts(c.clock())))
}

// FindInvitations implements [store.Invitations].
func (c *conn) FindInvitations(ctx context.Context, f store.InvitationFilter) ([]*badge.Invitation, int, error) {
	var w where
	if f.OrgID != nil {
		w.add("org_id = ?", *f.OrgID)
	}
	if f.Email != nil {
		w.add("email = ?", badge.NormalizeEmail(*f.Email))
	}
	if f.TokenHash != nil {
		w.add("token_hash = ?", f.TokenHash)
	}
	if f.Pending != nil {
		now := c.d.ts(c.clock())
		if *f.Pending {
			w.add("accepted_at IS NULL AND expires_at > ?", now)
		} else {
			w.add("(accepted_at IS NOT NULL OR expires_at <= ?)", now)
		}
	}
	lq := listQuery{cols: invitationCols, from: "invitations", order: "id DESC"}
	return findPage(ctx, c, lq, &w, f.Page, scanInvitation)
}

// CreateInvitation implements [store.Invitations].
func (c *conn) CreateInvitation(ctx context.Context, i *badge.Invitation) error {
	i.Email = badge.NormalizeEmail(i.Email)
	if err := i.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO invitations (org_id, email, role, token_hash, invited_by, created_at,
		expires_at, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		i.OrgID, i.Email, string(i.Role), i.TokenHash, nullID(i.InvitedBy), c.d.ts(now),
		c.d.ts(i.ExpiresAt), c.d.nullTS(i.AcceptedAt),
	).Scan(&i.ID)
	if err != nil {
		return err
	}
	i.CreatedAt, i.ExpiresAt, i.AcceptedAt = now, norm(i.ExpiresAt), normPtr(i.AcceptedAt)
	return nil
}

// AcceptInvitation implements [store.Invitations].
func (c *conn) AcceptInvitation(ctx context.Context, id int64) (*badge.Invitation, error) {
	now := c.d.ts(c.clock())
	// One statement, so two concurrent acceptances cannot both succeed.
	return scanInvitation(c.row(ctx, `UPDATE invitations SET accepted_at = ?
		WHERE id = ? AND accepted_at IS NULL AND expires_at > ? RETURNING `+invitationCols, now, id, now))
}

// DeleteInvitation implements [store.Invitations].
func (c *conn) DeleteInvitation(ctx context.Context, id int64) error {
	return c.execOne(ctx, `DELETE FROM invitations WHERE id = ?`, id)
}
