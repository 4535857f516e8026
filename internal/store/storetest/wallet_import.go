// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var walletImportTests = []test{
	{"WalletImport/Lifecycle", testWalletImportLifecycle},
	{"WalletImport/PerAccount", testWalletImportPerAccount},
	{"WalletImport/Filters", testWalletImportFilters},
	{"WalletImport/Replace", testWalletImportReplace},
	{"Collection/Lifecycle", testCollectionLifecycle},
	{"Collection/Items", testCollectionItems},
}

// The wallet-import tests join the wallet group here rather than in the
// list of [Run], so that this file is all a new aggregate adds.
func init() { walletTests = append(walletTests, walletImportTests...) }

func newWalletImport(accountID int64, content string) *badge.WalletImport {
	issued := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	return &badge.WalletImport{
		AccountID: accountID, Digest: digest(content), Credential: []byte(`{"name":"` + content + `"}`),
		Kind: "json", Format: "ob3-di", Name: "Badge " + content, IssuerName: "Issuer of " + content,
		IssuerID: "did:key:z6Mk" + content, Recipient: "Hanako", IssuedOn: &issued,
		Report: []byte(`{"valid":true}`), State: badge.ImportValid, CheckedAt: issued, Private: true,
	}
}

func createWalletImport(t *testing.T, s store.Repos, accountID int64, content string) *badge.WalletImport {
	t.Helper()
	w := newWalletImport(accountID, content)
	wantOK(t, "CreateWalletImport("+content+")", s.CreateWalletImport(t.Context(), w))
	return w
}

func testWalletImportLifecycle(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "importer@example.com")
	w := newWalletImport(a.ID, "one")
	w.Image, w.ImageType = []byte("\x89PNG\r\n\x1a\nimage"), "image/png"
	wantOK(t, "CreateWalletImport", s.CreateWalletImport(ctx, w))
	if w.ID == 0 || w.CreatedAt.IsZero() {
		t.Errorf("CreateWalletImport set %+v", w)
	}
	got, err := s.FindWalletImport(ctx, a.ID, w.ID)
	wantOK(t, "FindWalletImport", err)
	wantSame(t, "FindWalletImport", got, w)
	got, err = s.FindWalletImportByDigest(ctx, a.ID, digest("one"))
	wantOK(t, "FindWalletImportByDigest", err)
	wantSame(t, "FindWalletImportByDigest", got, w)

	// The same credential twice in one wallet is a conflict.
	wantErr(t, "CreateWalletImport(same digest)", s.CreateWalletImport(ctx, newWalletImport(a.ID, "one")), store.ErrConflict)
	wantErr(t, "CreateWalletImport(no account)", s.CreateWalletImport(ctx, newWalletImport(a.ID+1000, "two")), store.ErrNotFound)
	bad := newWalletImport(a.ID, "bad")
	bad.State = "lost"
	wantInvalid(t, "CreateWalletImport(bad state)", s.CreateWalletImport(ctx, bad), "state")
	bad = newWalletImport(a.ID, "bad")
	bad.Credential = nil
	wantInvalid(t, "CreateWalletImport(no credential)", s.CreateWalletImport(ctx, bad), "credential")

	// Listings leave the large columns out.
	items, total, err := s.FindWalletImports(ctx, store.WalletImportFilter{AccountID: &a.ID})
	wantTotal(t, "FindWalletImports", items, total, err, 1, 1)
	if len(items) == 1 && (items[0].Credential != nil || items[0].Image != nil || items[0].Report != nil || items[0].ImageType != "image/png") {
		t.Errorf("FindWalletImports listed %+v, want no credential, image or report but the image type", items[0])
	}

	checked := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	up, err := s.UpdateWalletImport(ctx, a.ID, w.ID, store.WalletImportUpdate{Private: ptr(false),
		State: ptr(badge.ImportRevoked), Report: []byte(`{"valid":false}`), CheckedAt: &checked})
	wantOK(t, "UpdateWalletImport", err)
	got, _ = s.FindWalletImport(ctx, a.ID, w.ID)
	wantSame(t, "UpdateWalletImport then FindWalletImport", got, up)
	if got.Private || got.State != badge.ImportRevoked || string(got.Report) != `{"valid":false}` || !got.CheckedAt.Equal(checked) {
		t.Errorf("after UpdateWalletImport: %+v", got)
	}
	_, err = s.UpdateWalletImport(ctx, a.ID, w.ID, store.WalletImportUpdate{State: ptr("lost")})
	wantInvalid(t, "UpdateWalletImport(bad state)", err, "state")

	wantOK(t, "DeleteWalletImport", s.DeleteWalletImport(ctx, a.ID, w.ID))
	_, err = s.FindWalletImport(ctx, a.ID, w.ID)
	wantErr(t, "FindWalletImport(deleted)", err, store.ErrNotFound)
	wantErr(t, "DeleteWalletImport(again)", s.DeleteWalletImport(ctx, a.ID, w.ID), store.ErrNotFound)

	// Deleting the account deletes its imports.
	w2 := createWalletImport(t, s, a.ID, "two")
	wantOK(t, "DeleteAccount", s.DeleteAccount(ctx, a.ID))
	_, err = s.FindWalletImport(ctx, a.ID, w2.ID)
	wantErr(t, "FindWalletImport(account deleted)", err, store.ErrNotFound)
}

// One account's import is out of another's reach, and both may hold the
// same credential.
func testWalletImportPerAccount(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "a@example.com")
	b := newAccount(t, s, "b@example.com")
	w := createWalletImport(t, s, a.ID, "shared")
	_, err := s.FindWalletImport(ctx, b.ID, w.ID)
	wantErr(t, "FindWalletImport(another's)", err, store.ErrNotFound)
	_, err = s.FindWalletImportByDigest(ctx, b.ID, w.Digest)
	wantErr(t, "FindWalletImportByDigest(another's)", err, store.ErrNotFound)
	_, err = s.UpdateWalletImport(ctx, b.ID, w.ID, store.WalletImportUpdate{Private: ptr(false)})
	wantErr(t, "UpdateWalletImport(another's)", err, store.ErrNotFound)
	wantErr(t, "DeleteWalletImport(another's)", s.DeleteWalletImport(ctx, b.ID, w.ID), store.ErrNotFound)
	createWalletImport(t, s, b.ID, "shared")
	got, _ := s.FindWalletImport(ctx, a.ID, w.ID)
	if got == nil || !got.Private {
		t.Errorf("another account's calls changed the import: %+v", got)
	}
}

func testWalletImportFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "filters@example.com")
	b := newAccount(t, s, "other@example.com")
	w1 := createWalletImport(t, s, a.ID, "Robotics")
	w2 := createWalletImport(t, s, a.ID, "Cooking")
	w3 := createWalletImport(t, s, b.ID, "Robotics")
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := s.UpdateWalletImport(ctx, a.ID, w2.ID, store.WalletImportUpdate{CheckedAt: &old, State: ptr(badge.ImportExpired), Private: ptr(false)})
	wantOK(t, "UpdateWalletImport", err)
	find := func(what string, f store.WalletImportFilter, want ...int64) {
		t.Helper()
		items, total, err := s.FindWalletImports(ctx, f)
		wantOK(t, what, err)
		got := ids(items, func(w *badge.WalletImport) int64 { return w.ID })
		if total != len(want) || len(got) != len(want) {
			t.Errorf("%s = %v (total %d), want %v", what, got, total, want)
			return
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s = %v, want %v in that order", what, got, want)
				return
			}
		}
	}
	find("account", store.WalletImportFilter{AccountID: &a.ID}, w2.ID, w1.ID)
	find("query", store.WalletImportFilter{AccountID: &a.ID, Query: "robot"}, w1.ID)
	find("query on issuer", store.WalletImportFilter{Query: "ISSUER OF ROBOT"}, w3.ID, w1.ID)
	find("state", store.WalletImportFilter{AccountID: &a.ID, State: ptr(badge.ImportExpired)}, w2.ID)
	find("issuer", store.WalletImportFilter{AccountID: &a.ID, IssuerID: ptr("did:key:z6MkRobotics")}, w1.ID)
	find("issuer, any account", store.WalletImportFilter{IssuerID: ptr("did:key:z6MkRobotics")}, w3.ID, w1.ID)
	find("no such issuer", store.WalletImportFilter{IssuerID: ptr("did:key:z6Mk")})
	find("private", store.WalletImportFilter{AccountID: &a.ID, Private: ptr(true)}, w1.ID)
	find("ids", store.WalletImportFilter{IDs: []int64{w1.ID, w3.ID}}, w3.ID, w1.ID)
	find("no ids", store.WalletImportFilter{IDs: []int64{}})
	cut := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	find("checked before", store.WalletImportFilter{CheckedBefore: &cut}, w2.ID)
	items, total, err := s.FindWalletImports(ctx, store.WalletImportFilter{AccountID: &a.ID, Page: store.Page{Offset: 1, Limit: 1}})
	wantTotal(t, "FindWalletImports(page 2)", items, total, err, 1, 2)
	if len(items) == 1 && items[0].ID != w1.ID {
		t.Errorf("FindWalletImports(page 2) = %d, want %d", items[0].ID, w1.ID)
	}
}

// Replacing an import's credential keeps the import: its id, its place
// in collections, its privacy and when it was first imported.
func testWalletImportReplace(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "replacer@example.com")
	b := newAccount(t, s, "other@example.com")
	w := createWalletImport(t, s, a.ID, "v1")
	other := createWalletImport(t, s, a.ID, "another")
	_, err := s.UpdateWalletImport(ctx, a.ID, w.ID, store.WalletImportUpdate{Private: ptr(false)})
	wantOK(t, "UpdateWalletImport", err)
	c := &badge.Collection{AccountID: a.ID, Slug: "kept", Name: "Kept"}
	wantOK(t, "CreateCollection", s.CreateCollection(ctx, c))
	wantOK(t, "AddCollectionItem", s.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: c.ID, ImportID: w.ID}))

	r := newWalletImport(a.ID, "v2")
	r.ID, r.Kind, r.Name, r.State = w.ID, "jwt", "Badge, second version", badge.ImportRevoked
	r.Image, r.ImageType = []byte("\x89PNG\r\n\x1a\nimage"), "image/png"
	wantOK(t, "ReplaceWalletImport", s.ReplaceWalletImport(ctx, r))
	if r.ID != w.ID || r.Private || !r.CreatedAt.Equal(w.CreatedAt) {
		t.Errorf("ReplaceWalletImport left id %d, private %v, created %v; want %d, false, %v", r.ID, r.Private, r.CreatedAt, w.ID, w.CreatedAt)
	}
	got, err := s.FindWalletImport(ctx, a.ID, w.ID)
	wantOK(t, "FindWalletImport(replaced)", err)
	wantSame(t, "FindWalletImport(replaced)", got, r)
	_, err = s.FindWalletImportByDigest(ctx, a.ID, digest("v1"))
	wantErr(t, "FindWalletImportByDigest(replaced credential)", err, store.ErrNotFound)
	_, err = s.FindWalletImportByDigest(ctx, a.ID, digest("v2"))
	wantOK(t, "FindWalletImportByDigest(new credential)", err)
	items, err := s.FindCollectionItems(ctx, c.ID)
	if err != nil || len(items) != 1 || items[0].ImportID != w.ID {
		t.Errorf("collection after the replacement = %+v, %v; want the import still in it", items, err)
	}

	dup := newWalletImport(a.ID, "another")
	dup.ID = w.ID
	wantErr(t, "ReplaceWalletImport(another import's digest)", s.ReplaceWalletImport(ctx, dup), store.ErrConflict)
	theirs := newWalletImport(b.ID, "v3")
	theirs.ID = w.ID
	wantErr(t, "ReplaceWalletImport(another account's)", s.ReplaceWalletImport(ctx, theirs), store.ErrNotFound)
	lost := newWalletImport(a.ID, "v3")
	lost.ID = other.ID + 1000
	wantErr(t, "ReplaceWalletImport(unknown)", s.ReplaceWalletImport(ctx, lost), store.ErrNotFound)
	bad := newWalletImport(a.ID, "v3")
	bad.ID, bad.State = w.ID, "lost"
	wantInvalid(t, "ReplaceWalletImport(bad state)", s.ReplaceWalletImport(ctx, bad), "state")
	if got, _ := s.FindWalletImport(ctx, a.ID, w.ID); got == nil || got.Name != "Badge, second version" {
		t.Errorf("refused replacements changed the import: %+v", got)
	}
}

func testCollectionLifecycle(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newAccount(t, s, "collector@example.com")
	b := newAccount(t, s, "other@example.com")
	c := &badge.Collection{AccountID: a.ID, Slug: "my-skills", Name: "就職活動用", Description: "Skills for job hunting"}
	wantOK(t, "CreateCollection", s.CreateCollection(ctx, c))
	if c.ID == 0 || c.CreatedAt.IsZero() || !c.UpdatedAt.Equal(c.CreatedAt) {
		t.Errorf("CreateCollection set %+v", c)
	}
	got, err := s.FindCollection(ctx, a.ID, c.ID)
	wantOK(t, "FindCollection", err)
	wantSame(t, "FindCollection", got, c)
	got, err = s.FindCollectionBySlug(ctx, "my-skills")
	wantOK(t, "FindCollectionBySlug", err)
	wantSame(t, "FindCollectionBySlug", got, c)
	_, err = s.FindCollection(ctx, b.ID, c.ID)
	wantErr(t, "FindCollection(another's)", err, store.ErrNotFound)

	wantErr(t, "CreateCollection(taken slug)", s.CreateCollection(ctx, &badge.Collection{AccountID: b.ID, Slug: "my-skills", Name: "x"}), store.ErrConflict)
	wantInvalid(t, "CreateCollection(bad slug)", s.CreateCollection(ctx, &badge.Collection{AccountID: a.ID, Slug: "Bad Slug", Name: "x"}), "slug")
	wantInvalid(t, "CreateCollection(no name)", s.CreateCollection(ctx, &badge.Collection{AccountID: a.ID, Slug: "noname"}), "name")
	second := &badge.Collection{AccountID: a.ID, Slug: "abc", Name: "A first by name"}
	wantOK(t, "CreateCollection(second)", s.CreateCollection(ctx, second))
	cs, err := s.FindCollections(ctx, a.ID)
	wantOK(t, "FindCollections", err)
	if len(cs) != 2 || cs[0].ID != second.ID {
		t.Errorf("FindCollections = %+v, want both, by name", cs)
	}

	up, err := s.UpdateCollection(ctx, a.ID, c.ID, store.CollectionUpdate{Name: ptr("Renamed"), Slug: ptr("renamed")})
	wantOK(t, "UpdateCollection", err)
	if up.Name != "Renamed" || up.Slug != "renamed" || up.Description != c.Description {
		t.Errorf("UpdateCollection = %+v", up)
	}
	_, err = s.UpdateCollection(ctx, a.ID, c.ID, store.CollectionUpdate{Slug: ptr("abc")})
	wantErr(t, "UpdateCollection(taken slug)", err, store.ErrConflict)
	_, err = s.UpdateCollection(ctx, b.ID, c.ID, store.CollectionUpdate{Name: ptr("Stolen")})
	wantErr(t, "UpdateCollection(another's)", err, store.ErrNotFound)
	wantErr(t, "DeleteCollection(another's)", s.DeleteCollection(ctx, b.ID, c.ID), store.ErrNotFound)
	wantOK(t, "DeleteCollection", s.DeleteCollection(ctx, a.ID, c.ID))
	_, err = s.FindCollectionBySlug(ctx, "renamed")
	wantErr(t, "FindCollectionBySlug(deleted)", err, store.ErrNotFound)
	wantOK(t, "DeleteAccount", s.DeleteAccount(ctx, a.ID))
	_, err = s.FindCollectionBySlug(ctx, "abc")
	wantErr(t, "FindCollectionBySlug(account deleted)", err, store.ErrNotFound)
}

func testCollectionItems(t *testing.T, s store.Store) {
	ctx := t.Context()
	org := newOrg(t, s, "collect")
	bc := newBadgeClass(t, s, org.ID, "collect-badge")
	a := newAccount(t, s, "collector@example.com")
	award := newAward(t, s, bc, "collector@example.com", "c-1")
	imp := createWalletImport(t, s, a.ID, "imported")
	c := &badge.Collection{AccountID: a.ID, Slug: "all-of-them", Name: "All"}
	wantOK(t, "CreateCollection", s.CreateCollection(ctx, c))

	wantOK(t, "AddCollectionItem(award)", s.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: c.ID, AwardID: award.ID}))
	it := &badge.CollectionItem{CollectionID: c.ID, ImportID: imp.ID}
	wantOK(t, "AddCollectionItem(import)", s.AddCollectionItem(ctx, it))
	if it.AddedAt.IsZero() {
		t.Error("AddCollectionItem left AddedAt zero")
	}
	wantErr(t, "AddCollectionItem(twice)", s.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: c.ID, AwardID: award.ID}), store.ErrConflict)
	wantErr(t, "AddCollectionItem(no award)", s.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: c.ID, AwardID: award.ID + 1000}), store.ErrNotFound)
	wantErr(t, "AddCollectionItem(no collection)", s.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: c.ID + 1000, AwardID: award.ID}), store.ErrNotFound)
	wantInvalid(t, "AddCollectionItem(both)", s.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: c.ID, AwardID: award.ID, ImportID: imp.ID}), "badge")
	wantInvalid(t, "AddCollectionItem(neither)", s.AddCollectionItem(ctx, &badge.CollectionItem{CollectionID: c.ID}), "badge")

	items, err := s.FindCollectionItems(ctx, c.ID)
	wantOK(t, "FindCollectionItems", err)
	if len(items) != 2 {
		t.Fatalf("FindCollectionItems = %+v, want 2 items", items)
	}
	var sawAward, sawImport bool
	for _, x := range items {
		sawAward = sawAward || x.AwardID == award.ID && x.ImportID == 0
		sawImport = sawImport || x.ImportID == imp.ID && x.AwardID == 0
	}
	if !sawAward || !sawImport {
		t.Errorf("FindCollectionItems = %+v, want the award and the import", items)
	}

	wantOK(t, "RemoveCollectionItem(award)", s.RemoveCollectionItem(ctx, badge.CollectionItem{CollectionID: c.ID, AwardID: award.ID}))
	wantErr(t, "RemoveCollectionItem(again)", s.RemoveCollectionItem(ctx, badge.CollectionItem{CollectionID: c.ID, AwardID: award.ID}), store.ErrNotFound)
	// Deleting an import takes it out of its collections.
	wantOK(t, "DeleteWalletImport", s.DeleteWalletImport(ctx, a.ID, imp.ID))
	items, err = s.FindCollectionItems(ctx, c.ID)
	wantOK(t, "FindCollectionItems", err)
	if len(items) != 0 {
		t.Errorf("FindCollectionItems after removing both = %+v", items)
	}
}
