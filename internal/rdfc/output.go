// SPDX-License-Identifier: Apache-2.0

package rdfc

import (
	"bytes"
	"strconv"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// document serializes the relabelled quads, sorts the lines and returns
// them joined. dup reports two equal lines, which means the input repeated
// a quad (relabelling is one-to-one).
func (s *state) document() (out []byte, dup bool) {
	// Lines go into s.terms, after the lines prepared by load, so that all
	// spans index one buffer.
	s.spans = s.spans[:0]
	for i := range s.quads {
		q := &s.quads[i]
		if q.ground() {
			s.spans = append(s.spans, q.line)
			continue
		}
		start := len(s.terms)
		s.terms = s.appendLine(s.terms, q, canonical)
		s.spans = append(s.spans, span{start, len(s.terms)})
	}
	buf := s.terms
	sortLines(buf, s.spans)
	size := 0
	for i, sp := range s.spans {
		if i > 0 {
			prev := s.spans[i-1]
			if bytes.Equal(buf[prev.start:prev.end], buf[sp.start:sp.end]) {
				return nil, true
			}
		}
		size += sp.end - sp.start
	}
	out = make([]byte, 0, size)
	for _, sp := range s.spans {
		out = append(out, buf[sp.start:sp.end]...)
	}
	return out, false
}

// dedupe returns in without repeated quads, keeping first occurrences. It
// relies on the labels issued by the last run.
func (s *state) dedupe(in []rdf.Quad) []rdf.Quad {
	seen := make(map[string]bool, len(in))
	out := make([]rdf.Quad, 0, len(in))
	for i := range in {
		key := string(s.appendLine(nil, &s.quads[i], canonical))
		if !seen[key] {
			seen[key] = true
			out = append(out, in[i])
		}
	}
	return out
}

// issuedMap returns input label -> canonical label.
func (s *state) issuedMap() map[string]string {
	m := make(map[string]string, len(s.labels))
	for n, label := range s.labels {
		m[label] = "c14n" + strconv.Itoa(int(s.canon[n]))
	}
	return m
}
