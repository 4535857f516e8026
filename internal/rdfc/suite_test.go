// SPDX-License-Identifier: Apache-2.0

package rdfc

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// suiteDir holds the W3C RDFC-1.0 test suite (w3c/rdf-canon, tests/).
const suiteDir = "../../testdata/rdf-canon"

type manifestEntry struct {
	ID            string `json:"id"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Action        string `json:"action"`
	Result        string `json:"result"`
	HashAlgorithm string `json:"hashAlgorithm"`
}

func readManifest(t *testing.T) []manifestEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(suiteDir, "manifest.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Entries []manifestEntry `json:"entries"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.jsonld: %v", err)
	}
	return m.Entries
}

func readSuiteFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestW3CSuite runs every entry of the RDFC-1.0 manifest.
func TestW3CSuite(t *testing.T) {
	entries := readManifest(t)
	if len(entries) != 86 {
		t.Errorf("manifest has %d entries, want 86", len(entries))
	}
	for _, e := range entries {
		t.Run(strings.TrimPrefix(e.ID, "#"), func(t *testing.T) {
			t.Parallel()
			runSuiteEntry(t, e)
		})
	}
}

func runSuiteEntry(t *testing.T, e manifestEntry) {
	quads, err := rdf.ParseNQuads(readSuiteFile(t, e.Action))
	if err != nil {
		t.Fatalf("ParseNQuads(%s): %v", e.Action, err)
	}
	opts := &Options{}
	switch e.HashAlgorithm {
	case "", "SHA256":
	case "SHA384":
		opts.HashAlgorithm = SHA384
	default:
		t.Fatalf("unknown hashAlgorithm %q", e.HashAlgorithm)
	}
	switch e.Type {
	case "rdfc:RDFC10EvalTest":
		got, err := Canonicalize(quads, opts)
		if err != nil {
			t.Fatalf("Canonicalize(%s): %v", e.Action, err)
		}
		if want := readSuiteFile(t, e.Result); string(got) != want {
			t.Errorf("Canonicalize(%s) mismatch (-want +got):\n%s", e.Action, cmp.Diff(want, string(got)))
		}
	case "rdfc:RDFC10MapTest":
		got, err := IssuedIdentifiers(quads, opts)
		if err != nil {
			t.Fatalf("IssuedIdentifiers(%s): %v", e.Action, err)
		}
		var want map[string]string
		if err := json.Unmarshal([]byte(readSuiteFile(t, e.Result)), &want); err != nil {
			t.Fatalf("%s: %v", e.Result, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("IssuedIdentifiers(%s) mismatch (-want +got):\n%s", e.Action, diff)
		}
	case "rdfc:RDFC10NegativeEvalTest":
		start := time.Now()
		got, err := Canonicalize(quads, opts)
		if !errors.Is(err, ErrPoisonGraph) {
			t.Fatalf("Canonicalize(%s) = %d bytes, %v; want ErrPoisonGraph", e.Action, len(got), err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Canonicalize(%s) took %v to give up, want under 2s", e.Action, d)
		}
	default:
		t.Fatalf("unknown test type %q", e.Type)
	}
}
