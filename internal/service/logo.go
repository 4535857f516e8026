// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"fmt"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
	"github.com/akashi-badges/akashi/internal/store"
)

// logoLimits keep logos small: they appear on every badge page.
var logoLimits = &bake.Limits{MaxImageBytes: badge.MaxLogoBytes, MaxWidth: 2048, MaxHeight: 2048}

// SetLogo replaces the organisation's logo (PNG or SVG, checked like a
// badge image so it can never run script on our origin); nil removes it.
// Admins only.
func (s *Service) SetLogo(ctx context.Context, orgID int64, img []byte) error {
	logo := &store.Logo{}
	if len(img) > 0 {
		typ, err := bake.CheckImage(img, logoLimits)
		if err != nil {
			return badge.Invalid("logo", "field.image_type_invalid", fmt.Sprintf("The logo must be a PNG or a plain SVG image of at most %d KB: %v", badge.MaxLogoBytes>>10, err))
		}
		logo = &store.Logo{Image: img, Type: typ}
	}
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleAdmin); err != nil {
			return err
		}
		if _, err := tx.UpdateOrganization(ctx, orgID, store.OrganizationUpdate{Logo: logo}); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "org.logo", "organization", fmt.Sprint(orgID), "")
	})
}

// Logo returns an organisation's logo and its media type, for anyone
// (issuers publish their logos); not_found when there is none.
func (s *Service) Logo(ctx context.Context, slug string) ([]byte, string, error) {
	o, err := s.Store.FindOrganizationBySlug(ctx, slug)
	if err != nil || len(o.LogoImage) == 0 {
		return nil, "", badge.NotFound("error.not_found", "No logo.")
	}
	return o.LogoImage, o.LogoType, nil
}
