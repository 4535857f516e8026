// SPDX-License-Identifier: Apache-2.0

package store

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
)

// Organizations stores [badge.Organization]s.
type Organizations interface {
	// FindOrganizationByID returns ErrNotFound if there is no such organisation.
	FindOrganizationByID(ctx context.Context, id int64) (*badge.Organization, error)
	// FindOrganizationBySlug returns ErrNotFound if no organisation has the slug.
	FindOrganizationBySlug(ctx context.Context, slug string) (*badge.Organization, error)
	// FindOrganizations returns the organisations matching f, ordered by id,
	// and their total. LogoImage is left nil in listings (LogoType is set);
	// use FindOrganizationByID for the image.
	FindOrganizations(ctx context.Context, f OrganizationFilter) ([]*badge.Organization, int, error)
	// CreateOrganization validates o and inserts it, setting o.ID,
	// o.CreatedAt and o.UpdatedAt. It returns a *badge.Error if o is invalid
	// and ErrConflict if the slug is taken.
	CreateOrganization(ctx context.Context, o *badge.Organization) error
	// UpdateOrganization applies upd and returns the organisation. It returns
	// ErrNotFound, a *badge.Error if the result is invalid, or ErrConflict if
	// the new slug is taken.
	UpdateOrganization(ctx context.Context, id int64, upd OrganizationUpdate) (*badge.Organization, error)
	// DeleteOrganization deletes the organisation and, with it, its
	// memberships, invitations, signing keys, API clients and their tokens,
	// audit entries, outbox mail, badge images, badge classes and their
	// revisions, awards, status lists, and bulk awards and their rows;
	// sessions that had it selected keep OrgID 0. It returns ErrNotFound if
	// there is no such organisation.
	DeleteOrganization(ctx context.Context, id int64) error
}

// OrganizationFilter selects organisations; nil fields match everything.
type OrganizationFilter struct {
	ID   *int64
	Slug *string
	Page
}

// OrganizationUpdate changes the non-nil fields of an organisation.
type OrganizationUpdate struct {
	Slug          *string
	Name          *string
	URL           *string
	ContactEmail  *string
	DefaultLocale *string
	AwardsPrivate *bool
	Logo          *Logo // &Logo{} removes the logo
}

// Logo is an image and its media type.
type Logo struct {
	Image []byte
	Type  string
}

// Memberships stores [badge.Membership]s. Lookups fill the joined account
// and organisation fields.
type Memberships interface {
	// FindMembership returns ErrNotFound if the account is not a member.
	FindMembership(ctx context.Context, orgID, accountID int64) (*badge.Membership, error)
	// FindMemberships returns the memberships matching f, ordered by
	// organisation then account, and their total.
	FindMemberships(ctx context.Context, f MembershipFilter) ([]*badge.Membership, int, error)
	// CreateMembership validates m and inserts it, setting m.CreatedAt. It
	// returns a *badge.Error if m is invalid, ErrNotFound if the organisation
	// or account does not exist and ErrConflict if the account is already a
	// member.
	CreateMembership(ctx context.Context, m *badge.Membership) error
	// UpdateMembership applies upd and returns the membership. It returns
	// ErrNotFound or a *badge.Error if the result is invalid.
	UpdateMembership(ctx context.Context, orgID, accountID int64, upd MembershipUpdate) (*badge.Membership, error)
	// DeleteMembership returns ErrNotFound if the account is not a member.
	DeleteMembership(ctx context.Context, orgID, accountID int64) error
}

// MembershipFilter selects memberships; nil fields match everything.
type MembershipFilter struct {
	OrgID     *int64
	AccountID *int64
	Role      *badge.Role
	Page
}

// MembershipUpdate changes the non-nil fields of a membership.
type MembershipUpdate struct {
	Role *badge.Role
}

// Invitations stores [badge.Invitation]s.
type Invitations interface {
	// FindInvitationByID returns the invitation whatever its state, or ErrNotFound.
	FindInvitationByID(ctx context.Context, id int64) (*badge.Invitation, error)
	// FindInvitationByToken returns the pending (unaccepted, unexpired)
	// invitation with that token hash, or ErrNotFound. To find it whatever
	// its state, use FindInvitations with InvitationFilter.TokenHash.
	FindInvitationByToken(ctx context.Context, hash []byte) (*badge.Invitation, error)
	// FindInvitations returns the invitations matching f, newest first, and their total.
	FindInvitations(ctx context.Context, f InvitationFilter) ([]*badge.Invitation, int, error)
	// CreateInvitation lower-cases i.Email, validates i and inserts it,
	// setting i.ID and i.CreatedAt. It returns a *badge.Error if i is
	// invalid, ErrNotFound if the organisation or inviter does not exist and
	// ErrConflict if the token hash is already stored.
	CreateInvitation(ctx context.Context, i *badge.Invitation) error
	// AcceptInvitation marks the pending invitation accepted and returns it;
	// of two concurrent calls only one succeeds. It returns ErrNotFound if
	// there is no such invitation or it is accepted or expired.
	AcceptInvitation(ctx context.Context, id int64) (*badge.Invitation, error)
	// DeleteInvitation returns ErrNotFound if there is no such invitation.
	DeleteInvitation(ctx context.Context, id int64) error
}

// InvitationFilter selects invitations; nil fields match everything.
type InvitationFilter struct {
	OrgID     *int64
	Email     *string // compared case-insensitively
	TokenHash []byte  // nil matches every token
	Pending   *bool   // true: unaccepted and unexpired; false: accepted or expired
	Page
}
