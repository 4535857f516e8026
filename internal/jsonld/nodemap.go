// SPDX-License-Identifier: Apache-2.0

package jsonld

// Node map generation (JSON-LD 1.1 API §7.2) over the typed expanded
// document. Nodes keep the order in which they are first seen.

type nmGraph struct {
	name  string
	nodes map[string]*nmNode
	order []*nmNode
}

type nmNode struct {
	id       string
	types    []string
	props    []nmProp
	pidx     map[string]int
	index    string
	hasIndex bool
}

type nmProp struct {
	iri  string
	vals []nval
	seen map[nvKey]struct{} // for long value lists
}

// nval is a value in the node map: a value object, a node reference or a
// list of nvals.
type nval struct {
	kind uint8
	ref  string
	o    *obj
	list []nval
}

const (
	nvValue uint8 = iota + 1
	nvRef
	nvList
)

// nodeMapGen builds the node map. It lives in the pooled state; reset
// keeps the default graph's map for the next call.
type nodeMapGen struct {
	a      *arena
	def    nmGraph
	graphs map[string]*nmGraph // named graphs
	order  []*nmGraph
	issuer issuer
}

func (g *nodeMapGen) reset() {
	clear(g.def.nodes)
	clear(g.def.order)
	g.def.order = g.def.order[:0]
	g.graphs = nil
	clear(g.order)
	g.order = g.order[:0]
	clear(g.issuer.m)
	g.issuer.n = 0
	g.a = nil
}

func (g *nodeMapGen) graph(name string) *nmGraph {
	if name == "@default" {
		if g.def.nodes == nil {
			g.def.name, g.def.nodes = name, make(map[string]*nmNode, 16)
		}
		if len(g.order) == 0 || g.order[0] != &g.def {
			g.order = append(g.order, &g.def)
		}
		return &g.def
	}
	if gr := g.graphs[name]; gr != nil {
		return gr
	}
	gr := &nmGraph{name: name, nodes: make(map[string]*nmNode, 8)}
	if g.graphs == nil {
		g.graphs = make(map[string]*nmGraph, 2)
	}
	g.graphs[name] = gr
	g.order = append(g.order, gr)
	return gr
}

func (g *nodeMapGen) node(gr *nmGraph, id string) *nmNode {
	if n := gr.nodes[id]; n != nil {
		return n
	}
	n := g.a.nodes.new()
	n.id = id
	gr.nodes[id] = n
	gr.order = append(gr.order, n)
	return n
}

func (g *nodeMapGen) generate(objs []*obj) error {
	def := g.graph("@default")
	for _, o := range objs {
		if err := g.gen(o, def, nil, false, "", "", nil); err != nil {
			return err
		}
	}
	return nil
}

// gen adds o to the node map. subj is the active subject node, or revID
// (with rev) the id of the subject of a reverse property; prop is the active
// property; list, when not nil, collects the items of a list.
func (g *nodeMapGen) gen(o *obj, gr *nmGraph, subj *nmNode, rev bool, revID, prop string, list *[]nval) error {
	switch {
	case o.isValue():
		v := nval{kind: nvValue, o: o}
		if list != nil {
			*list = append(*list, v)
		} else if subj != nil {
			subj.addUnique(prop, v)
		}
		return nil
	case o.isList():
		items := g.a.nvals.slice(len(o.ext.list))
		if items == nil {
			items = []nval{}
		}
		for _, it := range o.ext.list {
			if err := g.gen(it, gr, subj, rev, revID, prop, &items); err != nil {
				return err
			}
		}
		v := nval{kind: nvList, list: items}
		if list != nil {
			*list = append(*list, v)
		} else if subj != nil {
			subj.add(prop, v)
		}
		return nil
	}
	id := o.id
	switch {
	case o.has&kIDNull != 0:
		id = ""
	case o.has&kID == 0:
		id = g.issuer.issue("")
	case isBlank(id):
		id = g.issuer.issue(id)
	}
	node := g.node(gr, id)
	switch {
	case rev:
		node.addUnique(prop, nval{kind: nvRef, ref: revID})
	case prop != "":
		ref := nval{kind: nvRef, ref: id}
		if list != nil {
			*list = append(*list, ref)
		} else if subj != nil {
			subj.addUnique(prop, ref)
		}
	}
	if node.types == nil {
		node.types = g.a.strs.slice(len(o.types))
	}
	for _, t := range o.types {
		if isBlank(t) {
			t = g.issuer.issue(t)
		}
		node.addType(t)
	}
	if o.has&kIndex != 0 {
		if node.hasIndex && node.index != o.ext.index {
			return newErr(errConflictingIndexes, id)
		}
		node.index, node.hasIndex = o.ext.index, true
	}
	if o.ext != nil {
		for _, p := range o.ext.reverse {
			for _, v := range p.vals {
				if err := g.gen(v, gr, nil, true, id, p.iri, nil); err != nil {
					return err
				}
			}
		}
		if o.has&kGraph != 0 {
			inner := g.graph(id)
			for _, v := range o.ext.graph {
				if err := g.gen(v, inner, nil, false, "", "", nil); err != nil {
					return err
				}
			}
		}
		for _, v := range o.ext.included {
			if err := g.gen(v, gr, nil, false, "", "", nil); err != nil {
				return err
			}
		}
	}
	if node.props == nil {
		node.props = g.a.nprops.slice(len(o.props))
	}
	for _, p := range o.props {
		iri := p.iri
		if isBlank(iri) {
			iri = g.issuer.issue(iri)
		}
		if np := node.ensure(iri); np.vals == nil {
			np.vals = g.a.nvals.slice(len(p.vals))
		}
		for _, v := range p.vals {
			if err := g.gen(v, gr, node, false, "", iri, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

func (n *nmNode) addType(t string) {
	for _, x := range n.types {
		if x == t {
			return
		}
	}
	n.types = append(n.types, t)
}

func (n *nmNode) ensure(iri string) *nmProp {
	if n.pidx != nil {
		if i, ok := n.pidx[iri]; ok {
			return &n.props[i]
		}
	} else {
		for i := range n.props {
			if n.props[i].iri == iri {
				return &n.props[i]
			}
		}
	}
	n.props = append(n.props, nmProp{iri: iri})
	if len(n.props) > 16 {
		if n.pidx == nil {
			n.pidx = make(map[string]int, 32)
			for i := range n.props {
				n.pidx[n.props[i].iri] = i
			}
		}
		n.pidx[iri] = len(n.props) - 1
	}
	return &n.props[len(n.props)-1]
}

func (n *nmNode) add(iri string, v nval) {
	p := n.ensure(iri)
	p.vals = append(p.vals, v)
}
