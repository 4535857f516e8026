// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// CollectionInput names a collection. Slug is its public address (/c/Slug);
// empty means a random one when creating, unchanged when renaming.
type CollectionInput struct {
	Name, Slug, Description string
}

// BadgeRef names a badge of the wallet: one of its awards or one of its
// imports (exactly one of the two is set).
type BadgeRef struct {
	AwardID, ImportID int64
}

// CollectionView is a collection with its badges. For its owner
// ([Service.Collection]) it holds every badge of the collection and, in
// Available and AvailableImports, the wallet's badges not in it yet; for
// anyone else ([Service.PublicCollection]) only the public ones.
type CollectionView struct {
	*badge.Collection
	Badges  []*WalletBadge
	Imports []*ImportedBadge

	Available        []*WalletBadge
	AvailableImports []*ImportedBadge
}

func collectionNotFound() error {
	return badge.NotFound("error.not_found", "No such collection.")
}

// Collections returns the signed-in account's collections, by name.
func (s *Service) Collections(ctx context.Context) ([]*badge.Collection, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.FindCollections(ctx, id)
}

// CreateCollection creates a collection in the signed-in account's wallet.
// Its public page lists the public badges put in it.
func (s *Service) CreateCollection(ctx context.Context, in CollectionInput) (*badge.Collection, error) {
	id, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	c := &badge.Collection{AccountID: id, Name: strings.TrimSpace(in.Name),
		Slug: strings.ToLower(strings.TrimSpace(in.Slug)), Description: strings.TrimSpace(in.Description)}
	if c.Slug == "" {
		c.Slug = randomSlug()
	}
	err = s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		cs, err := tx.FindCollections(ctx, id)
		if err != nil {
			return err
		}
		if len(cs) >= badge.MaxCollections {
			return badge.Conflict("name", "collection.too_many", "You have as many collections as a wallet may hold; delete one first.")
		}
		return slugTaken(tx.CreateCollection(ctx, c))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// slugTaken turns the store's conflict into the plain error of a taken
// address.
func slugTaken(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return badge.Conflict("slug", "collection.slug_taken", "This address is taken: choose another.")
	}
	return err
}

// randomSlug is the address of a collection whose owner chose none: 12
// characters of an alphabet without look-alikes, 60 random bits.
func randomSlug() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789" // 32: no modulo bias
	b := make([]byte, 12)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// UpdateCollection renames one of the signed-in account's collections (a
// new address too, when in.Slug is set).
func (s *Service) UpdateCollection(ctx context.Context, id int64, in CollectionInput) (*badge.Collection, error) {
	acc, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	name, desc := strings.TrimSpace(in.Name), strings.TrimSpace(in.Description)
	upd := store.CollectionUpdate{Name: &name, Description: &desc}
	if slug := strings.ToLower(strings.TrimSpace(in.Slug)); slug != "" {
		upd.Slug = &slug
	}
	c, err := s.Store.UpdateCollection(ctx, acc, id, upd)
	if errors.Is(err, store.ErrNotFound) {
		return nil, collectionNotFound()
	}
	return c, slugTaken(err)
}

// DeleteCollection deletes one of the signed-in account's collections; its
// badges stay in the wallet.
func (s *Service) DeleteCollection(ctx context.Context, id int64) error {
	acc, err := walletActor(ctx)
	if err != nil {
		return err
	}
	err = s.Store.DeleteCollection(ctx, acc, id)
	if errors.Is(err, store.ErrNotFound) {
		return collectionNotFound()
	}
	return err
}

// AddToCollection puts a badge of the signed-in account's wallet (one of
// its awards or imports) into one of its collections. Adding it twice
// changes nothing.
func (s *Service) AddToCollection(ctx context.Context, id int64, ref BadgeRef) error {
	acc, err := walletActor(ctx)
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := tx.FindCollection(ctx, acc, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return collectionNotFound()
			}
			return err
		}
		if err := ownsRef(ctx, tx, acc, ref); err != nil {
			return err
		}
		items, err := tx.FindCollectionItems(ctx, id)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(items, ref.is) {
			return nil
		}
		if len(items) >= badge.MaxCollectionItems {
			return badge.Conflict("badge", "collection.full", "This collection holds as many badges as it can.")
		}
		return tx.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: id, AwardID: ref.AwardID, ImportID: ref.ImportID})
	})
}

// is reports whether it holds the badge ref names.
func (ref BadgeRef) is(it *badge.CollectionItem) bool {
	return ref.AwardID != 0 && it.AwardID == ref.AwardID || ref.ImportID != 0 && it.ImportID == ref.ImportID
}

// ownsRef checks that ref names exactly one badge, in the account's wallet.
func ownsRef(ctx context.Context, r store.Repos, accountID int64, ref BadgeRef) error {
	switch {
	case (ref.AwardID == 0) == (ref.ImportID == 0):
		return badge.Invalid("badge", "collection.choose_badge", "Choose a badge of your wallet.")
	case ref.AwardID != 0:
		a, err := owned(ctx, r, accountID, ref.AwardID)
		if err == nil && a.DeclinedAt != nil {
			err = badge.NotFound("error.not_found", "No such badge in your wallet.")
		}
		return err
	}
	_, err := r.FindWalletImport(ctx, accountID, ref.ImportID)
	if errors.Is(err, store.ErrNotFound) {
		return importNotFound()
	}
	return err
}

// RemoveFromCollection takes a badge out of one of the signed-in
// account's collections; it stays in the wallet.
func (s *Service) RemoveFromCollection(ctx context.Context, id int64, ref BadgeRef) error {
	acc, err := walletActor(ctx)
	if err != nil {
		return err
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := tx.FindCollection(ctx, acc, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return collectionNotFound()
			}
			return err
		}
		err := tx.RemoveCollectionItem(ctx, badge.CollectionItem{CollectionID: id, AwardID: ref.AwardID, ImportID: ref.ImportID})
		if errors.Is(err, store.ErrNotFound) {
			return badge.NotFound("error.not_found", "This badge is not in the collection.")
		}
		return err
	})
}

// Collection returns one of the signed-in account's collections with all
// its badges, public and private, and the wallet's badges not in it.
func (s *Service) Collection(ctx context.Context, id int64) (*CollectionView, error) {
	acc, err := walletActor(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.Store.FindCollection(ctx, acc, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, collectionNotFound()
	}
	if err != nil {
		return nil, err
	}
	v, err := s.collectionView(ctx, c, false)
	if err != nil {
		return nil, err
	}
	own, err := s.WalletBadges(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, b := range own {
		if !slices.ContainsFunc(v.Badges, func(x *WalletBadge) bool { return x.Award.ID == b.Award.ID }) {
			v.Available = append(v.Available, b)
		}
	}
	imps, err := s.importedBadges(ctx, store.WalletImportFilter{AccountID: &acc})
	if err != nil {
		return nil, err
	}
	for _, b := range imps {
		if !slices.ContainsFunc(v.Imports, func(x *ImportedBadge) bool { return x.ID == b.ID }) {
			v.AvailableImports = append(v.AvailableImports, b)
		}
	}
	return v, nil
}

// PublicCollection returns the collection at slug for anyone, with only
// its public badges: a private badge of a collection is never listed
// there, nor a badge that left its owner's wallet.
func (s *Service) PublicCollection(ctx context.Context, slug string) (*CollectionView, error) {
	c, err := s.Store.FindCollectionBySlug(ctx, strings.ToLower(slug))
	if errors.Is(err, store.ErrNotFound) {
		return nil, collectionNotFound()
	}
	if err != nil {
		return nil, err
	}
	return s.collectionView(ctx, c, true)
}

// collectionView gathers the badges of c that are still in its owner's
// wallet; publicOnly leaves out the private ones.
func (s *Service) collectionView(ctx context.Context, c *badge.Collection, publicOnly bool) (*CollectionView, error) {
	items, err := s.Store.FindCollectionItems(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	v := &CollectionView{Collection: c}
	var importIDs []int64
	for _, it := range items {
		if it.ImportID != 0 {
			importIDs = append(importIDs, it.ImportID)
			continue
		}
		a, err := s.Store.FindAwardByID(ctx, it.AwardID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if a.ClaimedBy != c.AccountID || a.DeclinedAt != nil || publicOnly && a.Private {
			continue
		}
		wb, err := s.walletBadge(ctx, s.Store, a)
		if err != nil {
			return nil, err
		}
		v.Badges = append(v.Badges, wb)
	}
	if len(importIDs) == 0 {
		return v, nil
	}
	f := store.WalletImportFilter{AccountID: &c.AccountID, IDs: importIDs}
	if publicOnly {
		f.Private = new(false)
	}
	v.Imports, err = s.importedBadges(ctx, f)
	return v, err
}

// PublicCollectionImage returns the image of an import shown on the
// public page of the collection at slug: only a public import of that
// collection; anything else is not found.
func (s *Service) PublicCollectionImage(ctx context.Context, slug string, importID int64) ([]byte, string, error) {
	c, err := s.Store.FindCollectionBySlug(ctx, strings.ToLower(slug))
	if err != nil {
		return nil, "", badge.NotFound("error.not_found", "No such image.")
	}
	items, err := s.Store.FindCollectionItems(ctx, c.ID)
	if err != nil {
		return nil, "", err
	}
	if !slices.ContainsFunc(items, BadgeRef{ImportID: importID}.is) {
		return nil, "", badge.NotFound("error.not_found", "No such image.")
	}
	w, err := s.Store.FindWalletImport(ctx, c.AccountID, importID)
	if errors.Is(err, store.ErrNotFound) || err == nil && w.Private {
		return nil, "", badge.NotFound("error.not_found", "No such image.")
	}
	if err != nil {
		return nil, "", err
	}
	return importImageOf(w)
}
