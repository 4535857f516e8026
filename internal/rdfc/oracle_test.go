// SPDX-License-Identifier: Apache-2.0

package rdfc

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// randomDataset returns a small dataset rich in blank nodes with few
// distinct predicates and values, half the time doubled by an isomorphic
// copy, so that many nodes share first-degree hashes.
func randomDataset(rng *rand.Rand) []rdf.Quad {
	nodes := 2 + rng.IntN(7)
	term := func(object bool) rdf.Term {
		switch k := rng.IntN(8); {
		case k < 5:
			return rdf.NewBlank("n" + strconv.Itoa(rng.IntN(nodes)))
		case k < 6 || !object:
			return rdf.NewIRI("http://ex/i" + strconv.Itoa(rng.IntN(2)))
		default:
			return rdf.NewLiteral("v"+strconv.Itoa(rng.IntN(2)), "", "")
		}
	}
	seen := map[rdf.Quad]bool{}
	var quads []rdf.Quad
	for range 2 + rng.IntN(15) {
		q := rdf.Quad{Subject: term(false), Predicate: rdf.NewIRI("http://ex/p" + strconv.Itoa(rng.IntN(2))), Object: term(true)}
		if rng.IntN(4) == 0 {
			q.Graph = term(false)
		}
		if !seen[q] && !repeatsBlank(q) {
			seen[q] = true
			quads = append(quads, q)
		}
	}
	if rng.IntN(2) == 0 {
		// Add an isomorphic copy: every blank node gets a twin with the
		// same first-degree hash, so Hash N-Degree Quads must tell them apart.
		twin := func(t rdf.Term) rdf.Term {
			if t.Kind == rdf.Blank {
				t.Value += "t"
			}
			return t
		}
		for _, q := range quads {
			quads = append(quads, rdf.Quad{Subject: twin(q.Subject), Predicate: q.Predicate, Object: twin(q.Object), Graph: twin(q.Graph)})
		}
	}
	return quads
}

// repeatsBlank reports a quad naming one blank node twice. For those,
// json-gold (an older URDNA2015 port) lists the quad once per occurrence
// in the blank node to quads map, where RDFC-1.0 and its reference
// implementation (rdf-canonize) list it once; the hashes then differ.
func repeatsBlank(q rdf.Quad) bool {
	t := []rdf.Term{q.Subject, q.Object, q.Graph}
	for i := range t {
		for j := i + 1; j < len(t); j++ {
			if t[i].Kind == rdf.Blank && t[i] == t[j] {
				return true
			}
		}
	}
	return false
}

// TestOracleRandom compares Canonicalize with json-gold's URDNA2015 (the
// algorithm RDFC-1.0 standardized; they agree on these inputs) on random
// datasets.
func TestOracleRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-implementation check skipped in -short mode")
	}
	rng := rand.New(rand.NewPCG(2024, 5))
	proc := ld.NewJsonLdProcessor()
	deep := 0
	const runs = 3000
	for i := range runs {
		quads := randomDataset(rng)
		text := rdf.Serialize(quads)
		if needsNDegree(t, quads) {
			deep++
		}
		got, err := Canonicalize(quads, nil)
		if err != nil {
			t.Fatalf("Canonicalize(%q): %v", text, err)
		}
		opts := ld.NewJsonLdOptions("")
		opts.Algorithm = ld.AlgorithmURDNA2015
		opts.InputFormat = "application/n-quads"
		opts.Format = "application/n-quads"
		out, err := proc.Normalize(text, opts)
		if err != nil {
			t.Fatalf("json-gold Normalize(%q): %v", text, err)
		}
		if want, _ := out.(string); string(got) != want {
			t.Errorf("dataset %d %q:\ncanonical form differs from json-gold (-gold +ours):\n%s", i, text, cmp.Diff(want, string(got)))
		}
	}
	// The comparison is only worth much if Hash N-Degree Quads ran often.
	if deep < runs/5 {
		t.Errorf("only %d of %d datasets needed Hash N-Degree Quads, want at least a fifth", deep, runs)
	}
	t.Logf("%d of %d datasets needed Hash N-Degree Quads", deep, runs)
}

// needsNDegree reports whether canonicalizing quads runs Hash N-Degree Quads.
func needsNDegree(t *testing.T, quads []rdf.Quad) bool {
	s, err := getState(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer putState(s)
	if err := s.load(quads); err != nil {
		t.Fatal(err)
	}
	if err := s.label(); err != nil {
		t.Fatal(err)
	}
	return s.work > 0
}
