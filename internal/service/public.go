// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/issuing"
	"github.com/akashi-badges/akashi/internal/store"
)

// PublicAward is what anyone may see of an award: the award, the badge as
// it was issued, its image and the issuer.
type PublicAward struct {
	Award *badge.Award
	Badge *badge.BadgeClass // the revision the award was issued from
	Image *badge.BadgeImage
	Org   *badge.Organization
	// URLs of the award's public documents.
	PageURL, ImageURL, AchievementURL string
}

// PublicAward returns an award by its public id for its public page and
// documents. A private award reads as not found, exactly like a missing
// one, so its existence does not leak — except to the recipient who
// claimed it, who may still open and download it.
func (s *Service) PublicAward(ctx context.Context, publicID string) (*PublicAward, error) {
	a, err := s.Store.FindAwardByPublicID(ctx, publicID)
	owner := err == nil && a.ClaimedBy != 0 && a.ClaimedBy == ActorFrom(ctx).AccountID
	if errors.Is(err, store.ErrNotFound) || err == nil && a.Private && !owner {
		return nil, badge.NotFound("error.not_found", "No such badge, or its owner keeps it private.")
	}
	if err != nil {
		return nil, err
	}
	return s.publicAward(ctx, s.Store, a)
}

func (s *Service) publicAward(ctx context.Context, r store.Repos, a *badge.Award) (*PublicAward, error) {
	b, err := r.FindBadgeClassRevision(ctx, a.BadgeClassID, a.Revision)
	if err != nil {
		return nil, err
	}
	img, err := r.FindBadgeImage(ctx, b.ImageID)
	if err != nil {
		return nil, err
	}
	o, err := r.FindOrganizationByID(ctx, a.OrgID)
	if err != nil {
		return nil, err
	}
	return &PublicAward{Award: a, Badge: b, Image: img, Org: o,
		PageURL: s.AwardURL(a), ImageURL: s.ImageURL(o, img), AchievementURL: s.AchievementURL(b, a.Revision)}, nil
}

// PublicBadgeClass returns one revision of a badge class and its OB 2.0
// BadgeClass document. Badge classes are public once they exist: issued
// awards link to them.
func (s *Service) PublicBadgeClass(ctx context.Context, publicID string, rev int) (*badge.BadgeClass, *badge.Organization, []byte, error) {
	cur, err := s.Store.FindBadgeClassByPublicID(ctx, publicID)
	if err != nil {
		return nil, nil, nil, badge.NotFound("error.not_found", "No such badge.")
	}
	b, err := s.Store.FindBadgeClassRevision(ctx, cur.ID, rev)
	if err != nil {
		return nil, nil, nil, badge.NotFound("error.not_found", "No such badge revision.")
	}
	o, err := s.Store.FindOrganizationByID(ctx, b.OrgID)
	if err != nil {
		return nil, nil, nil, err
	}
	img, err := s.Store.FindBadgeImage(ctx, b.ImageID)
	if err != nil {
		return nil, nil, nil, err
	}
	iss, err := s.issuer(ctx, s.Store, o)
	if err != nil {
		return nil, nil, nil, err
	}
	ach := s.achievement(o, b, img)
	doc, err := issuing.OB2BadgeClass(iss, ach)
	if err != nil {
		return nil, nil, nil, badge.Internal(err)
	}
	return b, o, doc, nil
}

// ClaimView is what the claim link shows.
type ClaimView struct {
	*PublicAward
	Expired bool // the link is past its deadline
}

// OpenClaim looks up an award by its claim link and records that the
// recipient opened it. A used, unknown or expired link, or a revoked award,
// is a not-found or invalid error saying which, plainly. (Taking the badge
// into a wallet is the wallet's claim.)
func (s *Service) OpenClaim(ctx context.Context, token string) (*PublicAward, error) {
	var out *PublicAward
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		a, err := tx.FindAwardByClaimToken(ctx, hashToken(token))
		if err != nil {
			return badge.NotFound("claim.unknown", "This claim link is not valid or was already used.")
		}
		now := s.now()
		switch {
		case a.RevokedAt != nil:
			return badge.Invalid("claim", "claim.revoked", "This badge was revoked by its issuer.")
		case a.ClaimExpiresAt != nil && now.After(*a.ClaimExpiresAt):
			return badge.Invalid("claim", "claim.expired", "This claim link has expired. Ask the issuer to send it again.")
		}
		if a.OpenedAt == nil {
			if a, err = tx.UpdateAward(ctx, a.ID, store.AwardUpdate{OpenedAt: &now}); err != nil {
				return err
			}
		}
		out, err = s.publicAward(ctx, tx, a)
		return err
	})
	return out, err
}
