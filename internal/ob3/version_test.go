// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"errors"
	"testing"
)

func TestDetectVersion(t *testing.T) {
	ob := func(v string) string { return "https://purl.imsglobal.org/spec/ob/v3p0/context" + v + ".json" }
	tests := []struct {
		name string
		doc  map[string]any
		want Version
	}{
		{"VC 2.0, OB 3.0.3", map[string]any{"@context": []any{ContextVC2, ContextOB303}, "validFrom": "x"}, Version{"2.0", "3.0.3"}},
		{"VC 2.0, extensions", map[string]any{"@context": []any{ContextVC2, ContextOB303, ContextExtensions}}, Version{"2.0", "3.0.3"}},
		{"VC 1.1, OB 3.0.1", map[string]any{"@context": []any{ContextVC1, ob("-3.0.1")}, "issuanceDate": "x"}, Version{"1.1", "3.0.1"}},
		{"VC 1.1, OB 3.0.2", map[string]any{"@context": []any{ContextVC1, ob("-3.0.2"), ContextExtensions}, "issuanceDate": "x"}, Version{"1.1", "3.0.2"}},
		{"VC 1.1, unversioned", map[string]any{"@context": []any{ContextVC1, ob("")}, "issuanceDate": "x"}, Version{"1.1", "3.0"}},
		{"OB context third", map[string]any{"@context": []any{ContextVC2, map[string]any{"x": "y"}, ob("-3.0.3")}}, Version{"2.0", "3.0.3"}},
	}
	for _, tt := range tests {
		got, err := DetectVersion(tt.doc)
		if err != nil || got != tt.want {
			t.Errorf("%s: DetectVersion() = %v, %v; want %v", tt.name, got, err, tt.want)
		}
		if got.Legacy() != (tt.want.VC == "1.1") {
			t.Errorf("%s: Legacy() = %v", tt.name, got.Legacy())
		}
	}
}

func TestDetectVersionRefuses(t *testing.T) {
	tests := map[string]map[string]any{
		"no context":             {},
		"context string":         {"@context": ContextVC2},
		"OB 2.0":                 {"@context": []any{"https://w3id.org/openbadges/v2"}},
		"VC only":                {"@context": []any{ContextVC2}},
		"OB first":               {"@context": []any{ContextOB303, ContextVC2}},
		"OB context lookalike":   {"@context": []any{ContextVC2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json.evil"}},
		"VC 1.1 no issuanceDate": {"@context": []any{ContextVC1, ContextOB303}, "validFrom": "x"},
		"VC 2.0 issuanceDate":    {"@context": []any{ContextVC2, ContextOB303}, "issuanceDate": "x"},
		"VC 2.0 expirationDate":  {"@context": []any{ContextVC2, ContextOB303}, "expirationDate": "x"},
	}
	for name, doc := range tests {
		if v, err := DetectVersion(doc); !errors.Is(err, ErrVersion) {
			t.Errorf("%s: DetectVersion() = %v, %v; want ErrVersion", name, v, err)
		}
	}
}
