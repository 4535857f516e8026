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
	issuing := newIssuing(t, s, o, a)
	kept := newIssuing(t, s, keep, a)

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
	issuing.wantGone(t, s)
	kept.wantKept(t, s)
}

// issuingRows is one of each issuing row of an organisation.
type issuingRows struct {
	image *badge.BadgeImage
	class *badge.BadgeClass
	award *badge.Award
	bulk  *badge.BulkAward
}

// newIssuing stores in org a badge class (in two revisions), a bulk award
// with a row, and an award from it, all made by a and claimed by a.
func newIssuing(t *testing.T, s store.Repos, org *badge.Organization, a *badge.Account) *issuingRows {
	t.Helper()
	ctx := t.Context()
	b := newBadgeClass(t, s, org.ID, "class-"+org.Slug)
	b, err := s.UpdateBadgeClass(ctx, b.ID, b)
	wantOK(t, "UpdateBadgeClass", err)
	bulk := &badge.BulkAward{OrgID: org.ID, BadgeClassID: b.ID, CreatedBy: a.ID, State: badge.BulkRunning, Total: 1}
	wantOK(t, "CreateBulkAward", s.CreateBulkAward(ctx, bulk, bulkRows(1)))
	aw := awardFor(b, newSlot(t, s, org.ID), "r0@example.com", "award-"+org.Slug)
	aw.BulkID, aw.IssuedBy, aw.ClaimedBy, aw.ClaimTokenHash = bulk.ID, a.ID, a.ID, digest("claim "+org.Slug)
	wantOK(t, "CreateAward", s.CreateAward(ctx, aw))
	wantOK(t, "UpdateBulkAwardRow", s.UpdateBulkAwardRow(ctx, bulk.ID, 2, badge.RowIssued, "", aw.ID))
	wantOK(t, "SetStatusBits", s.SetStatusBits(ctx, aw.StatusListID, []int{aw.StatusIndex}, true))
	img, err := s.FindBadgeImage(ctx, b.ImageID)
	wantOK(t, "FindBadgeImage", err)
	return &issuingRows{image: img, class: b, award: aw, bulk: bulk}
}

func (r *issuingRows) wantGone(t *testing.T, s store.Store) {
	t.Helper()
	ctx := t.Context()
	_, err := s.FindBadgeImage(ctx, r.image.ID)
	wantErr(t, "badge image of the deleted org", err, store.ErrNotFound)
	_, err = s.FindBadgeClassByID(ctx, r.class.ID)
	wantErr(t, "badge class of the deleted org", err, store.ErrNotFound)
	_, err = s.FindBadgeClassRevision(ctx, r.class.ID, 1)
	wantErr(t, "badge class revision of the deleted org", err, store.ErrNotFound)
	_, err = s.FindAwardByID(ctx, r.award.ID)
	wantErr(t, "award of the deleted org", err, store.ErrNotFound)
	_, err = s.FindAwardByClaimToken(ctx, r.award.ClaimTokenHash)
	wantErr(t, "award of the deleted org by claim token", err, store.ErrNotFound)
	_, err = s.FindStatusList(ctx, r.award.StatusListID)
	wantErr(t, "status list of the deleted org", err, store.ErrNotFound)
	_, err = s.FindBulkAward(ctx, r.bulk.ID)
	wantErr(t, "bulk award of the deleted org", err, store.ErrNotFound)
	rows, total, err := s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: r.bulk.ID})
	wantTotal(t, "bulk award rows of the deleted org", rows, total, err, 0, 0)
}

func (r *issuingRows) wantKept(t *testing.T, s store.Store) {
	t.Helper()
	ctx := t.Context()
	_, err := s.FindBadgeImage(ctx, r.image.ID)
	wantOK(t, "badge image of the other org", err)
	_, err = s.FindBadgeClassRevision(ctx, r.class.ID, 2)
	wantOK(t, "badge class revision of the other org", err)
	_, err = s.FindAwardByID(ctx, r.award.ID)
	wantOK(t, "award of the other org", err)
	_, err = s.FindStatusList(ctx, r.award.StatusListID)
	wantOK(t, "status list of the other org", err)
	rows, total, err := s.FindBulkAwardRows(ctx, store.BulkAwardRowFilter{BulkID: r.bulk.ID})
	wantTotal(t, "bulk award rows of the other org", rows, total, err, 1, 1)
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
	issuing := newIssuing(t, s, o, a)

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
	if got, err := s.FindAwardByID(ctx, issuing.award.ID); err != nil || got.IssuedBy != 0 || got.ClaimedBy != 0 {
		t.Errorf("award issued to and claimed by the deleted account = %+v, %v; want it, IssuedBy and ClaimedBy 0", got, err)
	}
	if got, err := s.FindBulkAward(ctx, issuing.bulk.ID); err != nil || got.CreatedBy != 0 {
		t.Errorf("bulk award created by the deleted account = %+v, %v; want it, CreatedBy 0", got, err)
	}
}
