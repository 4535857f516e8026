// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
)

// WalletImports stores the [badge.WalletImport]s of wallet accounts. Every
// lookup of one import names its account, so that one account can never
// reach another's by id.
type WalletImports interface {
	// CreateWalletImport validates w and inserts it, setting w.ID and
	// w.CreatedAt. It returns a *badge.Error if w is invalid, ErrNotFound
	// if the account does not exist and ErrConflict if the account already
	// holds a credential with the same digest.
	CreateWalletImport(ctx context.Context, w *badge.WalletImport) error
	// FindWalletImport returns the account's import with its credential,
	// image and report, or ErrNotFound (also when another account holds it).
	FindWalletImport(ctx context.Context, accountID, id int64) (*badge.WalletImport, error)
	// FindWalletImportByDigest returns the account's import of the
	// credential with that SHA-256, or ErrNotFound.
	FindWalletImportByDigest(ctx context.Context, accountID int64, digest []byte) (*badge.WalletImport, error)
	// FindWalletImports returns the imports matching f and their total,
	// newest first (oldest check first when f.CheckedBefore is set),
	// without their credential, image and report (nil).
	FindWalletImports(ctx context.Context, f WalletImportFilter) ([]*badge.WalletImport, int, error)
	// UpdateWalletImport applies upd to the account's import and returns
	// it. It returns ErrNotFound or a *badge.Error if the result is
	// invalid.
	UpdateWalletImport(ctx context.Context, accountID, id int64, upd WalletImportUpdate) (*badge.WalletImport, error)
	// ReplaceWalletImport validates w and replaces the credential of the
	// account's import w.ID, and all that was read from it (Digest,
	// Credential, Kind, SourceURL, Format, Image, ImageType, the stated
	// fields, Report, State, CheckedAt), with w's. The import keeps its
	// id, and so its place in collections, its Private and its CreatedAt,
	// which it sets on w. It returns ErrNotFound if the account has no
	// such import, ErrConflict if it holds another import with w's digest,
	// and a *badge.Error if w is invalid.
	ReplaceWalletImport(ctx context.Context, w *badge.WalletImport) error
	// DeleteWalletImport deletes the account's import (and its place in
	// collections). It returns ErrNotFound if the account has no such import.
	DeleteWalletImport(ctx context.Context, accountID, id int64) error
}

// WalletImportFilter selects imports; nil fields match everything.
type WalletImportFilter struct {
	AccountID *int64
	IDs       []int64 // when not nil, only these (none if empty)
	State     *string
	Private   *bool
	// IssuerID keeps those whose issuer has exactly that id.
	IssuerID *string
	// CheckedBefore keeps the imports last verified before it, oldest
	// check first (the periodic re-check).
	CheckedBefore *time.Time
	// Query keeps those whose name or issuer name contains it, ignoring
	// case.
	Query string
	Page
}

// WalletImportUpdate changes the non-nil fields of an import.
type WalletImportUpdate struct {
	Private   *bool
	State     *string
	Report    []byte // nil: unchanged
	CheckedAt *time.Time
}

// Collections stores the [badge.Collection]s of wallet accounts and their
// items.
type Collections interface {
	// CreateCollection validates c and inserts it, setting c.ID,
	// c.CreatedAt and c.UpdatedAt. It returns a *badge.Error if c is
	// invalid, ErrNotFound if the account does not exist and ErrConflict
	// if the slug is taken.
	CreateCollection(ctx context.Context, c *badge.Collection) error
	// FindCollection returns the account's collection, or ErrNotFound
	// (also when another account holds it).
	FindCollection(ctx context.Context, accountID, id int64) (*badge.Collection, error)
	// FindCollectionBySlug returns the collection at slug, whoever holds
	// it, or ErrNotFound.
	FindCollectionBySlug(ctx context.Context, slug string) (*badge.Collection, error)
	// FindCollections returns the account's collections in name order.
	FindCollections(ctx context.Context, accountID int64) ([]*badge.Collection, error)
	// UpdateCollection applies upd to the account's collection and returns
	// it. It returns ErrNotFound, a *badge.Error if the result is invalid
	// or ErrConflict if the new slug is taken.
	UpdateCollection(ctx context.Context, accountID, id int64, upd CollectionUpdate) (*badge.Collection, error)
	// DeleteCollection deletes the account's collection and its items. It
	// returns ErrNotFound if the account has no such collection.
	DeleteCollection(ctx context.Context, accountID, id int64) error
	// AddCollectionItem validates it and inserts it, setting it.AddedAt.
	// It returns a *badge.Error if it is invalid, ErrNotFound if the
	// collection, award or import does not exist and ErrConflict if the
	// badge is already in the collection.
	AddCollectionItem(ctx context.Context, it *badge.CollectionItem) error
	// RemoveCollectionItem removes the badge (it.AwardID or it.ImportID)
	// from the collection. It returns ErrNotFound if it is not there.
	RemoveCollectionItem(ctx context.Context, it badge.CollectionItem) error
	// FindCollectionItems returns the collection's items, the latest
	// added first.
	FindCollectionItems(ctx context.Context, collectionID int64) ([]*badge.CollectionItem, error)
}

// CollectionUpdate changes the non-nil fields of a collection.
type CollectionUpdate struct {
	Slug        *string
	Name        *string
	Description *string
}
