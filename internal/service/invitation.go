// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"errors"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// InvitationPreview is what the page of an invitation link shows before
// the invitation is accepted.
type InvitationPreview struct {
	OrgName   string
	Role      badge.Role
	Email     string // the address invited
	Inviter   string // the name, else the address, of who invited; "" once that account is gone
	ExpiresAt time.Time
}

// The errors of an invitation link that cannot be accepted, each saying why.
func errInvitationUnknown() error {
	return badge.NotFound("invitation.invalid", "This invitation link is not valid; check that the whole link was copied.")
}

func errInvitationUsed() error {
	return badge.NotFound("invitation.used", "This invitation has already been accepted.")
}

func errInvitationExpired() error {
	return badge.NotFound("invitation.expired", "This invitation has expired; ask for a new one.")
}

// PreviewInvitation returns the organisation and role an invitation link
// offers, without accepting it; anyone holding the link may look (the link
// went to the invited address). A link that was used, has expired or never
// existed is a not_found error with the key invitation.used,
// invitation.expired or invitation.invalid.
func (s *Service) PreviewInvitation(ctx context.Context, token string) (*InvitationPreview, error) {
	inv, err := pendingInvitation(ctx, s.Store, token)
	if err != nil {
		return nil, err
	}
	org, err := s.Store.FindOrganizationByID(ctx, inv.OrgID)
	if err != nil {
		return nil, err
	}
	p := &InvitationPreview{OrgName: org.Name, Role: inv.Role, Email: inv.Email, ExpiresAt: inv.ExpiresAt}
	if a, err := s.Store.FindAccountByID(ctx, inv.InvitedBy); err == nil {
		p.Inviter = a.Name
		if p.Inviter == "" {
			p.Inviter = a.Email
		}
	}
	return p, nil
}

// pendingInvitation returns the invitation of token if it can still be
// accepted, or the error that says why not.
func pendingInvitation(ctx context.Context, r store.Repos, token string) (*badge.Invitation, error) {
	hash := hashToken(token)
	inv, err := r.FindInvitationByToken(ctx, hash)
	if err == nil {
		return inv, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	is, _, err := r.FindInvitations(ctx, store.InvitationFilter{TokenHash: hash, Page: store.Page{Limit: 1}})
	switch {
	case err != nil:
		return nil, err
	case len(is) == 0:
		return nil, errInvitationUnknown()
	case is[0].AcceptedAt != nil:
		return nil, errInvitationUsed()
	}
	return nil, errInvitationExpired()
}
