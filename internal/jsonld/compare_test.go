// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// jsonLDEqual is the JSON-LD object comparison of the test suite README:
// arrays are unordered except under @list, numbers compare by value and
// language tags without regard to case.
func jsonLDEqual(a, b any, ordered bool) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok {
				return false
			}
			if k == "@language" {
				s1, ok1 := v.(string)
				s2, ok2 := w.(string)
				if ok1 && ok2 {
					if !strings.EqualFold(s1, s2) {
						return false
					}
					continue
				}
			}
			if !jsonLDEqual(v, w, k == "@list") {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		if ordered {
			for i := range x {
				if !jsonLDEqual(x[i], y[i], false) {
					return false
				}
			}
			return true
		}
		used := make([]bool, len(y))
	next:
		for _, v := range x {
			for j, w := range y {
				if !used[j] && jsonLDEqual(v, w, false) {
					used[j] = true
					continue next
				}
			}
			return false
		}
		return true
	}
	return jsonEqual(a, b)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// isomorphic reports whether two datasets are equal up to blank node
// labels (RDF 1.1 Concepts §3.6), by backtracking over blank nodes with
// the same local signature. Fine for test-sized graphs.
func isomorphic(a, b []rdf.Quad) bool {
	a, b = dedupQuads(a), dedupQuads(b)
	if len(a) != len(b) {
		return false
	}
	ba, bb := blanksOf(a), blanksOf(b)
	if len(ba) != len(bb) {
		return false
	}
	sigA, sigB := signatures(a), signatures(b)
	want := map[string]bool{}
	for _, q := range b {
		want[q.String()] = true
	}
	m := map[string]string{}
	usedB := map[string]bool{}
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(ba) {
			for _, q := range a {
				if !want[relabel(q, m).String()] {
					return false
				}
			}
			return true
		}
		x := ba[i]
		for _, y := range bb {
			if usedB[y] || sigA[x] != sigB[y] {
				continue
			}
			m[x], usedB[y] = y, true
			if consistent(a, m, want) && try(i+1) {
				return true
			}
			delete(m, x)
			usedB[y] = false
		}
		return false
	}
	return try(0)
}

func dedupQuads(qs []rdf.Quad) []rdf.Quad {
	seen := map[string]bool{}
	var out []rdf.Quad
	for _, q := range qs {
		if s := q.String(); !seen[s] {
			seen[s] = true
			out = append(out, q)
		}
	}
	return out
}

func blanksOf(qs []rdf.Quad) []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range qs {
		for _, t := range []rdf.Term{q.Subject, q.Predicate, q.Object, q.Graph} {
			if t.Kind == rdf.Blank && !seen[t.Value] {
				seen[t.Value] = true
				out = append(out, t.Value)
			}
		}
	}
	slices.Sort(out)
	return out
}

// signatures describes each blank node by the quads it occurs in, with
// itself as "_:self" and other blank nodes as "_:".
func signatures(qs []rdf.Quad) map[string]string {
	parts := map[string][]string{}
	for _, q := range qs {
		for _, t := range []rdf.Term{q.Subject, q.Predicate, q.Object, q.Graph} {
			if t.Kind != rdf.Blank {
				continue
			}
			parts[t.Value] = append(parts[t.Value], maskQuad(q, t.Value))
		}
	}
	out := map[string]string{}
	for k, v := range parts {
		slices.Sort(v)
		out[k] = strings.Join(v, "|")
	}
	return out
}

func maskQuad(q rdf.Quad, self string) string {
	mask := func(t rdf.Term) rdf.Term {
		if t.Kind != rdf.Blank {
			return t
		}
		if t.Value == self {
			return rdf.NewBlank("self")
		}
		return rdf.NewBlank("x")
	}
	return rdf.Quad{Subject: mask(q.Subject), Predicate: mask(q.Predicate), Object: mask(q.Object), Graph: mask(q.Graph)}.String()
}

// consistent checks that every quad whose blank nodes are all mapped is
// in the other dataset.
func consistent(a []rdf.Quad, m map[string]string, want map[string]bool) bool {
	for _, q := range a {
		ok := true
		for _, t := range []rdf.Term{q.Subject, q.Predicate, q.Object, q.Graph} {
			if t.Kind == rdf.Blank {
				if _, mapped := m[t.Value]; !mapped {
					ok = false
				}
			}
		}
		if ok && !want[relabel(q, m).String()] {
			return false
		}
	}
	return true
}

func relabel(q rdf.Quad, m map[string]string) rdf.Quad {
	f := func(t rdf.Term) rdf.Term {
		if t.Kind == rdf.Blank {
			return rdf.NewBlank(m[t.Value])
		}
		return t
	}
	return rdf.Quad{Subject: f(q.Subject), Predicate: f(q.Predicate), Object: f(q.Object), Graph: f(q.Graph)}
}

// parseGeneralizedNQuads parses N-Quads that may have blank node
// predicates (generalized RDF, which rdf.ParseNQuads refuses): such a
// predicate is parsed as a placeholder IRI and turned back into a blank node.
func parseGeneralizedNQuads(text string) ([]rdf.Quad, error) {
	const placeholder = "urn:x-blank-predicate:"
	var out []rdf.Quad
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		end := strings.IndexFunc(line, unicode.IsSpace)
		if end > 0 && line[0] == '<' {
			end = strings.IndexByte(line, '>') + 1
		}
		if end > 0 {
			rest := strings.TrimLeftFunc(line[end:], unicode.IsSpace)
			if label, tail, ok := strings.Cut(rest, " "); ok && strings.HasPrefix(label, "_:") {
				line = line[:end] + " <" + placeholder + label[2:] + "> " + tail
			}
		}
		qs, err := rdf.ParseNQuads(line)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			if v, ok := strings.CutPrefix(q.Predicate.Value, placeholder); ok && q.Predicate.Kind == rdf.IRI {
				q.Predicate = rdf.NewBlank(v)
			}
			out = append(out, q)
		}
	}
	return out, nil
}
