// SPDX-License-Identifier: Apache-2.0

package witness

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// testWitness is a witness served over HTTP on 127.0.0.1.
type testWitness struct {
	Witness
	cosigner *Cosigner
	srv      *httptest.Server
	requests atomic.Int32
}

func startWitness(t *testing.T, name string, logs ...*testLog) *testWitness {
	t.Helper()
	c := testCosigner(t, name, name)
	h := newTestServer(t, c, t.TempDir(), logs...)
	tw := &testWitness{cosigner: c}
	tw.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw.requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(tw.srv.Close)
	tw.Witness = Witness{Name: name, URL: tw.srv.URL + "/", VerifierKey: c.VerifierKey()}
	return tw
}

func TestCosign(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	fresh := startWitness(t, "witness.example.org/fresh", lg)
	behind := startWitness(t, "witness.example.org/behind", lg)
	down := startWitness(t, "witness.example.org/down", lg)
	down.srv.Close()
	// behind cosigned size 5 already; the log does not remember it.
	if _, err := AddCheckpoint(t.Context(), http.DefaultClient, behind.URL, 0, nil, lg.checkpoint(5)); err != nil {
		t.Fatal(err)
	}
	behind.requests.Store(0)
	ws := []Witness{fresh.Witness, behind.Witness, down.Witness}
	keys := []string{fresh.VerifierKey, behind.VerifierKey, down.VerifierKey}
	cp := lg.checkpoint(9)

	cosigned, got, err := Cosign(t.Context(), http.DefaultClient, ws, 2, nil, lg.prover(9), cp)
	if err != nil || got != 2 {
		t.Fatalf("Cosign = %d, %v; want 2 cosignatures", got, err)
	}
	if n := behind.requests.Load(); n != 2 {
		t.Errorf("the witness behind got %d requests, want 2 (a 409, then a retry from its size)", n)
	}
	if !bytes.HasPrefix(cosigned, cp) {
		t.Errorf("cosigned note does not start with the log's checkpoint:\n%s", cosigned)
	}
	c, cosigs, err := VerifyCosigned(cosigned, lg.vkey, keys, 2)
	if err != nil || c.Size != 9 || len(cosigs) != 2 || cosigs[0].Name != fresh.Name || cosigs[1].Name != behind.Name {
		t.Fatalf("VerifyCosigned = %+v, %+v, %v", c, cosigs, err)
	}
	// 2 of 3 is not 3 of 3, but the checkpoint and who cosigned come back.
	_, cosigs, err = VerifyCosigned(cosigned, lg.vkey, keys, 3)
	var te *ThresholdError
	if !errors.As(err, &te) || te.Got != 2 || te.Want != 3 || len(cosigs) != 2 {
		t.Errorf("VerifyCosigned(threshold 3) = %d, %v; want a ThresholdError 2 of 3", len(cosigs), err)
	}

	// Asking for all three fails, naming the witness that is down.
	_, got, err = Cosign(t.Context(), http.DefaultClient, ws, 3, nil, lg.prover(10), lg.checkpoint(10))
	if !errors.As(err, &te) || got != 2 || te.Got != 2 || !strings.Contains(err.Error(), down.Name) {
		t.Errorf("Cosign(threshold 3) = %d, %v; want a ThresholdError naming %s", got, err, down.Name)
	}

	// A log that remembers the sizes sends one request a witness.
	fresh.requests.Store(0)
	behind.requests.Store(0)
	sizes := func(Witness) int64 { return 10 }
	_, got, err = Cosign(t.Context(), http.DefaultClient, ws[:2], 2, sizes, lg.prover(12), lg.checkpoint(12))
	if err != nil || got != 2 || fresh.requests.Load() != 1 || behind.requests.Load() != 1 {
		t.Errorf("Cosign with known sizes = %d, %v, requests %d and %d; want 2 cosignatures in 2 requests",
			got, err, fresh.requests.Load(), behind.requests.Load())
	}
}

func TestCosignRefusals(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	forked := newTestLog(t, origin, "log key", "fork")
	w := startWitness(t, "witness.example.org/w1", lg)
	if _, err := AddCheckpoint(t.Context(), http.DefaultClient, w.URL, 0, nil, lg.checkpoint(10)); err != nil {
		t.Fatal(err)
	}
	ws := []Witness{w.Witness}

	// The witness has seen a bigger tree than this checkpoint: no retry.
	w.requests.Store(0)
	_, got, err := Cosign(t.Context(), http.DefaultClient, ws, 1, nil, lg.prover(8), lg.checkpoint(8))
	var ce *ConflictError
	if got != 0 || !errors.As(err, &ce) || ce.Size != 10 || w.requests.Load() != 1 {
		t.Errorf("Cosign(older checkpoint) = %d, %v after %d requests; want a ConflictError at 10 after 1", got, err, w.requests.Load())
	}
	// A fork at the witness's size is a 409 without a size.
	_, err = AddCheckpoint(t.Context(), http.DefaultClient, w.URL, 10, nil, forked.checkpoint(10))
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusConflict || errors.As(err, &ce) {
		t.Errorf("AddCheckpoint(fork) = %v, want a StatusError 409", err)
	}
	// A log the witness does not follow.
	_, err = AddCheckpoint(t.Context(), http.DefaultClient, w.URL, 0, nil, newTestLog(t, "example.org/other", "k", "").checkpoint(2))
	if !errors.As(err, &se) || se.Code != http.StatusNotFound {
		t.Errorf("AddCheckpoint(unknown log) = %v, want a StatusError 404", err)
	}
	// Bad configuration is refused before any request.
	if _, _, err := Cosign(t.Context(), http.DefaultClient, ws, 2, nil, lg.prover(12), lg.checkpoint(12)); err == nil {
		t.Error("Cosign accepted a threshold above the number of witnesses")
	}
	bad := []Witness{{Name: "bad", URL: w.URL, VerifierKey: lg.vkey}}
	if _, _, err := Cosign(t.Context(), http.DefaultClient, bad, 1, nil, lg.prover(12), lg.checkpoint(12)); err == nil {
		t.Error("Cosign accepted a log key as a witness key")
	}
}

// TestCosignChecksAnswers has witnesses that answer 200 with something
// other than their own valid cosignature.
func TestCosignChecksAnswers(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	w := testCosigner(t, "witness.example.org/w1", "w1")
	impostor := testCosigner(t, "witness.example.org/w1", "not w1") // same name, other key
	cp, otherCP := lg.checkpoint(4), lg.checkpoint(5)
	sigLine := func(s *Cosigner, text []byte) string {
		n, err := note.Open(text, note.VerifierList(mustVerifierFromSigner(t, lg)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := note.Sign(&note.Note{Text: n.Text}, s)
		if err != nil {
			t.Fatal(err)
		}
		return string(b[len(n.Text)+1:])
	}
	own := sigLine(w, cp)
	for _, tc := range []struct {
		name, answer string
		ok           bool
	}{
		{"own cosignature", own, true},
		{"own cosignature among unknown ones", sigLine(impostor, cp) + own, true},
		{"another key of the same name", sigLine(impostor, cp), false},
		{"cosignature of another checkpoint", sigLine(w, otherCP), false},
		{"not signature lines", "hello\n", false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				rw.Write([]byte(tc.answer))
			}))
			defer srv.Close()
			ws := []Witness{{Name: "w1", URL: srv.URL, VerifierKey: w.VerifierKey()}}
			cosigned, got, err := Cosign(t.Context(), srv.Client(), ws, 1, nil, lg.prover(4), cp)
			if (err == nil) != tc.ok || (got == 1) != tc.ok {
				t.Fatalf("Cosign = %d, %v; want ok=%v", got, err, tc.ok)
			}
			if tc.ok && string(cosigned) != string(cp)+own {
				t.Errorf("cosigned note =\n%s\nwant the checkpoint and the witness's line only", cosigned)
			}
		})
	}
	// A line already in the checkpoint is not added twice.
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { rw.Write([]byte(own)) }))
	defer srv.Close()
	ws := []Witness{{Name: "w1", URL: srv.URL, VerifierKey: w.VerifierKey()}}
	twice, _, err := Cosign(t.Context(), srv.Client(), ws, 1, nil, lg.prover(4), append(append([]byte{}, cp...), own...))
	if err != nil || strings.Count(string(twice), w.Name()) != 1 {
		t.Errorf("Cosign(already cosigned) = %v:\n%s", err, twice)
	}
}

func mustVerifierFromSigner(t *testing.T, l *testLog) note.Verifier {
	t.Helper()
	v, err := note.NewVerifier(l.vkey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerifyCosignedRefuses(t *testing.T) {
	lg := newTestLog(t, origin, "log key", "main")
	other := newTestLog(t, "example.org/other", "other key", "")
	w := testCosigner(t, "witness.example.org/w1", "w1")
	cp := lg.checkpoint(3)
	n, err := note.Open(cp, note.VerifierList(mustVerifierFromSigner(t, lg)))
	if err != nil {
		t.Fatal(err)
	}
	onlyCosig, err := note.Sign(&note.Note{Text: n.Text}, w)
	if err != nil {
		t.Fatal(err)
	}
	cosigned, err := note.Sign(n, w)
	if err != nil {
		t.Fatal(err)
	}
	badCosig := bytes.Replace(cosigned, []byte("\n3\n"), []byte("\n4\n"), 1)
	for _, tc := range []struct {
		name, logKey string
		note         []byte
		keys         []string
		threshold    int
	}{
		{"no log signature", lg.vkey, onlyCosig, []string{w.VerifierKey()}, 1},
		{"another log's key", other.vkey, cosigned, []string{w.VerifierKey()}, 1},
		{"text changed", lg.vkey, badCosig, []string{w.VerifierKey()}, 1},
		{"threshold above witnesses", lg.vkey, cosigned, []string{w.VerifierKey()}, 2},
		{"negative threshold", lg.vkey, cosigned, nil, -1},
		{"log key as witness key", lg.vkey, cosigned, []string{lg.vkey}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if c, cs, err := VerifyCosigned(tc.note, tc.logKey, tc.keys, tc.threshold); err == nil {
				t.Errorf("VerifyCosigned = %+v, %+v, want an error", c, cs)
			}
		})
	}
	// Duplicate witness keys count once; no witnesses and threshold 0 is
	// plain log verification.
	_, cs, err := VerifyCosigned(cosigned, lg.vkey, []string{w.VerifierKey(), w.VerifierKey()}, 1)
	if err != nil || len(cs) != 1 {
		t.Errorf("VerifyCosigned(duplicate keys) = %+v, %v", cs, err)
	}
	if c, _, err := VerifyCosigned(cp, lg.vkey, nil, 0); err != nil || c.Size != 3 {
		t.Errorf("VerifyCosigned(no witnesses) = %+v, %v", c, err)
	}
}
