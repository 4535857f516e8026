// SPDX-License-Identifier: Apache-2.0

package jsonld

// expandValue is Value Expansion (JSON-LD 1.1 API §5.3.2). td is the
// definition of the active property, if any.
func (st *state) expandValue(ac *Context, td *termDef, v any) (*obj, error) {
	var typ string
	if td != nil {
		typ = td.typ
	}
	if s, ok := v.(string); ok && (typ == "@id" || typ == "@vocab") {
		id, ok := ac.expandIRI(s, true, typ == "@vocab")
		o := st.a.obj(kID)
		o.id = id
		if !ok {
			if err := st.warn(safeReservedID, s); err != nil {
				return nil, err
			}
			o.has |= kIDNull
		} else if !isAbsoluteRef(id) {
			if err := st.warn(safeRelativeID, s); err != nil {
				return nil, err
			}
		}
		return o, nil
	}
	o := st.a.obj(kValue)
	o.value = v
	switch typ {
	case "", "@id", "@vocab", "@none":
		s, ok := v.(string)
		if !ok {
			break
		}
		lang, hasLang := ac.lang, ac.lang != ""
		if td != nil && td.hasLang {
			lang, hasLang = td.lang, td.lang != ""
		}
		dir := ac.dir
		if td != nil && td.hasDir {
			dir = td.dir
		}
		_ = s
		if hasLang {
			o.lang = lang
			o.has |= kLanguage
		}
		if dir != "" {
			st.a.x(o).dir = dir
			o.has |= kDirection
		}
	default:
		o.types = td.typeSlice()
		o.has |= kType
	}
	return o, nil
}

// typeSlice returns the type mapping as a one-element slice, shared by all
// values of the term so value expansion does not allocate it.
func (td *termDef) typeSlice() []string {
	if td.typeOne == nil {
		return []string{td.typ}
	}
	return td.typeOne
}
