// SPDX-License-Identifier: Apache-2.0

package logaudit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/akashi-badges/akashi/internal/logaudit/logtest"
	"github.com/akashi-badges/akashi/internal/tlog"
)

func audit(t *testing.T, base string, opts Options) *Result {
	t.Helper()
	res, err := Audit(context.Background(), nil, base, opts)
	if err != nil {
		t.Fatalf("Audit(%s) = %v", base, err)
	}
	return res
}

func codes(r *Result) []string {
	var out []string
	for _, f := range r.Findings {
		if !slices.Contains(out, f.Code) {
			out = append(out, f.Code)
		}
	}
	return out
}

func TestCleanLogs(t *testing.T) {
	for _, n := range []int{0, 1, 255, 256, 257, 1000, 65536 + 300} {
		if n > 1000 && testing.Short() {
			continue
		}
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			l := logtest.Build(t, 1, n, "")
			res := audit(t, l.URL(t), Options{LogKey: l.VKey})
			if !res.Clean() {
				t.Fatalf("findings: %+v", res.Findings)
			}
			if res.Size != int64(n) || res.Origin != logtest.Origin || !bytes.Equal(res.Checkpoint, l.Checkpoint()) || !res.KeyPinned {
				t.Errorf("result = %+v", res)
			}
			var total int64
			for _, k := range logtest.Kinds {
				total += res.Kinds[k]
			}
			if total != int64(n) || (n >= 5 && res.Kinds[tlog.KindOB3JWT] != int64((n+3)/5)) {
				t.Errorf("kinds = %v for %d leaves", res.Kinds, n)
			}
			// The same log, remembered at a smaller size, grown since.
			if n > 0 {
				old := logtest.Build(t, 1, n/2, "").Checkpoint()
				res := audit(t, l.URL(t)+"/log/", Options{Previous: old})
				if !res.Clean() || res.PreviousSize != int64(n/2) || res.KeyPinned || len(res.Notes) == 0 {
					t.Errorf("audit from size %d: %+v", n/2, res)
				}
			}
		})
	}
}

// A dishonest log is caught, and by the right check.
func TestDishonestLogs(t *testing.T) {
	const n = 600
	honest := logtest.Build(t, 1, n, "")
	tests := []struct {
		name string
		log  func(t *testing.T) *logtest.Log
		opts func(t *testing.T) Options
		want []string // finding codes, in order of first appearance
	}{{
		name: "flipped byte in a stored leaf",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			b := logtest.Leaf(300, "")
			b[len(b)-2] ^= 1 // a digest hex digit: still a leaf
			l.SetLeaf(300, b)
			return l
		},
		want: []string{CodeRootMismatch, CodeEntryHash},
	}, {
		name: "flipped byte makes a leaf unparseable",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			b := logtest.Leaf(7, "")
			b[0] ^= 1
			l.SetLeaf(7, b)
			return l
		},
		want: []string{CodeLeafUnparseable, CodeRootMismatch, CodeEntryHash},
	}, {
		name: "dropped leaf, same checkpoint",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.New(t, 1)
			for i := range n {
				if i != 100 {
					l.Append(t, logtest.Leaf(i, ""))
				}
			}
			l.SetCheckpoint(honest.Checkpoint())
			return l
		},
		want: []string{CodeFetch},
	}, {
		name: "entry bundle missing one entry",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			l.Tamper(func(p string, b []byte) []byte {
				if p == "tile/entries/001" {
					return b[2+len(logtest.Leaf(256, "")):]
				}
				return b
			})
			return l
		},
		want: []string{CodeEntryBundle},
	}, {
		name: "level-0 hash tile tampered",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			l.Tamper(flipIn("tile/0/001"))
			return l
		},
		want: []string{CodeTileMismatch},
	}, {
		name: "partial level-0 hash tile tampered",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			l.Tamper(flipIn("tile/0/002.p/88"))
			return l
		},
		want: []string{CodeTileMismatch},
	}, {
		name: "level-1 hash tile tampered",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			l.Tamper(flipIn("tile/1/000.p/2"))
			return l
		},
		want: []string{CodeTileMismatch},
	}, {
		name: "hash tile cut short",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			l.Tamper(func(p string, b []byte) []byte {
				if p == "tile/1/000.p/2" {
					return b[:32]
				}
				return b
			})
			return l
		},
		want: []string{CodeTileMismatch},
	}, {
		name: "hash tile not served",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			l.Tamper(func(p string, b []byte) []byte {
				if p == "tile/0/000" {
					return nil
				}
				return b
			})
			return l
		},
		want: []string{CodeFetch},
	}, {
		name: "checkpoint signed by another key",
		log: func(t *testing.T) *logtest.Log {
			return logtest.Build(t, 2, n, "")
		},
		opts: func(t *testing.T) Options { return Options{LogKey: honest.VKey} },
		want: []string{CodeSignature},
	}, {
		name: "rewritten history",
		log: func(t *testing.T) *logtest.Log {
			return logtest.Build(t, 1, n+10, "forged")
		},
		opts: func(t *testing.T) Options { return Options{Previous: honest.Checkpoint()} },
		want: []string{CodeInconsistent},
	}, {
		name: "rewritten history, same size",
		log: func(t *testing.T) *logtest.Log {
			return logtest.Build(t, 1, n, "forged")
		},
		opts: func(t *testing.T) Options { return Options{Previous: honest.Checkpoint()} },
		want: []string{CodeInconsistent},
	}, {
		name: "rewritten history under a new key",
		log: func(t *testing.T) *logtest.Log {
			return logtest.Build(t, 3, n+10, "forged")
		},
		opts: func(t *testing.T) Options { return Options{Previous: honest.Checkpoint()} },
		want: []string{CodeSignature},
	}, {
		name: "shrank",
		log: func(t *testing.T) *logtest.Log {
			return logtest.Build(t, 1, n-1, "")
		},
		opts: func(t *testing.T) Options { return Options{Previous: honest.Checkpoint()} },
		want: []string{CodeShrank},
	}, {
		name: "checkpoint root is not the leaves'",
		log: func(t *testing.T) *logtest.Log {
			l := logtest.Build(t, 1, n, "")
			forged := logtest.Build(t, 1, n, "forged")
			l.SetCheckpoint(forged.Checkpoint())
			return l
		},
		want: []string{CodeRootMismatch},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.log(t)
			opts := Options{LogKey: honest.VKey}
			if tt.opts != nil {
				opts = tt.opts(t)
			}
			res := audit(t, l.URL(t), opts)
			if got := codes(res); !slices.Equal(got, tt.want) {
				t.Errorf("finding codes = %v, want %v\n%+v", got, tt.want, res.Findings)
			}
		})
	}
}

// flipIn flips one bit of the response at path.
func flipIn(path string) func(string, []byte) []byte {
	return func(p string, b []byte) []byte {
		if p == path {
			b = bytes.Clone(b)
			b[len(b)/2] ^= 1
		}
		return b
	}
}

// A log that rewrites every leaf yields a bounded list of findings.
func TestFindingsBounded(t *testing.T) {
	l := logtest.Build(t, 1, 1000, "")
	for i := range 1000 {
		b := logtest.Leaf(i, "")
		b[0] ^= 1
		l.SetLeaf(i, b)
	}
	res := audit(t, l.URL(t), Options{LogKey: l.VKey})
	if len(res.Findings) > 4*maxShown {
		t.Errorf("%d findings", len(res.Findings))
	}
	last := res.Findings[len(res.Findings)-1]
	if !strings.Contains(last.Message, "more") {
		t.Errorf("last finding = %+v, want a count of those not shown", last)
	}
}

func TestWitnesses(t *testing.T) {
	l := logtest.Build(t, 1, 10, "")
	w1, wk1 := witness(t, "witness1.example", 1)
	_, wk2 := witness(t, "witness2.example", 2)
	// The log's checkpoint with witness 1's signature added.
	n, err := note.Open(l.Checkpoint(), note.VerifierList(mustVerifier(t, l.VKey)))
	if err != nil {
		t.Fatal(err)
	}
	cosigned, err := note.Sign(n, l.Signer, w1)
	if err != nil {
		t.Fatal(err)
	}
	l.SetCheckpoint(cosigned)
	for _, tt := range []struct {
		keys      []string
		threshold int
		clean     bool
	}{
		{[]string{wk1}, 1, true},
		{[]string{wk1, wk2}, 1, true},
		{[]string{wk1, wk2}, 2, false},
		{[]string{wk2}, 1, false},
	} {
		res := audit(t, l.URL(t), Options{LogKey: l.VKey, WitnessKeys: tt.keys, Threshold: tt.threshold})
		if res.Clean() != tt.clean || (!tt.clean && codes(res)[0] != CodeWitness) {
			t.Errorf("%d keys, threshold %d: %+v", len(tt.keys), tt.threshold, res.Findings)
		}
	}
	if _, err := Audit(context.Background(), nil, l.URL(t), Options{WitnessKeys: []string{"nonsense"}, Threshold: 1}); err == nil {
		t.Error("a bad witness key was accepted")
	}
}

func witness(t *testing.T, name string, seed byte) (note.Signer, string) {
	t.Helper()
	s := sha256.Sum256([]byte{seed})
	sg, vkey, err := tlog.NewSigner(name, ed25519.NewKeyFromSeed(s[:]))
	if err != nil {
		t.Fatal(err)
	}
	return sg, vkey
}

func mustVerifier(t *testing.T, vkey string) note.Verifier {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Failures to audit are errors, not findings.
func TestAuditErrors(t *testing.T) {
	l := logtest.Build(t, 1, 10, "")
	for _, tt := range []struct {
		name, base string
		opts       Options
	}{
		{"not a URL", "log.example", Options{}},
		{"query", l.URL(t) + "?x=1", Options{}},
		{"bad pinned key", l.URL(t), Options{LogKey: "nonsense"}},
		{"no log there", l.URL(t) + "/elsewhere", Options{}},
	} {
		if res, err := Audit(context.Background(), nil, tt.base, tt.opts); err == nil {
			t.Errorf("%s: Audit = %+v, want an error", tt.name, res)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Audit(ctx, nil, l.URL(t), Options{}); err == nil {
		t.Error("Audit with a cancelled context succeeded")
	}
}

func TestLogURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://badges.example":            "https://badges.example/log",
		"https://badges.example/":           "https://badges.example/log",
		"https://badges.example/log":        "https://badges.example/log",
		"https://badges.example/log/":       "https://badges.example/log",
		"https://host.example/akashi/":      "https://host.example/akashi/log",
		"http://127.0.0.1:8080/akashi/log/": "http://127.0.0.1:8080/akashi/log",
	} {
		if got, err := LogURL(in); err != nil || got != want {
			t.Errorf("LogURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestSplitBundle(t *testing.T) {
	entries := [][]byte{[]byte("a"), {}, bytes.Repeat([]byte("x"), 300)}
	b, _ := tlog.EntryBundle(entries)
	got, err := splitBundle(b)
	if err != nil || len(got) != 3 || !bytes.Equal(got[2], entries[2]) {
		t.Fatalf("splitBundle = %q, %v", got, err)
	}
	for i := 1; i < len(b); i++ {
		if got, err := splitBundle(b[:i]); err == nil && len(got) == 3 {
			t.Errorf("splitBundle(first %d bytes) = 3 entries", i)
		}
	}
	if _, err := splitBundle(b[:len(b)-1]); err == nil {
		t.Error("a truncated bundle split")
	}
}
