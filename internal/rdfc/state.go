// SPDX-License-Identifier: Apache-2.0

package rdfc

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// digest holds a hash value. SHA-256 values are zero-padded: all values of
// one run have the same length, so comparing whole arrays orders them as
// the spec orders their hex strings.
type digest [sha512.Size384]byte

// span is a byte range of one of the state's buffers.
type span struct{ start, end int }

// Positions of a term in a quad.
const (
	posS = 0
	posP = 1
	posO = 2
	posG = 3
)

// cquad is an input quad made ready for hashing: non-blank terms are
// serialized once into state.terms, blank nodes are replaced by their number.
type cquad struct {
	term  [4]span
	node  [4]int32 // blank node number at each position, or -1
	graph bool     // false in the default graph
	// line is the whole quad in canonical form, valid when it has no
	// blank node: most quads of a credential need no further work.
	line span
}

func (c *cquad) ground() bool {
	return c.node[posS] < 0 && c.node[posO] < 0 && c.node[posG] < 0
}

// state is one run of the algorithm. States are pooled so the buffers are
// reused from one credential to the next.
type state struct {
	alg   HashAlgorithm
	limit int
	work  int // Hash N-Degree Quads steps so far, see Options.MaxDeepIterations

	ids    map[string]int32 // input label -> node number, in order of appearance
	labels []string         // node number -> input label
	quads  []cquad
	terms  []byte

	// The blank node to quads map (§4.4.3 step 2) as one array: the quads
	// of node n are qlist[first[n]:first[n+1]], in input order.
	first []int32
	qlist []int32

	fdh   []digest // first-degree hash of each node
	canon []int32  // canonical number of each node, -1 until issued
	next  int32    // next canonical number to issue
	order []int32  // scratch: nodes sorted by first-degree hash

	line  []byte // scratch: serialized lines
	spans []span // scratch: lines in line
	hbuf  []byte // scratch: bytes to hash
}

var statePool = sync.Pool{New: func() any {
	return &state{ids: make(map[string]int32)}
}}

// Above these sizes a state is dropped rather than pooled, so one huge
// dataset does not pin its buffers for the life of the process.
const (
	maxPooledBytes = 1 << 20
	maxPooledNodes = 1 << 12
)

func getState(opts *Options) (*state, error) {
	alg, limit := SHA256, DefaultMaxDeepIterations
	if opts != nil {
		alg = opts.HashAlgorithm
		if opts.MaxDeepIterations > 0 {
			limit = opts.MaxDeepIterations
		}
		if opts.MaxDeepIterations < 0 {
			return nil, fmt.Errorf("rdfc: negative MaxDeepIterations %d", opts.MaxDeepIterations)
		}
	}
	if alg != SHA256 && alg != SHA384 {
		return nil, fmt.Errorf("rdfc: unknown hash algorithm %v", alg)
	}
	s := statePool.Get().(*state)
	s.alg, s.limit, s.work, s.next = alg, limit, 0, 0
	return s, nil
}

func putState(s *state) {
	if cap(s.terms) > maxPooledBytes || cap(s.line) > maxPooledBytes || len(s.labels) > maxPooledNodes {
		return
	}
	clear(s.ids)
	clear(s.labels) // drop references to the caller's strings
	s.labels = s.labels[:0]
	s.quads = s.quads[:0]
	s.terms = s.terms[:0]
	statePool.Put(s)
}

// load numbers the blank nodes, serializes the other terms and builds the
// blank node to quads map.
func (s *state) load(in []rdf.Quad) error {
	for i := range in {
		q := &in[i]
		if err := checkQuad(q); err != nil {
			return fmt.Errorf("%w %d: %v", ErrInvalidQuad, i, err)
		}
		s.quads = append(s.quads, cquad{})
		s.prepare(&s.quads[len(s.quads)-1], q)
	}
	s.buildQuadLists()
	return nil
}

func checkQuad(q *rdf.Quad) error {
	switch {
	case q.Subject.Kind != rdf.IRI && q.Subject.Kind != rdf.Blank:
		return fmt.Errorf("subject %s is not an IRI or blank node", q.Subject)
	case q.Predicate.Kind != rdf.IRI:
		return fmt.Errorf("predicate %s is not an IRI", q.Predicate)
	case q.Object.Kind == rdf.None:
		return fmt.Errorf("missing object")
	case q.Object.Kind > rdf.Literal:
		return fmt.Errorf("object of unknown kind %d", q.Object.Kind)
	case q.Graph.Kind == rdf.Literal || q.Graph.Kind > rdf.Literal:
		return fmt.Errorf("graph name %s is not an IRI or blank node", q.Graph)
	}
	return nil
}

// prepare serializes q into s.terms as a canonical line in which blank
// nodes are left out, recording where each term is.
func (s *state) prepare(c *cquad, q *rdf.Quad) {
	c.graph = q.Graph.Kind != rdf.None
	start := len(s.terms)
	s.addTerm(c, posS, &q.Subject)
	s.terms = append(s.terms, ' ')
	s.addTerm(c, posP, &q.Predicate)
	s.terms = append(s.terms, ' ')
	s.addTerm(c, posO, &q.Object)
	if c.graph {
		s.terms = append(s.terms, ' ')
		s.addTerm(c, posG, &q.Graph)
	} else {
		c.node[posG] = -1
	}
	s.terms = append(s.terms, " .\n"...)
	c.line = span{start, len(s.terms)}
}

func (s *state) addTerm(c *cquad, pos int, t *rdf.Term) {
	if t.Kind == rdf.Blank {
		n, ok := s.ids[t.Value]
		if !ok {
			n = int32(len(s.labels))
			s.ids[t.Value] = n
			s.labels = append(s.labels, t.Value)
		}
		c.node[pos] = n
		return
	}
	c.node[pos] = -1
	start := len(s.terms)
	s.terms = rdf.AppendTerm(s.terms, *t)
	c.term[pos] = span{start, len(s.terms)}
}

// quadNodes returns the distinct blank nodes of q (a quad is listed once
// per node even when the node fills two positions), -1 for unused slots.
func quadNodes(q *cquad) [3]int32 {
	s, o, g := q.node[posS], q.node[posO], q.node[posG]
	if o == s {
		o = -1
	}
	if g == s || g == o {
		g = -1
	}
	return [3]int32{s, o, g}
}

func (s *state) buildQuadLists() {
	n := len(s.labels)
	s.first = resize(s.first, n+1)
	clear(s.first)
	total := 0
	for i := range s.quads {
		for _, m := range quadNodes(&s.quads[i]) {
			if m >= 0 {
				s.first[m+1]++
				total++
			}
		}
	}
	for i := 1; i <= n; i++ {
		s.first[i] += s.first[i-1]
	}
	s.qlist = resize(s.qlist, total)
	// Fill using first[m] as a cursor, then shift the cursors back.
	for i := range s.quads {
		for _, m := range quadNodes(&s.quads[i]) {
			if m >= 0 {
				s.qlist[s.first[m]] = int32(i)
				s.first[m]++
			}
		}
	}
	copy(s.first[1:], s.first[:n])
	s.first[0] = 0
}

func resize[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

func (s *state) sum(b []byte) digest {
	if s.alg == SHA384 {
		return digest(sha512.Sum384(b))
	}
	var d digest
	h := sha256.Sum256(b)
	copy(d[:], h[:])
	return d
}

func (s *state) appendHex(b []byte, d *digest) []byte {
	n := sha256.Size
	if s.alg == SHA384 {
		n = sha512.Size384
	}
	return hex.AppendEncode(b, d[:n])
}

// canonical, passed to appendLine as self, asks for canonical labels.
const canonical = -1

// appendLine appends quad q as an N-Quads line. With self >= 0 it is the
// form hashed by Hash First Degree Quads: node self is _:a, others _:z.
func (s *state) appendLine(b []byte, q *cquad, self int32) []byte {
	for pos := range 4 {
		n := q.node[pos]
		if pos == posG && !q.graph {
			break
		}
		if pos > 0 {
			b = append(b, ' ')
		}
		switch {
		case n < 0:
			b = append(b, s.terms[q.term[pos].start:q.term[pos].end]...)
		case self == canonical:
			b = append(b, "_:c14n"...)
			b = strconv.AppendInt(b, int64(s.canon[n]), 10)
		case n == self:
			b = append(b, "_:a"...)
		default:
			b = append(b, "_:z"...)
		}
	}
	return append(b, " .\n"...)
}

// sortLines sorts spans by the bytes of buf they cover.
func sortLines(buf []byte, spans []span) {
	slices.SortFunc(spans, func(x, y span) int {
		return bytes.Compare(buf[x.start:x.end], buf[y.start:y.end])
	})
}
