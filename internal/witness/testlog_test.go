// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// testLog is a log kept in memory, built with internal/tlog the way the
// service builds the real one, that signs checkpoints of any size it has
// reached.
type testLog struct {
	t      testing.TB
	origin string
	signer note.Signer
	vkey   string
	salt   string // leaves differ between logs with different salts

	mu     sync.Mutex
	hashes []tlog.Hash
	size   int64
}

func newTestLog(t testing.TB, origin, seed, salt string) *testLog {
	t.Helper()
	k := sha256.Sum256([]byte(seed))
	s, vkey, err := tlog.NewSigner(origin, ed25519.NewKeyFromSeed(k[:]))
	if err != nil {
		t.Fatal(err)
	}
	return &testLog{t: t, origin: origin, signer: s, vkey: vkey, salt: salt}
}

func (l *testLog) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("no hash %d", x)
		}
		out[i] = l.hashes[x]
	}
	return out, nil
}

// growTo appends leaves until the tree has n.
func (l *testLog) growTo(n int64) {
	l.t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for ; l.size < n; l.size++ {
		hs, err := tlog.Append(l.size, []tlog.Hash{tlog.RecordHash(fmt.Appendf(nil, "%s leaf %d", l.salt, l.size))}, l)
		if err != nil {
			l.t.Fatal(err)
		}
		l.hashes = append(l.hashes, hs...)
	}
}

// checkpoint returns the signed checkpoint of the tree of size n.
func (l *testLog) checkpoint(n int64) []byte {
	l.t.Helper()
	l.growTo(n)
	l.mu.Lock()
	defer l.mu.Unlock()
	root, err := tlog.TreeHash(n, l)
	if err != nil {
		l.t.Fatal(err)
	}
	b, err := tlog.Sign(tlog.Checkpoint{Origin: l.origin, Size: n, Root: root}, l.signer)
	if err != nil {
		l.t.Fatal(err)
	}
	return b
}

// proof is the consistency proof from old to n.
func (l *testLog) proof(n, old int64) []tlog.Hash {
	l.t.Helper()
	l.growTo(n)
	p, err := l.prover(n)(old)
	if err != nil {
		l.t.Fatal(err)
	}
	return p
}

// prover is the prove function Cosign takes, for a checkpoint of size n.
func (l *testLog) prover(n int64) func(int64) ([]tlog.Hash, error) {
	return func(old int64) ([]tlog.Hash, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		return tlog.ProveConsistency(n, old, l)
	}
}

// testCosigner is a cosigner whose key comes from seed.
func testCosigner(t testing.TB, name, seed string) *Cosigner {
	t.Helper()
	k := sha256.Sum256([]byte(seed))
	c, err := newCosigner(name, ed25519.NewKeyFromSeed(k[:]))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newTestServer starts a witness over dir following logs.
func newTestServer(t testing.TB, c *Cosigner, dir string, logs ...*testLog) *Server {
	t.Helper()
	var keys []string
	for _, l := range logs {
		keys = append(keys, l.vkey)
	}
	s, err := NewServer(Config{Cosigner: c, StateDir: dir, LogKeys: keys})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// post sends an add-checkpoint body to h and returns the status, the
// Content-Type and the body of the answer.
func post(t testing.TB, h http.Handler, body []byte) (int, string, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/add-checkpoint", strings.NewReader(string(body))))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Header().Get("Content-Type"), string(b)
}

func body(old int64, proof []tlog.Hash, cp []byte) []byte {
	return (&AddCheckpointRequest{OldSize: old, Proof: proof, Checkpoint: cp}).Marshal()
}
