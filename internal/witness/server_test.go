// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

const origin = "example.org/log"

// TestAddCheckpoint runs one witness through the cases of tlog-witness,
// in order: each step sees the state the steps before left.
func TestAddCheckpoint(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	forked := newTestLog(t, origin, "log key", "fork")         // same key, other leaves
	impostor := newTestLog(t, origin, "other key", "main")     // same origin, unknown key
	other := newTestLog(t, "example.org/other", "log key", "") // a log the witness does not follow
	w := testCosigner(t, "witness.example.org/w1", "w1")
	dir := t.TempDir()
	srv := newTestServer(t, w, dir, lg)

	cp5, cp8, cp10 := lg.checkpoint(5), lg.checkpoint(8), lg.checkpoint(10)
	tampered := bytes.Replace(cp5, []byte("\n5\n"), []byte("\n6\n"), 1) // the log's signature no longer matches
	badProof := lg.proof(8, 5)
	badProof[0][0] ^= 1
	// Marshal cannot write a proof after "old 0"; spell it out.
	proofAfterZero := []byte("old 0\n" + lg.proof(5, 3)[0].String() + "\n\n" + string(cp5))

	for _, tc := range []struct {
		name   string
		body   []byte
		status int
		size   string // the text/x.tlog.size body wanted, if any
	}{
		{"unknown origin", body(0, nil, other.checkpoint(3)), http.StatusNotFound, ""},
		{"signed by an unknown key", body(0, nil, impostor.checkpoint(5)), http.StatusForbidden, ""},
		{"signature does not verify", body(0, nil, tampered), http.StatusForbidden, ""},
		{"malformed body", append([]byte("old 0\n"), cp5...), http.StatusBadRequest, ""},
		{"proof with old 0", proofAfterZero, http.StatusBadRequest, ""},
		{"first checkpoint", body(0, nil, cp5), http.StatusOK, ""},
		{"old size 0, witness at 5", body(0, nil, cp8), http.StatusConflict, "5\n"},
		{"old size above the witness's", body(6, lg.proof(8, 6), cp8), http.StatusConflict, "5\n"},
		{"bad consistency proof", body(5, badProof, cp8), http.StatusUnprocessableEntity, ""},
		{"proof for another old size", body(5, lg.proof(8, 4), cp8), http.StatusUnprocessableEntity, ""},
		{"growth", body(5, lg.proof(8, 5), cp8), http.StatusOK, ""},
		{"same checkpoint again", body(8, nil, cp8), http.StatusOK, ""},
		{"same size with a proof", body(8, lg.proof(10, 8)[:1], cp8), http.StatusUnprocessableEntity, ""},
		{"fork at the same size", body(8, nil, forked.checkpoint(8)), http.StatusConflict, ""},
		{"fork grown from the witness's size", body(8, forked.proof(10, 8), forked.checkpoint(10)), http.StatusUnprocessableEntity, ""},
		{"smaller tree, old size the witness's", body(8, nil, cp5), http.StatusBadRequest, ""},
		{"smaller tree, old size its own", body(5, nil, cp5), http.StatusConflict, "8\n"},
		{"growth again", body(8, lg.proof(10, 8), cp10), http.StatusOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.body
			status, ctype, resp := post(t, srv, b)
			if status != tc.status {
				t.Fatalf("status = %d, want %d; body %q", status, tc.status, resp)
			}
			if (ctype == "text/x.tlog.size") != (tc.size != "") || tc.size != "" && resp != tc.size {
				t.Errorf("answer = %s %q, want size %q", ctype, resp, tc.size)
			}
			if status == http.StatusOK {
				checkCosigned(t, b, resp, lg.vkey, w)
			}
		})
	}

	// The state is the last checkpoint, as the log signed it.
	got, err := os.ReadFile(stateDir(dir).path(origin))
	if err != nil || !bytes.Equal(got, cp10) {
		t.Errorf("state file = %q, %v; want %q", got, err, cp10)
	}
	if status, _, _ := get(srv, "/add-checkpoint"); status != http.StatusMethodNotAllowed {
		t.Errorf("GET /add-checkpoint = %d, want 405", status)
	}
	big := append(body(0, nil, cp10), bytes.Repeat([]byte("x"), maxRequestBytes)...)
	if status, _, _ := post(t, srv, big); status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized request = %d, want 413", status)
	}
}

// checkCosigned checks that resp is one cosignature line by w on the
// checkpoint of the request body b.
func checkCosigned(t *testing.T, b []byte, resp, logKey string, w *Cosigner) {
	t.Helper()
	req, err := ParseAddCheckpointRequest(b)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(resp, "\n") != 1 || !strings.HasPrefix(resp, "— "+w.Name()+" ") {
		t.Fatalf("answer = %q, want one signature line of %s", resp, w.Name())
	}
	_, cosigs, err := VerifyCosigned(append(req.Checkpoint, resp...), logKey, []string{w.VerifierKey()}, 1)
	if err != nil || len(cosigs) != 1 {
		t.Fatalf("VerifyCosigned(checkpoint + answer) = %+v, %v", cosigs, err)
	}
}

func get(h http.Handler, path string) (int, string, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.String()
}

func TestStateSurvivesRestart(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	w := testCosigner(t, "witness.example.org/w1", "w1")
	dir := t.TempDir()
	if status, _, resp := post(t, newTestServer(t, w, dir, lg), body(0, nil, lg.checkpoint(7))); status != http.StatusOK {
		t.Fatalf("first checkpoint = %d %q", status, resp)
	}
	srv := newTestServer(t, w, dir, lg) // a new process over the same directory
	if status, _, resp := post(t, srv, body(0, nil, lg.checkpoint(9))); status != http.StatusConflict || resp != "7\n" {
		t.Errorf("after restart, old 0 = %d %q, want 409 \"7\\n\"", status, resp)
	}
	if status, _, resp := post(t, srv, body(7, lg.proof(9, 7), lg.checkpoint(9))); status != http.StatusOK {
		t.Errorf("after restart, growth = %d %q", status, resp)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("state directory holds %d files, want 1 (no temporary files left)", len(entries))
	}
}

// TestConcurrentGrowth races requests that all start from the witness's
// size: one must win and the others must learn its size, never roll it
// back. Run with -race.
func TestConcurrentGrowth(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	lg2 := newTestLog(t, "example.org/log2", "log2 key", "second")
	w := testCosigner(t, "witness.example.org/w1", "w1")
	dir := t.TempDir()
	srv := httptest.NewServer(newTestServer(t, w, dir, lg, lg2))
	defer srv.Close()
	const first, racers = 4, 12
	for _, l := range []*testLog{lg, lg2} {
		if _, err := AddCheckpoint(t.Context(), srv.Client(), srv.URL, 0, nil, l.checkpoint(first)); err != nil {
			t.Fatal(err)
		}
		l.growTo(first + racers)
	}
	type result struct {
		log  *testLog
		size int64
		err  error
	}
	results := make(chan result, 2*racers)
	var wg sync.WaitGroup
	for _, l := range []*testLog{lg, lg2} {
		for i := int64(1); i <= racers; i++ {
			n := first + i
			cp, proof := l.checkpoint(n), l.proof(n, first)
			wg.Go(func() {
				_, err := AddCheckpoint(t.Context(), srv.Client(), srv.URL, first, proof, cp)
				results <- result{l, n, err}
			})
		}
	}
	wg.Wait()
	close(results)
	won := map[*testLog]int64{}
	var lost []result
	for r := range results {
		if r.err == nil {
			if won[r.log] != 0 {
				t.Errorf("%s: two winners, sizes %d and %d", r.log.origin, won[r.log], r.size)
			}
			won[r.log] = r.size
		} else {
			lost = append(lost, r)
		}
	}
	for _, r := range lost {
		ce, ok := r.err.(*ConflictError)
		if !ok || ce.Size != won[r.log] {
			t.Errorf("%s size %d: %v, want a conflict at the winner's size %d", r.log.origin, r.size, r.err, won[r.log])
		}
	}
	for _, l := range []*testLog{lg, lg2} {
		st, err := stateDir(dir).load(l.origin)
		if won[l] == 0 || err != nil || st.Size != won[l] {
			t.Errorf("%s: state at %d (%v), winner %d", l.origin, st.Size, err, won[l])
		}
	}
}

func TestNewServerRefuses(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	w := testCosigner(t, "witness.example.org/w1", "w1")
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		c    Config
	}{
		{"no cosigner", Config{StateDir: dir, LogKeys: []string{lg.vkey}}},
		{"no state directory", Config{Cosigner: w, StateDir: dir + "/missing", LogKeys: []string{lg.vkey}}},
		{"no logs", Config{Cosigner: w, StateDir: dir}},
		{"bad log key", Config{Cosigner: w, StateDir: dir, LogKeys: []string{"example.org/log+00000000+AAAA"}}},
		{"cosignature key as log key", Config{Cosigner: w, StateDir: dir, LogKeys: []string{w.VerifierKey()}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewServer(tc.c); err == nil {
				t.Error("NewServer succeeded")
			}
		})
	}
}

func TestCorruptState(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	dir := t.TempDir()
	srv := newTestServer(t, testCosigner(t, "witness.example.org/w1", "w1"), dir, lg)
	for _, b := range []string{"garbage", "example.org/other\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— x AAAA\n"} {
		if err := os.WriteFile(stateDir(dir).path(origin), []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		if status, _, resp := post(t, srv, body(0, nil, lg.checkpoint(3))); status != http.StatusInternalServerError {
			t.Errorf("state %q: %d %q, want 500", b, status, resp)
		}
	}
}
