// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var cascadeTests = []test{
	{"Cascade/DeleteOrganization", testCascadeOrganization},
	{"Cascade/DeleteAccount", testCascadeAccount},
}

func testCascadeOrganization(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, keep := newOrg(t, s, "doomed"), newOrg(t, s, "kept")
	a := newAccount(t, s, "a@example.com")
	newMember(t, s, o, a, badge.RoleOwner)
	newMember(t, s, keep, a, badge.RoleViewer)
	inv := newInvitation(t, s, o, a, "x@example.com", time.Now().Add(hour))
	key := newKey(t, s, o.ID, badge.KeyKindEd25519)
	instanceKey := newKey(t, s, 0, badge.KeyKindEd25519)
	c := newClient(t, s, o, "cl_doomed")
	tok := newToken(t, s, c, "bearer", time.Now().Add(hour))
	newAudit(t, s, o.ID, a.ID, "org.created")
	newMail(t, s, o.ID, "x@example.com")
	sess := newSession(t, s, a, "cookie", time.Now().Add(hour))
	_, err := s.UpdateSession(ctx, sess.ID, store.SessionUpdate{OrgID: &o.ID})
	wantOK(t, "UpdateSession", err)

	wantOK(t, "DeleteOrganization", s.DeleteOrganization(ctx, o.ID))

	_, err = s.FindMembership(ctx, o.ID, a.ID)
	wantErr(t, "membership of the deleted org", err, store.ErrNotFound)
	_, err = s.FindMembership(ctx, keep.ID, a.ID)
	wantOK(t, "membership of the other org", err)
	_, err = s.FindInvitationByID(ctx, inv.ID)
	wantErr(t, "invitation of the deleted org", err, store.ErrNotFound)
	_, err = s.FindSigningKeyByID(ctx, key.ID)
	wantErr(t, "signing key of the deleted org", err, store.ErrNotFound)
	_, err = s.FindSigningKeyByID(ctx, instanceKey.ID)
	wantOK(t, "instance signing key", err)
	_, err = s.FindAPIClientByID(ctx, c.ID)
	wantErr(t, "API client of the deleted org", err, store.ErrNotFound)
	wantErr(t, "access token of the deleted org", s.DeleteAccessToken(ctx, tok.TokenHash), store.ErrNotFound)
	items, total, err := s.FindAuditEntries(ctx, store.AuditFilter{OrgID: &o.ID})
	wantTotal(t, "audit entries of the deleted org", items, total, err, 0, 0)
	mails, total, err := s.FindOutboxMails(ctx, store.OutboxFilter{OrgID: &o.ID})
	wantTotal(t, "outbox mail of the deleted org", mails, total, err, 0, 0)
	got, err := s.FindSessionByID(ctx, sess.ID)
	if err != nil || got.OrgID != 0 {
		t.Errorf("session that had the org selected = %+v, %v; want it, with no org", got, err)
	}
	_, err = s.FindAccountByID(ctx, a.ID)
	wantOK(t, "the member's account", err)
}

func testCascadeAccount(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	a, other := newAccount(t, s, "gone@example.com"), newAccount(t, s, "other@example.com")
	newMember(t, s, o, a, badge.RoleOwner)
	newMember(t, s, o, other, badge.RoleAdmin)
	sess := newSession(t, s, a, "cookie", time.Now().Add(hour))
	tok := newAccountToken(t, s, a, "verify", badge.TokenVerifyEmail, time.Now().Add(hour))
	inv := newInvitation(t, s, o, a, "x@example.com", time.Now().Add(hour))
	c := &badge.APIClient{OrgID: o.ID, ClientID: "cl", SecretHash: digest("s"), Name: "c", CreatedBy: a.ID}
	wantOK(t, "CreateAPIClient", s.CreateAPIClient(ctx, c))
	entry := newAudit(t, s, o.ID, a.ID, "member.invited")

	wantOK(t, "DeleteAccount", s.DeleteAccount(ctx, a.ID))

	_, err := s.FindMembership(ctx, o.ID, a.ID)
	wantErr(t, "membership of the deleted account", err, store.ErrNotFound)
	_, err = s.FindMembership(ctx, o.ID, other.ID)
	wantOK(t, "membership of the other account", err)
	_, err = s.FindSessionByID(ctx, sess.ID)
	wantErr(t, "session of the deleted account", err, store.ErrNotFound)
	_, err = s.FindAccountToken(ctx, tok.TokenHash, badge.TokenVerifyEmail)
	wantErr(t, "token of the deleted account", err, store.ErrNotFound)
	if got, err := s.FindInvitationByID(ctx, inv.ID); err != nil || got.InvitedBy != 0 {
		t.Errorf("invitation sent by the deleted account = %+v, %v; want it, InvitedBy 0", got, err)
	}
	if got, err := s.FindAPIClientByID(ctx, c.ID); err != nil || got.CreatedBy != 0 {
		t.Errorf("client created by the deleted account = %+v, %v; want it, CreatedBy 0", got, err)
	}
	items, _, err := s.FindAuditEntries(ctx, store.AuditFilter{OrgID: &o.ID})
	if err != nil || len(items) != 1 || items[0].ID != entry.ID || items[0].ActorID != 0 {
		t.Errorf("audit entries after deleting the actor = %+v, %v; want the entry, ActorID 0", items, err)
	}
}
