// SPDX-License-Identifier: Apache-2.0

package jsonld

// obj is one object of an expanded document: a node, value, list or graph
// object (or, while expanding, a set object). A typed struct instead of
// map[string]any keeps expansion and node map generation free of map
// allocations and look-ups.
type obj struct {
	has   uint16
	id    string
	types []string
	value any
	lang  string
	props []prop
	ext   *objExt
}

// objExt holds the entries few objects have.
type objExt struct {
	dir      string
	index    string
	list     []*obj
	graph    []*obj
	included []*obj
	reverse  []prop
	set      result
	pidx     map[string]int // index into props once there are many
}

// prop is one property of a node object with its expanded values.
type prop struct {
	iri  string
	vals []*obj
}

// Keyword entry bits of obj.has.
const (
	kID uint16 = 1 << iota
	kIDNull
	kType
	kTypeArray // @type was given as an array (invalid on value objects)
	kValue
	kLanguage
	kDirection
	kIndex
	kList
	kSet
	kGraph
	kIncluded
	kReverse
)

// result is what expanding an element yields: null, one object, or an
// array of objects.
type result struct {
	one   *obj
	many  []*obj
	isArr bool
}

func (r result) isNull() bool { return !r.isArr && r.one == nil }

// appendTo appends the objects of r to dst.
func (r result) appendTo(dst []*obj) []*obj {
	if r.isArr {
		return append(dst, r.many...)
	}
	if r.one != nil {
		return append(dst, r.one)
	}
	return dst
}

func (o *obj) isValue() bool { return o.has&kValue != 0 }
func (o *obj) isList() bool  { return o.has&kList != 0 }

// isNode reports whether o is a node object.
func (o *obj) isNode() bool { return o.has&(kValue|kList|kSet) == 0 }

// isGraph reports whether o is a graph object: @graph with at most @id and
// @index.
func (o *obj) isGraph() bool {
	return o.has&kGraph != 0 && o.has&^(kGraph|kID|kIDNull|kIndex) == 0 && len(o.props) == 0
}

func (o *obj) index() string {
	if o.ext == nil {
		return ""
	}
	return o.ext.index
}

func (o *obj) dir() string {
	if o.ext == nil {
		return ""
	}
	return o.ext.dir
}

// addProp appends vals to property iri, creating it (possibly empty).
func (a *arena) addProp(o *obj, iri string, vals []*obj) {
	if len(o.props) >= 16 {
		a.x(o)
	}
	o.props = addToProps(o.props, o.ext, iri, vals)
}

func (a *arena) addReverse(o *obj, iri string, vals []*obj) {
	x := a.x(o)
	o.has |= kReverse
	x.reverse = addToProps(x.reverse, nil, iri, vals)
}

// addToProps adds vals under iri. ext, when given, holds an index that is
// built once a node has many properties, so hostile documents with
// thousands of keys do not cost quadratic time.
func addToProps(props []prop, ext *objExt, iri string, vals []*obj) []prop {
	if ext != nil && ext.pidx != nil {
		if i, ok := ext.pidx[iri]; ok {
			props[i].vals = append(props[i].vals, vals...)
			return props
		}
	} else {
		for i := range props {
			if props[i].iri == iri {
				props[i].vals = append(props[i].vals, vals...)
				return props
			}
		}
	}
	if vals == nil {
		vals = []*obj{}
	}
	// Cap the slice so later appends never write into a caller's array.
	props = append(props, prop{iri: iri, vals: vals[:len(vals):len(vals)]})
	if ext != nil && len(props) > 16 {
		x := ext
		if x.pidx == nil {
			x.pidx = make(map[string]int, len(props)*2)
			for i := range props {
				x.pidx[props[i].iri] = i
			}
		}
		x.pidx[iri] = len(props) - 1
	}
	return props
}

func (o *obj) prop(iri string) *prop {
	for i := range o.props {
		if o.props[i].iri == iri {
			return &o.props[i]
		}
	}
	return nil
}
