// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// PublicIssuer returns what an organisation publishes about itself as an
// issuer — its profile and every public key it has signed with, current
// first, retired ones too so that old badges still verify. Anyone may read
// it; the logo and contact e-mail are included because issuers publish them.
func (s *Service) PublicIssuer(ctx context.Context, slug string) (*badge.Organization, []*badge.SigningKey, error) {
	o, err := s.Store.FindOrganizationBySlug(ctx, slug)
	if err != nil {
		return nil, nil, badge.NotFound("error.not_found", "No such issuer.")
	}
	ks, _, err := s.Store.FindSigningKeys(ctx, store.SigningKeyFilter{OrgID: &o.ID})
	if err != nil {
		return nil, nil, err
	}
	for _, k := range ks {
		k.PrivateKeyEnc = nil // never leaves the service
	}
	return o, ks, nil
}
