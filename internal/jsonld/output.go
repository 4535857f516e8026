// SPDX-License-Identifier: Apache-2.0

package jsonld

// toJSON converts an expanded object to the map form Expand returns.
func (o *obj) toJSON() map[string]any {
	m := make(map[string]any, len(o.props)+3)
	if o.has&kID != 0 {
		if o.has&kIDNull != 0 {
			m["@id"] = nil
		} else {
			m["@id"] = o.id
		}
	}
	if o.has&kType != 0 {
		if o.has&kValue != 0 && o.has&kTypeArray == 0 && len(o.types) == 1 {
			m["@type"] = o.types[0]
		} else {
			ts := make([]any, len(o.types))
			for i, t := range o.types {
				ts[i] = t
			}
			m["@type"] = ts
		}
	}
	if o.has&kValue != 0 {
		m["@value"] = o.value
	}
	if o.has&kLanguage != 0 {
		m["@language"] = o.lang
	}
	if o.has&kDirection != 0 {
		m["@direction"] = o.ext.dir
	}
	if o.has&kIndex != 0 {
		m["@index"] = o.ext.index
	}
	if o.has&kList != 0 {
		m["@list"] = objsJSON(o.ext.list)
	}
	if o.has&kGraph != 0 {
		m["@graph"] = objsJSON(o.ext.graph)
	}
	if o.has&kIncluded != 0 {
		m["@included"] = objsJSON(o.ext.included)
	}
	if o.has&kReverse != 0 {
		r := make(map[string]any, len(o.ext.reverse))
		for _, p := range o.ext.reverse {
			r[p.iri] = objsJSON(p.vals)
		}
		m["@reverse"] = r
	}
	for _, p := range o.props {
		m[p.iri] = objsJSON(p.vals)
	}
	return m
}

func objsJSON(objs []*obj) []any {
	out := make([]any, len(objs))
	for i, o := range objs {
		out[i] = o.toJSON()
	}
	return out
}
