// SPDX-License-Identifier: Apache-2.0

package storetest

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/store"
)

var translogTests = []test{
	{"TransparencyLog/AppendAndIntegrate", testLogAppendIntegrate},
	{"TransparencyLog/IntegrateConflicts", testLogIntegrateConflict},
	{"TransparencyLog/Checkpoints", testLogCheckpoints},
	{"TransparencyLog/Anchors", testLogAnchors},
}

func leaf(awardID int64, s string) *store.LogLeaf {
	return &store.LogLeaf{AwardID: awardID, Kind: "ob3-di", Data: []byte(s + "\n")}
}

func testLogAppendIntegrate(t *testing.T, s store.Store) {
	ctx := t.Context()
	// More than one statement's worth of rows, so batching is exercised.
	var ls []*store.LogLeaf
	for i := range 1203 {
		ls = append(ls, leaf(int64(i%7), fmt.Sprint("leaf ", i)))
	}
	wantOK(t, "AppendLogLeaves", s.AppendLogLeaves(ctx, ls))
	if ls[0].CreatedAt.IsZero() {
		t.Error("AppendLogLeaves left CreatedAt unset")
	}
	pending, err := s.PendingLogLeaves(ctx, 1000)
	wantOK(t, "PendingLogLeaves", err)
	if len(pending) != 1000 || string(pending[0].Data) != "leaf 0\n" || string(pending[999].Data) != "leaf 999\n" || pending[0].Index != -1 {
		t.Fatalf("PendingLogLeaves(1000) = %d leaves, first %q, last %q, index %d", len(pending), pending[0].Data, pending[len(pending)-1].Data, pending[0].Index)
	}
	for i, l := range pending {
		l.Index = int64(i)
	}
	hashes := []store.LogHash{{Index: 0, Hash: digest("h0")}, {Index: 1, Hash: digest("h1")}, {Index: 2, Hash: digest("h2")}}
	wantOK(t, "IntegrateLogLeaves", s.IntegrateLogLeaves(ctx, pending, hashes, &store.LogCheckpoint{Size: 1000, Note: []byte("cp 1000\n")}))
	rest, err := s.PendingLogLeaves(ctx, 1000)
	wantOK(t, "PendingLogLeaves after", err)
	if len(rest) != 203 || string(rest[0].Data) != "leaf 1000\n" {
		t.Errorf("PendingLogLeaves after integrating 1000 = %d leaves, want 203 from leaf 1000", len(rest))
	}
	got, err := s.ReadLogHashes(ctx, []int64{2, 0, 2})
	wantOK(t, "ReadLogHashes", err)
	if len(got) != 3 || !bytes.Equal(got[0], digest("h2")) || !bytes.Equal(got[1], digest("h0")) || !bytes.Equal(got[2], digest("h2")) {
		t.Errorf("ReadLogHashes(2, 0, 2) = %x", got)
	}
	_, err = s.ReadLogHashes(ctx, []int64{0, 3})
	wantErr(t, "ReadLogHashes(missing)", err, store.ErrNotFound)
	byIndex, err := s.FindLogLeavesByIndex(ctx, 256, 259)
	wantOK(t, "FindLogLeavesByIndex", err)
	if len(byIndex) != 3 || byIndex[0].Index != 256 || string(byIndex[2].Data) != "leaf 258\n" {
		t.Errorf("FindLogLeavesByIndex(256, 259) = %+v", byIndex)
	}
	byAward, err := s.FindLogLeavesByAward(ctx, 3)
	wantOK(t, "FindLogLeavesByAward", err)
	if len(byAward) != 172 || string(byAward[0].Data) != "leaf 3\n" || byAward[0].Index != 3 || byAward[171].Index != -1 {
		t.Errorf("FindLogLeavesByAward(3) = %d leaves (first %+v)", len(byAward), byAward[0])
	}
}

func testLogIntegrateConflict(t *testing.T, s store.Store) {
	ctx := t.Context()
	wantOK(t, "AppendLogLeaves", s.AppendLogLeaves(ctx, []*store.LogLeaf{leaf(1, "a"), leaf(2, "b")}))
	p, _ := s.PendingLogLeaves(ctx, 10)
	p[0].Index = 0
	wantOK(t, "IntegrateLogLeaves", s.IntegrateLogLeaves(ctx, p[:1], []store.LogHash{{Index: 0, Hash: digest("a")}}, &store.LogCheckpoint{Size: 1, Note: []byte("1\n")}))
	// A second sequencer that read the same state: every part conflicts,
	// and nothing of it is stored.
	p[1].Index = 0
	err := s.IntegrateLogLeaves(ctx, p[1:], []store.LogHash{{Index: 0, Hash: digest("b")}}, &store.LogCheckpoint{Size: 1, Note: []byte("other\n")})
	wantErr(t, "IntegrateLogLeaves(same index)", err, store.ErrConflict)
	rest, _ := s.PendingLogLeaves(ctx, 10)
	cp, _ := s.LatestLogCheckpoint(ctx)
	h, _ := s.ReadLogHashes(ctx, []int64{0})
	if len(rest) != 1 || string(cp.Note) != "1\n" || !bytes.Equal(h[0], digest("a")) {
		t.Errorf("after a conflict: %d pending, checkpoint %q, hash %x", len(rest), cp.Note, h)
	}
}

func testLogCheckpoints(t *testing.T, s store.Store) {
	ctx := t.Context()
	_, err := s.LatestLogCheckpoint(ctx)
	wantErr(t, "LatestLogCheckpoint(empty)", err, store.ErrNotFound)
	for _, n := range []int64{0, 5, 9} {
		var ls []*store.LogLeaf
		for i := range n {
			ls = append(ls, leaf(0, fmt.Sprint(n, i)))
		}
		if n > 0 {
			wantOK(t, "AppendLogLeaves", s.AppendLogLeaves(ctx, ls))
		}
		p, _ := s.PendingLogLeaves(ctx, 100)
		cp, _ := s.LatestLogCheckpoint(ctx)
		size := int64(0)
		if cp != nil {
			size = cp.Size
		}
		for i, l := range p {
			l.Index = size + int64(i)
		}
		wantOK(t, "IntegrateLogLeaves", s.IntegrateLogLeaves(ctx, p, nil, &store.LogCheckpoint{Size: size + int64(len(p)), Note: fmt.Appendf(nil, "size %d\n", size+int64(len(p)))}))
	}
	// Sizes 0, 5 and 14; 5 gets witnessed.
	wantErr(t, "SetLogCheckpointCosigned(no such size)", s.SetLogCheckpointCosigned(ctx, 6, []byte("x")), store.ErrNotFound)
	wantOK(t, "SetLogCheckpointCosigned", s.SetLogCheckpointCosigned(ctx, 5, []byte("size 5\n\n— w sig\n")))
	for _, c := range []struct {
		q    store.LogCheckpointQuery
		want int64 // -1: not found
	}{
		{store.LogCheckpointQuery{}, 14},
		{store.LogCheckpointQuery{Smallest: true}, 0},
		{store.LogCheckpointQuery{MinSize: 1, Smallest: true}, 5},
		{store.LogCheckpointQuery{MinSize: 6, Smallest: true}, 14},
		{store.LogCheckpointQuery{Cosigned: true}, 5},
		{store.LogCheckpointQuery{Cosigned: true, MinSize: 6}, -1},
		{store.LogCheckpointQuery{MinSize: 15}, -1},
	} {
		cp, err := s.FindLogCheckpoint(ctx, c.q)
		if c.want < 0 {
			wantErr(t, fmt.Sprintf("FindLogCheckpoint(%+v)", c.q), err, store.ErrNotFound)
			continue
		}
		wantOK(t, fmt.Sprintf("FindLogCheckpoint(%+v)", c.q), err)
		if cp.Size != c.want || string(cp.Note) != fmt.Sprintf("size %d\n", c.want) || (c.want == 5) != (cp.Cosigned != nil) || cp.CreatedAt.IsZero() {
			t.Errorf("FindLogCheckpoint(%+v) = size %d note %q cosigned %q, want size %d", c.q, cp.Size, cp.Note, cp.Cosigned, c.want)
		}
	}
}

func testLogAnchors(t *testing.T, s store.Store) {
	ctx := t.Context()
	got, err := s.FindLogAnchors(ctx, 10)
	wantOK(t, "FindLogAnchors(none)", err)
	if len(got) != 0 {
		t.Errorf("FindLogAnchors on an empty store = %d", len(got))
	}
	a := &store.LogAnchor{TreeSize: 5, Digest: "ab", Checkpoint: "log\n5\nroot\n", ChainID: "1337", TxHash: "0x01", From: "0xfe"}
	wantOK(t, "CreateLogAnchor", s.CreateLogAnchor(ctx, a))
	b := &store.LogAnchor{TreeSize: 9, Digest: "cd", ChainID: "1337", TxHash: "0x02", From: "0xfe"}
	wantOK(t, "CreateLogAnchor", s.CreateLogAnchor(ctx, b))
	wantErr(t, "CreateLogAnchor(same tx)", s.CreateLogAnchor(ctx, &store.LogAnchor{TreeSize: 9, TxHash: "0x02"}), store.ErrConflict)
	when := time.Date(2026, 12, 6, 3, 4, 5, 0, time.UTC)
	wantOK(t, "ConfirmLogAnchor", s.ConfirmLogAnchor(ctx, a.ID, 42, "0xbb", when))
	wantErr(t, "ConfirmLogAnchor(missing)", s.ConfirmLogAnchor(ctx, b.ID+100, 1, "x", when), store.ErrNotFound)
	got, err = s.FindLogAnchors(ctx, 10)
	wantOK(t, "FindLogAnchors", err)
	if len(got) != 2 || got[0].ID != b.ID || got[0].BlockNumber != 0 || got[0].BlockTime != nil {
		t.Fatalf("FindLogAnchors = %+v, want b (unconfirmed) first", got)
	}
	if g := got[1]; g.TreeSize != 5 || g.Digest != "ab" || g.Checkpoint != "log\n5\nroot\n" || g.ChainID != "1337" || g.TxHash != "0x01" || g.From != "0xfe" ||
		g.BlockNumber != 42 || g.BlockHash != "0xbb" || g.BlockTime == nil || !g.BlockTime.Equal(when) || g.CreatedAt.IsZero() {
		t.Errorf("confirmed anchor = %+v", g)
	}
	if got, _ := s.FindLogAnchors(ctx, 1); len(got) != 1 {
		t.Errorf("FindLogAnchors(1) = %d", len(got))
	}
}
