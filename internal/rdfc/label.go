// SPDX-License-Identifier: Apache-2.0

package rdfc

import (
	"bytes"
	"slices"
	"strconv"
)

// label runs steps 3 to 5 of the canonicalization algorithm (§4.4.3):
// it issues a canonical number to every blank node.
func (s *state) label() error {
	n := len(s.labels)
	s.fdh = resize(s.fdh, n)
	s.canon = resize(s.canon, n)
	s.order = resize(s.order, n)
	for i := range n {
		s.fdh[i] = s.hashFirstDegree(int32(i))
		s.canon[i] = -1
		s.order[i] = int32(i)
	}
	// Ties keep the order of first appearance, which is the order of the
	// spec's "identifier list" (it matters only for the issued map).
	fdh := s.fdh
	slices.SortFunc(s.order, func(a, b int32) int {
		if c := bytes.Compare(fdh[a][:], fdh[b][:]); c != 0 {
			return c
		}
		return int(a - b)
	})

	// Step 4: nodes with a unique first-degree hash, in hash order.
	shared := false
	for i := 0; i < n; {
		j := s.groupEnd(i)
		if j-i == 1 {
			s.issue(s.order[i])
		} else {
			shared = true
		}
		i = j
	}
	if !shared {
		return nil
	}
	// Step 5: the rest, group by group in hash order.
	for i := 0; i < n; {
		j := s.groupEnd(i)
		if j-i > 1 {
			if err := s.labelGroup(s.order[i:j]); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// groupEnd returns the end of the run of equal first-degree hashes in
// s.order starting at i.
func (s *state) groupEnd(i int) int {
	j := i + 1
	for j < len(s.order) && s.fdh[s.order[j]] == s.fdh[s.order[i]] {
		j++
	}
	return j
}

func (s *state) issue(n int32) {
	if s.canon[n] < 0 {
		s.canon[n] = s.next
		s.next++
	}
}

// hashFirstDegree implements Hash First Degree Quads (§4.6).
func (s *state) hashFirstDegree(n int32) digest {
	qs := s.qlist[s.first[n]:s.first[n+1]]
	s.line = s.line[:0]
	if len(qs) == 1 {
		s.line = s.appendLine(s.line, &s.quads[qs[0]], n)
		return s.sum(s.line)
	}
	s.spans = s.spans[:0]
	for _, qi := range qs {
		start := len(s.line)
		s.line = s.appendLine(s.line, &s.quads[qi], n)
		s.spans = append(s.spans, span{start, len(s.line)})
	}
	sortLines(s.line, s.spans)
	s.hbuf = s.hbuf[:0]
	for _, sp := range s.spans {
		s.hbuf = append(s.hbuf, s.line[sp.start:sp.end]...)
	}
	return s.sum(s.hbuf)
}

// result is what Hash N-Degree Quads returns for one node.
type result struct {
	hash   digest
	issuer issuer
}

// labelGroup runs step 5 of §4.4.3 for nodes sharing a first-degree hash.
func (s *state) labelGroup(nodes []int32) error {
	results := make([]result, 0, len(nodes))
	for _, n := range nodes {
		if s.canon[n] >= 0 {
			continue
		}
		var tmp issuer
		tmp.issue(n)
		h, is, err := s.hashNDegree(n, tmp)
		if err != nil {
			return err
		}
		results = append(results, result{h, is})
	}
	slices.SortStableFunc(results, func(a, b result) int {
		return bytes.Compare(a.hash[:], b.hash[:])
	})
	for _, r := range results {
		for _, m := range r.issuer.order {
			s.issue(m)
		}
	}
	return nil
}

// issuer is a temporary identifier issuer (prefix "b", §4.5): order[k] is
// the node labelled _:bk. Issuers are small and copied for every
// permutation, so a slice with linear lookup beats a map.
type issuer struct{ order []int32 }

func (is *issuer) find(n int32) int {
	for k, m := range is.order {
		if m == n {
			return k
		}
	}
	return -1
}

func (is *issuer) issue(n int32) int {
	if k := is.find(n); k >= 0 {
		return k
	}
	is.order = append(is.order, n)
	return len(is.order) - 1
}

// clone returns a copy that can be issued from without touching is.
func (is *issuer) clone() issuer {
	return issuer{order: append(make([]int32, 0, len(is.order)+4), is.order...)}
}

// appendID appends _:c14nK when n has a canonical label, else _:bK from is.
func (s *state) appendID(b []byte, n int32, k int) []byte {
	if c := s.canon[n]; c >= 0 {
		b = append(b, "_:c14n"...)
		return strconv.AppendInt(b, int64(c), 10)
	}
	b = append(b, "_:b"...)
	return strconv.AppendInt(b, int64(k), 10)
}

// hashRelated implements Hash Related Blank Node (§4.7) for node n found at
// position pos of quad q.
func (s *state) hashRelated(n int32, q *cquad, is *issuer, pos int) digest {
	b := append(s.hbuf[:0], "s?og"[pos])
	if pos != posG {
		b = append(b, s.terms[q.term[posP].start:q.term[posP].end]...)
	}
	if k := is.find(n); s.canon[n] >= 0 || k >= 0 {
		b = s.appendID(b, n, k)
	} else {
		b = s.appendHex(b, &s.fdh[n])
	}
	s.hbuf = b
	return s.sum(b)
}

// related is a node related to the one being hashed, with its related hash.
type related struct {
	hash digest
	node int32
}

// hashNDegree implements Hash N-Degree Quads (§4.8). It does not modify is.
func (s *state) hashNDegree(id int32, is issuer) (digest, issuer, error) {
	if s.work++; s.work > s.limit {
		return digest{}, issuer{}, ErrPoisonGraph
	}
	// Steps 1-3: the related hash to blank nodes map, as a sorted list.
	var rels []related
	for _, qi := range s.qlist[s.first[id]:s.first[id+1]] {
		q := &s.quads[qi]
		for _, pos := range [3]int{posS, posO, posG} {
			if n := q.node[pos]; n >= 0 && n != id {
				rels = append(rels, related{s.hashRelated(n, q, &is, pos), n})
			}
		}
	}
	// Hashing the related nodes is work too: a node with many blank
	// neighbours must not make each call arbitrarily expensive.
	if s.work += len(rels); s.work > s.limit {
		return digest{}, issuer{}, ErrPoisonGraph
	}
	slices.SortStableFunc(rels, func(a, b related) int {
		return bytes.Compare(a.hash[:], b.hash[:])
	})

	// Steps 4-5.
	var data []byte
	nodes := make([]int32, 0, len(rels))
	for i := 0; i < len(rels); {
		j := i + 1
		for j < len(rels) && rels[j].hash == rels[i].hash {
			j++
		}
		data = s.appendHex(data, &rels[i].hash)
		nodes = nodes[:0]
		for _, r := range rels[i:j] {
			nodes = append(nodes, r.node)
		}
		path, chosen, err := s.choosePath(nodes, is)
		if err != nil {
			return digest{}, issuer{}, err
		}
		data = append(data, path...)
		is = chosen
		i = j
	}
	return s.sum(data), is, nil
}

// choosePath runs step 5.4 of Hash N-Degree Quads for one list of related
// nodes: it returns the smallest path over all permutations of the list
// and the issuer that produced it.
func (s *state) choosePath(nodes []int32, is issuer) ([]byte, issuer, error) {
	var chosen, path []byte
	var chosenIssuer issuer
	have := false
	var recurse []int32
	p := newPermuter(nodes)
	for perm := p.current(); perm != nil; perm = p.next() {
		if s.work++; s.work > s.limit {
			return nil, issuer{}, ErrPoisonGraph
		}
		cp := is.clone()
		path = path[:0]
		recurse = recurse[:0]
		// The spec skips a permutation once path is greater than chosen and
		// at least as long. Dropping the length test (as rdf-canonize does)
		// skips earlier with the same result: a shorter path that is greater
		// differs from chosen at a byte it keeps, since path only grows by
		// appending and chosen only shrinks.
		worse := func() bool {
			return have && bytes.Compare(path, chosen) > 0
		}
		skip := false
		for _, r := range perm {
			k := -1
			if s.canon[r] < 0 {
				if cp.find(r) < 0 {
					recurse = append(recurse, r)
				}
				k = cp.issue(r)
			}
			path = s.appendID(path, r, k)
			if skip = worse(); skip {
				break
			}
		}
		if skip {
			continue
		}
		for _, r := range recurse {
			h, next, err := s.hashNDegree(r, cp)
			if err != nil {
				return nil, issuer{}, err
			}
			path = s.appendID(path, r, cp.issue(r))
			path = append(path, '<')
			path = s.appendHex(path, &h)
			path = append(path, '>')
			cp = next
			if skip = worse(); skip {
				break
			}
		}
		if skip {
			continue
		}
		if !have || bytes.Compare(path, chosen) < 0 {
			chosen = append(chosen[:0], path...)
			chosenIssuer = cp
			have = true
		}
	}
	return chosen, chosenIssuer, nil
}

// permuter yields all permutations of a list in lexicographic order of
// positions (the list order first), reusing one slice.
type permuter struct {
	items []int32
	idx   []int
	perm  []int32
}

func newPermuter(items []int32) *permuter {
	p := &permuter{items: items, idx: make([]int, len(items)), perm: make([]int32, len(items))}
	for i := range p.idx {
		p.idx[i] = i
	}
	return p
}

func (p *permuter) current() []int32 {
	for i, k := range p.idx {
		p.perm[i] = p.items[k]
	}
	return p.perm
}

// next advances to the next permutation (Narayana's algorithm) or returns
// nil after the last one.
func (p *permuter) next() []int32 {
	i := len(p.idx) - 2
	for i >= 0 && p.idx[i] >= p.idx[i+1] {
		i--
	}
	if i < 0 {
		return nil
	}
	j := len(p.idx) - 1
	for p.idx[j] <= p.idx[i] {
		j--
	}
	p.idx[i], p.idx[j] = p.idx[j], p.idx[i]
	slices.Reverse(p.idx[i+1:])
	return p.current()
}
