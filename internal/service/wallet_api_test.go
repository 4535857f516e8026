// SPDX-License-Identifier: Apache-2.0

package service

import (
	"bytes"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

// An OB 3.0 upsert of a credential equal to one in the wallet (the same
// id and issuer id, here the same award as a VC-JWT and with an embedded
// proof) replaces it, keeping its privacy and collections; a new one is
// created; the same bytes again change nothing. A credential that fails
// verification does not replace a verified one.
func TestPushBadgeUpsert(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Service) {
		f := newWalletFixture(t, s)
		me := as(f.me.ID)
		di, jwt := f.kept.CredentialDI, []byte(f.kept.CredentialJWT)
		if len(di) == 0 || len(jwt) == 0 {
			t.Fatal("the fixture's award lacks a credential form")
		}
		if a, b := credentialIdentity("json", di), credentialIdentity("jwt", jwt); a != b || a.id == "" || a.issuer == "" {
			t.Fatalf("the two forms' ids differ: %+v, %+v", a, b)
		}
		push := func(what string, data []byte, wantCreated bool) *ImportedBadge {
			t.Helper()
			b, created, err := s.PushBadge(me, OB3, PushedBadge{Data: data})
			if err != nil || created != wantCreated {
				t.Fatalf("%s: PushBadge = created %v, %v; want created %v", what, created, err, wantCreated)
			}
			return b
		}

		first := push("a new credential", di, true)
		if _, err := s.SetImportPrivate(me, first.ID, false); err != nil {
			t.Fatal(err)
		}
		col, err := s.CreateCollection(me, CollectionInput{Name: "就職活動", Slug: "job-hunting"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddToCollection(me, col.ID, BadgeRef{ImportID: first.ID}); err != nil {
			t.Fatal(err)
		}

		again := push("the same bytes", di, false)
		if again.ID != first.ID || !again.Existing || again.Replaced {
			t.Errorf("the same bytes again = %+v", again)
		}
		repl := push("the same credential as a VC-JWT", jwt, false)
		if repl.ID != first.ID || !repl.Replaced || repl.Kind != "jwt" || repl.Private || repl.State != badge.ImportValid ||
			!repl.CreatedAt.Equal(first.CreatedAt) {
			t.Errorf("replacement = %+v", repl.WalletImport)
		}
		got, err := s.ImportedBadge(me, first.ID)
		if err != nil || !bytes.Equal(got.Credential, jwt) || got.Private {
			t.Errorf("the import after the replacement: %v, %v", got, err)
		}
		v, err := s.Collection(me, col.ID)
		if err != nil || len(v.Imports) != 1 || v.Imports[0].ID != first.ID {
			t.Errorf("the collection after the replacement: %+v, %v", v, err)
		}
		docs, total, err := s.WalletDocuments(me, OB3, time.Time{}, store.Page{})
		if err != nil || total != 2 || docs[0].JWS == "" && docs[1].JWS == "" {
			t.Errorf("WalletDocuments = %d docs, %v; want the award and the one import, as a VC-JWT", total, err)
		}

		// A tampered copy does not replace the verified one: it is added
		// beside it, shown as not valid. The genuine one replaces the
		// verified import, not the tampered one.
		tampered := bytes.Replace(di, []byte("山田 花子"), []byte("山田 太郎"), 1)
		tb := push("a tampered copy", tampered, true)
		if tb.ID == first.ID || tb.State != badge.ImportInvalid || tb.Replaced {
			t.Errorf("tampered = %+v", tb.WalletImport)
		}
		if back := push("the embedded-proof form again", di, false); back.ID != first.ID || !back.Replaced {
			t.Errorf("the embedded-proof form again = %+v", back.WalletImport)
		}
		if got, _ := s.ImportedBadge(me, tb.ID); got == nil || !bytes.Equal(got.Credential, tampered) {
			t.Errorf("the tampered import changed: %+v", got)
		}

		// Another wallet's copy is not replaced; importing from the wallet's
		// own page adds, as it always did.
		other := as(f.other.ID)
		if b, created, err := s.PushBadge(other, OB3, PushedBadge{Data: jwt}); err != nil || !created || b.ID == first.ID {
			t.Errorf("another account's upsert = %+v, %v, %v", b, created, err)
		}
		if b, err := s.ImportBadge(me, ImportInput{Data: jwt, Filename: "badge.jwt"}); err != nil || b.ID == first.ID || b.Replaced {
			t.Errorf("ImportBadge (not an upsert) = %+v, %v", b, err)
		}
		if got, _ := s.ImportedBadge(me, first.ID); got == nil || !bytes.Equal(got.Credential, di) {
			t.Errorf("the upserted import after the others: %+v", got)
		}
	})
}
