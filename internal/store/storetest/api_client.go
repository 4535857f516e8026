// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var apiClientTests = []test{
	{"APIClient/CreateFind", testAPIClientCreateFind},
	{"APIClient/Refused", testAPIClientRefused},
	{"APIClient/Update", testAPIClientUpdate},
	{"APIClient/Revoke", testAPIClientRevoke},
	{"APIClient/Find", testAPIClientFind},
}

func testAPIClientCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, by := newOrg(t, s, "acme"), newAccount(t, s, "admin@example.com")
	c := &badge.APIClient{OrgID: o.ID, ClientID: "cl_123", SecretHash: digest("s"), Name: "LMS",
		Scopes: []string{"https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly", "badges:write"}, CreatedBy: by.ID}
	wantOK(t, "CreateAPIClient", s.CreateAPIClient(ctx, c))
	if c.ID <= 0 || c.CreatedAt.IsZero() {
		t.Errorf("CreateAPIClient set %+v", c)
	}
	got, err := s.FindAPIClientByID(ctx, c.ID)
	wantOK(t, "FindAPIClientByID", err)
	wantSame(t, "FindAPIClientByID", got, c)
	got, err = s.FindAPIClientByClientID(ctx, "cl_123")
	wantOK(t, "FindAPIClientByClientID", err)
	wantSame(t, "FindAPIClientByClientID", got, c)
	_, err = s.FindAPIClientByClientID(ctx, "cl_nope")
	wantErr(t, "FindAPIClientByClientID(unknown)", err, store.ErrNotFound)
	_, err = s.FindAPIClientByID(ctx, c.ID+1)
	wantErr(t, "FindAPIClientByID(missing)", err, store.ErrNotFound)
}

func testAPIClientRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	newClient(t, s, o, "cl_1")
	dup := &badge.APIClient{OrgID: o.ID, ClientID: "cl_1", SecretHash: digest("x"), Name: "dup"}
	wantErr(t, "CreateAPIClient(taken client id)", s.CreateAPIClient(ctx, dup), store.ErrConflict)
	orphan := &badge.APIClient{OrgID: o.ID + 3, ClientID: "cl_2", SecretHash: digest("x"), Name: "orphan"}
	wantErr(t, "CreateAPIClient(missing org)", s.CreateAPIClient(ctx, orphan), store.ErrNotFound)
	bad := &badge.APIClient{OrgID: o.ID, ClientID: "cl_3", SecretHash: digest("x"), Name: "bad", Scopes: []string{"a b"}}
	wantInvalid(t, "CreateAPIClient(scope with a space)", s.CreateAPIClient(ctx, bad), "scopes")
}

func testAPIClientUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newClient(t, s, newOrg(t, s, "acme"), "cl_1")
	got, err := s.UpdateAPIClient(ctx, c.ID, store.APIClientUpdate{Name: ptr("Moodle"),
		Scopes: &[]string{"badges:read"}, SecretHash: ptr(digest("rotated"))})
	wantOK(t, "UpdateAPIClient", err)
	want := *c
	want.Name, want.Scopes, want.SecretHash = "Moodle", []string{"badges:read"}, digest("rotated")
	wantSame(t, "UpdateAPIClient", got, &want)
	found, err := s.FindAPIClientByID(ctx, c.ID)
	wantOK(t, "FindAPIClientByID", err)
	wantSame(t, "FindAPIClientByID after update", found, &want)
	_, err = s.UpdateAPIClient(ctx, c.ID, store.APIClientUpdate{Name: ptr("")})
	wantInvalid(t, "UpdateAPIClient(empty name)", err, "name")
	_, err = s.UpdateAPIClient(ctx, c.ID+1, store.APIClientUpdate{Name: ptr("x")})
	wantErr(t, "UpdateAPIClient(missing)", err, store.ErrNotFound)
}

func testAPIClientRevoke(t *testing.T, s store.Store) {
	ctx := t.Context()
	c := newClient(t, s, newOrg(t, s, "acme"), "cl_1")
	tok := newToken(t, s, c, "bearer", time.Now().Add(hour))
	got, err := s.RevokeAPIClient(ctx, c.ID)
	if err != nil || got.RevokedAt == nil {
		t.Fatalf("RevokeAPIClient = %+v, %v; want it revoked", got, err)
	}
	_, err = s.FindAPIClientByClientID(ctx, c.ClientID)
	wantErr(t, "FindAPIClientByClientID(revoked)", err, store.ErrNotFound)
	found, err := s.FindAPIClientByID(ctx, c.ID)
	if err != nil || found.RevokedAt == nil {
		t.Errorf("FindAPIClientByID(revoked) = %+v, %v; want it, revoked", found, err)
	}
	_, err = s.FindAccessToken(ctx, tok.TokenHash)
	wantErr(t, "FindAccessToken(of revoked client)", err, store.ErrNotFound)
	wantErr(t, "DeleteAccessToken(deleted by revocation)", s.DeleteAccessToken(ctx, tok.TokenHash), store.ErrNotFound)
	_, err = s.RevokeAPIClient(ctx, c.ID)
	wantErr(t, "RevokeAPIClient(again)", err, store.ErrNotFound)
}

func testAPIClientFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o1, o2 := newOrg(t, s, "o1"), newOrg(t, s, "o2")
	c1 := newClient(t, s, o1, "c1")
	newClient(t, s, o1, "c2")
	newClient(t, s, o2, "c3")
	_, err := s.RevokeAPIClient(ctx, c1.ID)
	wantOK(t, "RevokeAPIClient", err)
	items, total, err := s.FindAPIClients(ctx, store.APIClientFilter{OrgID: &o1.ID})
	wantTotal(t, "FindAPIClients{o1}", items, total, err, 2, 2)
	items, total, err = s.FindAPIClients(ctx, store.APIClientFilter{OrgID: &o1.ID, Revoked: ptr(false)})
	wantTotal(t, "FindAPIClients{o1, active}", items, total, err, 1, 1)
	items, total, err = s.FindAPIClients(ctx, store.APIClientFilter{Revoked: ptr(true)})
	wantTotal(t, "FindAPIClients{revoked}", items, total, err, 1, 1)
	items, total, err = s.FindAPIClients(ctx, store.APIClientFilter{Page: store.Page{Offset: 1, Limit: 1}})
	wantTotal(t, "FindAPIClients{Offset 1, Limit 1}", items, total, err, 1, 3)
}
