// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"slices"
	"strings"
)

// maxDepth bounds the nesting of the document being expanded.
const maxDepth = 512

// state is the per-call state of an Expand or ToRDF call.
type state struct {
	p        *Processor
	safe     bool
	mode10   bool
	depth    int
	ctxDepth int
	work     int      // context processing done, bounded by maxContextWork
	keys     []string // stack of sorted key lists, one segment per map being expanded
	keysHW   int      // high-water mark of keys, cleared on release
	a        arena
	nm       nodeMapGen
}

// warn reports a safe mode violation: an error in safe mode, nil otherwise.
func (st *state) warn(code, detail string) error {
	if st.safe {
		return newErr(code, detail)
	}
	return nil
}

// expand is the Expansion algorithm (JSON-LD 1.1 API §5.1.2). ap is the
// active property and apTD its definition in ac; top means the active
// property is null.
func (st *state) expand(ac *Context, ap string, apTD *termDef, top bool, elem any, baseURL string, fromMap bool) (result, error) {
	switch e := elem.(type) {
	case nil:
		return result{}, nil
	case map[string]any:
		st.depth++
		defer func() { st.depth-- }()
		if st.depth > maxDepth {
			return result{}, newErr(errNestingTooDeep, "")
		}
		return st.expandMap(ac, ap, apTD, top, e, baseURL, fromMap)
	case []any:
		st.depth++
		defer func() { st.depth-- }()
		if st.depth > maxDepth {
			return result{}, newErr(errNestingTooDeep, "")
		}
		return st.expandArray(ac, ap, apTD, top, e, baseURL, fromMap)
	}
	if !isScalar(elem) {
		return result{}, newErr(errInvalidInput, "unsupported Go type in document")
	}
	if top || ap == "@graph" {
		return result{}, st.warn(safeFreeFloatingScalar, "")
	}
	td := apTD
	if td != nil && td.hasCtx {
		var err error
		if ac, err = st.applyScoped(ac, td, true, true); err != nil {
			return result{}, err
		}
		td = ac.terms[ap]
	}
	o, err := st.expandValue(ac, td, elem)
	return result{one: o}, err
}

// expandIn expands elem with ap looked up in ac.
func (st *state) expandIn(ac *Context, ap string, elem any, baseURL string, fromMap bool) (result, error) {
	return st.expand(ac, ap, ac.terms[ap], false, elem, baseURL, fromMap)
}

func (st *state) expandArray(ac *Context, ap string, apTD *termDef, top bool, arr []any, baseURL string, fromMap bool) (result, error) {
	out := st.a.ptrs.slice(len(arr))
	isList := apTD != nil && apTD.container&cList != 0
	for _, item := range arr {
		r, err := st.expand(ac, ap, apTD, top, item, baseURL, fromMap)
		if err != nil {
			return result{}, err
		}
		if isList && r.isArr {
			r = result{one: st.a.listOf(r.many)}
		}
		out = r.appendTo(out)
	}
	return result{many: out, isArr: true}, nil
}

// sortedKeys pushes the keys of m, sorted, on the key stack and returns
// them; the caller pops them with st.keys = st.keys[:mark].
func (st *state) sortedKeys(m map[string]any) (keys []string, mark int) {
	mark = len(st.keys)
	for k := range m {
		st.keys = append(st.keys, k)
	}
	keys = st.keys[mark:]
	st.keysHW = max(st.keysHW, len(st.keys))
	slices.Sort(keys)
	return keys, mark
}

// expandKey expands a key of a map (IRI expansion with vocab).
func expandKey(ac *Context, key string) (string, bool) {
	return ac.expandIRI(key, false, true)
}

// keywordOf returns the keyword key expands to, or "". It is expandKey
// restricted to keywords, without the work IRIs need.
func keywordOf(ac *Context, key string) string {
	if td := ac.terms[key]; td != nil {
		if isKeyword(td.iri) {
			return td.iri
		}
		return ""
	}
	if isKeyword(key) {
		return key
	}
	if ac.hasVocab && len(ac.vocab) > 0 && ac.vocab[0] == '@' {
		// Only a "@"-vocabulary can turn a plain key into a keyword.
		if e, ok := expandKey(ac, key); ok && isKeyword(e) {
			return e
		}
	}
	return ""
}

func (st *state) expandMap(ac *Context, ap string, apTD *termDef, top bool, elem map[string]any, baseURL string, fromMap bool) (result, error) {
	keys, mark := st.sortedKeys(elem)
	defer func() { st.keys = st.keys[:mark] }()
	var err error
	// Step 7: a type-scoped context does not apply to nested node objects.
	if ac.previous != nil && !fromMap && mustRevert(ac, keys) {
		ac = ac.previous
	}
	if apTD != nil && apTD.hasCtx {
		if ac, err = st.applyScoped(ac, apTD, true, true); err != nil {
			return result{}, err
		}
	}
	if lc, ok := elem["@context"]; ok {
		if ac, err = st.applyLocal(ac, lc, baseURL); err != nil {
			return result{}, err
		}
	}
	typeScoped := ac
	firstTypeKey := ""
	for _, k := range keys {
		if keywordOf(typeScoped, k) != "@type" {
			continue
		}
		if firstTypeKey == "" {
			firstTypeKey = k
		}
		if ac, err = st.applyTypeScoped(ac, typeScoped, elem[k]); err != nil {
			return result{}, err
		}
	}
	inputType := ""
	if last := lastString(elem[firstTypeKey]); firstTypeKey != "" && last != "" {
		inputType, _ = ac.expandIRI(last, false, true)
	}
	res := st.a.obj(0)
	res.props = st.a.props.slice(len(keys))
	e := entryExpander{st: st, res: res, typeScoped: typeScoped, inputType: inputType, baseURL: baseURL}
	if err := e.entries(ac, ap, top, elem, keys); err != nil {
		return result{}, err
	}
	return st.finish(res, ap, top)
}

// mustRevert reports whether elem is neither a value object nor a lone
// @id (subject reference), the two shapes that keep a type-scoped context.
func mustRevert(ac *Context, keys []string) bool {
	for _, k := range keys {
		if e := keywordOf(ac, k); e == "@value" || e == "@id" && len(keys) == 1 {
			return false
		}
	}
	return true
}

// applyTypeScoped applies the type-scoped contexts of the @type values v,
// in code point order (§5.1.2 step 11).
func (st *state) applyTypeScoped(ac, typeScoped *Context, v any) (*Context, error) {
	var buf [4]string
	types := buf[:0]
	switch t := v.(type) {
	case string:
		types = append(types, t)
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				types = append(types, s)
			}
		}
		slices.Sort(types)
	}
	for _, t := range types {
		td := typeScoped.terms[t]
		if td == nil || !td.hasCtx {
			continue
		}
		var err error
		if ac, err = st.applyScoped(ac, td, false, false); err != nil {
			return nil, err
		}
	}
	return ac, nil
}

func lastString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			s, _ := t[len(t)-1].(string)
			return s
		}
	}
	return ""
}

// finish is §5.1.2 steps 15-20: checks and clean-up of the expanded map.
func (st *state) finish(res *obj, ap string, top bool) (result, error) {
	switch {
	case res.has&kValue != 0:
		return st.finishValue(res, ap, top)
	case res.has&kType != 0:
	case res.has&(kSet|kList) != 0:
		if res.has&^(kSet|kList|kIndex) != 0 || len(res.props) > 0 || res.has&kSet != 0 && res.has&kList != 0 {
			return result{}, newErr(errInvalidSetOrList, "@set and @list may only be combined with @index")
		}
		if res.has&kSet != 0 {
			return res.ext.set, nil
		}
	case res.has == kLanguage && len(res.props) == 0:
		return result{}, st.warn(safeOnlyLanguage, "")
	}
	if top || ap == "@graph" {
		switch {
		case res.has == 0 && len(res.props) == 0:
			return result{}, st.warn(safeEmptyObject, "")
		case res.has&kList != 0:
			return result{}, st.warn(safeOnlyList, "")
		case res.has&^(kID|kIDNull) == 0 && len(res.props) == 0:
			return result{}, st.warn(safeOnlyID, res.id)
		}
	}
	return result{one: res}, nil
}

func (st *state) finishValue(res *obj, ap string, top bool) (result, error) {
	if res.has&^(kValue|kType|kTypeArray|kLanguage|kDirection|kIndex) != 0 || len(res.props) > 0 {
		return result{}, newErr(errInvalidValueObject, "value objects only take @type, @language, @direction and @index")
	}
	if res.has&kType != 0 && res.has&(kLanguage|kDirection) != 0 {
		return result{}, newErr(errInvalidValueObject, "value objects cannot have both @type and @language or @direction")
	}
	isJSON := res.has&kType != 0 && len(res.types) == 1 && res.types[0] == "@json"
	switch {
	case isJSON:
	case res.value == nil:
		return result{}, st.warn(safeNullValue, "")
	case res.has&kLanguage != 0 && !isString(res.value):
		return result{}, newErr(errInvalidLanguageTaggedVal, "only strings can be language-tagged")
	case res.has&kType != 0 && (res.has&kTypeArray != 0 || len(res.types) != 1 || !isAbsoluteRef(res.types[0]) || isBlank(res.types[0])):
		return result{}, newErr(errInvalidTypedValue, strings.Join(res.types, " "))
	}
	if top || ap == "@graph" {
		return result{}, st.warn(safeOnlyValue, "")
	}
	return result{one: res}, nil
}

func isString(v any) bool { _, ok := v.(string); return ok }

// isScalar reports whether v is a JSON string, number or boolean.
func isScalar(v any) bool {
	switch v.(type) {
	case string, bool:
		return true
	}
	_, ok := numberValue(v)
	return ok
}
