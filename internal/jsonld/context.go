// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"sync"
	"sync/atomic"
)

// Context is an active context (JSON-LD 1.1 API §4.1). A Context is never
// changed once built, so it can be shared between goroutines and used as a
// cache key; processing a local context copies the term map only when it
// defines terms.
type Context struct {
	terms    map[string]*termDef
	base     string // base IRI; "" with hasBase false means null
	origBase string // original base URL
	vocab    string
	lang     string // default language, "" for none
	dir      string // default base direction, "" for none
	previous *Context

	hasBase   bool
	hasVocab  bool
	protected bool // some term definition is protected
	mode10    bool // processing mode json-ld-1.0
	safe      bool
	ownTerms  bool // terms may be written (only while the context is built)

	// stable is set when the context sits in a long-lived cache; only then
	// may contexts derived from it with long-lived keys be cached too.
	stable bool
	// derived caches the contexts obtained by applying contexts to this
	// one. Readers load the map without locking; writers (rare) copy it.
	mu      sync.Mutex
	derived atomic.Pointer[map[deriveKey]*Context]
}

func newContext(base string, mode10, safe bool) *Context {
	return &Context{
		terms:    map[string]*termDef{},
		base:     base,
		hasBase:  base != "",
		origBase: base,
		mode10:   mode10,
		safe:     safe,
		ownTerms: true,
	}
}

// clone returns a copy of c sharing its term map.
func (c *Context) clone() *Context {
	return &Context{
		terms:     c.terms,
		base:      c.base,
		origBase:  c.origBase,
		vocab:     c.vocab,
		lang:      c.lang,
		dir:       c.dir,
		previous:  c.previous,
		hasBase:   c.hasBase,
		hasVocab:  c.hasVocab,
		protected: c.protected,
		mode10:    c.mode10,
		safe:      c.safe,
	}
}

func (c *Context) setTerm(term string, td *termDef) {
	if !c.ownTerms {
		m := make(map[string]*termDef, len(c.terms)+8)
		for k, v := range c.terms {
			m[k] = v
		}
		c.terms, c.ownTerms = m, true
	}
	if td == nil {
		delete(c.terms, term)
		return
	}
	c.terms[term] = td
	if td.protected {
		c.protected = true
	}
}

// termDef is a term definition (JSON-LD 1.1 API §4.2).
type termDef struct {
	iri       string // IRI mapping, or a keyword
	nullIRI   bool   // @id: null — the term is reserved, not expanded
	prefix    bool
	protected bool
	reverse   bool
	typ       string   // type mapping, "" for none
	typeOne   []string // []string{typ}, shared by the values it types
	absIRI    bool     // isAbsoluteRef(iri), for safe mode
	hasLang   bool     // language mapping present (lang "" means null)
	lang      string
	hasDir    bool // direction mapping present (dir "" means null)
	dir       string
	container uint8
	index     string
	nest      string
	hasCtx    bool
	ctx       any    // scoped context (may be nil: "@context": null)
	baseURL   string // base URL the scoped context is resolved against
	// stable is set when the definition belongs to a cached context, so
	// that it may serve as a long-lived cache key.
	stable bool
}

// Container mapping bits.
const (
	cList uint8 = 1 << iota
	cSet
	cIndex
	cLanguage
	cGraph
	cID
	cType
)

// sameAs compares two definitions ignoring the protected flag and base URL
// (JSON-LD 1.1 API §4.2 step 27).
func (a *termDef) sameAs(b *termDef) bool {
	if a.iri != b.iri || a.nullIRI != b.nullIRI || a.prefix != b.prefix || a.reverse != b.reverse ||
		a.typ != b.typ || a.hasLang != b.hasLang || a.lang != b.lang || a.hasDir != b.hasDir ||
		a.dir != b.dir || a.container != b.container || a.index != b.index || a.nest != b.nest ||
		a.hasCtx != b.hasCtx {
		return false
	}
	return !a.hasCtx || jsonEqual(a.ctx, b.ctx)
}
