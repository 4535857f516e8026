// SPDX-License-Identifier: Apache-2.0

package jsonld

// languageMap expands a language map (JSON-LD 1.1 API §5.1.2 step 13.7).
func (e *entryExpander) languageMap(ac *Context, td *termDef, m map[string]any) (result, error) {
	dir := ac.dir
	if td.hasDir {
		dir = td.dir
	}
	out := e.st.a.ptrs.slice(len(m))
	for _, lang := range sortedMapKeys(m) {
		vals, isArr := m[lang].([]any)
		if !isArr {
			vals = []any{m[lang]}
		}
		el, _ := ac.expandIRI(lang, false, true)
		for _, item := range vals {
			if item == nil {
				continue
			}
			s, ok := item.(string)
			if !ok {
				return result{}, newErr(errInvalidLanguageMapValue, lang)
			}
			o := e.st.a.obj(kValue)
			o.value = s
			if lang != "@none" && el != "@none" {
				if !wellFormedLanguage(lang) {
					if err := e.st.warn(safeInvalidLanguage, lang); err != nil {
						return result{}, err
					}
				}
				o.lang = lowerASCII(lang)
				o.has |= kLanguage
			}
			if dir != "" {
				e.st.a.x(o).dir = dir
				o.has |= kDirection
			}
			out = append(out, o)
		}
	}
	return result{many: out, isArr: true}, nil
}

// indexMap expands an index, id or type map (§5.1.2 step 13.8).
func (e *entryExpander) indexMap(ac *Context, key string, td *termDef, m map[string]any) (result, error) {
	st := e.st
	c := td.container
	indexKey := "@index"
	if td.index != "" {
		indexKey = td.index
	}
	var indexIRI string
	if c&cIndex != 0 && indexKey != "@index" {
		indexIRI, _ = ac.expandIRI(indexKey, false, true)
	}
	out := st.a.ptrs.slice(len(m))
	for _, index := range sortedMapKeys(m) {
		mapCtx := ac
		if c&(cID|cType) != 0 && ac.previous != nil {
			mapCtx = ac.previous
		}
		if c&cType != 0 {
			if itd := mapCtx.terms[index]; itd != nil && itd.hasCtx {
				var err error
				if mapCtx, err = st.applyScoped(mapCtx, itd, false, false); err != nil {
					return result{}, err
				}
			}
		}
		expIndex, _ := ac.expandIRI(index, false, true)
		iv, isArr := m[index].([]any)
		if !isArr {
			iv = []any{m[index]}
		}
		r, err := st.expandIn(mapCtx, key, iv, e.baseURL, true)
		if err != nil {
			return result{}, err
		}
		for _, item := range st.a.items(r) {
			if c&cGraph != 0 && !item.isGraph() {
				item = st.a.graphOf(item)
			}
			switch {
			case c&cIndex != 0 && indexKey != "@index" && expIndex != "@none":
				if item.isValue() {
					return result{}, newErr(errInvalidValueObject, key+": property-valued index on a value object")
				}
				itd := ac.terms[indexKey]
				reExp, err := st.expandValue(ac, itd, index)
				if err != nil {
					return result{}, err
				}
				if p := item.prop(indexIRI); p != nil {
					p.vals = append([]*obj{reExp}, p.vals...)
				} else {
					st.a.addProp(item, indexIRI, st.a.one(reExp))
				}
			case c&cIndex != 0 && item.has&kIndex == 0 && expIndex != "@none":
				st.a.x(item).index = index
				item.has |= kIndex
			case c&cID != 0 && item.has&kID == 0 && expIndex != "@none":
				id, ok := ac.expandIRI(index, true, false)
				if !ok {
					item.has |= kIDNull
				}
				item.id = id
				item.has |= kID
			case c&cType != 0 && expIndex != "@none":
				item.types = append([]string{expIndex}, item.types...)
				item.has |= kType | kTypeArray
			}
			out = append(out, item)
		}
	}
	return result{many: out, isArr: true}, nil
}
