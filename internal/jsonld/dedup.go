// SPDX-License-Identifier: Apache-2.0

package jsonld

// addUnique adds v unless an equal value is there (§7.2.2: "unless it is
// already in that array").
func (n *nmNode) addUnique(iri string, v nval) {
	p := n.ensure(iri)
	var k nvKey
	keyed := false
	if p.seen != nil {
		k, keyed = v.key()
	}
	if keyed {
		if _, dup := p.seen[k]; dup {
			return
		}
	} else {
		for i := range p.vals {
			if p.vals[i].equal(&v) {
				return
			}
		}
	}
	p.vals = append(p.vals, v)
	if p.seen == nil && len(p.vals) > 16 {
		p.seen = make(map[nvKey]struct{}, 64)
		for i := range p.vals {
			if k, ok := p.vals[i].key(); ok {
				p.seen[k] = struct{}{}
			}
		}
	}
	if keyed {
		p.seen[k] = struct{}{}
	}
}

// nvKey identifies a reference or a scalar value object for fast
// duplicate checks.
type nvKey struct {
	kind, vt              uint8 // vt: 's' string, 'b' boolean, 'n' number
	s                     string
	f                     float64
	typ, lang, dir, index string
}

// key returns the dedup key of v; values without one (lists, JSON
// literals) are compared one by one. Lists never compare equal.
func (v *nval) key() (nvKey, bool) {
	switch v.kind {
	case nvRef:
		return nvKey{kind: nvRef, s: v.ref}, true
	case nvValue:
		o := v.o
		k := nvKey{kind: nvValue, lang: o.lang, dir: o.dir(), index: o.index()}
		if len(o.types) == 1 {
			k.typ = o.types[0]
			if k.typ == "@json" {
				return k, false
			}
		}
		switch x := o.value.(type) {
		case string:
			k.vt, k.s = 's', x
		case bool:
			k.vt = 'b'
			if x {
				k.f = 1
			}
		default:
			f, ok := numberValue(x)
			if !ok || f != f {
				return k, false
			}
			k.vt, k.f = 'n', f
		}
		return k, true
	}
	return nvKey{}, false
}

func (v *nval) equal(w *nval) bool {
	if v.kind != w.kind {
		return false
	}
	switch v.kind {
	case nvRef:
		return v.ref == w.ref
	case nvValue:
		a, b := v.o, w.o
		return a.lang == b.lang && a.dir() == b.dir() && a.index() == b.index() &&
			a.has&(kType|kLanguage|kDirection|kIndex) == b.has&(kType|kLanguage|kDirection|kIndex) &&
			sameStrings(a.types, b.types) && jsonEqual(a.value, b.value)
	}
	return false
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
