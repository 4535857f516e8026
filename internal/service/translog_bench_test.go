// SPDX-License-Identifier: Apache-2.0

package service

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/akashi-badges/akashi/internal/keys"
	"github.com/akashi-badges/akashi/internal/store"
	"github.com/akashi-badges/akashi/internal/store/sqlite"
	"github.com/akashi-badges/akashi/internal/tlog"
)

// BenchmarkIntegrateLog10000 is the sequencer's cost for a 10,000-row
// award's leaves (one credential each) on a SQLite file: numbering them,
// computing and storing the tree's new hashes and signing a checkpoint,
// in one transaction.
func BenchmarkIntegrateLog10000(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "akashi.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	mk, err := keys.LoadOrCreateMasterKey(b.TempDir(), func(string) string { return "" })
	if err != nil {
		b.Fatal(err)
	}
	s := &Service{Store: st, MasterKey: mk, BaseURL: "https://badges.example.ac.jp"}
	if _, err := s.IntegrateLog(ctx); err != nil {
		b.Fatal(err)
	}
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		leaves := make([]*store.LogLeaf, 10000)
		for i := range leaves {
			l := tlog.Leaf{Kind: tlog.KindOB3DI, CredentialID: fmt.Sprintf("urn:uuid:%08d", n), IssuerID: "did:web:badges.example.ac.jp:orgs:load"}
			l.Digest[0], l.Digest[1] = byte(n), byte(n>>8)
			leaves[i] = &store.LogLeaf{AwardID: int64(n), Kind: l.Kind, Data: l.Marshal()}
			n++
		}
		if err := st.AppendLogLeaves(ctx, leaves); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if got, err := s.IntegrateLog(ctx); err != nil || got != 10000 {
			b.Fatalf("IntegrateLog = %d, %v", got, err)
		}
	}
	b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "leaves/s")
}
