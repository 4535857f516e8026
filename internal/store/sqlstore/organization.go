// SPDX-License-Identifier: Apache-2.0

package sqlstore

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

const (
	orgCols = `id, slug, name, url, contact_email, default_locale, logo_image, logo_type, awards_private, created_at, updated_at`
	// Listings leave the logo bytes out.
	orgListCols = `id, slug, name, url, contact_email, default_locale, NULL, logo_type, awards_private, created_at, updated_at`
)

func scanOrganization(s scanner) (*badge.Organization, error) {
	var o badge.Organization
	err := s.Scan(&o.ID, &o.Slug, &o.Name, &o.URL, &o.ContactEmail, &o.DefaultLocale,
		&o.LogoImage, &o.LogoType, &o.AwardsPrivate, timeDest{&o.CreatedAt}, timeDest{&o.UpdatedAt})
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// FindOrganizationByID implements [store.Organizations].
func (c *conn) FindOrganizationByID(ctx context.Context, id int64) (*badge.Organization, error) {
	return scanOrganization(c.row(ctx, `SELECT `+orgCols+` FROM organizations WHERE id = ?`, id))
}

// FindOrganizationBySlug implements [store.Organizations].
func (c *conn) FindOrganizationBySlug(ctx context.Context, slug string) (*badge.Organization, error) {
	return scanOrganization(c.row(ctx, `SELECT `+orgCols+` FROM organizations WHERE slug = ?`, slug))
}

// FindOrganizations implements [store.Organizations].
func (c *conn) FindOrganizations(ctx context.Context, f store.OrganizationFilter) ([]*badge.Organization, int, error) {
	var w where
	if f.ID != nil {
		w.add("id = ?", *f.ID)
	}
	if f.Slug != nil {
		w.add("slug = ?", *f.Slug)
	}
	lq := listQuery{cols: orgListCols, from: "organizations", order: "id"}
	return findPage(ctx, c, lq, &w, f.Page, scanOrganization)
}

// CreateOrganization implements [store.Organizations].
func (c *conn) CreateOrganization(ctx context.Context, o *badge.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	now := c.clock()
	err := c.row(ctx, `INSERT INTO organizations (slug, name, url, contact_email, default_locale,
		logo_image, logo_type, awards_private, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		o.Slug, o.Name, o.URL, o.ContactEmail, o.DefaultLocale, logoArg(o.LogoImage), o.LogoType, o.AwardsPrivate,
		c.d.ts(now), c.d.ts(now),
	).Scan(&o.ID)
	if err != nil {
		return err
	}
	o.CreatedAt, o.UpdatedAt = now, now
	return nil
}

// logoArg stores an absent logo as NULL.
func logoArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// UpdateOrganization implements [store.Organizations].
func (c *conn) UpdateOrganization(ctx context.Context, id int64, upd store.OrganizationUpdate) (*badge.Organization, error) {
	var o *badge.Organization
	err := c.atomic(ctx, func(c *conn) error {
		var err error
		if o, err = c.FindOrganizationByID(ctx, id); err != nil {
			return err
		}
		applyOrganizationUpdate(o, upd)
		if err := o.Validate(); err != nil {
			return err
		}
		o.UpdatedAt = c.clock()
		return c.execOne(ctx, `UPDATE organizations SET slug = ?, name = ?, url = ?, contact_email = ?,
			default_locale = ?, logo_image = ?, logo_type = ?, awards_private = ?, updated_at = ? WHERE id = ?`,
			o.Slug, o.Name, o.URL, o.ContactEmail, o.DefaultLocale, logoArg(o.LogoImage), o.LogoType, o.AwardsPrivate,
			c.d.ts(o.UpdatedAt), o.ID)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

func applyOrganizationUpdate(o *badge.Organization, upd store.OrganizationUpdate) {
	set(&o.Slug, upd.Slug)
	set(&o.Name, upd.Name)
	set(&o.URL, upd.URL)
	set(&o.ContactEmail, upd.ContactEmail)
	set(&o.DefaultLocale, upd.DefaultLocale)
	set(&o.AwardsPrivate, upd.AwardsPrivate)
	if upd.Logo != nil {
		o.LogoImage, o.LogoType = upd.Logo.Image, upd.Logo.Type
		if len(o.LogoImage) == 0 {
			o.LogoImage = nil
		}
	}
}

// set copies *v into *dst unless v is nil.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// DeleteOrganization implements [store.Organizations].
func (c *conn) DeleteOrganization(ctx context.Context, id int64) error {
	return c.execOne(ctx, `DELETE FROM organizations WHERE id = ?`, id)
}
