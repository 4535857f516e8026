// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var membershipTests = []test{
	{"Membership/CreateFind", testMembershipCreateFind},
	{"Membership/Refused", testMembershipRefused},
	{"Membership/Find", testMembershipFind},
	{"Membership/UpdateDelete", testMembershipUpdateDelete},
}

func testMembershipCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, a := newOrg(t, s, "acme"), newAccount(t, s, "ann@example.com")
	m := newMember(t, s, o, a, badge.RoleAdmin)
	if m.CreatedAt.IsZero() {
		t.Error("CreateMembership left CreatedAt zero")
	}
	got, err := s.FindMembership(ctx, o.ID, a.ID)
	wantOK(t, "FindMembership", err)
	want := *m
	want.AccountEmail, want.AccountName, want.OrgSlug, want.OrgName = a.Email, a.Name, o.Slug, o.Name
	wantSame(t, "FindMembership", got, &want)
}

func testMembershipRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, a := newOrg(t, s, "acme"), newAccount(t, s, "ann@example.com")
	newMember(t, s, o, a, badge.RoleViewer)
	dup := &badge.Membership{OrgID: o.ID, AccountID: a.ID, Role: badge.RoleOwner}
	wantErr(t, "CreateMembership(duplicate)", s.CreateMembership(ctx, dup), store.ErrConflict)
	orphan := &badge.Membership{OrgID: o.ID + 100, AccountID: a.ID, Role: badge.RoleOwner}
	wantErr(t, "CreateMembership(missing org)", s.CreateMembership(ctx, orphan), store.ErrNotFound)
	orphan = &badge.Membership{OrgID: o.ID, AccountID: a.ID + 100, Role: badge.RoleOwner}
	wantErr(t, "CreateMembership(missing account)", s.CreateMembership(ctx, orphan), store.ErrNotFound)
	bad := &badge.Membership{OrgID: o.ID, AccountID: a.ID, Role: "root"}
	wantInvalid(t, "CreateMembership(role root)", s.CreateMembership(ctx, bad), "role")
	_, err := s.FindMembership(ctx, o.ID, a.ID+100)
	wantErr(t, "FindMembership(missing)", err, store.ErrNotFound)
}

func testMembershipFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o1, o2 := newOrg(t, s, "o1"), newOrg(t, s, "o2")
	a, b, c := newAccount(t, s, "a@example.com"), newAccount(t, s, "b@example.com"), newAccount(t, s, "c@example.com")
	newMember(t, s, o1, a, badge.RoleOwner)
	newMember(t, s, o1, b, badge.RoleIssuer)
	newMember(t, s, o1, c, badge.RoleIssuer)
	newMember(t, s, o2, a, badge.RoleViewer)
	items, total, err := s.FindMemberships(ctx, store.MembershipFilter{OrgID: &o1.ID})
	wantTotal(t, "FindMemberships{OrgID}", items, total, err, 3, 3)
	items, total, err = s.FindMemberships(ctx, store.MembershipFilter{AccountID: &a.ID})
	wantTotal(t, "FindMemberships{AccountID}", items, total, err, 2, 2)
	if len(items) == 2 && (items[0].OrgSlug != "o1" || items[1].OrgSlug != "o2" || items[1].Role != badge.RoleViewer) {
		t.Errorf("FindMemberships{AccountID} = %+v, %+v; want o1 then o2 (viewer)", items[0], items[1])
	}
	items, total, err = s.FindMemberships(ctx, store.MembershipFilter{OrgID: &o1.ID, Role: ptr(badge.RoleIssuer),
		Page: store.Page{Limit: 1}})
	wantTotal(t, "FindMemberships{OrgID, Role issuer, Limit 1}", items, total, err, 1, 2)
	if len(items) == 1 && items[0].AccountEmail != "b@example.com" {
		t.Errorf("first issuer = %s, want b@example.com", items[0].AccountEmail)
	}
}

func testMembershipUpdateDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, a := newOrg(t, s, "acme"), newAccount(t, s, "ann@example.com")
	newMember(t, s, o, a, badge.RoleViewer)
	got, err := s.UpdateMembership(ctx, o.ID, a.ID, store.MembershipUpdate{Role: ptr(badge.RoleAdmin)})
	if err != nil || got.Role != badge.RoleAdmin || got.OrgSlug != "acme" {
		t.Errorf("UpdateMembership(admin) = %+v, %v; want role admin", got, err)
	}
	_, err = s.UpdateMembership(ctx, o.ID, a.ID, store.MembershipUpdate{Role: ptr(badge.Role("god"))})
	wantInvalid(t, "UpdateMembership(role god)", err, "role")
	_, err = s.UpdateMembership(ctx, o.ID, a.ID+1, store.MembershipUpdate{Role: ptr(badge.RoleAdmin)})
	wantErr(t, "UpdateMembership(missing)", err, store.ErrNotFound)
	wantOK(t, "DeleteMembership", s.DeleteMembership(ctx, o.ID, a.ID))
	_, err = s.FindMembership(ctx, o.ID, a.ID)
	wantErr(t, "FindMembership(deleted)", err, store.ErrNotFound)
	wantErr(t, "DeleteMembership(again)", s.DeleteMembership(ctx, o.ID, a.ID), store.ErrNotFound)
}
