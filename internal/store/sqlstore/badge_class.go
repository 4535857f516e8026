// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const badgeImageCols = `id, org_id, sha256, media_type, data, created_at`

func scanBadgeImage(s scanner) (*badge.BadgeImage, error) {
	var i badge.BadgeImage
	err := s.Scan(&i.ID, &i.OrgID, &i.SHA256, &i.MediaType, &i.Data, timeDest{&i.CreatedAt})
	if err != nil {
		return nil, err
	}
	return &i, nil
}

// CreateBadgeImage implements [store.BadgeClasses].
func (c *conn) CreateBadgeImage(ctx context.Context, img *badge.BadgeImage) error {
	if err := img.Validate(); err != nil {
		return err
	}
	// The digest names the image for de-duplication, so it must be the right one.
	if sum := sha256.Sum256(img.Data); !bytes.Equal(sum[:], img.SHA256) {
		return badge.Invalid("sha256", badge.KeyTokenFormat, "sha256 is not the SHA-256 digest of the image.")
	}
	return c.atomic(ctx, func(c *conn) error {
		old, err := c.FindBadgeImageBySHA256(ctx, img.OrgID, img.SHA256)
		if err == nil {
			img.ID, img.CreatedAt = old.ID, old.CreatedAt
			return nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		now := c.clock()
		// DO NOTHING: the same image uploaded twice at once is stored once,
		// and the query below finds the row either way.
		_, err = c.exec(ctx, `INSERT INTO badge_images (org_id, sha256, media_type, data, created_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, sha256) DO NOTHING`,
			img.OrgID, img.SHA256, img.MediaType, img.Data, c.d.ts(now))
		if err != nil {
			return err
		}
		return c.row(ctx, `SELECT id, created_at FROM badge_images WHERE org_id = ? AND sha256 = ?`,
			img.OrgID, img.SHA256).Scan(&img.ID, timeDest{&img.CreatedAt})
	})
}

// FindBadgeImage implements [store.BadgeClasses].
func (c *conn) FindBadgeImage(ctx context.Context, id int64) (*badge.BadgeImage, error) {
	return scanBadgeImage(c.row(ctx, `SELECT `+badgeImageCols+` FROM badge_images WHERE id = ?`, id))
}

// FindBadgeImageBySHA256 implements [store.BadgeClasses].
func (c *conn) FindBadgeImageBySHA256(ctx context.Context, orgID int64, sum []byte) (*badge.BadgeImage, error) {
	return scanBadgeImage(c.row(ctx, `SELECT `+badgeImageCols+` FROM badge_images
		WHERE org_id = ? AND sha256 = ?`, orgID, sum))
}

const badgeClassCols = `id, org_id, public_id, revision, name_ja, name_en, description_ja, description_en,
	image_id, criteria_narrative, criteria_url, alignments, tags, achievement_type, expiry_date, expiry_days,
	formats, archived_at, created_at, updated_at`

func scanBadgeClass(s scanner) (*badge.BadgeClass, error) {
	var b badge.BadgeClass
	err := s.Scan(&b.ID, &b.OrgID, &b.PublicID, &b.Revision, &b.NameJA, &b.NameEN, &b.DescriptionJA,
		&b.DescriptionEN, &b.ImageID, &b.CriteriaNarrative, &b.CriteriaURL, jsonDest{&b.Alignments},
		jsonDest{&b.Tags}, &b.AchievementType, nullTimeDest{&b.ExpiryDate}, &b.ExpiryDays,
		jsonDest{&b.Formats}, nullTimeDest{&b.ArchivedAt}, timeDest{&b.CreatedAt}, timeDest{&b.UpdatedAt})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// CreateBadgeClass implements [store.BadgeClasses].
func (c *conn) CreateBadgeClass(ctx context.Context, b *badge.BadgeClass) error {
	b.Revision = 1
	if err := b.Validate(); err != nil {
		return err
	}
	n := *b // filled in, and copied back only once stored
	now := c.clock()
	n.CreatedAt, n.UpdatedAt = now, now
	n.ExpiryDate, n.ArchivedAt = normPtr(n.ExpiryDate), normPtr(n.ArchivedAt)
	err := c.atomic(ctx, func(c *conn) error {
		err := c.row(ctx, `INSERT INTO badge_classes (org_id, public_id, revision, name_ja, name_en,
			description_ja, description_en, image_id, criteria_narrative, criteria_url, alignments, tags,
			achievement_type, expiry_date, expiry_days, formats, archived_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.OrgID, n.PublicID, n.Revision, n.NameJA, n.NameEN, n.DescriptionJA, n.DescriptionEN, n.ImageID,
			n.CriteriaNarrative, n.CriteriaURL, jsonText(n.Alignments), jsonText(n.Tags), n.AchievementType,
			c.d.nullTS(n.ExpiryDate), n.ExpiryDays, jsonText(n.Formats), c.d.nullTS(n.ArchivedAt),
			c.d.ts(n.CreatedAt), c.d.ts(n.UpdatedAt),
		).Scan(&n.ID)
		if err != nil {
			return err
		}
		return c.insertRevision(ctx, &n)
	})
	if err != nil {
		return err
	}
	*b = n
	return nil
}

// insertRevision stores b as its revision b.Revision.
func (c *conn) insertRevision(ctx context.Context, b *badge.BadgeClass) error {
	_, err := c.exec(ctx, `INSERT INTO badge_class_revisions (badge_class_id, revision, snapshot, created_at)
		VALUES (?, ?, ?, ?)`, b.ID, b.Revision, string(b.Snapshot()), c.d.ts(b.UpdatedAt))
	return err
}

// FindBadgeClassByID implements [store.BadgeClasses].
func (c *conn) FindBadgeClassByID(ctx context.Context, id int64) (*badge.BadgeClass, error) {
	return scanBadgeClass(c.row(ctx, `SELECT `+badgeClassCols+` FROM badge_classes WHERE id = ?`, id))
}

// FindBadgeClassByPublicID implements [store.BadgeClasses].
func (c *conn) FindBadgeClassByPublicID(ctx context.Context, publicID string) (*badge.BadgeClass, error) {
	return scanBadgeClass(c.row(ctx, `SELECT `+badgeClassCols+` FROM badge_classes WHERE public_id = ?`, publicID))
}

// FindBadgeClassRevision implements [store.BadgeClasses].
func (c *conn) FindBadgeClassRevision(ctx context.Context, id int64, rev int) (*badge.BadgeClass, error) {
	var snap string
	err := c.row(ctx, `SELECT snapshot FROM badge_class_revisions WHERE badge_class_id = ? AND revision = ?`,
		id, rev).Scan(&snap)
	if err != nil {
		return nil, err
	}
	b, err := badge.ParseBadgeClassSnapshot([]byte(snap))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: badge class %d revision %d: %w", id, rev, err)
	}
	return b, nil
}

// FindBadgeClasses implements [store.BadgeClasses].
func (c *conn) FindBadgeClasses(ctx context.Context, f store.BadgeClassFilter) ([]*badge.BadgeClass, int, error) {
	var w where
	if f.OrgID != nil {
		w.add("org_id = ?", *f.OrgID)
	}
	if f.Archived != nil {
		w.isNull("archived_at", !*f.Archived)
	}
	if f.Query != "" {
		w.contains(f.Query, "name_ja", "name_en", "tags")
	}
	lq := listQuery{cols: badgeClassCols, from: "badge_classes", order: "id DESC"}
	return findPage(ctx, c, lq, &w, f.Page, scanBadgeClass)
}

// UpdateBadgeClass implements [store.BadgeClasses].
func (c *conn) UpdateBadgeClass(ctx context.Context, id int64, b *badge.BadgeClass) (*badge.BadgeClass, error) {
	var n badge.BadgeClass
	err := c.atomic(ctx, func(c *conn) error {
		cur, err := c.FindBadgeClassByID(ctx, id)
		if err != nil {
			return err
		}
		n = *b
		n.ID, n.OrgID, n.PublicID, n.Revision = cur.ID, cur.OrgID, cur.PublicID, cur.Revision+1
		n.ArchivedAt, n.CreatedAt, n.ExpiryDate = cur.ArchivedAt, cur.CreatedAt, normPtr(n.ExpiryDate)
		if err := n.Validate(); err != nil {
			return err
		}
		n.UpdatedAt = c.clock()
		// revision + 1 rather than the number read: of two concurrent
		// updates the second waits for the first's row lock, then numbers
		// its revision after the first's.
		err = c.row(ctx, `UPDATE badge_classes SET revision = revision + 1, name_ja = ?, name_en = ?,
			description_ja = ?, description_en = ?, image_id = ?, criteria_narrative = ?, criteria_url = ?,
			alignments = ?, tags = ?, achievement_type = ?, expiry_date = ?, expiry_days = ?, formats = ?,
			updated_at = ? WHERE id = ? RETURNING revision, archived_at`,
			n.NameJA, n.NameEN, n.DescriptionJA, n.DescriptionEN, n.ImageID, n.CriteriaNarrative, n.CriteriaURL,
			jsonText(n.Alignments), jsonText(n.Tags), n.AchievementType, c.d.nullTS(n.ExpiryDate), n.ExpiryDays,
			jsonText(n.Formats), c.d.ts(n.UpdatedAt), id,
		).Scan(&n.Revision, nullTimeDest{&n.ArchivedAt})
		if err != nil {
			return err
		}
		return c.insertRevision(ctx, &n)
	})
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// SetBadgeClassArchived implements [store.BadgeClasses].
func (c *conn) SetBadgeClassArchived(ctx context.Context, id int64, at *time.Time) (*badge.BadgeClass, error) {
	return scanBadgeClass(c.row(ctx, `UPDATE badge_classes SET archived_at = ?, updated_at = ?
		WHERE id = ? RETURNING `+badgeClassCols, c.d.nullTS(at), c.d.ts(c.clock()), id))
}
