// SPDX-License-Identifier: Apache-2.0

package jsonld

import "slices"

// Limits that make hostile contexts fail instead of running away.
const (
	maxRemoteContexts = 32      // nested remote contexts (a context including itself)
	maxContextDepth   = 64      // nested context processing of any kind
	maxContextWork    = 1 << 22 // terms copied or defined during one call
)

// processContext is the Context Processing algorithm (JSON-LD 1.1 API
// §4.1.2). The result never aliases a context that is later changed:
// active is only cloned when an entry is written.
func (st *state) processContext(active *Context, local any, baseURL string, remote []string, override, propagate, validate bool) (*Context, error) {
	st.ctxDepth++
	defer func() { st.ctxDepth-- }()
	if st.ctxDepth > maxContextDepth {
		return nil, newErr(errContextOverflow, "contexts nested too deeply")
	}
	result := active
	mutable := false
	mut := func() {
		if !mutable {
			result = result.clone()
			mutable = true
		}
	}
	if m, ok := local.(map[string]any); ok {
		if p, ok := m["@propagate"].(bool); ok {
			propagate = p
		}
	}
	if !propagate && result.previous == nil {
		mut()
		result.previous = active
	}
	items, isArr := local.([]any)
	n := len(items)
	if !isArr {
		n = 1
	}
	for i := 0; i < n; i++ {
		var item any
		if isArr {
			item = items[i]
		} else {
			item = local
		}
		switch c := item.(type) {
		case nil:
			if !override && result.protected {
				return nil, newErr(errInvalidContextNull, "cannot nullify a context with protected terms")
			}
			prev := result
			result = newContext(active.origBase, active.mode10, active.safe)
			result.hasBase = active.origBase != ""
			if !propagate {
				result.previous = prev
			}
			mutable = true
		case string:
			r, err := st.processRemote(result, c, baseURL, remote, validate)
			if err != nil {
				return nil, err
			}
			result, mutable = r, false
		case map[string]any:
			mut()
			b := &ctxBuilder{st: st, result: result, baseURL: baseURL, override: override, remote: remote, validate: validate}
			if err := b.process(c); err != nil {
				return nil, err
			}
		default:
			return nil, newErr(errInvalidLocalContext, "a context must be null, a string, a map or an array of those")
		}
	}
	if mutable {
		result.ownTerms = false
	}
	return result, nil
}

// processRemote applies the context at URL ref (JSON-LD 1.1 API §4.1.2
// step 5.2) to result.
func (st *state) processRemote(result *Context, ref, baseURL string, remote []string, validate bool) (*Context, error) {
	url := resolveIRI(baseURL, ref)
	if !hasIRIForm(url) {
		return nil, newErr(errLoadingRemoteContext, "context reference is not an absolute IRI: "+url)
	}
	if !validate && slices.Contains(remote, url) {
		return result, nil
	}
	if len(remote) >= maxRemoteContexts {
		return nil, newErr(errContextOverflow, "too many nested remote contexts at "+url)
	}
	k := deriveKey{str: url}
	if validate {
		if d := result.lookupDerived(k); d != nil {
			return d, nil
		}
	}
	rc, err := st.p.remoteContext(url)
	if err != nil {
		return nil, err
	}
	next := append(remote[:len(remote):len(remote)], url)
	r, err := st.processContext(result, rc.context, rc.url, next, false, true, validate)
	if err != nil {
		return nil, err
	}
	if validate {
		st.remember(result, k, r)
	}
	return r, nil
}

// ctxBuilder applies one context definition (a map) to result.
type ctxBuilder struct {
	st        *state
	result    *Context
	local     map[string]any
	defined   map[string]bool
	baseURL   string
	protected bool
	override  bool
	remote    []string
	validate  bool
}

func (b *ctxBuilder) process(ctx map[string]any) error {
	res := b.result
	// Applying a context costs a copy of the term map plus its own terms;
	// bound the total so that documents repeating large contexts, or
	// contexts whose scoped contexts fan out, fail instead of spinning.
	b.st.work += len(res.terms) + len(ctx)
	if b.st.work > maxContextWork {
		return newErr(errContextOverflow, "too much context processing for one document")
	}
	if v, ok := ctx["@version"]; ok {
		if f, ok := numberValue(v); !ok || f != 1.1 {
			return newErr(errInvalidVersionValue, "@version must be 1.1")
		}
		if res.mode10 {
			return newErr(errProcessingModeConflict, "@version 1.1 in json-ld-1.0 mode")
		}
	}
	if v, ok := ctx["@import"]; ok {
		merged, err := b.importContext(ctx, v)
		if err != nil {
			return err
		}
		ctx = merged
	}
	b.local = ctx
	b.defined = make(map[string]bool, len(ctx))
	if v, ok := ctx["@base"]; ok && len(b.remote) == 0 {
		if err := b.setBase(v); err != nil {
			return err
		}
	}
	if v, ok := ctx["@vocab"]; ok {
		if err := b.setVocab(v); err != nil {
			return err
		}
	}
	if v, ok := ctx["@language"]; ok {
		switch l := v.(type) {
		case nil:
			res.lang = ""
		case string:
			if !wellFormedLanguage(l) {
				if err := b.st.warn(safeInvalidLanguage, l); err != nil {
					return err
				}
			}
			res.lang = lowerASCII(l)
		default:
			return newErr(errInvalidDefaultLanguage, "@language must be a string or null")
		}
	}
	if v, ok := ctx["@direction"]; ok {
		if res.mode10 {
			return newErr(errInvalidContextEntry, "@direction in json-ld-1.0 mode")
		}
		switch v {
		case nil:
			res.dir = ""
		case "ltr", "rtl":
			res.dir = v.(string)
		default:
			return newErr(errInvalidBaseDirection, "@direction must be \"ltr\", \"rtl\" or null")
		}
	}
	if v, ok := ctx["@propagate"]; ok {
		if res.mode10 {
			return newErr(errInvalidContextEntry, "@propagate in json-ld-1.0 mode")
		}
		if _, ok := v.(bool); !ok {
			return newErr(errInvalidPropagateValue, "@propagate must be true or false")
		}
	}
	if v, ok := ctx["@protected"]; ok {
		p, ok := v.(bool)
		if !ok {
			return newErr(errInvalidProtectedValue, "@protected must be true or false")
		}
		b.protected = p
	}
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		switch k {
		case "@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab":
		default:
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := b.createTerm(k); err != nil {
			return err
		}
	}
	return nil
}

// importContext handles @import (JSON-LD 1.1 API §4.1.2 step 5.6).
func (b *ctxBuilder) importContext(ctx map[string]any, v any) (map[string]any, error) {
	if b.result.mode10 {
		return nil, newErr(errInvalidContextEntry, "@import in json-ld-1.0 mode")
	}
	s, ok := v.(string)
	if !ok {
		return nil, newErr(errInvalidImportValue, "@import must be a string")
	}
	rc, err := b.st.p.remoteContext(resolveIRI(b.baseURL, s))
	if err != nil {
		return nil, err
	}
	imported, ok := rc.context.(map[string]any)
	if !ok {
		return nil, newErr(errInvalidRemoteContext, "imported context must be a map")
	}
	if _, ok := imported["@import"]; ok {
		return nil, newErr(errInvalidContextEntry, "imported context must not have @import")
	}
	merged := make(map[string]any, len(imported)+len(ctx))
	for k, v := range imported {
		merged[k] = v
	}
	for k, v := range ctx {
		if k != "@import" {
			merged[k] = v
		}
	}
	return merged, nil
}

func (b *ctxBuilder) setBase(v any) error {
	res := b.result
	switch s := v.(type) {
	case nil:
		res.base, res.hasBase = "", false
	case string:
		switch {
		case hasIRIForm(s):
			res.base, res.hasBase = s, true
		case res.hasBase:
			res.base = resolveIRI(res.base, s)
		default:
			return newErr(errInvalidBaseIRI, "relative @base without a base IRI: "+s)
		}
	default:
		return newErr(errInvalidBaseIRI, "@base must be a string or null")
	}
	return nil
}

func (b *ctxBuilder) setVocab(v any) error {
	res := b.result
	switch s := v.(type) {
	case nil:
		res.vocab, res.hasVocab = "", false
	case string:
		if res.mode10 && !hasIRIForm(s) && !isBlank(s) {
			return newErr(errInvalidVocabMapping, "@vocab must be an absolute IRI in json-ld-1.0 mode")
		}
		// @vocab is expanded without the local context's terms (§4.1.2
		// step 5.8.3), which are only defined afterwards.
		iri, ok, err := b.expandIRI(s, true, true, true)
		if err != nil {
			return err
		}
		if !ok || (!hasIRIForm(iri) && !isBlank(iri)) {
			if err := b.st.warn(safeRelativeVocab, s); err != nil {
				return err
			}
		}
		if !ok || isKeyword(iri) {
			return newErr(errInvalidVocabMapping, "@vocab does not expand to an IRI: "+s)
		}
		res.vocab, res.hasVocab = iri, true
	default:
		return newErr(errInvalidVocabMapping, "@vocab must be a string or null")
	}
	return nil
}
