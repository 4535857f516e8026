// SPDX-License-Identifier: Apache-2.0

package jsonld

import "slices"

// entryExpander expands the entries of one map into res (JSON-LD 1.1 API
// §5.1.2 steps 13 and 14); nested properties (@nest) add to the same res.
type entryExpander struct {
	st         *state
	res        *obj
	typeScoped *Context
	inputType  string
	baseURL    string
}

func (e *entryExpander) entries(ac *Context, ap string, top bool, elem map[string]any, keys []string) error {
	var nests []string
	for _, key := range keys {
		if key == "@context" {
			continue
		}
		td := ac.terms[key]
		var ep string
		var ok bool
		if td != nil {
			ep, ok = td.iri, !td.nullIRI
		} else {
			ep, ok = expandKey(ac, key)
		}
		if !ok || !isKeyword(ep) && !containsColon(ep) {
			if err := e.st.warn(safeInvalidProperty, key); err != nil {
				return err
			}
			continue
		}
		if isKeyword(ep) {
			if ep == "@nest" {
				if !top && ap == "@reverse" {
					return newErr(errInvalidReversePropMap, key)
				}
				nests = append(nests, key)
				continue
			}
			if err := e.keyword(ac, ap, top, ep, elem[key]); err != nil {
				return err
			}
			continue
		}
		if e.st.safe && !(td != nil && td.absIRI || td == nil && isAbsoluteRef(ep)) {
			return newErr(safeInvalidProperty, key)
		}
		if err := e.property(ac, key, td, ep, elem[key]); err != nil {
			return err
		}
	}
	for _, nk := range nests {
		if err := e.nested(ac, nk, elem[nk]); err != nil {
			return err
		}
	}
	return nil
}

func containsColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}

// nested expands the values of a nesting key (§5.1.2 step 14).
func (e *entryExpander) nested(ac *Context, nk string, v any) error {
	e.st.depth++
	defer func() { e.st.depth-- }()
	if e.st.depth > maxDepth {
		return newErr(errNestingTooDeep, "")
	}
	vals, isArr := v.([]any)
	if !isArr {
		vals = []any{v}
	}
	nac := ac
	if td := ac.terms[nk]; td != nil && td.hasCtx {
		var err error
		if nac, err = e.st.applyScoped(ac, td, true, true); err != nil {
			return err
		}
	}
	for _, nv := range vals {
		m, ok := nv.(map[string]any)
		if !ok {
			return newErr(errInvalidNestValue, nk+": nested values must be maps")
		}
		keys, mark := e.st.sortedKeys(m)
		for _, k := range keys {
			if keywordOf(nac, k) == "@value" {
				e.st.keys = e.st.keys[:mark]
				return newErr(errInvalidNestValue, nk+": nested value with @value")
			}
		}
		err := e.entries(nac, nk, false, m, keys)
		e.st.keys = e.st.keys[:mark]
		if err != nil {
			return err
		}
	}
	return nil
}

// keyword handles an entry whose key expands to a keyword (§5.1.2 step 13.4).
func (e *entryExpander) keyword(ac *Context, ap string, top bool, kw string, v any) error {
	st, res := e.st, e.res
	if !top && ap == "@reverse" {
		return newErr(errInvalidReversePropMap, kw+" in a @reverse map")
	}
	if bit := keywordBit(kw); bit != 0 && res.has&bit != 0 {
		if !(kw == "@included" || kw == "@type" && !st.mode10) {
			return newErr(errCollidingKeywords, kw)
		}
	}
	switch kw {
	case "@id":
		s, ok := v.(string)
		if !ok {
			return newErr(errInvalidIDValue, "@id must be a string")
		}
		id, ok := ac.expandIRI(s, true, false)
		switch {
		case !ok:
			if err := st.warn(safeReservedID, s); err != nil {
				return err
			}
			res.has |= kIDNull
		case !isAbsoluteRef(id):
			if err := st.warn(safeRelativeID, s); err != nil {
				return err
			}
		}
		res.id = id
		res.has |= kID
	case "@type":
		return e.types(v)
	case "@graph":
		r, err := st.expand(ac, "@graph", nil, false, v, e.baseURL, false)
		if err != nil {
			return err
		}
		x := st.a.x(res)
		x.graph = r.appendTo(x.graph)
		if x.graph == nil {
			x.graph = []*obj{}
		}
		res.has |= kGraph
	case "@included":
		if st.mode10 {
			return nil
		}
		r, err := st.expand(ac, "", nil, true, v, e.baseURL, false)
		if err != nil {
			return err
		}
		if r.isNull() {
			return newErr(errInvalidIncludedValue, "@included value is not a node object")
		}
		x := st.a.x(res)
		before := len(x.included)
		x.included = r.appendTo(x.included)
		for _, o := range x.included[before:] {
			if !o.isNode() {
				return newErr(errInvalidIncludedValue, "@included values must be node objects")
			}
		}
		if x.included == nil {
			x.included = []*obj{}
		}
		res.has |= kIncluded
	case "@value":
		return e.value(v)
	case "@language":
		s, ok := v.(string)
		if !ok {
			return newErr(errInvalidLanguageTagged, "@language must be a string")
		}
		if !wellFormedLanguage(s) {
			if err := st.warn(safeInvalidLanguage, s); err != nil {
				return err
			}
		}
		res.lang = lowerASCII(s)
		res.has |= kLanguage
	case "@direction":
		if st.mode10 {
			return nil
		}
		s, _ := v.(string)
		if s != "ltr" && s != "rtl" {
			return newErr(errInvalidBaseDirection, "@direction must be \"ltr\" or \"rtl\"")
		}
		st.a.x(res).dir = s
		res.has |= kDirection
	case "@index":
		s, ok := v.(string)
		if !ok {
			return newErr(errInvalidIndexValue, "@index must be a string")
		}
		st.a.x(res).index = s
		res.has |= kIndex
	case "@list":
		if top || ap == "@graph" {
			return st.warn(safeOnlyList, "")
		}
		r, err := st.expandIn(ac, ap, v, e.baseURL, false)
		if err != nil {
			return err
		}
		st.a.x(res).list = st.a.items(r)
		res.has |= kList
	case "@set":
		var r result
		var err error
		if top {
			r, err = st.expand(ac, "", nil, true, v, e.baseURL, false)
		} else {
			r, err = st.expandIn(ac, ap, v, e.baseURL, false)
		}
		if err != nil {
			return err
		}
		st.a.x(res).set = r
		res.has |= kSet
	case "@reverse":
		return e.reverse(ac, v)
	}
	return nil
}

func keywordBit(kw string) uint16 {
	switch kw {
	case "@id":
		return kID
	case "@type":
		return kType
	case "@value":
		return kValue
	case "@language":
		return kLanguage
	case "@direction":
		return kDirection
	case "@index":
		return kIndex
	case "@list":
		return kList
	case "@set":
		return kSet
	case "@graph":
		return kGraph
	case "@included":
		return kIncluded
	case "@reverse":
		return kReverse
	}
	return 0
}

// types expands an @type entry with the type-scoped context (§5.1.2 step 13.4.4).
func (e *entryExpander) types(v any) error {
	res := e.res
	var add func(s string) error
	add = func(s string) error {
		t, ok := e.typeScoped.expandIRI(s, true, true)
		if !ok || t != "@json" && !isAbsoluteRef(t) {
			if err := e.st.warn(safeRelativeType, s); err != nil {
				return err
			}
		}
		if ok {
			res.types = append(res.types, t)
		}
		return nil
	}
	if res.has&kType != 0 {
		res.has |= kTypeArray
	}
	switch t := v.(type) {
	case string:
		if res.types == nil {
			res.types = e.st.a.strs.slice(1)
		}
		if err := add(t); err != nil {
			return err
		}
	case []any:
		res.has |= kTypeArray
		if res.types == nil {
			res.types = e.st.a.strs.slice(len(t))
		}
		for _, x := range t {
			s, ok := x.(string)
			if !ok {
				return newErr(errInvalidTypeValue, "@type values must be strings")
			}
			if err := add(s); err != nil {
				return err
			}
		}
		if res.types == nil {
			res.types = []string{}
		}
	default:
		return newErr(errInvalidTypeValue, "@type must be a string or an array of strings")
	}
	res.has |= kType
	return nil
}

// value handles an @value entry (§5.1.2 step 13.4.7).
func (e *entryExpander) value(v any) error {
	res := e.res
	if e.inputType == "@json" {
		if e.st.mode10 {
			return newErr(errInvalidValueObjectValue, "@json in json-ld-1.0 mode")
		}
	} else if v != nil && !isScalar(v) {
		return newErr(errInvalidValueObjectValue, "@value must be a scalar or null")
	}
	res.value = v
	res.has |= kValue
	return nil
}

// reverse handles an @reverse entry (§5.1.2 step 13.4.13).
func (e *entryExpander) reverse(ac *Context, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return newErr(errInvalidReverseValue, "@reverse must be a map")
	}
	r, err := e.st.expand(ac, "@reverse", nil, false, m, e.baseURL, false)
	if err != nil {
		return err
	}
	res := e.res
	if r.one == nil {
		return nil
	}
	if r.one.ext != nil {
		for _, p := range r.one.ext.reverse {
			e.st.a.addProp(res, p.iri, p.vals)
		}
	}
	for _, p := range r.one.props {
		for _, item := range p.vals {
			if item.isValue() || item.isList() {
				return newErr(errInvalidReversePropValue, p.iri)
			}
		}
		e.st.a.addReverse(res, p.iri, p.vals)
	}
	return nil
}

// property expands an entry whose key is a term, compact IRI or IRI
// (§5.1.2 steps 13.5-13.13).
func (e *entryExpander) property(ac *Context, key string, td *termDef, ep string, v any) error {
	st := e.st
	var container uint8
	if td != nil {
		container = td.container
	}
	var r result
	var err error
	_, isMap := v.(map[string]any)
	switch {
	case td != nil && td.typ == "@json":
		r.one = st.a.obj(kValue | kType)
		r.one.value, r.one.types = v, jsonType
	case container&cLanguage != 0 && isMap:
		r, err = e.languageMap(ac, td, v.(map[string]any))
	case container&(cIndex|cType|cID) != 0 && isMap:
		r, err = e.indexMap(ac, key, td, v.(map[string]any))
	default:
		r, err = st.expand(ac, key, td, false, v, e.baseURL, false)
	}
	if err != nil {
		return err
	}
	if r.isNull() {
		return nil
	}
	if container&cList != 0 && (r.isArr || !r.one.isList()) {
		r = result{one: st.a.listOf(st.a.items(r))}
	}
	if container&cGraph != 0 && container&(cID|cIndex) == 0 {
		items := st.a.items(r)
		graphs := st.a.ptrs.slice(len(items))
		for _, it := range items {
			if code := droppedInGraph(it); code != "" {
				// jsonld.js drops these from @graph containers where the
				// spec keeps them: refuse rather than sign either form.
				if err := st.warn(code, key); err != nil {
					return err
				}
			}
			graphs = append(graphs, st.a.graphOf(it))
		}
		r = result{many: graphs, isArr: true}
	}
	if td != nil && td.reverse {
		items := st.a.items(r)
		for _, it := range items {
			if it.isValue() || it.isList() {
				return newErr(errInvalidReversePropValue, key)
			}
		}
		st.a.addReverse(e.res, ep, items)
		return nil
	}
	st.a.addProp(e.res, ep, st.a.items(r))
	return nil
}

var jsonType = []string{"@json"}

// droppedInGraph returns the safe mode code for a value of a @graph
// container that jsonld.js would drop, or "".
func droppedInGraph(o *obj) string {
	switch {
	case o.has == 0 && len(o.props) == 0:
		return safeEmptyObject
	case o.isValue():
		return safeOnlyValue
	case o.isList():
		return safeOnlyList
	case o.has&^(kID|kIDNull) == 0 && len(o.props) == 0:
		return safeOnlyID
	}
	return ""
}

// sortedMapKeys returns the keys of m in code point order.
func sortedMapKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
