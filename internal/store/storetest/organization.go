// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var organizationTests = []test{
	{"Organization/CreateFind", testOrgCreateFind},
	{"Organization/NotFound", testOrgNotFound},
	{"Organization/DuplicateSlug", testOrgDuplicateSlug},
	{"Organization/Update", testOrgUpdate},
	{"Organization/UpdateRefused", testOrgUpdateRefused},
	{"Organization/Find", testOrgFind},
	{"Organization/Delete", testOrgDelete},
}

var pngLogo = []byte("\x89PNG\r\n\x1a\nlogo")

func testOrgCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := &badge.Organization{Slug: "tokyo-uni", Name: "東京大学 教務課", URL: "https://example.ac.jp/",
		ContactEmail: "office@example.ac.jp", DefaultLocale: badge.LocaleJA, LogoImage: pngLogo, LogoType: "image/png"}
	wantOK(t, "CreateOrganization", s.CreateOrganization(ctx, o))
	if o.ID <= 0 || o.CreatedAt.IsZero() || !o.UpdatedAt.Equal(o.CreatedAt) {
		t.Errorf("CreateOrganization set ID %d, CreatedAt %v, UpdatedAt %v", o.ID, o.CreatedAt, o.UpdatedAt)
	}
	got, err := s.FindOrganizationByID(ctx, o.ID)
	wantOK(t, "FindOrganizationByID", err)
	wantSame(t, "FindOrganizationByID", got, o)
	got, err = s.FindOrganizationBySlug(ctx, "tokyo-uni")
	wantOK(t, "FindOrganizationBySlug", err)
	wantSame(t, "FindOrganizationBySlug", got, o)
	items, _, err := s.FindOrganizations(ctx, store.OrganizationFilter{})
	wantOK(t, "FindOrganizations", err)
	listed := *o
	listed.LogoImage = nil // listings leave the image out
	if len(items) == 1 {
		wantSame(t, "FindOrganizations item", items[0], &listed)
	}
}

func testOrgNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, err := s.FindOrganizationByID(ctx, 777)
	if o != nil {
		t.Errorf("FindOrganizationByID(missing) = %+v, want nil", o)
	}
	wantErr(t, "FindOrganizationByID(missing)", err, store.ErrNotFound)
	_, err = s.FindOrganizationBySlug(ctx, "nope")
	wantErr(t, "FindOrganizationBySlug(missing)", err, store.ErrNotFound)
	_, err = s.UpdateOrganization(ctx, 777, store.OrganizationUpdate{Name: ptr("x")})
	wantErr(t, "UpdateOrganization(missing)", err, store.ErrNotFound)
	wantErr(t, "DeleteOrganization(missing)", s.DeleteOrganization(ctx, 777), store.ErrNotFound)
}

func testOrgDuplicateSlug(t *testing.T, s store.Store) {
	newOrg(t, s, "acme")
	dup := &badge.Organization{Slug: "acme", Name: "Other", DefaultLocale: badge.LocaleEN}
	wantErr(t, "CreateOrganization(taken slug)", s.CreateOrganization(t.Context(), dup), store.ErrConflict)
}

func testOrgUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	got, err := s.UpdateOrganization(ctx, o.ID, store.OrganizationUpdate{Slug: ptr("acme-2"), Name: ptr("ACME"),
		URL: ptr("http://acme.example/"), ContactEmail: ptr("hi@acme.example"), DefaultLocale: ptr(badge.LocaleEN),
		Logo: &store.Logo{Image: pngLogo, Type: "image/png"}})
	wantOK(t, "UpdateOrganization", err)
	want := *o
	want.Slug, want.Name, want.URL, want.ContactEmail, want.DefaultLocale = "acme-2", "ACME", "http://acme.example/", "hi@acme.example", "en"
	want.LogoImage, want.LogoType, want.UpdatedAt = pngLogo, "image/png", got.UpdatedAt
	wantSame(t, "UpdateOrganization", got, &want)
	found, err := s.FindOrganizationBySlug(ctx, "acme-2")
	wantOK(t, "FindOrganizationBySlug(new slug)", err)
	wantSame(t, "FindOrganizationBySlug(new slug)", found, got)
	got, err = s.UpdateOrganization(ctx, o.ID, store.OrganizationUpdate{Logo: &store.Logo{}})
	if err != nil || got.LogoImage != nil || got.LogoType != "" {
		t.Errorf("UpdateOrganization(remove logo) = %v, %v; want no logo", got, err)
	}
}

func testOrgUpdateRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	newOrg(t, s, "globex")
	_, err := s.UpdateOrganization(ctx, o.ID, store.OrganizationUpdate{Slug: ptr("globex")})
	wantErr(t, "UpdateOrganization(taken slug)", err, store.ErrConflict)
	_, err = s.UpdateOrganization(ctx, o.ID, store.OrganizationUpdate{Slug: ptr("Bad Slug")})
	wantInvalid(t, "UpdateOrganization(bad slug)", err, "slug")
	_, err = s.UpdateOrganization(ctx, o.ID, store.OrganizationUpdate{URL: ptr("javascript:alert(1)")})
	wantInvalid(t, "UpdateOrganization(javascript URL)", err, "url")
	_, err = s.UpdateOrganization(ctx, o.ID, store.OrganizationUpdate{Logo: &store.Logo{Image: pngLogo, Type: "text/html"}})
	wantInvalid(t, "UpdateOrganization(logo text/html)", err, "logo")
	found, err := s.FindOrganizationByID(ctx, o.ID)
	wantOK(t, "FindOrganizationByID", err)
	wantSame(t, "organization after refused updates", found, o)
}

func testOrgFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	var all []int64
	for _, slug := range []string{"o1", "o2", "o3", "o4"} {
		all = append(all, newOrg(t, s, slug).ID)
	}
	id := func(o *badge.Organization) int64 { return o.ID }
	items, total, err := s.FindOrganizations(ctx, store.OrganizationFilter{Page: store.Page{Offset: 2, Limit: 10}})
	wantTotal(t, "FindOrganizations{Offset 2}", items, total, err, 2, 4)
	wantSame(t, "FindOrganizations{Offset 2} ids", ids(items, id), all[2:])
	items, total, err = s.FindOrganizations(ctx, store.OrganizationFilter{Slug: ptr("o3")})
	wantTotal(t, "FindOrganizations{Slug}", items, total, err, 1, 1)
	items, total, err = s.FindOrganizations(ctx, store.OrganizationFilter{ID: &all[0], Slug: ptr("o3")})
	wantTotal(t, "FindOrganizations{ID, other Slug}", items, total, err, 0, 0)
}

func testOrgDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	wantOK(t, "DeleteOrganization", s.DeleteOrganization(ctx, o.ID))
	_, err := s.FindOrganizationBySlug(ctx, "acme")
	wantErr(t, "FindOrganizationBySlug(deleted)", err, store.ErrNotFound)
	newOrg(t, s, "acme") // the slug is free again
}
