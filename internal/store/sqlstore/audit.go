// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const auditCols = `id, org_id, actor_id, action, target_type, target_id, detail, created_at`

func scanAuditEntry(s scanner) (*badge.AuditEntry, error) {
	var e badge.AuditEntry
	err := s.Scan(&e.ID, idDest{&e.OrgID}, idDest{&e.ActorID}, &e.Action, &e.TargetType,
		&e.TargetID, &e.Detail, timeDest{&e.CreatedAt})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// CreateAuditEntry implements [store.Audit].
func (c *conn) CreateAuditEntry(ctx context.Context, e *badge.AuditEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO audit_log (org_id, actor_id, action, target_type, target_id, detail, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullID(e.OrgID), nullID(e.ActorID), e.Action, e.TargetType, e.TargetID, e.Detail, c.d.ts(now),
	).Scan(&e.ID)
	if err != nil {
		return err
	}
	e.CreatedAt = now
	return nil
}

// FindAuditEntries implements [store.Audit].
func (c *conn) FindAuditEntries(ctx context.Context, f store.AuditFilter) ([]*badge.AuditEntry, int, error) {
	var w where
	if f.OrgID != nil {
		w.nullable("org_id", *f.OrgID)
	}
	if f.ActorID != nil {
		w.nullable("actor_id", *f.ActorID)
	}
	addEq(&w, "action", f.Action)
	addEq(&w, "target_type", f.TargetType)
	addEq(&w, "target_id", f.TargetID)
	if f.Since != nil {
		w.add("created_at >= ?", c.d.ts(*f.Since))
	}
	if f.Until != nil {
		w.add("created_at < ?", c.d.ts(*f.Until))
	}
	lq := listQuery{cols: auditCols, from: "audit_log", order: "id DESC"}
	return findPage(ctx, c, lq, &w, f.Page, scanAuditEntry)
}

// addEq adds "col = v" unless v is nil.
func addEq(w *where, col string, v *string) {
	if v != nil {
		w.add(col+" = ?", *v)
	}
}
