// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"math"
	"unsafe"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// rdfWriter is Deserialize JSON-LD to RDF (JSON-LD 1.1 API §8.1) with
// Object to RDF (§8.2) and List to RDF (§8.3) conversion.
type rdfWriter struct {
	st          *state
	issuer      *issuer
	direction   string
	generalized bool
	quads       []rdf.Quad
	wf          wfCache
}

// wfCache remembers which IRIs are well-formed. The same string (a term's
// IRI, a node's id) is checked many times, so entries are keyed by the
// string's address and length; the strings outlive the call.
type wfCache struct {
	ptr [64]*byte
	n   [64]int32
	ok  [64]bool
}

func (c *wfCache) iri(s string) bool {
	p := unsafe.StringData(s)
	h := (uintptr(unsafe.Pointer(p))>>3 ^ uintptr(len(s))) & 63
	if c.ptr[h] == p && c.n[h] == int32(len(s)) && p != nil {
		return c.ok[h]
	}
	ok := wellFormedIRI(s)
	c.ptr[h], c.n[h], c.ok[h] = p, int32(len(s)), ok
	return ok
}

// ref returns the term for a node identifier and whether it is well-formed.
func (w *rdfWriter) ref(id string) (rdf.Term, bool) {
	if isBlank(id) {
		return rdf.NewBlank(id[2:]), wellFormedBlank(id)
	}
	return rdf.NewIRI(id), w.wf.iri(id)
}

// emit appends a quad, writing it in place in the preallocated slice.
func (w *rdfWriter) emit(s, p, o, g *rdf.Term) {
	n := len(w.quads)
	if n == cap(w.quads) {
		w.quads = append(w.quads, rdf.Quad{})
	} else {
		w.quads = w.quads[:n+1]
	}
	q := &w.quads[n]
	q.Subject, q.Predicate, q.Object, q.Graph = *s, *p, *o, *g
}

const (
	rdfValue     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
	rdfLanguage  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#language"
	rdfDirection = "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction"
	i18nBase     = "https://www.w3.org/ns/i18n#"
)

var (
	termType  = rdf.NewIRI(rdf.RDFType)
	termFirst = rdf.NewIRI(rdf.RDFFirst)
	termRest  = rdf.NewIRI(rdf.RDFRest)
	termNil   = rdf.NewIRI(rdf.RDFNil)
)

func (w *rdfWriter) dataset(g *nodeMapGen) ([]rdf.Quad, error) {
	n := 0
	for _, gr := range g.order {
		for _, node := range gr.order {
			n += len(node.types)
			for i := range node.props {
				n += countQuads(node.props[i].vals)
			}
		}
	}
	// Exactly sized: quads are big (224 bytes) and most of the allocation.
	w.quads = make([]rdf.Quad, 0, n)
	for _, gr := range g.order {
		var gname rdf.Term
		if gr.name != "@default" {
			t, ok := w.ref(gr.name)
			if !ok {
				if err := w.st.warn(safeRelativeGraph, gr.name); err != nil {
					return nil, err
				}
				continue
			}
			gname = t
		}
		for _, node := range gr.order {
			if err := w.node(node, gname); err != nil {
				return nil, err
			}
		}
	}
	return w.quads, nil
}

func (w *rdfWriter) node(node *nmNode, g rdf.Term) error {
	if len(node.types) == 0 && !hasValues(node) {
		return nil
	}
	subj, ok := w.ref(node.id)
	if !ok {
		return w.st.warn(safeRelativeSubject, node.id)
	}
	for _, t := range node.types {
		obj, ok := w.ref(t)
		if !ok {
			if err := w.st.warn(safeRelativeObject, t); err != nil {
				return err
			}
			continue
		}
		w.emit(&subj, &termType, &obj, &g)
	}
	for i := range node.props {
		p := &node.props[i]
		if len(p.vals) == 0 {
			continue
		}
		if isBlank(p.iri) && !w.generalized {
			if err := w.st.warn(safeBlankNodePredicate, p.iri); err != nil {
				return err
			}
			continue
		}
		pred, ok := w.ref(p.iri)
		if !ok {
			if err := w.st.warn(safeRelativePredicate, p.iri); err != nil {
				return err
			}
			continue
		}
		for j := range p.vals {
			obj, ok, err := w.object(&p.vals[j], g)
			if err != nil {
				return err
			}
			if ok {
				w.emit(&subj, &pred, &obj, &g)
			}
		}
	}
	return nil
}

// countQuads returns how many quads vals give at most (compound
// literals need three more each).
func countQuads(vals []nval) int {
	n := 0
	for i := range vals {
		n++
		switch v := &vals[i]; {
		case v.kind == nvList:
			n += len(v.list) + countQuads(v.list)
		case v.kind == nvValue && v.o.has&kDirection != 0:
			n += 3
		}
	}
	return n
}

func hasValues(n *nmNode) bool {
	for i := range n.props {
		if len(n.props[i].vals) > 0 {
			return true
		}
	}
	return false
}

// object is Object to RDF Conversion (§8.2); statements describing lists
// and compound literals are added to w.quads directly. ok is false for
// an object that is dropped.
func (w *rdfWriter) object(v *nval, g rdf.Term) (rdf.Term, bool, error) {
	switch v.kind {
	case nvRef:
		t, ok := w.ref(v.ref)
		if !ok {
			return t, false, w.st.warn(safeRelativeObject, v.ref)
		}
		return t, true, nil
	case nvList:
		t, err := w.list(v.list, g)
		return t, err == nil, err
	}
	return w.literal(v.o, g)
}

// list is List to RDF Conversion (§8.3).
func (w *rdfWriter) list(items []nval, g rdf.Term) (rdf.Term, error) {
	if len(items) == 0 {
		return termNil, nil
	}
	head := rdf.NewBlank(w.issuer.issue("")[2:])
	cur := head
	for i := range items {
		obj, ok, err := w.object(&items[i], g)
		if err != nil {
			return rdf.Term{}, err
		}
		if ok {
			w.emit(&cur, &termFirst, &obj, &g)
		}
		next := termNil
		if i+1 < len(items) {
			next = rdf.NewBlank(w.issuer.issue("")[2:])
		}
		w.emit(&cur, &termRest, &next, &g)
		cur = next
	}
	return head, nil
}

// literal converts a value object (§8.2 steps 4-15).
func (w *rdfWriter) literal(o *obj, g rdf.Term) (rdf.Term, bool, error) {
	var datatype string
	if o.has&kType != 0 && len(o.types) == 1 {
		datatype = o.types[0]
		if datatype != "@json" && !w.wf.iri(datatype) {
			return rdf.Term{}, false, w.st.warn(safeInvalidLiteral, datatype)
		}
	}
	if o.has&kLanguage != 0 && !wellFormedLanguage(o.lang) {
		return rdf.Term{}, false, w.st.warn(safeInvalidLiteral, o.lang)
	}
	var value string
	switch x := o.value.(type) {
	case string:
		value = x
		if datatype == "@json" {
			value, datatype = canonicalJSON(x), rdf.RDFJSON
		}
	case bool:
		if datatype == "@json" {
			value, datatype = canonicalJSON(x), rdf.RDFJSON
		} else if value = "false"; x {
			value = "true"
		}
		if datatype == "" {
			datatype = rdf.XSDBoolean
		}
	default:
		if datatype == "@json" {
			value, datatype = canonicalJSON(x), rdf.RDFJSON
			break
		}
		f, ok := numberValue(x)
		if !ok {
			return rdf.Term{}, false, w.st.warn(safeInvalidLiteral, "")
		}
		if f != math.Trunc(f) || f >= 1e21 || f <= -1e21 || datatype == rdf.XSDDouble {
			value = canonicalDouble(f)
			if datatype == "" {
				datatype = rdf.XSDDouble
			}
		} else {
			value = canonicalInteger(f)
			if datatype == "" {
				datatype = rdf.XSDInteger
			}
		}
	}
	if o.has&kDirection != 0 {
		switch w.direction {
		case "i18n-datatype":
			return rdf.NewLiteral(value, i18nBase+lowerASCII(o.lang)+"_"+o.ext.dir, ""), true, nil
		case "compound-literal":
			return w.compound(o, value, g), true, nil
		default:
			if err := w.st.warn(safeRDFDirectionNotSet, value); err != nil {
				return rdf.Term{}, false, err
			}
		}
	}
	lang := ""
	if o.has&kLanguage != 0 {
		lang = o.lang
	}
	return rdf.NewLiteral(value, datatype, lang), true, nil
}

// compound writes a value with a base direction as a compound literal.
func (w *rdfWriter) compound(o *obj, value string, g rdf.Term) rdf.Term {
	b := rdf.NewBlank(w.issuer.issue("")[2:])
	w.quads = append(w.quads, rdf.Quad{Subject: b, Predicate: rdf.NewIRI(rdfValue), Object: rdf.NewLiteral(value, "", ""), Graph: g})
	if o.has&kLanguage != 0 {
		w.quads = append(w.quads, rdf.Quad{Subject: b, Predicate: rdf.NewIRI(rdfLanguage), Object: rdf.NewLiteral(lowerASCII(o.lang), "", ""), Graph: g})
	}
	w.quads = append(w.quads, rdf.Quad{Subject: b, Predicate: rdf.NewIRI(rdfDirection), Object: rdf.NewLiteral(o.ext.dir, "", ""), Graph: g})
	return b
}
