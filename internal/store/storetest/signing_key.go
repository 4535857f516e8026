// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var signingKeyTests = []test{
	{"SigningKey/CreateFind", testSigningKeyCreateFind},
	{"SigningKey/Find", testSigningKeyFind},
	{"SigningKey/Retire", testSigningKeyRetire},
	{"SigningKey/Refused", testSigningKeyRefused},
}

func testSigningKeyCreateFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	for _, k := range []*badge.SigningKey{newKey(t, s, o.ID, badge.KeyKindEd25519), newKey(t, s, 0, badge.KeyKindEd25519)} {
		if k.ID <= 0 || k.CreatedAt.IsZero() || k.RetiredAt != nil {
			t.Errorf("CreateSigningKey set %+v", k)
		}
		got, err := s.FindSigningKeyByID(ctx, k.ID)
		wantOK(t, "FindSigningKeyByID", err)
		wantSame(t, "FindSigningKeyByID", got, k)
	}
	_, err := s.FindSigningKeyByID(ctx, 4242)
	wantErr(t, "FindSigningKeyByID(missing)", err, store.ErrNotFound)
}

func testSigningKeyFind(t *testing.T, s store.Store) {
	ctx := t.Context()
	o1, o2 := newOrg(t, s, "o1"), newOrg(t, s, "o2")
	old := newKey(t, s, o1.ID, badge.KeyKindEd25519)
	newKey(t, s, o1.ID, badge.KeyKindRSA)
	current := newKey(t, s, o1.ID, badge.KeyKindEd25519)
	newKey(t, s, o2.ID, badge.KeyKindEd25519)
	instance := newKey(t, s, 0, badge.KeyKindEd25519)
	_, err := s.RetireSigningKey(ctx, old.ID)
	wantOK(t, "RetireSigningKey", err)
	id := func(k *badge.SigningKey) int64 { return k.ID }
	items, total, err := s.FindSigningKeys(ctx, store.SigningKeyFilter{OrgID: &o1.ID, Kind: ptr(badge.KeyKindEd25519)})
	wantTotal(t, "FindSigningKeys{o1, ed25519}", items, total, err, 2, 2)
	wantSame(t, "FindSigningKeys{o1, ed25519} ids (newest first)", ids(items, id), []int64{current.ID, old.ID})
	items, total, err = s.FindSigningKeys(ctx, store.SigningKeyFilter{OrgID: &o1.ID, Kind: ptr(badge.KeyKindEd25519), Retired: ptr(false)})
	wantTotal(t, "FindSigningKeys{o1, ed25519, active}", items, total, err, 1, 1)
	items, total, err = s.FindSigningKeys(ctx, store.SigningKeyFilter{Retired: ptr(true)})
	wantTotal(t, "FindSigningKeys{retired}", items, total, err, 1, 1)
	items, total, err = s.FindSigningKeys(ctx, store.SigningKeyFilter{OrgID: ptr(int64(0))})
	wantTotal(t, "FindSigningKeys{instance}", items, total, err, 1, 1)
	wantSame(t, "FindSigningKeys{instance} ids", ids(items, id), []int64{instance.ID})
	items, total, err = s.FindSigningKeys(ctx, store.SigningKeyFilter{Page: store.Page{Limit: 2}})
	wantTotal(t, "FindSigningKeys{Limit 2}", items, total, err, 2, 5)
}

func testSigningKeyRetire(t *testing.T, s store.Store) {
	ctx := t.Context()
	k := newKey(t, s, newOrg(t, s, "acme").ID, badge.KeyKindRSA)
	got, err := s.RetireSigningKey(ctx, k.ID)
	if err != nil || got.RetiredAt == nil || got.ID != k.ID {
		t.Fatalf("RetireSigningKey = %+v, %v; want it retired", got, err)
	}
	found, err := s.FindSigningKeyByID(ctx, k.ID)
	wantOK(t, "FindSigningKeyByID(retired)", err)
	wantSame(t, "FindSigningKeyByID(retired)", found, got)
	_, err = s.RetireSigningKey(ctx, k.ID)
	wantErr(t, "RetireSigningKey(again)", err, store.ErrNotFound)
	_, err = s.RetireSigningKey(ctx, k.ID+1)
	wantErr(t, "RetireSigningKey(missing)", err, store.ErrNotFound)
}

func testSigningKeyRefused(t *testing.T, s store.Store) {
	ctx := t.Context()
	orphan := &badge.SigningKey{OrgID: 999, Kind: badge.KeyKindEd25519, PublicKey: []byte("p"), PrivateKeyEnc: []byte("s")}
	wantErr(t, "CreateSigningKey(missing org)", s.CreateSigningKey(ctx, orphan), store.ErrNotFound)
	bad := &badge.SigningKey{Kind: "dsa", PublicKey: []byte("p"), PrivateKeyEnc: []byte("s")}
	wantInvalid(t, "CreateSigningKey(kind dsa)", s.CreateSigningKey(ctx, bad), "kind")
	bad = &badge.SigningKey{Kind: badge.KeyKindRSA, PublicKey: []byte("p")}
	wantInvalid(t, "CreateSigningKey(no private key)", s.CreateSigningKey(ctx, bad), "private_key")
}
