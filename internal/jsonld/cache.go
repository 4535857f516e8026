// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"strconv"
	"strings"
)

// Caching of processed contexts. A context applied to a Context is looked
// up in that Context's derived map first: the credential's @context array
// applied to the initial context, and the type- and property-scoped
// contexts of cached contexts, are processed once per Processor.

// deriveKey identifies a context applied to a Context: a resolved context
// URL or list of URLs (str), or the scoped context of a term definition.
type deriveKey struct {
	str   string
	td    *termDef
	flags uint8
}

const (
	dkScopedOverride    uint8 = 1 << iota // property-scoped: override protected
	dkScopedNoPropagate                   // type-scoped: propagate false
	dkURLList                             // str is a list of URLs applied at once
)

// maxDerived bounds the derived cache of one context.
const maxDerived = 64

func (c *Context) lookupDerived(k deriveKey) *Context {
	if m := c.derived.Load(); m != nil {
		return (*m)[k]
	}
	return nil
}

func (c *Context) storeDerived(k deriveKey, d *Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var old map[deriveKey]*Context
	if p := c.derived.Load(); p != nil {
		old = *p
	}
	if len(old) >= maxDerived {
		return
	}
	m := make(map[deriveKey]*Context, len(old)+1)
	for key, v := range old {
		m[key] = v
	}
	m[k] = d
	c.derived.Store(&m)
}

// applyLocal applies a local context found in a document (an @context
// entry or the expandContext option) to ac. Contexts made only of URLs
// (and nulls) are cached on ac.
func (st *state) applyLocal(ac *Context, local any, baseURL string) (*Context, error) {
	key, cacheable := urlListKey(local, baseURL)
	k := deriveKey{str: key, flags: dkURLList}
	if cacheable {
		if d := ac.lookupDerived(k); d != nil {
			return d, nil
		}
	}
	r, err := st.processContext(ac, local, baseURL, nil, false, true, true)
	if err != nil {
		return nil, err
	}
	if cacheable {
		st.remember(ac, k, r)
	}
	return r, nil
}

// applyScoped applies the scoped context of td (JSON-LD 1.1 API §5.1.2
// steps 5, 8 and 11) to ac.
func (st *state) applyScoped(ac *Context, td *termDef, override, propagate bool) (*Context, error) {
	var flags uint8
	if override {
		flags |= dkScopedOverride
	}
	if !propagate {
		flags |= dkScopedNoPropagate
	}
	k := deriveKey{td: td, flags: flags}
	// A long-lived context must not keep a short-lived definition alive.
	cacheable := td.stable || !ac.stable
	if cacheable {
		if d := ac.lookupDerived(k); d != nil {
			return d, nil
		}
	}
	r, err := st.processContext(ac, td.ctx, td.baseURL, nil, override, propagate, true)
	if err != nil {
		return nil, err
	}
	if cacheable {
		st.remember(ac, k, r)
	}
	return r, nil
}

// remember caches d as derived from ac. A result derived from a stable
// context becomes stable itself while the processor's budget lasts.
func (st *state) remember(ac *Context, k deriveKey, d *Context) {
	if d == ac {
		return
	}
	if ac.stable && !d.stable {
		if !st.p.takeStableBudget() {
			return
		}
		// d is not published yet; its new definitions become cache keys.
		d.stable = true
		for _, td := range d.terms {
			if !td.stable {
				td.stable = true
			}
		}
	}
	ac.storeDerived(k, d)
}

// urlListKey returns a cache key for a local context made of context URLs
// and nulls, resolved against baseURL. Each URL is length-prefixed so that
// no two lists share a key, whatever the URLs contain.
func urlListKey(local any, baseURL string) (string, bool) {
	var one [1]any
	items, ok := local.([]any)
	if !ok {
		if _, isStr := local.(string); !isStr {
			return "", false
		}
		one[0] = local
		items = one[:]
	}
	var b strings.Builder
	for _, item := range items {
		switch s := item.(type) {
		case string:
			u := resolveIRI(baseURL, s)
			b.WriteString(strconv.Itoa(len(u)))
			b.WriteByte(':')
			b.WriteString(u)
		case nil:
			b.WriteByte('-')
		default:
			return "", false
		}
	}
	return b.String(), true
}
