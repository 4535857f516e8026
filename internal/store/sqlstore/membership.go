// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var membershipList = listQuery{
	cols:  `m.org_id, m.account_id, m.role, m.created_at, a.email, a.name, o.slug, o.name`,
	from:  `memberships m JOIN accounts a ON a.id = m.account_id JOIN organizations o ON o.id = m.org_id`,
	order: `m.org_id, m.account_id`,
}

func scanMembership(s scanner) (*badge.Membership, error) {
	var m badge.Membership
	err := s.Scan(&m.OrgID, &m.AccountID, &m.Role, timeDest{&m.CreatedAt},
		&m.AccountEmail, &m.AccountName, &m.OrgSlug, &m.OrgName)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// FindMembership implements [store.Memberships].
func (c *conn) FindMembership(ctx context.Context, orgID, accountID int64) (*badge.Membership, error) {
	return scanMembership(c.row(ctx, `SELECT `+membershipList.cols+` FROM `+membershipList.from+`
		WHERE m.org_id = ? AND m.account_id = ?`, orgID, accountID))
}

// FindMemberships implements [store.Memberships].
func (c *conn) FindMemberships(ctx context.Context, f store.MembershipFilter) ([]*badge.Membership, int, error) {
	var w where
	if f.OrgID != nil {
		w.add("m.org_id = ?", *f.OrgID)
	}
	if f.AccountID != nil {
		w.add("m.account_id = ?", *f.AccountID)
	}
	if f.Role != nil {
		w.add("m.role = ?", string(*f.Role))
	}
	return findPage(ctx, c, membershipList, &w, f.Page, scanMembership)
}

// CreateMembership implements [store.Memberships].
func (c *conn) CreateMembership(ctx context.Context, m *badge.Membership) error {
	if err := m.Validate(); err != nil {
		return err
	}
	now := c.clock()
	_, err := c.exec(ctx, `INSERT INTO memberships (org_id, account_id, role, created_at) VALUES (?, ?, ?, ?)`,
		m.OrgID, m.AccountID, string(m.Role), c.d.ts(now))
	if err != nil {
		return err
	}
	m.CreatedAt = now
	return nil
}

// UpdateMembership implements [store.Memberships].
func (c *conn) UpdateMembership(ctx context.Context, orgID, accountID int64, upd store.MembershipUpdate) (*badge.Membership, error) {
	var m *badge.Membership
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if m, err = c.FindMembership(ctx, orgID, accountID); err != nil {
			return err
		}
		set(&m.Role, upd.Role)
		if err := m.Validate(); err != nil {
			return err
		}
		return c.execOne(ctx, `UPDATE memberships SET role = ? WHERE org_id = ? AND account_id = ?`,
			string(m.Role), orgID, accountID)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// DeleteMembership implements [store.Memberships].
func (c *conn) DeleteMembership(ctx context.Context, orgID, accountID int64) error {
	return c.execOne(ctx, `DELETE FROM memberships WHERE org_id = ? AND account_id = ?`, orgID, accountID)
}
