// SPDX-License-Identifier: Apache-2.0

// Package rdfc implements RDF Dataset Canonicalization RDFC-1.0
// (https://www.w3.org/TR/rdf-canon/), the step that turns the quads of a
// JSON-LD document into the bytes a Data Integrity proof (eddsa-rdfc-2022)
// signs.
//
// The algorithm gives every blank node a canonical label c14n0, c14n1, … that
// depends only on the shape of the dataset, never on the input labels:
//
//   - Each blank node gets a first-degree hash over the quads it appears in,
//     serialized with itself as _:a and every other blank node as _:z (§4.6).
//   - Nodes whose first-degree hash is unique are labelled in hash order.
//   - The rest are told apart by Hash N-Degree Quads (§4.8), which explores
//     every permutation of related nodes; it is exponential in the worst case,
//     so the work is bounded by [Options.MaxDeepIterations] and exceeding it
//     returns [ErrPoisonGraph] (§6, "dataset poisoning").
//
// The result is the dataset in canonical N-Quads form with duplicate quads
// removed, one quad per line, lines sorted in code point order.
package rdfc

import (
	"errors"
	"strconv"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// HashAlgorithm selects the hash function of RDFC-1.0 (§4.4, "hash algorithm").
type HashAlgorithm int

const (
	// SHA256 is the default hash algorithm.
	SHA256 HashAlgorithm = iota
	// SHA384 is SHA-384, used by test075 of the W3C suite and some cryptosuites.
	SHA384
)

// String returns the algorithm's name as the W3C test manifest spells it.
func (h HashAlgorithm) String() string {
	switch h {
	case SHA256:
		return "SHA256"
	case SHA384:
		return "SHA384"
	}
	return "HashAlgorithm(" + strconv.Itoa(int(h)) + ")"
}

// DefaultMaxDeepIterations is the work limit used when
// [Options.MaxDeepIterations] is 0. It lets through the positive "poison"
// tests of the W3C suite (under 6,000 steps) and a JSON-LD list of 64 equal
// values (about 19,000; a list costs about 5n² steps), and stops the
// 10-node clique of test074 within milliseconds. Credentials whose blank
// nodes all have distinct first-degree hashes take no steps at all.
const DefaultMaxDeepIterations = 1 << 15

// Options tune [Canonicalize] and [IssuedIdentifiers]. The zero value (or a
// nil *Options) means SHA-256 and the default work limit.
type Options struct {
	HashAlgorithm HashAlgorithm
	// MaxDeepIterations bounds Hash N-Degree Quads work (poison-graph guard):
	// the number of calls to the algorithm, related nodes it hashes and
	// permutations it tries, summed over the whole run.
	// 0 means DefaultMaxDeepIterations.
	MaxDeepIterations int
}

// ErrPoisonGraph is returned when canonicalizing would take more than
// [Options.MaxDeepIterations] steps of Hash N-Degree Quads, as crafted
// datasets (cliques of blank nodes) can make it take exponential time.
var ErrPoisonGraph = errors.New("rdfc: dataset too complex to canonicalize (poison graph)")

// ErrInvalidQuad is wrapped by the error returned for a quad that is not RDF:
// a subject that is not an IRI or blank node, a predicate that is not an IRI,
// a missing object, or a literal graph name.
var ErrInvalidQuad = errors.New("rdfc: invalid quad")

// Canonicalize returns the canonical N-Quads document of the dataset: each
// quad with its blank nodes relabelled (c14n0, c14n1, …), serialized in
// canonical form and ending in "\n", duplicates removed, lines sorted in code
// point order. An empty dataset gives an empty (non-nil) document.
//
// It returns [ErrPoisonGraph] when the work limit is hit and an error wrapping
// [ErrInvalidQuad] for a malformed quad.
func Canonicalize(quads []rdf.Quad, opts *Options) ([]byte, error) {
	out, _, err := canonicalize(quads, opts, false)
	return out, err
}

// IssuedIdentifiers returns the issued identifiers map of RDFC-1.0 (§4.4.3
// step 7): input blank node label (without "_:") to canonical label ("c14n0",
// …). It returns the same errors as [Canonicalize].
func IssuedIdentifiers(quads []rdf.Quad, opts *Options) (map[string]string, error) {
	_, m, err := canonicalize(quads, opts, true)
	return m, err
}

func canonicalize(quads []rdf.Quad, opts *Options, wantMap bool) ([]byte, map[string]string, error) {
	s, err := getState(opts)
	if err != nil {
		return nil, nil, err
	}
	defer putState(s)
	if err := s.load(quads); err != nil {
		return nil, nil, err
	}
	if err := s.label(); err != nil {
		return nil, nil, err
	}
	out, dup := s.document()
	if dup {
		// Rare: the input repeats a quad. A dataset is a set, so drop the
		// repeats and start over, as they also changed the hashes.
		return canonicalize(s.dedupe(quads), opts, wantMap)
	}
	var m map[string]string
	if wantMap {
		m = s.issuedMap()
	}
	return out, m, nil
}
