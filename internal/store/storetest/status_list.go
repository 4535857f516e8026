// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/store"
)

var statusListTests = []test{
	{"StatusList/Allocate", testStatusListAllocate},
	{"StatusList/AllocateAcrossLists", testStatusListBoundary},
	{"StatusList/AllocateConcurrently", testStatusListConcurrent},
	{"StatusList/SetBits", testStatusListBits},
	{"StatusList/SetBitsConcurrently", testStatusListBitsConcurrent},
	{"StatusList/Credential", testStatusListCredential},
}

// wantSlots fails t unless got holds exactly the entries of want.
func wantSlots(t *testing.T, what string, got []store.StatusSlot, want ...store.StatusSlot) {
	t.Helper()
	wantSame(t, what, got, want)
}

func testStatusListAllocate(t *testing.T, s store.Store) {
	ctx := t.Context()
	o, other := newOrg(t, s, "acme"), newOrg(t, s, "other")
	got, err := s.AllocateStatusSlots(ctx, o.ID, badge.StatusRevocation, 3)
	wantOK(t, "AllocateStatusSlots(3)", err)
	if len(got) != 3 {
		t.Fatalf("AllocateStatusSlots(3) = %v, want 3 entries", got)
	}
	id := got[0].ListID
	wantSlots(t, "AllocateStatusSlots(3)", got, store.StatusSlot{ListID: id}, store.StatusSlot{ListID: id, Index: 1},
		store.StatusSlot{ListID: id, Index: 2})
	got, err = s.AllocateStatusSlots(ctx, o.ID, badge.StatusRevocation, 1)
	wantOK(t, "AllocateStatusSlots(1)", err)
	wantSlots(t, "AllocateStatusSlots(1) after 3", got, store.StatusSlot{ListID: id, Index: 3})

	l, err := s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	if l.ID != id || l.OrgID != o.ID || l.Purpose != badge.StatusRevocation || l.NextIndex != 4 || l.Credential != nil ||
		l.CreatedAt.IsZero() || l.UpdatedAt.IsZero() {
		t.Errorf("FindStatusList = %+v; want list %d of org %d, revocation, NextIndex 4, no credential, times set", l, id, o.ID)
	}
	if len(l.Bits) != badge.StatusListSize/8 || !bytes.Equal(l.Bits, make([]byte, badge.StatusListSize/8)) {
		t.Errorf("Bits of a new list: %d bytes, want %d, all zero", len(l.Bits), badge.StatusListSize/8)
	}

	susp, err := s.AllocateStatusSlots(ctx, o.ID, badge.StatusSuspension, 1)
	wantOK(t, "AllocateStatusSlots(suspension)", err)
	theirs, err := s.AllocateStatusSlots(ctx, other.ID, badge.StatusRevocation, 1)
	wantOK(t, "AllocateStatusSlots(other org)", err)
	if susp[0].ListID == id || theirs[0].ListID == id || susp[0].ListID == theirs[0].ListID || susp[0].Index != 0 || theirs[0].Index != 0 {
		t.Errorf("suspension entry %v, other organisation's %v; want entry 0 of lists of their own (not %d)", susp, theirs, id)
	}
	lists, err := s.FindStatusLists(ctx, o.ID)
	wantOK(t, "FindStatusLists", err)
	wantSame(t, "FindStatusLists ids", ids(lists, func(l *badge.StatusList) int64 { return l.ID }), []int64{id, susp[0].ListID})

	_, err = s.AllocateStatusSlots(ctx, other.ID+1, badge.StatusRevocation, 1)
	wantErr(t, "AllocateStatusSlots(missing org)", err, store.ErrNotFound)
	_, err = s.AllocateStatusSlots(ctx, o.ID, "refresh", 1)
	wantInvalid(t, "AllocateStatusSlots(unknown purpose)", err, "purpose")
	_, err = s.AllocateStatusSlots(ctx, o.ID, badge.StatusRevocation, 0)
	wantInvalid(t, "AllocateStatusSlots(0)", err, "n")
	_, err = s.FindStatusList(ctx, theirs[0].ListID+1)
	wantErr(t, "FindStatusList(missing)", err, store.ErrNotFound)
	lists, err = s.FindStatusLists(ctx, other.ID+1)
	if err != nil || len(lists) != 0 {
		t.Errorf("FindStatusLists(missing org) = %v, %v; want none", lists, err)
	}
}

func testStatusListBoundary(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	first, err := s.AllocateStatusSlots(ctx, o.ID, badge.StatusRevocation, badge.StatusListSize-1)
	wantOK(t, "AllocateStatusSlots(size-1)", err)
	if len(first) != badge.StatusListSize-1 || first[len(first)-1].Index != badge.StatusListSize-2 {
		t.Fatalf("AllocateStatusSlots(size-1) = %d entries; want %d, the last %d", len(first), badge.StatusListSize-1, badge.StatusListSize-2)
	}
	id := first[0].ListID
	got, err := s.AllocateStatusSlots(ctx, o.ID, badge.StatusRevocation, 3)
	wantOK(t, "AllocateStatusSlots(3) at the end of a list", err)
	if len(got) != 3 {
		t.Fatalf("AllocateStatusSlots(3) = %v, want 3 entries", got)
	}
	next := got[1].ListID
	wantSlots(t, "AllocateStatusSlots(3) at the end of a list", got, store.StatusSlot{ListID: id, Index: badge.StatusListSize - 1},
		store.StatusSlot{ListID: next}, store.StatusSlot{ListID: next, Index: 1})
	if next == id {
		t.Errorf("the entries past the end went to the full list %d", id)
	}
	lists, err := s.FindStatusLists(ctx, o.ID)
	wantOK(t, "FindStatusLists", err)
	if len(lists) != 2 || lists[0].ID != id || lists[0].NextIndex != badge.StatusListSize || lists[1].ID != next || lists[1].NextIndex != 2 {
		t.Errorf("FindStatusLists = %d lists; want %d (full) then %d (next index 2)", len(lists), id, next)
	}
}

// testStatusListConcurrent allocates from several transactions at once,
// starting just before the end of a list so that they also race to open
// the next one.
func testStatusListConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	const workers, rounds, per, left = 4, 5, 3, 7
	_, err := s.AllocateStatusSlots(ctx, o.ID, badge.StatusRevocation, badge.StatusListSize-left)
	wantOK(t, "AllocateStatusSlots(fill)", err)

	var wg sync.WaitGroup
	got := make([][]store.StatusSlot, workers)
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for range rounds {
				errs[w] = s.ReadWrite(ctx, func(tx store.Tx) error {
					slots, err := tx.AllocateStatusSlots(ctx, o.ID, badge.StatusRevocation, per)
					got[w] = append(got[w], slots...)
					return err
				})
				if errs[w] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	seen := map[store.StatusSlot]int{}
	for w := range workers {
		wantOK(t, fmt.Sprintf("worker %d", w), errs[w])
		for _, sl := range got[w] {
			if prev, dup := seen[sl]; dup {
				t.Errorf("entry %+v handed out to workers %d and %d", sl, prev, w)
			}
			seen[sl] = w
		}
	}
	if len(seen) != workers*rounds*per {
		t.Errorf("%d distinct entries allocated, want %d", len(seen), workers*rounds*per)
	}
	lists, err := s.FindStatusLists(ctx, o.ID)
	wantOK(t, "FindStatusLists", err)
	if len(lists) != 2 || lists[0].NextIndex != badge.StatusListSize || lists[1].NextIndex != workers*rounds*per-left {
		t.Errorf("after concurrent allocation: %d lists; want 2, the first full, the second at %d", len(lists), workers*rounds*per-left)
	}
}

func testStatusListBits(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	id := newSlot(t, s, o.ID).ListID
	before, err := s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	wantOK(t, "SetStatusListCredential", s.SetStatusListCredential(ctx, id, []byte(`{"v":1}`), before.UpdatedAt))

	last := badge.StatusListSize - 1
	wantOK(t, "SetStatusBits(true)", s.SetStatusBits(ctx, id, []int{0, 9, 10, last}, true))
	l, err := s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	n := len(l.Bits)
	if l.Bits[0] != 0x80 || l.Bits[1] != 0x60 || l.Bits[n-1] != 0x01 || bytes.Count(l.Bits, []byte{0}) != n-3 {
		t.Errorf("bits after setting 0, 9, 10 and %d: first bytes %08b %08b, last %08b; want 10000000 01100000, 00000001, the rest zero",
			last, l.Bits[0], l.Bits[1], l.Bits[n-1])
	}
	if l.Credential != nil || !l.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("after SetStatusBits: Credential %q, UpdatedAt %v; want none, after %v", l.Credential, l.UpdatedAt, before.UpdatedAt)
	}
	wantOK(t, "SetStatusBits(false)", s.SetStatusBits(ctx, id, []int{9, 0}, false))
	l, err = s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	if l.Bits[0] != 0 || l.Bits[1] != 0x20 || l.Bits[n-1] != 0x01 {
		t.Errorf("bits after clearing 0 and 9: %08b %08b … %08b; want 00000000 00100000 … 00000001", l.Bits[0], l.Bits[1], l.Bits[n-1])
	}

	wantInvalid(t, "SetStatusBits(past the end)", s.SetStatusBits(ctx, id, []int{1, badge.StatusListSize}, true), "status_index")
	wantInvalid(t, "SetStatusBits(negative)", s.SetStatusBits(ctx, id, []int{-1}, true), "status_index")
	wantErr(t, "SetStatusBits(missing list)", s.SetStatusBits(ctx, id+1, []int{1}, true), store.ErrNotFound)
	after, err := s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	wantSame(t, "list after refused SetStatusBits", after, l)
}

// testStatusListBitsConcurrent sets different bits of one list from
// several goroutines at once: no change may be lost.
func testStatusListBitsConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	id := newSlot(t, s, newOrg(t, s, "acme").ID).ListID
	const workers, per = 4, 10
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range per {
				if errs[w] = s.SetStatusBits(ctx, id, []int{8 * (w*per + i)}, true); errs[w] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	for w, err := range errs {
		wantOK(t, fmt.Sprintf("SetStatusBits from worker %d", w), err)
	}
	l, err := s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	for i := range workers * per {
		if l.Bits[i] != 0x80 {
			t.Errorf("byte %d = %08b after concurrent SetStatusBits, want 10000000", i, l.Bits[i])
		}
	}
}

func testStatusListCredential(t *testing.T, s store.Store) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	id := newSlot(t, s, o.ID).ListID
	l, err := s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	wantOK(t, "SetStatusListCredential", s.SetStatusListCredential(ctx, id, []byte(`{"v":1}`), l.UpdatedAt))
	got, err := s.FindStatusList(ctx, id)
	if err != nil || string(got.Credential) != `{"v":1}` || !got.UpdatedAt.Equal(l.UpdatedAt) {
		t.Errorf("after SetStatusListCredential: %+v, %v; want the credential cached, UpdatedAt unchanged", got, err)
	}

	// A credential signed from the bits as they were before a change is stale.
	wantOK(t, "SetStatusBits", s.SetStatusBits(ctx, id, []int{5}, true))
	wantOK(t, "SetStatusListCredential(stale)", s.SetStatusListCredential(ctx, id, []byte(`{"v":"stale"}`), l.UpdatedAt))
	got, err = s.FindStatusList(ctx, id)
	if err != nil || got.Credential != nil {
		t.Errorf("after a stale SetStatusListCredential: Credential %q, %v; want none", got.Credential, err)
	}
	wantOK(t, "SetStatusListCredential(fresh)", s.SetStatusListCredential(ctx, id, []byte(`{"v":2}`), got.UpdatedAt))
	got, err = s.FindStatusList(ctx, id)
	if err != nil || string(got.Credential) != `{"v":2}` {
		t.Errorf("after a fresh SetStatusListCredential: Credential %q, %v; want {\"v\":2}", got.Credential, err)
	}
	wantErr(t, "SetStatusListCredential(missing list)", s.SetStatusListCredential(ctx, id+1, []byte(`{}`), time.Now()), store.ErrNotFound)
}

// testClockStatusList checks that a change of bits moves UpdatedAt on even
// when the clock has not, so that a stale credential is still refused.
func testClockStatusList(t *testing.T, s store.Store, clock *Clock) {
	ctx := t.Context()
	o := newOrg(t, s, "acme")
	id := newSlot(t, s, o.ID).ListID
	l, err := s.FindStatusList(ctx, id)
	wantOK(t, "FindStatusList", err)
	if !l.UpdatedAt.Equal(clock.Now().Truncate(time.Microsecond)) {
		t.Errorf("UpdatedAt of a new list = %v, want the store clock's %v", l.UpdatedAt, clock.Now())
	}
	wantOK(t, "SetStatusBits", s.SetStatusBits(ctx, id, []int{1}, true))
	wantOK(t, "SetStatusListCredential(stale)", s.SetStatusListCredential(ctx, id, []byte(`{"v":"stale"}`), l.UpdatedAt))
	got, err := s.FindStatusList(ctx, id)
	if err != nil || got.Credential != nil || !got.UpdatedAt.After(l.UpdatedAt) {
		t.Errorf("after SetStatusBits and a stale credential in the same clock tick: UpdatedAt %v, Credential %q, %v; want after %v, none",
			got.UpdatedAt, got.Credential, err, l.UpdatedAt)
	}
}
