// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var badgeClassTests = []test{
	{"BadgeImage/CreateFind", testBadgeImageCreateFind},
	{"BadgeImage/Refused", testBadgeImageRefused},
	{"BadgeClass/CreateFind", testBadgeClassCreateFind},
	{"BadgeClass/Refused", testBadgeClassRefused},
	{"BadgeClass/UpdateKeepsRevisions", testBadgeClassUpdate},
	{"BadgeClass/Archive", testBadgeClassArchive},
	{"BadgeClass/Find", testBadgeClassFind},
}

func testBadgeImageCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	img := newImage(t, s, o.ID, "circle")
	if img.ID <= 0 || img.CreatedAt.IsZero() {
		t.Errorf("CreateBadgeImage set %+v", img)
	}
	got, err := s.FindBadgeImage(ctx, img.ID)
	wantOK(t, "FindBadgeImage", err)
	wantSame(t, "FindBadgeImage", got, img)
	got, err = s.FindBadgeImageBySHA256(ctx, o.ID, img.SHA256)
	wantOK(t, "FindBadgeImageBySHA256", err)
	wantSame(t, "FindBadgeImageBySHA256", got, img)

	again := &badge.BadgeImage{OrgID: o.ID, SHA256: img.SHA256, MediaType: img.MediaType, Data: img.Data}
	wantOK(t, "CreateBadgeImage(same image)", s.CreateBadgeImage(ctx, again))
	if again.ID != img.ID || !again.CreatedAt.Equal(img.CreatedAt) {
		t.Errorf("CreateBadgeImage(same image) = id %d at %v, want the stored one's, %d at %v", again.ID, again.CreatedAt, img.ID, img.CreatedAt)
	}
	theirs := newImage(t, s, other.ID, "circle")
	if theirs.ID == img.ID {
		t.Errorf("the same image in another organisation got id %d, the first's; want its own", theirs.ID)
	}
	var n int
	wantOK(t, "count images", s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM badge_images`).Scan(&n))
	if n != 2 {
		t.Errorf("images stored = %d, want 2 (one per organisation)", n)
	}

	_, err = s.FindBadgeImage(ctx, theirs.ID+1)
	wantErr(t, "FindBadgeImage(missing)", err, store.ErrNotFound)
	_, err = s.FindBadgeImageBySHA256(ctx, o.ID, digest("nothing"))
	wantErr(t, "FindBadgeImageBySHA256(unknown digest)", err, store.ErrNotFound)
	_, err = s.FindBadgeImageBySHA256(ctx, other.ID+1, img.SHA256)
	wantErr(t, "FindBadgeImageBySHA256(another organisation)", err, store.ErrNotFound)
}

func testBadgeImageRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	data := []byte("GIF89a")
	gif := &badge.BadgeImage{OrgID: o.ID, SHA256: digest(string(data)), MediaType: "image/gif", Data: data}
	wantInvalid(t, "CreateBadgeImage(GIF)", s.CreateBadgeImage(ctx, gif), "image")
	wrong := &badge.BadgeImage{OrgID: o.ID, SHA256: digest("something else"), MediaType: "image/png", Data: data}
	wantInvalid(t, "CreateBadgeImage(wrong digest)", s.CreateBadgeImage(ctx, wrong), "sha256")
	orphan := &badge.BadgeImage{OrgID: o.ID + 1, SHA256: digest(string(data)), MediaType: "image/png", Data: data}
	wantErr(t, "CreateBadgeImage(missing org)", s.CreateBadgeImage(ctx, orphan), store.ErrNotFound)
}

// fullBadgeClass returns a badge class with every field set.
func fullBadgeClass(orgID, imageID int64, publicID string) *badge.BadgeClass {
	b := badgeClassFor(orgID, imageID, publicID)
	b.CriteriaURL = "https://example.com/criteria"
	b.Alignments = []badge.Alignment{{Name: "Go", URL: "https://example.com/go", Description: "The language",
		Framework: "Skills & Co <2025>", Code: "GO-1"}}
	b.Tags = []string{"プログラミング", "Cloud"}
	b.AchievementType = "Certificate"
	b.ExpiryDate = ptr(time.Date(2040, 3, 31, 15, 0, 0, 123456789, time.FixedZone("JST", 9*3600)))
	b.Formats = []string{badge.FormatOB3DataIntegrity, badge.FormatOB3JWT, badge.FormatOB2Hosted}
	return b
}

func testBadgeClassCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	b := fullBadgeClass(o.ID, newImage(t, s, o.ID, "star").ID, "b-1")
	b.Revision = 7
	wantOK(t, "CreateBadgeClass", s.CreateBadgeClass(ctx, b))
	if b.ID <= 0 || b.Revision != 1 || b.CreatedAt.IsZero() || !b.UpdatedAt.Equal(b.CreatedAt) {
		t.Errorf("CreateBadgeClass set ID %d, Revision %d, CreatedAt %v, UpdatedAt %v; want an id, revision 1, both times now",
			b.ID, b.Revision, b.CreatedAt, b.UpdatedAt)
	}
	if want := time.Date(2040, 3, 31, 6, 0, 0, 123456000, time.UTC); !b.ExpiryDate.Equal(want) {
		t.Errorf("ExpiryDate = %v, want %v", b.ExpiryDate, want)
	}
	got, err := s.FindBadgeClassByID(ctx, b.ID)
	wantOK(t, "FindBadgeClassByID", err)
	wantSame(t, "FindBadgeClassByID", got, b)
	got, err = s.FindBadgeClassByPublicID(ctx, "b-1")
	wantOK(t, "FindBadgeClassByPublicID", err)
	wantSame(t, "FindBadgeClassByPublicID", got, b)
	got, err = s.FindBadgeClassRevision(ctx, b.ID, 1)
	wantOK(t, "FindBadgeClassRevision(1)", err)
	wantSame(t, "FindBadgeClassRevision(1)", got, b)

	// Empty lists stay empty, not null, and the other way round.
	plain := badgeClassFor(o.ID, b.ImageID, "b-2")
	plain.Tags = []string{}
	wantOK(t, "CreateBadgeClass(plain)", s.CreateBadgeClass(ctx, plain))
	got, err = s.FindBadgeClassByID(ctx, plain.ID)
	wantOK(t, "FindBadgeClassByID(plain)", err)
	wantSame(t, "FindBadgeClassByID(plain)", got, plain)

	_, err = s.FindBadgeClassByID(ctx, plain.ID+1)
	wantErr(t, "FindBadgeClassByID(missing)", err, store.ErrNotFound)
	_, err = s.FindBadgeClassByPublicID(ctx, "nope")
	wantErr(t, "FindBadgeClassByPublicID(unknown)", err, store.ErrNotFound)
	_, err = s.FindBadgeClassRevision(ctx, b.ID, 2)
	wantErr(t, "FindBadgeClassRevision(not yet made)", err, store.ErrNotFound)
}

func testBadgeClassRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	img, theirs := newImage(t, s, o.ID, "mine"), newImage(t, s, other.ID, "theirs")
	newBadgeClass(t, s, o.ID, "taken")

	b := badgeClassFor(o.ID, img.ID, "b-1")
	b.Formats = nil
	wantInvalid(t, "CreateBadgeClass(no formats)", s.CreateBadgeClass(ctx, b), "formats")
	if b.ID != 0 {
		t.Errorf("refused CreateBadgeClass set ID %d", b.ID)
	}
	b = badgeClassFor(o.ID, img.ID, "b-1")
	b.Tags = []string{"ok", ""}
	wantInvalid(t, "CreateBadgeClass(empty tag)", s.CreateBadgeClass(ctx, b), "tags")
	wantErr(t, "CreateBadgeClass(missing org)", s.CreateBadgeClass(ctx, badgeClassFor(other.ID+1, img.ID, "b-2")), store.ErrNotFound)
	wantErr(t, "CreateBadgeClass(missing image)", s.CreateBadgeClass(ctx, badgeClassFor(o.ID, 999, "b-3")), store.ErrNotFound)
	wantErr(t, "CreateBadgeClass(image of another organisation)", s.CreateBadgeClass(ctx, badgeClassFor(o.ID, theirs.ID, "b-4")), store.ErrNotFound)
	wantErr(t, "CreateBadgeClass(taken public id)", s.CreateBadgeClass(ctx, badgeClassFor(other.ID, theirs.ID, "taken")), store.ErrConflict)

	items, total, err := s.FindBadgeClasses(ctx, store.BadgeClassFilter{})
	wantTotal(t, "FindBadgeClasses after refused creates", items, total, err, 1, 1)
	var revs int
	wantOK(t, "count revisions", s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM badge_class_revisions`).Scan(&revs))
	if revs != 1 {
		t.Errorf("revisions after refused creates = %d, want 1", revs)
	}
}

func testBadgeClassUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	first := fullBadgeClass(o.ID, newImage(t, s, o.ID, "v1").ID, "b-1")
	wantOK(t, "CreateBadgeClass", s.CreateBadgeClass(ctx, first))
	v1 := *first

	edit := badgeClassFor(other.ID, newImage(t, s, o.ID, "v2").ID, "renamed") // OrgID and PublicID are not editable
	edit.NameEN, edit.Tags, edit.ExpiryDays = "Badge, second edition", []string{"Go"}, 365
	edit.Revision, edit.ArchivedAt = 9, ptr(time.Now())
	got, err := s.UpdateBadgeClass(ctx, first.ID, edit)
	wantOK(t, "UpdateBadgeClass", err)
	want := *edit
	want.ID, want.OrgID, want.PublicID, want.Revision, want.ArchivedAt = v1.ID, v1.OrgID, v1.PublicID, 2, nil
	want.CreatedAt, want.UpdatedAt = v1.CreatedAt, got.UpdatedAt
	wantSame(t, "UpdateBadgeClass", got, &want)
	if got.UpdatedAt.Before(v1.UpdatedAt) {
		t.Errorf("UpdatedAt after the update = %v, before the creation's %v", got.UpdatedAt, v1.UpdatedAt)
	}
	found, err := s.FindBadgeClassByID(ctx, first.ID)
	wantOK(t, "FindBadgeClassByID", err)
	wantSame(t, "FindBadgeClassByID after update", found, &want)
	rev, err := s.FindBadgeClassRevision(ctx, first.ID, 1)
	wantOK(t, "FindBadgeClassRevision(1)", err)
	wantSame(t, "FindBadgeClassRevision(1) after update", rev, &v1)
	rev, err = s.FindBadgeClassRevision(ctx, first.ID, 2)
	wantOK(t, "FindBadgeClassRevision(2)", err)
	wantSame(t, "FindBadgeClassRevision(2)", rev, &want)

	bad := *edit
	bad.Formats = []string{"pdf"}
	_, err = s.UpdateBadgeClass(ctx, first.ID, &bad)
	wantInvalid(t, "UpdateBadgeClass(unknown format)", err, "formats")
	bad = *edit
	bad.ImageID = newImage(t, s, other.ID, "theirs").ID
	_, err = s.UpdateBadgeClass(ctx, first.ID, &bad)
	wantErr(t, "UpdateBadgeClass(image of another organisation)", err, store.ErrNotFound)
	_, err = s.UpdateBadgeClass(ctx, first.ID+1, edit)
	wantErr(t, "UpdateBadgeClass(missing)", err, store.ErrNotFound)
	found, err = s.FindBadgeClassByID(ctx, first.ID)
	if err != nil || found.Revision != 2 || found.ImageID != edit.ImageID {
		t.Errorf("badge class after refused updates = %+v, %v; want revision 2 unchanged", found, err)
	}
	_, err = s.FindBadgeClassRevision(ctx, first.ID, 3)
	wantErr(t, "FindBadgeClassRevision(3) after refused updates", err, store.ErrNotFound)
}

func testBadgeClassArchive(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	b := newBadgeClass(t, s, o.ID, "b-1")
	at := time.Now().Add(time.Second)
	got, err := s.SetBadgeClassArchived(ctx, b.ID, &at)
	wantOK(t, "SetBadgeClassArchived(now)", err)
	if got.ArchivedAt == nil || !got.ArchivedAt.Equal(at.Truncate(time.Microsecond)) || got.Revision != 1 || got.UpdatedAt.Before(b.UpdatedAt) {
		t.Errorf("SetBadgeClassArchived = ArchivedAt %v, Revision %d, UpdatedAt %v; want %v, 1, not before %v",
			got.ArchivedAt, got.Revision, got.UpdatedAt, at, b.UpdatedAt)
	}
	found, err := s.FindBadgeClassByID(ctx, b.ID)
	wantOK(t, "FindBadgeClassByID", err)
	wantSame(t, "FindBadgeClassByID after archiving", found, got)
	rev, err := s.FindBadgeClassRevision(ctx, b.ID, 1)
	if err != nil || rev.ArchivedAt != nil {
		t.Errorf("FindBadgeClassRevision(1) after archiving = %+v, %v; want it as it was, not archived", rev, err)
	}
	_, err = s.FindBadgeClassRevision(ctx, b.ID, 2)
	wantErr(t, "FindBadgeClassRevision(2): archiving makes no revision", err, store.ErrNotFound)

	// An edit of an archived badge keeps it archived.
	upd, err := s.UpdateBadgeClass(ctx, b.ID, badgeClassFor(o.ID, b.ImageID, b.PublicID))
	if err != nil || upd.ArchivedAt == nil || upd.Revision != 2 {
		t.Errorf("UpdateBadgeClass(archived) = %+v, %v; want revision 2, still archived", upd, err)
	}
	got, err = s.SetBadgeClassArchived(ctx, b.ID, nil)
	if err != nil || got.ArchivedAt != nil || got.Revision != 2 {
		t.Errorf("SetBadgeClassArchived(nil) = %+v, %v; want it restored, revision 2", got, err)
	}
	_, err = s.SetBadgeClassArchived(ctx, b.ID+1, &at)
	wantErr(t, "SetBadgeClassArchived(missing)", err, store.ErrNotFound)
}

func testBadgeClassFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	img := newImage(t, s, o.ID, "img")
	create := func(orgID, imageID int64, publicID, nameEN, nameJA string, tags ...string) *badge.BadgeClass {
		b := badgeClassFor(orgID, imageID, publicID)
		b.NameEN, b.NameJA, b.Tags = nameEN, nameJA, tags
		wantOK(t, "CreateBadgeClass("+publicID+")", s.CreateBadgeClass(ctx, b))
		return b
	}
	py := create(o.ID, img.ID, "py", "Python Basics", "Python 入門", "programming")
	cloud := create(o.ID, img.ID, "cloud", "Cloud Practitioner", "クラウド実践", "AWS", "Cloud & Infra")
	pct := create(o.ID, img.ID, "pct", "100% Attendance", "皆勤賞")
	snake := create(o.ID, img.ID, "snake", "snake_case", "")
	theirs := create(other.ID, newImage(t, s, other.ID, "x").ID, "theirs", "Python Advanced", "")
	_, err := s.SetBadgeClassArchived(ctx, cloud.ID, ptr(time.Now()))
	wantOK(t, "SetBadgeClassArchived", err)

	byID := func(b *badge.BadgeClass) int64 { return b.ID }
	find := func(what string, f store.BadgeClassFilter, want ...*badge.BadgeClass) {
		t.Helper()
		items, total, err := s.FindBadgeClasses(ctx, f)
		if err != nil || total != len(want) {
			t.Errorf("FindBadgeClasses(%s) = total %d, %v; want %d", what, total, err, len(want))
		}
		wantSame(t, "FindBadgeClasses("+what+") ids", ids(items, byID), ids(want, byID))
	}
	find("{}", store.BadgeClassFilter{}, theirs, snake, pct, cloud, py)
	find("{org}", store.BadgeClassFilter{OrgID: &o.ID}, snake, pct, cloud, py)
	find("{org, archived}", store.BadgeClassFilter{OrgID: &o.ID, Archived: ptr(true)}, cloud)
	find("{org, active}", store.BadgeClassFilter{OrgID: &o.ID, Archived: ptr(false)}, snake, pct, py)
	find("{python}", store.BadgeClassFilter{Query: "PYTHON"}, theirs, py)
	find("{org, python}", store.BadgeClassFilter{OrgID: &o.ID, Query: "python"}, py)
	find("{japanese name}", store.BadgeClassFilter{Query: "クラウド"}, cloud)
	find("{japanese name part}", store.BadgeClassFilter{Query: "入門"}, py)
	find("{tag}", store.BadgeClassFilter{Query: "aws"}, cloud)
	find("{tag with &}", store.BadgeClassFilter{Query: "cloud & infra"}, cloud)
	find("{%}", store.BadgeClassFilter{Query: "%"}, pct)
	find("{_}", store.BadgeClassFilter{Query: "_"}, snake)
	find("{no match}", store.BadgeClassFilter{Query: "rust"})

	items, total, err := s.FindBadgeClasses(ctx, store.BadgeClassFilter{OrgID: &o.ID, Page: store.Page{Offset: 1, Limit: 2}})
	wantTotal(t, "FindBadgeClasses{org, Offset 1, Limit 2}", items, total, err, 2, 4)
	if len(items) == 2 {
		found, err := s.FindBadgeClassByID(ctx, cloud.ID)
		wantOK(t, "FindBadgeClassByID", err)
		wantSame(t, "FindBadgeClasses{org, Offset 1, Limit 2}[1]", items[1], found)
	}
}
