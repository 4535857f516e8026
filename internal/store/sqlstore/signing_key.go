// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const signingKeyCols = `id, org_id, kind, public_key, private_key_enc, created_at, retired_at`

func scanSigningKey(s scanner) (*badge.SigningKey, error) {
	var k badge.SigningKey
	err := s.Scan(&k.ID, idDest{&k.OrgID}, &k.Kind, &k.PublicKey, &k.PrivateKeyEnc,
		timeDest{&k.CreatedAt}, nullTimeDest{&k.RetiredAt})
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// CreateSigningKey implements [store.SigningKeys].
func (c *conn) CreateSigningKey(ctx context.Context, k *badge.SigningKey) error {
	if err := k.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO signing_keys (org_id, kind, public_key, private_key_enc, created_at, retired_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		nullID(k.OrgID), k.Kind, k.PublicKey, k.PrivateKeyEnc, c.d.ts(now), c.d.nullTS(k.RetiredAt),
	).Scan(&k.ID)
	if err != nil {
		return err
	}
	k.CreatedAt, k.RetiredAt = now, normPtr(k.RetiredAt)
	return nil
}

// FindSigningKeyByID implements [store.SigningKeys].
func (c *conn) FindSigningKeyByID(ctx context.Context, id int64) (*badge.SigningKey, error) {
	return scanSigningKey(c.row(ctx, `SELECT `+signingKeyCols+` FROM signing_keys WHERE id = ?`, id))
}

// FindSigningKeys implements [store.SigningKeys].
func (c *conn) FindSigningKeys(ctx context.Context, f store.SigningKeyFilter) ([]*badge.SigningKey, int, error) {
	var w where
	if f.OrgID != nil {
		w.nullable("org_id", *f.OrgID)
	}
	if f.Kind != nil {
		w.add("kind = ?", *f.Kind)
	}
	if f.Retired != nil {
		w.isNull("retired_at", !*f.Retired)
	}
	lq := listQuery{cols: signingKeyCols, from: "signing_keys", order: "created_at DESC, id DESC"}
	return findPage(ctx, c, lq, &w, f.Page, scanSigningKey)
}

// RetireSigningKey implements [store.SigningKeys].
func (c *conn) RetireSigningKey(ctx context.Context, id int64) (*badge.SigningKey, error) {
	return scanSigningKey(c.row(ctx, `UPDATE signing_keys SET retired_at = ?
		WHERE id = ? AND retired_at IS NULL RETURNING `+signingKeyCols, c.d.ts(c.clock()), id))
}
