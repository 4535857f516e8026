// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// BootstrapInput is the non-interactive set-up of `akashi bootstrap`.
type BootstrapInput struct {
	OrgName, OrgSlug string
	AdminEmail       string
	AdminName        string
	AdminPassword    string
	Locale           string
	ClientName       string
}

// BootstrapResult is what automation needs next (DESIGN §5).
type BootstrapResult struct {
	OrgID        int64  `json:"org_id"`
	OrgSlug      string `json:"org_slug"`
	IssuerID     string `json:"issuer_id"`
	AdminID      int64  `json:"admin_id"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// Bootstrap creates an organisation, its admin account (owner, e-mail
// verified, instance administrator) and an API client, as the system actor.
// An existing account with the admin's e-mail is reused only when its
// password matches, and becomes an instance administrator.
func (s *Service) Bootstrap(ctx context.Context, in BootstrapInput) (*BootstrapResult, error) {
	ctx = WithActor(ctx, Actor{System: true})
	admin, err := s.CreateAccount(ctx, NewAccount{Email: in.AdminEmail, Name: in.AdminName, Password: in.AdminPassword, Locale: in.Locale,
		Verified: true, InstanceAdmin: true})
	if badge.ErrorCode(err) == badge.CodeConflict {
		admin, err = s.Store.FindAccountByEmail(ctx, in.AdminEmail)
		if err == nil {
			if ok, _ := CheckPassword(admin.PasswordHash, in.AdminPassword); !ok {
				return nil, badge.Conflict("admin_email", "validation.email_taken", "An account with this e-mail address exists and the password does not match it.")
			}
			if !admin.InstanceAdmin {
				yes := true
				admin, err = s.Store.UpdateAccount(ctx, admin.ID, store.AccountUpdate{InstanceAdmin: &yes})
			}
		}
	}
	if err != nil {
		return nil, err
	}
	org, err := s.CreateOrganization(ctx, NewOrganization{Name: in.OrgName, Slug: in.OrgSlug, OwnerID: admin.ID, DefaultLocale: in.Locale, ContactEmail: admin.Email})
	if err != nil {
		return nil, err
	}
	name := in.ClientName
	if name == "" {
		name = "bootstrap"
	}
	client, err := s.CreateAPIClient(ctx, NewAPIClient{OrgID: org.ID, Name: name})
	if err != nil {
		return nil, err
	}
	issuer, err := s.IssuerDID(ctx, org)
	if err != nil {
		return nil, err
	}
	return &BootstrapResult{OrgID: org.ID, OrgSlug: org.Slug, IssuerID: issuer, AdminID: admin.ID,
		ClientID: client.Client.ClientID, ClientSecret: client.Secret}, nil
}
