// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"sync"
	"sync/atomic"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// Options are the JSON-LD API options (JSON-LD 1.1 API §9.4.3) the
// processor supports. The zero value is valid.
type Options struct {
	// Base is the base IRI of the document; relative IRIs and context URLs
	// resolve against it.
	Base string
	// ExpandContext is a context applied before the document's own, as a
	// map with an @context entry, a context map, a URL or an array.
	ExpandContext any
	// ProcessingMode is "json-ld-1.1" (the default when empty) or
	// "json-ld-1.0".
	ProcessingMode string
	// SafeMode refuses documents from which data would be dropped; see the
	// package documentation for the error codes.
	SafeMode bool
	// RDFDirection is how ToRDF represents @direction: "" (dropped),
	// "i18n-datatype" or "compound-literal".
	RDFDirection string
	// ProduceGeneralizedRDF keeps statements whose predicate is a blank node.
	ProduceGeneralizedRDF bool
}

// Processor expands JSON-LD documents and converts them to RDF. It is safe
// for concurrent use and caches remote contexts and processed active
// contexts for its lifetime; use one Processor per document loader.
type Processor struct {
	loader DocumentLoader

	mu      sync.Mutex
	remote  map[string]*remoteCtx
	initial atomic.Pointer[map[initialKey]*Context] // copied on write
	budget  int                                     // stable derived contexts that may still be cached
}

type initialKey struct {
	base         string
	mode10, safe bool
}

// Cache bounds, so that documents naming many bases or contexts cannot
// grow a long-lived processor without limit.
const (
	maxRemoteDocs      = 256
	maxInitialContexts = 64
	stableBudget       = 4096
)

// NewProcessor returns a processor that loads remote contexts with loader
// (nil: remote contexts fail with "loading remote context failed").
func NewProcessor(loader DocumentLoader) *Processor {
	return &Processor{
		loader: loader,
		remote: map[string]*remoteCtx{},
		budget: stableBudget,
	}
}

func (p *Processor) takeStableBudget() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.budget <= 0 {
		return false
	}
	p.budget--
	return true
}

// initialContext returns the shared initial active context for a base IRI
// and mode; it is the root of the cached contexts.
func (p *Processor) initialContext(k initialKey) *Context {
	if m := p.initial.Load(); m != nil {
		if c := (*m)[k]; c != nil {
			return c
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var old map[initialKey]*Context
	if m := p.initial.Load(); m != nil {
		old = *m
	}
	if c := old[k]; c != nil {
		return c
	}
	c := newContext(k.base, k.mode10, k.safe)
	c.ownTerms = false
	c.stable = true
	if len(old) >= maxInitialContexts {
		// Start afresh rather than stop caching: the contexts derived from
		// the dropped roots become garbage, so their budget is returned.
		old, p.budget = nil, stableBudget
	}
	m := make(map[initialKey]*Context, len(old)+1)
	for key, v := range old {
		m[key] = v
	}
	m[k] = c
	p.initial.Store(&m)
	return c
}

var statePool = sync.Pool{New: func() any { return &state{keys: make([]string, 0, 64)} }}

func (p *Processor) newState(opts *Options) (*state, *Context, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	var mode10 bool
	switch o.ProcessingMode {
	case "", "json-ld-1.1":
	case "json-ld-1.0":
		mode10 = true
	default:
		return nil, nil, newErr(errInvalidOption, "unknown processing mode "+o.ProcessingMode)
	}
	switch o.RDFDirection {
	case "", "i18n-datatype", "compound-literal":
	default:
		return nil, nil, newErr(errInvalidOption, "unknown rdfDirection "+o.RDFDirection)
	}
	st := statePool.Get().(*state)
	st.p, st.safe, st.mode10 = p, o.SafeMode, mode10
	st.depth, st.ctxDepth, st.work, st.keys = 0, 0, 0, st.keys[:0]
	ac := p.initialContext(initialKey{base: o.Base, mode10: mode10, safe: o.SafeMode})
	return st, ac, nil
}

func (st *state) release() {
	st.p = nil
	clear(st.keys[:st.keysHW]) // do not keep the document's strings alive
	st.keysHW = 0
	st.a.reset()
	st.nm.reset()
	if cap(st.keys) <= 1024 {
		statePool.Put(st)
	}
}

// expandDoc runs the expand() API steps (JSON-LD 1.1 API §9.2.2 expand).
func (p *Processor) expandDoc(doc any, opts *Options) ([]*obj, *state, error) {
	st, ac, err := p.newState(opts)
	if err != nil {
		return nil, nil, err
	}
	base := ac.base
	if opts != nil && opts.ExpandContext != nil {
		ec := opts.ExpandContext
		if m, ok := ec.(map[string]any); ok {
			if c, ok := m["@context"]; ok {
				ec = c
			}
		}
		if ac, err = st.applyLocal(ac, ec, base); err != nil {
			st.release()
			return nil, nil, err
		}
	}
	r, err := st.expand(ac, "", nil, true, doc, base, false)
	if err != nil {
		st.release()
		return nil, nil, err
	}
	if !r.isArr && r.one != nil && r.one.has == kGraph && len(r.one.props) == 0 {
		return r.one.ext.graph, st, nil
	}
	return st.a.items(r), st, nil
}

// Expand expands doc (JSON-LD 1.1 API §5.1, with the top-level steps of
// the expand() method) and returns the expanded document as an array of
// maps in the same JSON form as the input. Errors are [*Error].
func (p *Processor) Expand(doc any, opts *Options) ([]any, error) {
	objs, st, err := p.expandDoc(doc, opts)
	if err != nil {
		return nil, err
	}
	defer st.release()
	out := make([]any, len(objs))
	for i, o := range objs {
		out[i] = o.toJSON()
	}
	return out, nil
}

// ToRDF expands doc and deserializes it to an RDF dataset (JSON-LD 1.1 API
// §8.1). Blank nodes are labelled b0, b1, ... in order of appearance; the
// quads are in no particular order and contain no duplicates that node
// map generation would merge. Errors are [*Error].
func (p *Processor) ToRDF(doc any, opts *Options) ([]rdf.Quad, error) {
	objs, st, err := p.expandDoc(doc, opts)
	if err != nil {
		return nil, err
	}
	defer st.release()
	var o Options
	if opts != nil {
		o = *opts
	}
	g := &st.nm
	g.a = &st.a
	if err := g.generate(objs); err != nil {
		return nil, err
	}
	w := rdfWriter{st: st, issuer: &g.issuer, direction: o.RDFDirection, generalized: o.ProduceGeneralizedRDF}
	return w.dataset(g)
}
