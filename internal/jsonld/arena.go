// SPDX-License-Identifier: Apache-2.0

package jsonld

// slab hands out values of T in chunks. The objects of one Expand or ToRDF
// call die together, so they are carved from chunks that the pooled state
// keeps and reuses: a call allocates almost nothing but its result.
type slab[T any] struct {
	chunks [][]T
	ci, n  int // current chunk and the number of its elements in use
}

// slabChunk is the size of the first chunk; later ones double, up to
// slabChunk<<5.
const slabChunk = 32

func (s *slab[T]) grow(need int) {
	for ; s.ci < len(s.chunks); s.ci, s.n = s.ci+1, 0 {
		if len(s.chunks[s.ci])-s.n >= need {
			return
		}
	}
	size := slabChunk << min(len(s.chunks), 5)
	s.chunks = append(s.chunks, make([]T, max(size, need)))
	s.ci, s.n = len(s.chunks)-1, 0
}

// new returns a pointer to a zero T.
func (s *slab[T]) new() *T {
	if s.ci >= len(s.chunks) || s.n == len(s.chunks[s.ci]) {
		s.grow(1)
	}
	p := &s.chunks[s.ci][s.n]
	s.n++
	return p
}

// slice returns an empty slice with capacity n (nil for n == 0). Appending
// past n moves the slice to the heap as usual.
func (s *slab[T]) slice(n int) []T {
	if n == 0 {
		return nil
	}
	if n > slabChunk<<5 {
		return make([]T, 0, n)
	}
	if s.ci >= len(s.chunks) || len(s.chunks[s.ci])-s.n < n {
		s.grow(n)
	}
	c := s.chunks[s.ci]
	r := c[s.n : s.n : s.n+n]
	s.n += n
	return r
}

// reset zeroes what was handed out, so pooled chunks do not keep documents
// alive, and makes it available again. Chunks beyond keep are dropped.
func (s *slab[T]) reset(keep int) {
	for i := 0; i < s.ci && i < len(s.chunks); i++ {
		clear(s.chunks[i])
	}
	if s.ci < len(s.chunks) {
		clear(s.chunks[s.ci][:s.n])
	}
	if len(s.chunks) > keep {
		s.chunks = s.chunks[:keep]
	}
	s.ci, s.n = 0, 0
}

// arena is the per-call allocator of the expanded document and node map.
type arena struct {
	objs   slab[obj]
	exts   slab[objExt]
	ptrs   slab[*obj]
	props  slab[prop]
	nodes  slab[nmNode]
	nprops slab[nmProp]
	nvals  slab[nval]
	strs   slab[string]
}

// arenaKeep bounds the chunks a pooled state keeps per slab: a hostile
// document must not pin its memory in the pool.
const arenaKeep = 4

func (a *arena) reset() {
	a.objs.reset(arenaKeep)
	a.exts.reset(arenaKeep)
	a.ptrs.reset(arenaKeep)
	a.props.reset(arenaKeep)
	a.nodes.reset(arenaKeep)
	a.nprops.reset(arenaKeep)
	a.nvals.reset(arenaKeep)
	a.strs.reset(arenaKeep)
}

func (a *arena) obj(has uint16) *obj {
	o := a.objs.new()
	o.has = has
	return o
}

// x returns o's extension, creating it.
func (a *arena) x(o *obj) *objExt {
	if o.ext == nil {
		o.ext = a.exts.new()
	}
	return o.ext
}

// one returns a slice holding just o.
func (a *arena) one(o *obj) []*obj {
	return append(a.ptrs.slice(1), o)
}

// items returns the objects of r as a slice (empty, not nil, for null).
func (a *arena) items(r result) []*obj {
	switch {
	case r.isArr && r.many != nil:
		return r.many
	case r.one != nil:
		return a.one(r.one)
	}
	return []*obj{}
}

// listOf returns a list object with items.
func (a *arena) listOf(items []*obj) *obj {
	o := a.obj(kList)
	a.x(o).list = items
	return o
}

// graphOf returns a graph object holding item.
func (a *arena) graphOf(item *obj) *obj {
	o := a.obj(kGraph)
	a.x(o).graph = a.one(item)
	return o
}
