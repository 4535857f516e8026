// SPDX-License-Identifier: Apache-2.0

package service

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
)

// A collection's public page lists only its public badges: a private
// award or import in it is never listed, nor one that left the wallet.
// Only the owner changes a collection, and only with their own badges.
func TestCollections(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newWalletFixture(t, s)
		me, other := as(f.me.ID), as(f.other.ID)
		png, err := bake.Bake(testPNG(t), bake.Payload{Version: bake.OB3, Data: f.kept.CredentialDI}, nil)
		if err != nil {
			t.Fatal(err)
		}
		imp, err := s.ImportBadge(me, ImportInput{Data: png, Filename: "badge.png"})
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.CreateCollection(me, CollectionInput{Name: " 就職活動用 ", Description: "応募書類に添えるバッジ"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "就職活動用" || len(c.Slug) != 12 || strings.Trim(c.Slug, "abcdefghijkmnpqrstuvwxyz23456789") != "" {
			t.Errorf("CreateCollection = %+v", c)
		}
		named, err := s.CreateCollection(me, CollectionInput{Name: "Robotics", Slug: "Hanako-Robotics"})
		if err != nil || named.Slug != "hanako-robotics" {
			t.Errorf("CreateCollection(with a slug) = %+v, %v", named, err)
		}
		if _, err := s.CreateCollection(other, CollectionInput{Name: "x", Slug: "hanako-robotics"}); badge.ErrorKey(err) != "collection.slug_taken" {
			t.Errorf("CreateCollection(taken slug) = %v", err)
		}
		if _, err := s.CreateCollection(me, CollectionInput{Name: "x", Slug: "no spaces"}); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("CreateCollection(bad slug) = %v", err)
		}
		if _, err := s.CreateCollection(me, CollectionInput{Name: " "}); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("CreateCollection(no name) = %v", err)
		}

		award, ref := BadgeRef{AwardID: f.kept.ID}, BadgeRef{ImportID: imp.ID}
		for _, r := range []BadgeRef{award, ref, award} { // twice: no change
			if err := s.AddToCollection(me, c.ID, r); err != nil {
				t.Fatalf("AddToCollection(%+v) = %v", r, err)
			}
		}
		// Another account: neither my collection nor my badges.
		theirs, _ := s.CreateCollection(other, CollectionInput{Name: "Theirs"})
		for name, err := range map[string]error{
			"add to another's collection":   s.AddToCollection(other, c.ID, award),
			"add another's award":           s.AddToCollection(other, theirs.ID, award),
			"add another's import":          s.AddToCollection(other, theirs.ID, ref),
			"remove from another's":         s.RemoveFromCollection(other, c.ID, award),
			"delete another's":              s.DeleteCollection(other, c.ID),
			"add an award not in my wallet": s.AddToCollection(me, c.ID, BadgeRef{AwardID: f.kept.ID + 1000}),
		} {
			if badge.ErrorCode(err) != badge.CodeNotFound {
				t.Errorf("%s = %v, want not found", name, err)
			}
		}
		if _, err := s.Collection(other, c.ID); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("Collection(another's) = %v", err)
		}
		if _, err := s.UpdateCollection(other, c.ID, CollectionInput{Name: "Stolen"}); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("UpdateCollection(another's) = %v", err)
		}
		if err := s.AddToCollection(me, c.ID, BadgeRef{AwardID: f.kept.ID, ImportID: imp.ID}); badge.ErrorCode(err) != badge.CodeInvalid {
			t.Errorf("AddToCollection(both) = %v", err)
		}

		own, err := s.Collection(me, c.ID)
		if err != nil || len(own.Badges) != 1 || len(own.Imports) != 1 || len(own.Available) != 0 || len(own.AvailableImports) != 0 {
			t.Fatalf("Collection = %+v, %v; want both badges, none left to add", own, err)
		}
		if n, _ := s.Collection(me, named.ID); len(n.Available) != 1 || len(n.AvailableImports) != 1 {
			t.Errorf("Collection(empty) offers %d and %d badges, want 1 and 1", len(n.Available), len(n.AvailableImports))
		}

		public := func(what string, wantAward, wantImport bool) {
			t.Helper()
			v, err := s.PublicCollection(context.Background(), strings.ToUpper(c.Slug))
			if err != nil {
				t.Fatalf("%s: PublicCollection = %v", what, err)
			}
			if (len(v.Badges) == 1) != wantAward || (len(v.Imports) == 1) != wantImport {
				t.Errorf("%s: public page lists %d awards, %d imports; want award %v, import %v", what, len(v.Badges), len(v.Imports), wantAward, wantImport)
			}
			_, _, err = s.PublicCollectionImage(context.Background(), c.Slug, imp.ID)
			if (err == nil) != wantImport || err != nil && badge.ErrorCode(err) != badge.CodeNotFound {
				t.Errorf("%s: PublicCollectionImage = %v", what, err)
			}
		}
		// Awards are public unless made private; imports private until made public.
		public("as added", true, false)
		if _, err := s.SetImportPrivate(me, imp.ID, false); err != nil {
			t.Fatal(err)
		}
		public("import made public", true, true)
		if _, err := s.SetBadgePrivate(me, f.kept.ID, true); err != nil {
			t.Fatal(err)
		}
		public("award made private", false, true)
		if _, err := s.SetImportPrivate(me, imp.ID, true); err != nil {
			t.Fatal(err)
		}
		public("both private", false, false)
		if _, err := s.SetBadgePrivate(me, f.kept.ID, false); err != nil {
			t.Fatal(err)
		}
		public("award public again", true, false)
		if err := s.RemoveFromWallet(me, f.kept.ID); err != nil {
			t.Fatal(err)
		}
		public("award left the wallet", false, false)

		up, err := s.UpdateCollection(me, c.ID, CollectionInput{Name: "Renamed", Slug: "renamed"})
		if err != nil || up.Name != "Renamed" || up.Slug != "renamed" {
			t.Errorf("UpdateCollection = %+v, %v", up, err)
		}
		if _, err := s.UpdateCollection(me, c.ID, CollectionInput{Name: "x", Slug: "hanako-robotics"}); badge.ErrorKey(err) != "collection.slug_taken" {
			t.Errorf("UpdateCollection(taken slug) = %v", err)
		}
		if err := s.RemoveFromCollection(me, c.ID, ref); err != nil {
			t.Errorf("RemoveFromCollection = %v", err)
		}
		if err := s.RemoveFromCollection(me, c.ID, ref); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("RemoveFromCollection(again) = %v", err)
		}
		cs, err := s.Collections(me)
		if err != nil || len(cs) != 2 {
			t.Errorf("Collections = %d, %v", len(cs), err)
		}
		if err := s.DeleteCollection(me, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublicCollection(context.Background(), "renamed"); badge.ErrorCode(err) != badge.CodeNotFound {
			t.Errorf("PublicCollection(deleted) = %v", err)
		}
		if _, err := s.ImportedBadge(me, imp.ID); err != nil {
			t.Errorf("the import went with its collection: %v", err)
		}
	})
}

// The wallet lists its own and imported badges, filtered by state and
// source.
func TestWalletList(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newWalletFixture(t, s)
		me := as(f.me.ID)
		f.award(t, "me@student.example.ac.jp", "山田 花子", "") // pending
		if _, err := s.ImportBadge(me, ImportInput{Data: f.kept.CredentialDI}); err != nil {
			t.Fatal(err)
		}
		bad := bytes.Replace(f.kept.CredentialDI, []byte("山田 花子"), []byte("山田 太郎"), 1)
		if _, err := s.ImportBadge(me, ImportInput{Data: bad}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			f                         WalletFilter
			pending, badges, imported int
		}{
			{WalletFilter{}, 1, 1, 2},
			{WalletFilter{State: "valid"}, 0, 1, 1},
			{WalletFilter{State: "invalid"}, 0, 0, 1},
			{WalletFilter{State: "revoked"}, 0, 0, 0},
			{WalletFilter{State: "pending"}, 1, 0, 0},
			{WalletFilter{State: "nonsense"}, 1, 1, 2},
			{WalletFilter{Source: SourceAwarded}, 1, 1, 0},
			{WalletFilter{Source: SourceImported}, 0, 0, 2},
			{WalletFilter{Source: SourceImported, State: "valid"}, 0, 0, 1},
			{WalletFilter{Query: "データサイエンス"}, 1, 1, 2},
			{WalletFilter{Query: "chiba"}, 1, 1, 2},
			{WalletFilter{Query: "nothing like it"}, 0, 0, 0},
		} {
			v, err := s.WalletList(me, tc.f)
			if err != nil || len(v.Pending) != tc.pending || len(v.Badges) != tc.badges || len(v.Imports) != tc.imported {
				t.Errorf("WalletList(%+v) = %d pending, %d badges, %d imported, %v; want %d, %d, %d", tc.f,
					lenOr(v, 0), lenOr(v, 1), lenOr(v, 2), err, tc.pending, tc.badges, tc.imported)
			}
		}
		if _, err := s.WalletList(context.Background(), WalletFilter{}); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("WalletList(anonymous) = %v", err)
		}
	})
}

func lenOr(v *WalletView, which int) int {
	if v == nil {
		return -1
	}
	return [3]int{len(v.Pending), len(v.Badges), len(v.Imports)}[which]
}

// The export holds every badge's files and an index of them.
func TestWalletExport(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newWalletFixture(t, s)
		me := as(f.me.ID)
		imp, err := s.ImportBadge(me, ImportInput{Data: f.kept.CredentialDI, Filename: "credential.json"})
		if err != nil {
			t.Fatal(err)
		}
		// The log's sequencer integrates the award's credentials: their
		// receipts go into the export too.
		if _, err := s.IntegrateLog(context.Background()); err != nil {
			t.Fatal(err)
		}
		exp, err := s.ExportWallet(me)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(exp.Filename(), "akashi-wallet-") || !strings.HasSuffix(exp.Filename(), ".zip") {
			t.Errorf("Filename = %q", exp.Filename())
		}
		var buf bytes.Buffer
		if err := exp.Write(me, &buf); err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, zf := range z.File {
			r, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			files[zf.Name], _ = io.ReadAll(r)
			r.Close()
		}
		var index ExportIndex
		if err := json.Unmarshal(files["index.json"], &index); err != nil {
			t.Fatalf("index.json: %v\n%s", err, files["index.json"])
		}
		if len(index.Badges) != 2 {
			t.Fatalf("index lists %d badges, want 2: %+v", len(index.Badges), index)
		}
		aw, im := index.Badges[0], index.Badges[1]
		dir := "awarded/" + f.kept.PublicID + "/"
		if aw.Source != SourceAwarded || aw.Name != "データサイエンス基礎" || aw.Issuer != f.org.Name || aw.State != "valid" || aw.Private || aw.PublicURL == "" {
			t.Errorf("awarded entry = %+v", aw)
		}
		for _, name := range []string{"credential.json", "credential.jwt", "assertion.json", "badge.png", "receipt-ob3-di.txt"} {
			if !slices.Contains(aw.Files, dir+name) || len(files[dir+name]) == 0 {
				t.Errorf("export lacks %s (index lists %v)", dir+name, aw.Files)
			}
		}
		if !bytes.Equal(files[dir+"credential.json"], f.kept.CredentialDI) {
			t.Error("the exported credential differs from the one issued")
		}
		if baked := files[dir+"badge.png"]; !bytes.Contains(baked, []byte("openbadgecredential")) && !bytes.Contains(baked, []byte("openbadges")) {
			t.Error("badge.png has no credential baked in")
		}
		idir := "imported/" + itoa(imp.ID) + "/"
		if im.Source != SourceImported || im.State != "valid" || !im.Private || im.CheckedAt == nil ||
			!slices.Equal(im.Files, []string{idir + "credential.json", idir + "report.json"}) {
			t.Errorf("imported entry = %+v", im)
		}
		if !bytes.Equal(files[idir+"credential.json"], f.kept.CredentialDI) || !bytes.Contains(files[idir+"report.json"], []byte(`"valid": true`)) {
			t.Errorf("imported files: %s", files[idir+"report.json"])
		}
		for _, name := range index.Badges[0].Files {
			if _, ok := files[name]; !ok {
				t.Errorf("index lists %s, not in the archive", name)
			}
		}
		if _, err := s.ExportWallet(context.Background()); badge.ErrorCode(err) != badge.CodeUnauthorized {
			t.Errorf("ExportWallet(anonymous) = %v", err)
		}
	})
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
