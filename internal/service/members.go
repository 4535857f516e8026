// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/mail"
	"github.com/akashi-badges/akashi/internal/store"
)

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 7 * 24 * time.Hour

// MyMemberships lists the organisations of the signed-in account.
func (s *Service) MyMemberships(ctx context.Context) ([]*badge.Membership, error) {
	a := ActorFrom(ctx)
	if a.AccountID == 0 {
		return nil, badge.Unauthorized("error.unauthorized", "Sign in first.")
	}
	ms, _, err := s.Store.FindMemberships(ctx, store.MembershipFilter{AccountID: &a.AccountID})
	return ms, err
}

// SwitchOrganization selects the organisation a session works in.
func (s *Service) SwitchOrganization(ctx context.Context, sessionToken string, orgID int64) error {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return err
	}
	_, err := s.Store.UpdateSession(ctx, hex.EncodeToString(hashToken(sessionToken)), store.SessionUpdate{OrgID: &orgID})
	return err
}

// Organization returns an organisation its members may see.
func (s *Service) Organization(ctx context.Context, orgID int64) (*badge.Organization, *badge.Membership, error) {
	m, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.Store.FindOrganizationByID(ctx, orgID)
	return o, m, err
}

// Members lists an organisation's members; any member may.
func (s *Service) Members(ctx context.Context, orgID int64) ([]*badge.Membership, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleViewer); err != nil {
		return nil, err
	}
	ms, _, err := s.Store.FindMemberships(ctx, store.MembershipFilter{OrgID: &orgID})
	return ms, err
}

// PendingInvitations lists unaccepted, unexpired invitations; admins only.
func (s *Service) PendingInvitations(ctx context.Context, orgID int64) ([]*badge.Invitation, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleAdmin); err != nil {
		return nil, err
	}
	pending := true
	is, _, err := s.Store.FindInvitations(ctx, store.InvitationFilter{OrgID: &orgID, Pending: &pending})
	return is, err
}

// Invite e-mails an invitation to join orgID with role. Admins may invite
// up to admin; only owners may invite owners.
func (s *Service) Invite(ctx context.Context, orgID int64, email string, role badge.Role) (*badge.Invitation, error) {
	var inv *badge.Invitation
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		me, err := s.authorize(ctx, tx, orgID, badge.RoleAdmin)
		if err != nil {
			return err
		}
		if err := canGrant(me, role); err != nil {
			return err
		}
		org, err := tx.FindOrganizationByID(ctx, orgID)
		if err != nil {
			return err
		}
		inviter := "Akashi"
		if a, err := tx.FindAccountByID(ctx, ActorFrom(ctx).AccountID); err == nil {
			inviter = a.Name
			if inviter == "" {
				inviter = a.Email
			}
		}
		tok := randomToken(43)
		inv = &badge.Invitation{OrgID: orgID, Email: badge.NormalizeEmail(email), Role: role, TokenHash: hashToken(tok),
			InvitedBy: ActorFrom(ctx).AccountID, ExpiresAt: s.now().Add(InvitationLifetime)}
		if err := tx.CreateInvitation(ctx, inv); err != nil {
			return err
		}
		if err := s.queueMail(ctx, tx, orgID, inv.Email, org.DefaultLocale, mail.KindInvitation, mail.InvitationData{
			SiteName: siteName, OrgName: org.Name, InviterName: inviter, Role: string(role),
			URL: s.BaseURL + "/invitations/accept?token=" + tok, Expires: inv.ExpiresAt.In(tokyo)}); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "member.invite", "invitation", fmt.Sprint(inv.ID), detail("email", inv.Email, "role", string(role)))
	})
	return inv, err
}

// canGrant checks that the actor (nil: the system) may give role to others.
func canGrant(me *badge.Membership, role badge.Role) error {
	if !role.Valid() {
		return badge.Invalid("role", "field.role_invalid", "Choose one of owner, admin, issuer or viewer.")
	}
	if me != nil && role == badge.RoleOwner && me.Role != badge.RoleOwner {
		return badge.Forbidden("error.forbidden", "Only an owner can make someone an owner.")
	}
	return nil
}

// AcceptInvitation makes the signed-in account a member. The invitation is
// for an e-mail address; whoever holds the link and is signed in accepts it
// (the link itself went to that address). When sessionToken is the
// caller's session, that session switches to the organisation joined. A
// used, expired or unknown link is a not_found error saying which (see
// [Service.PreviewInvitation]).
func (s *Service) AcceptInvitation(ctx context.Context, token, sessionToken string) (*badge.Membership, error) {
	a := ActorFrom(ctx)
	if a.AccountID == 0 {
		return nil, badge.Unauthorized("error.unauthorized", "Sign in or create an account to accept the invitation.")
	}
	var m *badge.Membership
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		inv, err := pendingInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		if _, err := tx.AcceptInvitation(ctx, inv.ID); err != nil {
			if errors.Is(err, store.ErrNotFound) { // accepted meanwhile
				return errInvitationUsed()
			}
			return err
		}
		m = &badge.Membership{OrgID: inv.OrgID, AccountID: a.AccountID, Role: inv.Role}
		if err := tx.CreateMembership(ctx, m); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return badge.Conflict("", "members.already_member", "You are already a member of this organisation.")
			}
			return err
		}
		if org, err := tx.FindOrganizationByID(ctx, inv.OrgID); err == nil {
			m.OrgSlug, m.OrgName = org.Slug, org.Name
		}
		if sessionToken != "" {
			if err := switchSession(ctx, tx, sessionToken, a.AccountID, inv.OrgID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, inv.OrgID, "member.join", "account", fmt.Sprint(a.AccountID), detail("role", string(inv.Role)))
	})
	return m, err
}

// switchSession selects orgID in the session of token, which must be the
// account's own.
func switchSession(ctx context.Context, tx store.Tx, token string, accountID, orgID int64) error {
	id := hex.EncodeToString(hashToken(token))
	sess, err := tx.FindSessionByID(ctx, id)
	if err != nil || sess.AccountID != accountID {
		return badge.Unauthorized("error.unauthorized", "Your session has ended; sign in again.")
	}
	_, err = tx.UpdateSession(ctx, id, store.SessionUpdate{OrgID: &orgID})
	return err
}

// ChangeRole changes a member's role. Admins manage issuers and viewers
// and other admins; owners anyone. The last owner cannot step down.
func (s *Service) ChangeRole(ctx context.Context, orgID, accountID int64, role badge.Role) error {
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		me, err := s.authorize(ctx, tx, orgID, badge.RoleAdmin)
		if err != nil {
			return err
		}
		if err := canGrant(me, role); err != nil {
			return err
		}
		target, err := tx.FindMembership(ctx, orgID, accountID)
		if err != nil {
			return badge.NotFound("error.not_found", "No such member.")
		}
		if me != nil && target.Role == badge.RoleOwner && me.Role != badge.RoleOwner {
			return badge.Forbidden("error.forbidden", "Only an owner can change an owner's role.")
		}
		if target.Role == badge.RoleOwner && role != badge.RoleOwner {
			if err := lastOwnerCheck(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if _, err := tx.UpdateMembership(ctx, orgID, accountID, store.MembershipUpdate{Role: &role}); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "member.role_change", "account", fmt.Sprint(accountID), detail("from", string(target.Role), "to", string(role)))
	})
}

// RemoveMember removes a member (admins; owners only by owners); a member
// may also leave. The last owner cannot be removed.
func (s *Service) RemoveMember(ctx context.Context, orgID, accountID int64) error {
	return s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		leaving := ActorFrom(ctx).AccountID == accountID
		need := badge.RoleAdmin
		if leaving {
			need = badge.RoleViewer
		}
		me, err := s.authorize(ctx, tx, orgID, need)
		if err != nil {
			return err
		}
		target, err := tx.FindMembership(ctx, orgID, accountID)
		if err != nil {
			return badge.NotFound("error.not_found", "No such member.")
		}
		if target.Role == badge.RoleOwner {
			if me != nil && !leaving && me.Role != badge.RoleOwner {
				return badge.Forbidden("error.forbidden", "Only an owner can remove an owner.")
			}
			if err := lastOwnerCheck(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if err := tx.DeleteMembership(ctx, orgID, accountID); err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "member.remove", "account", fmt.Sprint(accountID), "")
	})
}

func lastOwnerCheck(ctx context.Context, tx store.Tx, orgID int64) error {
	owner := badge.RoleOwner
	_, n, err := tx.FindMemberships(ctx, store.MembershipFilter{OrgID: &orgID, Role: &owner})
	if err != nil {
		return err
	}
	if n <= 1 {
		return badge.Invalid("role", "members.last_owner", "An organisation needs at least one owner: make someone else owner first.")
	}
	return nil
}

// OrganizationSettings are the fields of the settings page.
type OrganizationSettings struct {
	Name, URL, ContactEmail, DefaultLocale string
	// AwardsPrivate: new awards are private until their recipients
	// publish them.
	AwardsPrivate bool
}

// UpdateOrganization changes the settings; admins only.
func (s *Service) UpdateOrganization(ctx context.Context, orgID int64, in OrganizationSettings) (*badge.Organization, error) {
	var o *badge.Organization
	err := s.Store.ReadWrite(ctx, func(tx store.Tx) error {
		if _, err := s.authorize(ctx, tx, orgID, badge.RoleAdmin); err != nil {
			return err
		}
		var err error
		o, err = tx.UpdateOrganization(ctx, orgID, store.OrganizationUpdate{Name: &in.Name, URL: &in.URL, ContactEmail: &in.ContactEmail, DefaultLocale: &in.DefaultLocale, AwardsPrivate: &in.AwardsPrivate})
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, orgID, "org.update", "organization", fmt.Sprint(orgID), "")
	})
	return o, err
}

// AuditLog lists an organisation's audit entries, newest first, with the
// accounts they name; admins only.
func (s *Service) AuditLog(ctx context.Context, orgID int64, page store.Page) ([]*AuditRecord, int, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleAdmin); err != nil {
		return nil, 0, err
	}
	es, total, err := s.Store.FindAuditEntries(ctx, store.AuditFilter{OrgID: &orgID, Page: page})
	if err != nil {
		return nil, 0, err
	}
	recs, err := s.auditRecords(ctx, es)
	return recs, total, err
}

// Outbox lists the mail an organisation sent or queued; admins only. This
// is where mail can be read when no SMTP server is configured.
func (s *Service) Outbox(ctx context.Context, orgID int64, page store.Page) ([]*badge.OutboxMail, int, error) {
	if _, err := s.authorize(ctx, s.Store, orgID, badge.RoleAdmin); err != nil {
		return nil, 0, err
	}
	return s.Store.FindOutboxMails(ctx, store.OutboxFilter{OrgID: &orgID, Page: page})
}

// detail builds an audit entry's JSON detail from name, value pairs.
func detail(kv ...string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	b, _ := json.Marshal(m)
	return string(b)
}
