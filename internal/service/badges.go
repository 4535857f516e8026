// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/store"
)

// Badge image limits: small enough to bake and mail, large enough for print.
var badgeImageLimits = &bake.Limits{MaxImageBytes: badge.MaxBadgeImage, MaxWidth: 2048, MaxHeight: 2048}

// BadgeInput is what an issuer edits of a badge class.
type BadgeInput struct {
	NameJA, NameEN               string
	DescriptionJA, DescriptionEN string
	CriteriaNarrative            string
	CriteriaURL                  string
	Alignments                   []badge.Alignment
	Tags                         []string
	AchievementType              string // default "Badge"
	ExpiryDate                   *time.Time
	ExpiryDays                   int
	Formats                      []string // default: all
	// Image is a PNG or SVG upload; nil on update keeps the current image.
	Image []byte
}

func (in *BadgeInput) apply(b *badge.BadgeClass) {
	b.NameJA, b.NameEN = strings.TrimSpace(in.NameJA), strings.TrimSpace(in.NameEN)
	b.DescriptionJA, b.DescriptionEN = strings.TrimSpace(in.DescriptionJA), strings.TrimSpace(in.DescriptionEN)
	b.CriteriaNarrative, b.CriteriaURL = strings.TrimSpace(in.CriteriaNarrative), strings.TrimSpace(in.CriteriaURL)
	b.Alignments = in.Alignments
	b.Tags = cleanTags(in.Tags)
	b.AchievementType = in.AchievementType
	if b.AchievementType == "" {
		b.AchievementType = "Badge"
	}
	b.ExpiryDate, b.ExpiryDays = in.ExpiryDate, in.ExpiryDays
	b.Formats = in.Formats
	if len(b.Formats) == 0 {
		b.Formats = badge.AllFormats
	}
}

// cleanTags trims tags and drops empty and repeated ones.
func cleanTags(tags []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t != "" && !seen[strings.ToLower(t)] {
			seen[strings.ToLower(t)] = true
			out = append(out, t)
		}
	}
	return out
}

// storeImage checks an uploaded badge image (type, size, dimensions, and
// for SVG no scripts, external references or entities) and stores it once.
func (s *Service) storeImage(ctx context.Context, tx store.Tx, orgID int64, img []byte) (int64, error) {
	mt, err := bake.CheckImage(img, badgeImageLimits)
	if err != nil {
		return 0, badge.Invalid("image", badge.KeyImageType, "The badge image was refused: "+err.Error())
	}
	if mt != "image/png" && mt != "image/svg+xml" {
		return 0, badge.Invalid("image", badge.KeyImageType, "The badge image must be a PNG or SVG image.")
	}
	sum := sha256.Sum256(img)
	bi := &badge.BadgeImage{OrgID: orgID, SHA256: sum[:], MediaType: mt, Data: img}
	if err := tx.CreateBadgeImage(ctx, bi); err != nil {
		return 0, err
	}
	return bi.ID, nil
}

// CreateBadgeClass creates a badge. Issuers, admins and owners design badges.
func (s *Service) CreateBadgeClass(ctx context.Context, orgID int64, in BadgeInput) (*badge.BadgeClass, error) {
	if len(in.Image) == 0 {
		return nil, badge.Invalid("image", badge.KeyRequired, "A badge image (PNG or SVG) is required.")
	}
	b := &badge.BadgeClass{OrgID: orgID, PublicID: newUUID()}
	in.apply(b)
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		b.ImageID = 1 // validated before the image is stored, so errors name fields in form order
		if err := b.Validate(); err != nil {
			return err
		}
		var err error
		if b.ImageID, err = s.storeImage(ctx, tx, orgID, in.Image); err != nil {
			return err
		}
		if err := tx.CreateBadgeClass(ctx, b); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "badge.create", "badge", fmt.Sprint(b.ID), detail("name", b.Name(badge.LocaleJA)))
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// UpdateBadgeClass edits a badge, making a new revision; awards already
// issued keep the revision they were issued from.
func (s *Service) UpdateBadgeClass(ctx context.Context, orgID, id int64, in BadgeInput) (*badge.BadgeClass, error) {
	var out *badge.BadgeClass
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		b, err := s.orgBadgeClass(ctx, tx, orgID, id)
		if err != nil {
			return err
		}
		in.apply(b)
		if err := b.Validate(); err != nil {
			return err
		}
		if len(in.Image) > 0 {
			if b.ImageID, err = s.storeImage(ctx, tx, orgID, in.Image); err != nil {
				return err
			}
		}
		if out, err = tx.UpdateBadgeClass(ctx, id, b); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "badge.update", "badge", fmt.Sprint(id), detail("revision", fmt.Sprint(out.Revision)))
	})
	return out, err
}

// ArchiveBadgeClass archives a badge (no new awards; existing ones stay
// valid) or restores it.
func (s *Service) ArchiveBadgeClass(ctx context.Context, orgID, id int64, archived bool) (*badge.BadgeClass, error) {
	var out *badge.BadgeClass
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleIssuer); err != nil {
			return err
		}
		if _, err := s.orgBadgeClass(ctx, tx, orgID, id); err != nil {
			return err
		}
		var at *time.Time
		action := "badge.restore"
		if archived {
			at, action = new(s.now()), "badge.archive"
		}
		var err error
		if out, err = tx.SetBadgeClassArchived(ctx, id, at); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, action, "badge", fmt.Sprint(id), "")
	})
	return out, err
}

// BadgeClass returns one of the organisation's badges; any member may read.
func (s *Service) BadgeClass(ctx context.Context, orgID, id int64) (*badge.BadgeClass, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, err
	}
	return s.orgBadgeClass(ctx, s.Store, orgID, id)
}

// BadgeClasses lists the organisation's badges.
func (s *Service) BadgeClasses(ctx context.Context, orgID int64, f store.BadgeClassFilter) ([]*badge.BadgeClass, int, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, 0, err
	}
	f.OrgID = &orgID
	return s.Store.FindBadgeClasses(ctx, f)
}

// orgBadgeClass loads a badge class and checks it belongs to orgID; another
// organisation's badge reads as not found.
func (s *Service) orgBadgeClass(ctx context.Context, r store.Repos, orgID, id int64) (*badge.BadgeClass, error) {
	b, err := r.FindBadgeClassByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && b.OrgID != orgID {
		return nil, badge.NotFound("error.not_found", "No such badge.")
	}
	return b, err
}

// PublicImage returns a badge image by its organisation and digest, for
// anyone: images are part of the public badge documents.
func (s *Service) PublicImage(ctx context.Context, slug string, sum []byte) (*badge.BadgeImage, error) {
	o, err := s.Store.FindOrganizationBySlug(ctx, slug)
	if err != nil {
		return nil, badge.NotFound("error.not_found", "No such image.")
	}
	img, err := s.Store.FindBadgeImageBySHA256(ctx, o.ID, sum)
	if err != nil {
		return nil, badge.NotFound("error.not_found", "No such image.")
	}
	return img, nil
}

// BadgeImage returns the image of one of the organisation's badges, for
// staff (the console shows drafts and archived badges).
func (s *Service) BadgeImage(ctx context.Context, orgID, imageID int64) (*badge.BadgeImage, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, err
	}
	img, err := s.Store.FindBadgeImage(ctx, imageID)
	if err != nil || img.OrgID != orgID {
		return nil, badge.NotFound("error.not_found", "No such image.")
	}
	return img, nil
}
