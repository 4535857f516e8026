// SPDX-License-Identifier: Apache-2.0

// Package logtest serves a transparency log built in memory with the
// internal/tlog functions, the way the server publishes its own (see
// service.LogTile), so that auditors can be tested against honest and
// dishonest logs.
package logtest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/tlog"
)

// Origin is the test logs' name.
const Origin = "log.example/log"

// Log is an in-memory log and its HTTP server.
type Log struct {
	Signer note.Signer
	VKey   string

	mu         sync.Mutex
	leaves     [][]byte
	hashes     []tlog.Hash
	checkpoint []byte
	tamper     func(path string, b []byte) []byte
	srv        *httptest.Server
}

// New returns an empty log signed with the key derived from seed (logs
// with the same seed share a key).
func New(t testing.TB, seed byte) *Log {
	t.Helper()
	s := make([]byte, ed25519.SeedSize)
	s[0] = seed
	sg, vkey, err := tlog.NewSigner(Origin, ed25519.NewKeyFromSeed(s))
	if err != nil {
		t.Fatal(err)
	}
	return &Log{Signer: sg, VKey: vkey}
}

// Kinds are the leaf kinds Leaf cycles through.
var Kinds = []string{tlog.KindOB3DI, tlog.KindOB3JWT, tlog.KindOB2Hosted, tlog.KindOB2Signed, tlog.KindStatusList}

// Leaf is the i-th test leaf; salt gives another history.
func Leaf(i int, salt string) []byte {
	return tlog.Leaf{Kind: Kinds[i%len(Kinds)], CredentialID: fmt.Sprintf("urn:uuid:%08d-0000-4000-8000-000000000000", i),
		IssuerID: "did:web:issuer.example", Digest: sha256.Sum256([]byte(salt + fmt.Sprint(i)))}.Marshal()
}

// Build returns a log of n leaves (Leaf(i, salt)) with a signed checkpoint.
func Build(t testing.TB, seed byte, n int, salt string) *Log {
	t.Helper()
	l := New(t, seed)
	for i := range n {
		l.Append(t, Leaf(i, salt))
	}
	l.Sign(t)
	return l
}

// Append adds leaves to the tree (not to the checkpoint: see Sign).
func (l *Log) Append(t testing.TB, leaves ...[]byte) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	hs := make([]tlog.Hash, len(leaves))
	for i, d := range leaves {
		hs[i] = tlog.RecordHash(d)
	}
	st, err := tlog.Append(int64(len(l.leaves)), hs, l)
	if err != nil {
		t.Fatal(err)
	}
	l.leaves = append(l.leaves, leaves...)
	l.hashes = append(l.hashes, st...)
}

// ReadHashes reads stored hashes (the caller holds mu).
func (l *Log) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("logtest: no hash %d", x)
		}
		out[i] = l.hashes[x]
	}
	return out, nil
}

// Sign signs and serves a checkpoint of the whole tree, and returns it.
func (l *Log) Sign(t testing.TB) []byte {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	size := int64(len(l.leaves))
	root, err := tlog.TreeHash(size, l)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := tlog.Sign(tlog.Checkpoint{Origin: Origin, Size: size, Root: root}, l.Signer)
	if err != nil {
		t.Fatal(err)
	}
	l.checkpoint = cp
	return cp
}

// Checkpoint returns the served checkpoint.
func (l *Log) Checkpoint() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.checkpoint
}

// SetCheckpoint serves cp (signed by anyone) as the checkpoint.
func (l *Log) SetCheckpoint(cp []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.checkpoint = cp
}

// SetLeaf replaces leaf i's bytes without touching the tree's hashes: a
// database edited behind the log's back.
func (l *Log) SetLeaf(i int, b []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.leaves[i] = b
}

// Tamper rewrites responses: f gets the path under /log/ and the body,
// and returns the body to serve, or nil for a 404.
func (l *Log) Tamper(f func(path string, b []byte) []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tamper = f
}

// URL starts the log's server (once) and returns the instance's base URL;
// the log is under /log.
func (l *Log) URL(t testing.TB) string {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.srv == nil {
		l.srv = httptest.NewServer(l)
		t.Cleanup(l.srv.Close)
	}
	return l.srv.URL
}

// ServeHTTP serves /log/checkpoint, /log/key and /log/tile/....
func (l *Log) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, "/log/")
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var b []byte
	var err error
	switch {
	case path == "checkpoint":
		b = l.checkpoint
	case path == "key":
		b = []byte(l.VKey + "\n")
	default:
		b, err = l.tile(path)
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if l.tamper != nil {
		if b = l.tamper(path, b); b == nil {
			http.NotFound(w, r)
			return
		}
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(b)
}

// tile is service.LogTile over memory: tiles within the served
// checkpoint's tree.
func (l *Log) tile(path string) ([]byte, error) {
	t, err := tlog.ParseTilePath(path)
	if err != nil {
		return nil, err
	}
	text, _, _ := strings.Cut(string(l.checkpoint), "\n\n")
	c, err := tlog.ParseCheckpoint(text + "\n")
	if err != nil {
		return nil, err
	}
	width := int64(1) << (tlog.TileHeight * max(t.L, 0))
	if (t.N*(1<<tlog.TileHeight)+int64(t.W))*width > c.Size {
		return nil, fmt.Errorf("logtest: %s beyond the tree", path)
	}
	if t.L == -1 {
		from := t.N << tlog.TileHeight
		if from+int64(t.W) > int64(len(l.leaves)) {
			return nil, fmt.Errorf("logtest: no leaves for %s", path)
		}
		return tlog.EntryBundle(l.leaves[from : from+int64(t.W)])
	}
	return tlog.ReadTile(t, l)
}
