// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const (
	walletImportColsHead = `id, account_id, digest, kind, source_url, format, image_type, name, description,
	issuer_name, issuer_id, issuer_url, image_url, recipient, recipient_hashed, issued_on, expires_at,
	state, checked_at, private, created_at, `
	walletImportCols = walletImportColsHead + `credential, image, report`
	// Listings leave the credential, image and report out: they are most
	// of an import's size.
	walletImportListCols = walletImportColsHead + `NULL, NULL, ''`
)

func scanWalletImport(s scanner) (*badge.WalletImport, error) {
	var w badge.WalletImport
	var report string
	err := s.Scan(&w.ID, &w.AccountID, &w.Digest, &w.Kind, &w.SourceURL, &w.Format, &w.ImageType, &w.Name,
		&w.Description, &w.IssuerName, &w.IssuerID, &w.IssuerURL, &w.ImageURL, &w.Recipient, &w.RecipientHashed,
		nullTimeDest{&w.IssuedOn}, nullTimeDest{&w.ExpiresAt}, &w.State, timeDest{&w.CheckedAt}, &w.Private,
		timeDest{&w.CreatedAt}, &w.Credential, &w.Image, &report)
	if err != nil {
		return nil, err
	}
	w.Image = nilIfEmpty(w.Image)
	if report != "" {
		w.Report = []byte(report)
	}
	return &w, nil
}

// CreateWalletImport implements [store.WalletImports].
func (c *conn) CreateWalletImport(ctx context.Context, w *badge.WalletImport) error {
	if err := w.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO wallet_imports (account_id, digest, credential, kind, source_url, format,
		image, image_type, name, description, issuer_name, issuer_id, issuer_url, image_url, recipient,
		recipient_hashed, issued_on, expires_at, report, state, checked_at, private, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		w.AccountID, w.Digest, w.Credential, w.Kind, w.SourceURL, w.Format, nullBytes(w.Image), w.ImageType,
		w.Name, w.Description, w.IssuerName, w.IssuerID, w.IssuerURL, w.ImageURL, w.Recipient, w.RecipientHashed,
		c.d.nullTS(w.IssuedOn), c.d.nullTS(w.ExpiresAt), string(w.Report), w.State, c.d.ts(w.CheckedAt),
		w.Private, c.d.ts(now)).Scan(&w.ID)
	if err != nil {
		return err
	}
	w.Image = nilIfEmpty(w.Image)
	w.IssuedOn, w.ExpiresAt, w.CheckedAt, w.CreatedAt = normPtr(w.IssuedOn), normPtr(w.ExpiresAt), norm(w.CheckedAt), now
	return nil
}

// FindWalletImport implements [store.WalletImports].
func (c *conn) FindWalletImport(ctx context.Context, accountID, id int64) (*badge.WalletImport, error) {
	return scanWalletImport(c.row(ctx, `SELECT `+walletImportCols+` FROM wallet_imports
		WHERE id = ? AND account_id = ?`, id, accountID))
}

// FindWalletImportByDigest implements [store.WalletImports].
func (c *conn) FindWalletImportByDigest(ctx context.Context, accountID int64, digest []byte) (*badge.WalletImport, error) {
	return scanWalletImport(c.row(ctx, `SELECT `+walletImportCols+` FROM wallet_imports
		WHERE account_id = ? AND digest = ?`, accountID, digest))
}

// FindWalletImports implements [store.WalletImports].
func (c *conn) FindWalletImports(ctx context.Context, f store.WalletImportFilter) ([]*badge.WalletImport, int, error) {
	var w where
	order := "created_at DESC, id DESC"
	if f.AccountID != nil {
		w.add("account_id = ?", *f.AccountID)
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			w.add("1 = 0")
		} else {
			args := make([]any, len(f.IDs))
			for i, id := range f.IDs {
				args[i] = id
			}
			w.add("id IN ("+placeholders(len(args), "?")+")", args...)
		}
	}
	if f.State != nil {
		w.add("state = ?", *f.State)
	}
	if f.Private != nil {
		w.add("private = ?", *f.Private)
	}
	if f.IssuerID != nil {
		w.add("issuer_id = ?", *f.IssuerID)
	}
	if f.CheckedBefore != nil {
		w.add("checked_at < ?", c.d.ts(*f.CheckedBefore))
		order = "checked_at, id"
	}
	if f.Query != "" {
		w.contains(f.Query, "name", "issuer_name")
	}
	lq := listQuery{cols: walletImportListCols, from: "wallet_imports", order: order}
	return findPage(ctx, c, lq, &w, f.Page, scanWalletImport)
}

// UpdateWalletImport implements [store.WalletImports].
func (c *conn) UpdateWalletImport(ctx context.Context, accountID, id int64, upd store.WalletImportUpdate) (*badge.WalletImport, error) {
	var w *badge.WalletImport
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if w, err = c.FindWalletImport(ctx, accountID, id); err != nil {
			return err
		}
		var s assignments
		if upd.Private != nil {
			w.Private = *upd.Private
			s.add("private", w.Private)
		}
		if upd.State != nil {
			w.State = *upd.State
			s.add("state", w.State)
		}
		if upd.Report != nil {
			w.Report = upd.Report
			s.add("report", string(w.Report))
		}
		if upd.CheckedAt != nil {
			w.CheckedAt = norm(*upd.CheckedAt)
			s.add("checked_at", c.d.ts(w.CheckedAt))
		}
		if err := w.Validate(); err != nil || len(s.terms) == 0 {
			return err
		}
		return c.execOne(ctx, `UPDATE wallet_imports SET `+s.sql()+` WHERE id = ? AND account_id = ?`,
			append(s.args, id, accountID)...)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// ReplaceWalletImport implements [store.WalletImports].
func (c *conn) ReplaceWalletImport(ctx context.Context, w *badge.WalletImport) error {
	return c.atomic(ctx, func(c *conn) error {
		old, err := c.FindWalletImport(ctx, w.AccountID, w.ID)
		if err != nil {
			return err
		}
		w.Private, w.CreatedAt = old.Private, old.CreatedAt
		if err := w.Validate(); err != nil {
			return err
		}
		err = c.execOne(ctx, `UPDATE wallet_imports SET digest = ?, credential = ?, kind = ?, source_url = ?, format = ?,
			image = ?, image_type = ?, name = ?, description = ?, issuer_name = ?, issuer_id = ?, issuer_url = ?,
			image_url = ?, recipient = ?, recipient_hashed = ?, issued_on = ?, expires_at = ?, report = ?, state = ?,
			checked_at = ? WHERE id = ? AND account_id = ?`,
			w.Digest, w.Credential, w.Kind, w.SourceURL, w.Format, nullBytes(w.Image), w.ImageType, w.Name,
			w.Description, w.IssuerName, w.IssuerID, w.IssuerURL, w.ImageURL, w.Recipient, w.RecipientHashed,
			c.d.nullTS(w.IssuedOn), c.d.nullTS(w.ExpiresAt), string(w.Report), w.State, c.d.ts(w.CheckedAt),
			w.ID, w.AccountID)
		if err != nil {
			return err
		}
		w.Image = nilIfEmpty(w.Image)
		w.IssuedOn, w.ExpiresAt, w.CheckedAt = normPtr(w.IssuedOn), normPtr(w.ExpiresAt), norm(w.CheckedAt)
		return nil
	})
}

// DeleteWalletImport implements [store.WalletImports].
func (c *conn) DeleteWalletImport(ctx context.Context, accountID, id int64) error {
	return c.execOne(ctx, `DELETE FROM wallet_imports WHERE id = ? AND account_id = ?`, id, accountID)
}

// collectionCols are the columns of a collection, in scanCollection's order.
const collectionCols = `id, account_id, slug, name, description, created_at, updated_at`

func scanCollection(s scanner) (*badge.Collection, error) {
	var col badge.Collection
	err := s.Scan(&col.ID, &col.AccountID, &col.Slug, &col.Name, &col.Description,
		timeDest{&col.CreatedAt}, timeDest{&col.UpdatedAt})
	if err != nil {
		return nil, err
	}
	return &col, nil
}

// CreateCollection implements [store.Collections].
func (c *conn) CreateCollection(ctx context.Context, col *badge.Collection) error {
	if err := col.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO collections (account_id, slug, name, description, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, col.AccountID, col.Slug, col.Name, col.Description,
		c.d.ts(now), c.d.ts(now)).Scan(&col.ID)
	if err != nil {
		return err
	}
	col.CreatedAt, col.UpdatedAt = now, now
	return nil
}

// FindCollection implements [store.Collections].
func (c *conn) FindCollection(ctx context.Context, accountID, id int64) (*badge.Collection, error) {
	return scanCollection(c.row(ctx, `SELECT `+collectionCols+` FROM collections WHERE id = ? AND account_id = ?`,
		id, accountID))
}

// FindCollectionBySlug implements [store.Collections].
func (c *conn) FindCollectionBySlug(ctx context.Context, slug string) (*badge.Collection, error) {
	return scanCollection(c.row(ctx, `SELECT `+collectionCols+` FROM collections WHERE slug = ?`, slug))
}

// FindCollections implements [store.Collections].
func (c *conn) FindCollections(ctx context.Context, accountID int64) ([]*badge.Collection, error) {
	return list(ctx, c, `SELECT `+collectionCols+` FROM collections WHERE account_id = ? ORDER BY name, id`,
		[]any{accountID}, scanCollection)
}

// UpdateCollection implements [store.Collections].
func (c *conn) UpdateCollection(ctx context.Context, accountID, id int64, upd store.CollectionUpdate) (*badge.Collection, error) {
	var col *badge.Collection
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if col, err = c.FindCollection(ctx, accountID, id); err != nil {
			return err
		}
		set(&col.Slug, upd.Slug)
		set(&col.Name, upd.Name)
		set(&col.Description, upd.Description)
		if err := col.Validate(); err != nil {
			return err
		}
		col.UpdatedAt = c.clock()
		return c.execOne(ctx, `UPDATE collections SET slug = ?, name = ?, description = ?, updated_at = ?
			WHERE id = ? AND account_id = ?`, col.Slug, col.Name, col.Description, c.d.ts(col.UpdatedAt), id, accountID)
	})
	if err != nil {
		return nil, err
	}
	return col, nil
}

// DeleteCollection implements [store.Collections].
func (c *conn) DeleteCollection(ctx context.Context, accountID, id int64) error {
	return c.execOne(ctx, `DELETE FROM collections WHERE id = ? AND account_id = ?`, id, accountID)
}

// AddCollectionItem implements [store.Collections].
func (c *conn) AddCollectionItem(ctx context.Context, it *badge.CollectionItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	now := c.clock()
	if _, err := c.exec(ctx, `INSERT INTO collection_items (collection_id, award_id, import_id, added_at)
		VALUES (?, ?, ?, ?)`, it.CollectionID, nullID(it.AwardID), nullID(it.ImportID), c.d.ts(now)); err != nil {
		return err
	}
	it.AddedAt = now
	return nil
}

// RemoveCollectionItem implements [store.Collections].
func (c *conn) RemoveCollectionItem(ctx context.Context, it badge.CollectionItem) error {
	if it.AwardID != 0 {
		return c.execOne(ctx, `DELETE FROM collection_items WHERE collection_id = ? AND award_id = ?`,
			it.CollectionID, it.AwardID)
	}
	return c.execOne(ctx, `DELETE FROM collection_items WHERE collection_id = ? AND import_id = ?`,
		it.CollectionID, it.ImportID)
}

// FindCollectionItems implements [store.Collections].
func (c *conn) FindCollectionItems(ctx context.Context, collectionID int64) ([]*badge.CollectionItem, error) {
	return list(ctx, c, `SELECT collection_id, award_id, import_id, added_at FROM collection_items
		WHERE collection_id = ? ORDER BY added_at DESC, award_id DESC, import_id DESC`, []any{collectionID},
		func(s scanner) (*badge.CollectionItem, error) {
			var it badge.CollectionItem
			if err := s.Scan(&it.CollectionID, idDest{&it.AwardID}, idDest{&it.ImportID}, timeDest{&it.AddedAt}); err != nil {
				return nil, err
			}
			return &it, nil
		})
}
