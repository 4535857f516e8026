// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/ldcontext"
)

// RFC 3986 §5.4 reference resolution examples.
func TestResolveIRI(t *testing.T) {
	const base = "http://a/b/c/d;p?q"
	tests := map[string]string{
		"g:h": "g:h", "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/",
		"/g": "http://a/g", "//g": "http://g", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y",
		"#s": "http://a/b/c/d;p?q#s", "g#s": "http://a/b/c/g#s", "g?y#s": "http://a/b/c/g?y#s",
		";x": "http://a/b/c/;x", "g;x": "http://a/b/c/g;x", "g;x?y#s": "http://a/b/c/g;x?y#s",
		"": "http://a/b/c/d;p?q", ".": "http://a/b/c/", "./": "http://a/b/c/", "..": "http://a/b/",
		"../": "http://a/b/", "../g": "http://a/b/g", "../..": "http://a/", "../../": "http://a/",
		"../../g": "http://a/g", "../../../g": "http://a/g", "../../../../g": "http://a/g",
		"/./g": "http://a/g", "/../g": "http://a/g", "g.": "http://a/b/c/g.", ".g": "http://a/b/c/.g",
		"g..": "http://a/b/c/g..", "..g": "http://a/b/c/..g", "./../g": "http://a/b/g",
		"./g/.": "http://a/b/c/g/", "g/./h": "http://a/b/c/g/h", "g/../h": "http://a/b/c/h",
		"g;x=1/./y": "http://a/b/c/g;x=1/y", "g;x=1/../y": "http://a/b/c/y", "g?y/./x": "http://a/b/c/g?y/./x",
		"g?y/../x": "http://a/b/c/g?y/../x", "g#s/./x": "http://a/b/c/g#s/./x", "g#s/../x": "http://a/b/c/g#s/../x",
		"http:g": "http:g",
	}
	for ref, want := range tests {
		if got := resolveIRI(base, ref); got != want {
			t.Errorf("resolveIRI(%q, %q) = %q, want %q", base, ref, got, want)
		}
	}
	if got := resolveIRI("", "rel"); got != "rel" {
		t.Errorf("resolveIRI(\"\", \"rel\") = %q, want \"rel\"", got)
	}
}

// Number formats as JavaScript processors (jsonld.js) write them.
func TestNumberFormats(t *testing.T) {
	doubles := map[float64]string{
		1: "1.0E0", 1.1: "1.1E0", -2.5: "-2.5E0", 1e21: "1.0E21", 0.000001: "1.0E-6",
		123456789.123: "1.23456789123E8", 5e-324: "4.940656458412465E-324", 0: "0.0E0",
	}
	for f, want := range doubles {
		if got := canonicalDouble(f); got != want {
			t.Errorf("canonicalDouble(%v) = %q, want %q", f, got, want)
		}
	}
	integers := map[float64]string{0: "0", -1: "-1", 42: "42", 1e20: "100000000000000000000", 12345678901234567890: "12345678901234567168"}
	for f, want := range integers {
		if got := canonicalInteger(f); got != want {
			t.Errorf("canonicalInteger(%v) = %q, want %q", f, got, want)
		}
	}
	es := map[float64]string{
		0: "0", 1: "1", -1.5: "-1.5", 1e21: "1e+21", 1e20: "100000000000000000000", 0.000001: "0.000001",
		1e-7: "1e-7", 333333333.33333329: "333333333.3333333", 4.5: "4.5", 2e-3: "0.002", 1.5e300: "1.5e+300",
	}
	for f, want := range es {
		if got := esNumber(f); got != want {
			t.Errorf("esNumber(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestCanonicalJSON(t *testing.T) {
	v, err := ParseJSON([]byte(`{"b": [1.0, "\u20ac", null, true], "a": {"\ud83d\ude00": 1, "\ue000": 2}, "c": "\u000f\""}`))
	if err != nil {
		t.Fatal(err)
	}
	// Keys sort by UTF-16 code units: U+1F600 (D83D DE00) before U+E000.
	want := "{\"a\":{\"\U0001F600\":1,\"\uE000\":2},\"b\":[1,\"\u20ac\",null,true],\"c\":\"\\u000f\\\"\"}"
	if got := canonicalJSON(v); got != want {
		t.Errorf("canonicalJSON = %s, want %s", got, want)
	}
}

func TestExpandAPI(t *testing.T) {
	doc, _ := ParseJSON([]byte(`{"@context": {"@vocab": "http://example.org/", "n": {"@type": "http://www.w3.org/2001/XMLSchema#integer"}},
		"@id": "http://example.org/s", "@type": "T", "n": 5, "l": {"@list": ["a", 1.5]}, "lang": {"@value": "x", "@language": "EN-us"}}`))
	got, err := embedded.Expand(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{map[string]any{
		"@id":                     "http://example.org/s",
		"@type":                   []any{"http://example.org/T"},
		"http://example.org/n":    []any{map[string]any{"@value": json.Number("5"), "@type": "http://www.w3.org/2001/XMLSchema#integer"}},
		"http://example.org/l":    []any{map[string]any{"@list": []any{map[string]any{"@value": "a"}, map[string]any{"@value": json.Number("1.5")}}}},
		"http://example.org/lang": []any{map[string]any{"@value": "x", "@language": "en-us"}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Expand (-want +got):\n%s", diff)
	}
}

type countingLoader struct {
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingLoader) LoadDocument(url string) (any, error) {
	c.mu.Lock()
	c.calls[url]++
	c.mu.Unlock()
	return EmbeddedLoader.LoadDocument(url)
}

// Each remote context is loaded once, the processed context of the
// credential's @context array is cached on the initial context, and
// documents with inline contexts do not fill the long-lived caches.
func TestProcessorCaching(t *testing.T) {
	loader := &countingLoader{calls: map[string]int{}}
	p := NewProcessor(loader)
	cred := benchCredential(t)
	for i := 0; i < 10; i++ {
		if _, err := p.ToRDF(cred, &Options{SafeMode: true}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]int{ldcontext.CredentialsV2: 1, ldcontext.OB303: 1}
	if diff := cmp.Diff(want, loader.calls); diff != "" {
		t.Errorf("loader calls (-want +got):\n%s", diff)
	}
	ac := p.initialContext(initialKey{safe: true})
	key, _ := urlListKey(cred.(map[string]any)["@context"], "")
	if ac.lookupDerived(deriveKey{str: key, flags: dkURLList}) == nil {
		t.Errorf("the credential's context is not cached on the initial context")
	}
	// Many bases: the cache of initial contexts starts afresh when full, so
	// recent bases stay cached.
	for i := 0; i < 3*maxInitialContexts; i++ {
		base := fmt.Sprintf("https://example.org/%d/", i)
		if _, err := p.ToRDF(cred, &Options{Base: base}); err != nil {
			t.Fatal(err)
		}
		ac := p.initialContext(initialKey{base: base})
		if k, _ := urlListKey(cred.(map[string]any)["@context"], base); ac.lookupDerived(deriveKey{str: k, flags: dkURLList}) == nil {
			t.Fatalf("context for base %s not cached", base)
		}
	}
	budget := p.budget
	for i := 0; i < 50; i++ {
		doc, _ := ParseJSON([]byte(fmt.Sprintf(`{"@context": [%q, {"T%d": {"@id": "http://example.org/T", "@context": {"x": "http://example.org/x"}}}],
			"id": "urn:x", "type": "T%d", "x": 1}`, ldcontext.CredentialsV2, i, i)))
		if _, err := p.ToRDF(doc, nil); err != nil {
			t.Fatal(err)
		}
	}
	if used := budget - p.budget; used > 2 {
		t.Errorf("50 documents with inline contexts used %d cache entries, want at most 2", used)
	}
}

func TestInvalidInputs(t *testing.T) {
	tests := []struct {
		name string
		doc  any
		opts *Options
		code string
	}{
		{"unsupported Go type", map[string]any{"http://example.org/p": struct{}{}}, nil, "invalid input"},
		{"bad processing mode", map[string]any{}, &Options{ProcessingMode: "json-ld-2.0"}, "invalid option"},
		{"bad rdfDirection", map[string]any{}, &Options{RDFDirection: "sideways"}, "invalid option"},
	}
	for _, tt := range tests {
		_, err := embedded.ToRDF(tt.doc, tt.opts)
		var e *Error
		if !asError(err, &e) || e.Code != tt.code {
			t.Errorf("%s: ToRDF error = %v, want code %q", tt.name, err, tt.code)
		}
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}
