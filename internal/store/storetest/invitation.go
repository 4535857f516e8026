// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var invitationTests = []test{
	{"Invitation/CreateFind", testInvitationCreateFind},
	{"Invitation/Expired", testInvitationExpired},
	{"Invitation/AcceptOnce", testInvitationAcceptOnce},
	{"Invitation/Find", testInvitationFind},
	{"Invitation/Refused", testInvitationRefused},
	{"Invitation/Delete", testInvitationDelete},
}

func testInvitationCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, by := newOrg(t, s, "acme"), newAccount(t, s, "boss@example.com")
	i := newInvitation(t, s, o, by, "New.Hire@Example.com", time.Now().Add(48*hour))
	if i.ID <= 0 || i.Email != "new.hire@example.com" || i.CreatedAt.IsZero() || i.AcceptedAt != nil {
		t.Errorf("CreateInvitation set %+v", i)
	}
	got, err := s.FindInvitationByID(ctx, i.ID)
	wantOK(t, "FindInvitationByID", err)
	wantSame(t, "FindInvitationByID", got, i)
	got, err = s.FindInvitationByToken(ctx, i.TokenHash)
	wantOK(t, "FindInvitationByToken", err)
	wantSame(t, "FindInvitationByToken", got, i)
	_, err = s.FindInvitationByToken(ctx, digest("other"))
	wantErr(t, "FindInvitationByToken(unknown)", err, store.ErrNotFound)
	_, err = s.FindInvitationByID(ctx, i.ID+1)
	wantErr(t, "FindInvitationByID(missing)", err, store.ErrNotFound)
}

func testInvitationExpired(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, by := newOrg(t, s, "acme"), newAccount(t, s, "boss@example.com")
	i := newInvitation(t, s, o, by, "late@example.com", time.Now().Add(-hour))
	_, err := s.FindInvitationByToken(ctx, i.TokenHash)
	wantErr(t, "FindInvitationByToken(expired)", err, store.ErrNotFound)
	_, err = s.AcceptInvitation(ctx, i.ID)
	wantErr(t, "AcceptInvitation(expired)", err, store.ErrNotFound)
	got, err := s.FindInvitationByID(ctx, i.ID)
	if err != nil || got.AcceptedAt != nil {
		t.Errorf("FindInvitationByID(expired) = %+v, %v; want it, unaccepted", got, err)
	}
}

func testInvitationAcceptOnce(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, by := newOrg(t, s, "acme"), newAccount(t, s, "boss@example.com")
	i := newInvitation(t, s, o, by, "hire@example.com", time.Now().Add(hour))
	got, err := s.AcceptInvitation(ctx, i.ID)
	if err != nil || got.AcceptedAt == nil || got.ID != i.ID {
		t.Fatalf("AcceptInvitation = %+v, %v; want it accepted", got, err)
	}
	_, err = s.AcceptInvitation(ctx, i.ID)
	wantErr(t, "AcceptInvitation(again)", err, store.ErrNotFound)
	_, err = s.FindInvitationByToken(ctx, i.TokenHash)
	wantErr(t, "FindInvitationByToken(accepted)", err, store.ErrNotFound)
	_, err = s.AcceptInvitation(ctx, i.ID+1)
	wantErr(t, "AcceptInvitation(missing)", err, store.ErrNotFound)
}

func testInvitationFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o1, o2, by := newOrg(t, s, "o1"), newOrg(t, s, "o2"), newAccount(t, s, "boss@example.com")
	newInvitation(t, s, o1, by, "p1@example.com", time.Now().Add(hour))
	newInvitation(t, s, o1, by, "p2@example.com", time.Now().Add(-hour))
	accepted := newInvitation(t, s, o1, by, "p3@example.com", time.Now().Add(hour))
	_, err := s.AcceptInvitation(ctx, accepted.ID)
	wantOK(t, "AcceptInvitation", err)
	last := newInvitation(t, s, o2, by, "p4@example.com", time.Now().Add(hour))
	items, total, err := s.FindInvitations(ctx, store.InvitationFilter{})
	wantTotal(t, "FindInvitations{}", items, total, err, 4, 4)
	if len(items) == 4 && items[0].ID != last.ID {
		t.Errorf("FindInvitations{}[0] = %d, want the newest, %d", items[0].ID, last.ID)
	}
	items, total, err = s.FindInvitations(ctx, store.InvitationFilter{OrgID: &o1.ID, Pending: ptr(true)})
	wantTotal(t, "FindInvitations{o1, pending}", items, total, err, 1, 1)
	items, total, err = s.FindInvitations(ctx, store.InvitationFilter{OrgID: &o1.ID, Pending: ptr(false)})
	wantTotal(t, "FindInvitations{o1, not pending}", items, total, err, 2, 2)
	items, total, err = s.FindInvitations(ctx, store.InvitationFilter{Email: ptr("P4@example.com")})
	wantTotal(t, "FindInvitations{Email}", items, total, err, 1, 1)
	// By token, whatever the state: FindInvitationByToken sees pending ones only.
	items, total, err = s.FindInvitations(ctx, store.InvitationFilter{TokenHash: accepted.TokenHash})
	wantTotal(t, "FindInvitations{TokenHash of an accepted one}", items, total, err, 1, 1)
	if len(items) == 1 && (items[0].ID != accepted.ID || items[0].AcceptedAt == nil) {
		t.Errorf("FindInvitations{TokenHash} = %+v, want invitation %d, accepted", items[0], accepted.ID)
	}
	items, total, err = s.FindInvitations(ctx, store.InvitationFilter{TokenHash: digest("unknown")})
	wantTotal(t, "FindInvitations{unknown TokenHash}", items, total, err, 0, 0)
}

func testInvitationRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, by := newOrg(t, s, "acme"), newAccount(t, s, "boss@example.com")
	i := newInvitation(t, s, o, by, "x@example.com", time.Now().Add(hour))
	dup := *i
	dup.ID = 0
	wantErr(t, "CreateInvitation(same token)", s.CreateInvitation(ctx, &dup), store.ErrConflict)
	orphan := &badge.Invitation{OrgID: o.ID + 50, Email: "y@example.com", Role: badge.RoleViewer,
		TokenHash: digest("y"), ExpiresAt: time.Now().Add(hour)}
	wantErr(t, "CreateInvitation(missing org)", s.CreateInvitation(ctx, orphan), store.ErrNotFound)
	bad := &badge.Invitation{OrgID: o.ID, Email: "not an address", Role: badge.RoleViewer,
		TokenHash: digest("z"), ExpiresAt: time.Now().Add(hour)}
	wantInvalid(t, "CreateInvitation(bad e-mail)", s.CreateInvitation(ctx, bad), "email")
}

func testInvitationDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, by := newOrg(t, s, "acme"), newAccount(t, s, "boss@example.com")
	i := newInvitation(t, s, o, by, "x@example.com", time.Now().Add(hour))
	wantOK(t, "DeleteInvitation", s.DeleteInvitation(ctx, i.ID))
	_, err := s.FindInvitationByID(ctx, i.ID)
	wantErr(t, "FindInvitationByID(deleted)", err, store.ErrNotFound)
	wantErr(t, "DeleteInvitation(again)", s.DeleteInvitation(ctx, i.ID), store.ErrNotFound)
}
