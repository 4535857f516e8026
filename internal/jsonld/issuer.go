// SPDX-License-Identifier: Apache-2.0

package jsonld

import "strconv"

// issuer is the Generate Blank Node Identifier algorithm (§7.4).
type issuer struct {
	m map[string]string
	n int
}

func (is *issuer) issue(old string) string {
	if old != "" {
		if id, ok := is.m[old]; ok {
			return id
		}
	}
	var id string
	if is.n < len(blankLabels) {
		id = blankLabels[is.n]
	} else {
		id = "_:b" + strconv.Itoa(is.n)
	}
	is.n++
	if old != "" {
		if is.m == nil {
			is.m = make(map[string]string, 8)
		}
		is.m[old] = id
	}
	return id
}

// blankLabels are the first labels, precomputed so that issuing them does
// not allocate.
var blankLabels = func() []string {
	l := make([]string, 256)
	for i := range l {
		l[i] = "_:b" + strconv.Itoa(i)
	}
	return l
}()
