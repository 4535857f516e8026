// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"fmt"
	"slices"
)

// contextsV2 are the IRIs of the OB 2.0 context: the canonical one and the
// URL it redirects to. None is ever fetched.
var contextsV2 = []string{ContextURL, ContextURL + "/", "https://openbadgespec.org/v2/context.json"}

var contextsV1 = []string{"https://w3id.org/openbadges/v1", "https://openbadgespec.org/v1/context.json"}

// checkContext checks @context and type of the assertion.
func (st *run) checkContext() {
	var o outcome
	raw := st.asrt.raw
	ctxs := stringsOf(raw["@context"])
	switch {
	case len(ctxs) == 0:
		o.fail("The assertion has no @context.")
	case containsAny(ctxs, contextsV2):
	case containsAny(ctxs, contextsV1):
		o.fail("The assertion uses the Open Badges 1.x context; this verifier checks Open Badges 2.0.")
	default:
		o.fail("The @context %q is not the Open Badges 2.0 context %s.", ctxs, ContextURL)
	}
	if types := stringsOf(raw["type"]); !slices.Contains(types, "Assertion") {
		o.fail("The type is %s, not Assertion.", describeTypes(types))
	}
	o.emit(st.r, "context", "The @context is the Open Badges 2.0 context and the type is Assertion.")
}

// stringsOf returns the strings of a string-or-array value; objects in an
// array (such as inline JSON-LD contexts) are skipped.
func stringsOf(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func containsAny(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

func describeTypes(types []string) string {
	if len(types) == 0 {
		return "missing"
	}
	return fmt.Sprintf("%q", types)
}
