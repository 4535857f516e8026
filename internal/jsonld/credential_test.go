// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/ldcontext"
	"github.com/akashi-badges/akashi/internal/rdf"
	"github.com/akashi-badges/akashi/internal/rdfc"
)

const vectorsDir = "../../testdata/vectors"

var embedded = NewProcessor(EmbeddedLoader)

func readJSONFile(t testing.TB, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ParseJSON(b)
	if err != nil {
		t.Fatalf("ParseJSON(%s): %v", path, err)
	}
	return v
}

func canonicalize(t *testing.T, quads []rdf.Quad) string {
	t.Helper()
	b, err := rdfc.Canonicalize(quads, nil)
	if err != nil {
		t.Fatalf("rdfc.Canonicalize: %v", err)
	}
	return string(b)
}

// Canonical N-Quads of credentials must match the published test vectors
// byte for byte: the signature depends on them.
func TestCredentialVectors(t *testing.T) {
	ob3 := readJSONFile(t, filepath.Join(vectorsDir, "ob3-spec-ldp/obv3p0-eddsa-rdfc-2022-vector.json")).(map[string]any)
	// The proof configuration is canonicalized with the credential's @context.
	ob3Proof := deepCopy(ob3["proofConfig"]).(map[string]any)
	ob3Proof["@context"] = ob3["unsignedCredential"].(map[string]any)["@context"]
	tests := []struct {
		name, canon string
		doc         any
	}{
		{"ob3-spec-ldp", "ob3-spec-ldp/obv3p0-document-canon.txt", ob3["unsignedCredential"]},
		{"ob3-spec-ldp-proof", "ob3-spec-ldp/obv3p0-proof-canon.txt", ob3Proof},
		{"w3c-vc-di-eddsa", "w3c-vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt",
			readJSONFile(t, filepath.Join(vectorsDir, "w3c-vc-di-eddsa/unsigned.json"))},
		{"w3c-vc-di-eddsa-proof", "w3c-vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt",
			readJSONFile(t, filepath.Join(vectorsDir, "w3c-vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(filepath.Join(vectorsDir, tt.canon))
			if err != nil {
				t.Fatal(err)
			}
			quads, err := embedded.ToRDF(tt.doc, &Options{SafeMode: true})
			if err != nil {
				t.Fatalf("ToRDF: %v", err)
			}
			if got := canonicalize(t, quads); got != string(want) {
				t.Errorf("canonical N-Quads differ (-want +got):\n%s", cmp.Diff(string(want), got))
			}
		})
	}
}

// withEntry returns a copy of the credential with key set in the map found
// by following path.
func withEntry(t *testing.T, doc any, path []string, key string, v any) any {
	t.Helper()
	root := deepCopy(doc)
	m := root.(map[string]any)
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	m[key] = v
	return root
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = deepCopy(e)
		}
		return a
	}
	return v
}

func benchCredential(t testing.TB) any {
	return readJSONFile(t, "testdata/ob3-credential.json")
}

func nquadLines(q []rdf.Quad) []string {
	lines := rdf.SplitLines(rdf.Serialize(q))
	slices.Sort(lines)
	return lines
}

// An OB 3.0 credential with a property that no context defines must be
// refused in safe mode; without safe mode the property is dropped.
func TestSafeModeUndefinedProperty(t *testing.T) {
	cred := benchCredential(t)
	plain, err := embedded.ToRDF(cred, &Options{SafeMode: true})
	if err != nil {
		t.Fatalf("ToRDF(credential, safe): %v", err)
	}
	for _, path := range [][]string{nil, {"credentialSubject"}, {"credentialSubject", "achievement"}, {"issuer"}} {
		bad := withEntry(t, cred, path, "foo", "bar")
		_, err := embedded.ToRDF(bad, &Options{SafeMode: true})
		var e *Error
		if !errors.As(err, &e) || e.Code != "invalid property" {
			t.Errorf("ToRDF(credential + %v.foo, safe) error = %v, want code \"invalid property\"", path, err)
		}
		got, err := embedded.ToRDF(bad, nil)
		if err != nil {
			t.Fatalf("ToRDF(credential + %v.foo) error: %v", path, err)
		}
		if diff := cmp.Diff(nquadLines(plain), nquadLines(got)); diff != "" {
			t.Errorf("ToRDF(credential + %v.foo) should drop foo (-want +got):\n%s", path, diff)
		}
	}
}

// Each safe-mode check, with a document that trips it. Every document is
// accepted without safe mode.
func TestSafeModeCodes(t *testing.T) {
	const ctx = `"@context": {"@vocab": "http://example.org/", "ex": "http://example.org/", "t": {"@id": "ex:t", "@type": "@id"}}`
	tests := []struct {
		name, doc, code string
		opts            Options
	}{
		{"undefined term", `{"@context": {"a": "http://example.org/a"}, "a": 1, "b": 2}`, "invalid property", Options{}},
		{"relative @id", `{` + ctx + `, "@id": "rel", "p": 1}`, "relative @id reference", Options{}},
		{"relative @id-typed value", `{` + ctx + `, "t": "rel"}`, "relative @id reference", Options{}},
		{"relative @type", `{"@context": {"a": "http://example.org/a"}, "@type": "Rel", "a": 1}`, "relative @type reference", Options{}},
		{"relative @vocab", `{"@context": {"@vocab": "vocab/"}, "a": 1}`, "relative @vocab reference", Options{}},
		{"reserved @id value", `{` + ctx + `, "@id": "@reserved", "p": 1}`, "reserved @id value", Options{}},
		{"reserved term", `{"@context": {"@vocab": "http://example.org/", "@reserved": "http://example.org/r"}, "p": 1}`, "reserved term", Options{}},
		{"reserved @id in term", `{"@context": {"@vocab": "http://example.org/", "r": {"@id": "@reserved"}}, "p": 1}`, "reserved @id value", Options{}},
		{"reserved @reverse", `{"@context": {"@vocab": "http://example.org/", "r": {"@reverse": "@reserved"}}, "p": 1}`, "reserved @reverse value", Options{}},
		{"invalid @language", `{` + ctx + `, "p": {"@value": "x", "@language": "not a tag"}}`, "invalid @language value", Options{}},
		{"invalid default language", `{"@context": {"@vocab": "http://example.org/", "@language": "en_US!"}, "p": "x"}`, "invalid @language value", Options{}},
		{"free-floating scalar", `{` + ctx + `, "@graph": ["x", {"@id": "http://example.org/s", "p": 1}]}`, "free-floating scalar", Options{}},
		{"null @value", `{` + ctx + `, "p": {"@value": null}}`, "null @value value", Options{}},
		{"free-floating value", `{` + ctx + `, "@graph": [{"@value": "x"}, {"@id": "http://example.org/s", "p": 1}]}`, "object with only @value", Options{}},
		{"free-floating list", `{` + ctx + `, "@graph": [{"@list": ["x"]}, {"@id": "http://example.org/s", "p": 1}]}`, "object with only @list", Options{}},
		{"only @language", `{` + ctx + `, "p": {"@language": "en"}}`, "object with only @language", Options{}},
		{"empty object", `{` + ctx + `}`, "empty object", Options{}},
		{"node with only @id", `{` + ctx + `, "@graph": [{"@id": "http://example.org/lonely"}, {"@id": "http://example.org/s", "p": 1}]}`, "object with only @id", Options{}},
		{"empty graph container value", `{"@context": {"@vocab": "http://example.org/", "g": {"@container": "@graph"}}, "@id": "http://example.org/s", "g": {}}`, "empty object", Options{}},
		{"graph container value with only @id", `{"@context": {"@vocab": "http://example.org/", "g": {"@container": "@graph"}}, "@id": "http://example.org/s", "g": {"@id": "http://example.org/o"}}`, "object with only @id", Options{}},
		{"blank node predicate", `{` + ctx + `, "_:p": "x"}`, "blank node predicate", Options{}},
		{"predicate not well-formed", `{` + ctx + `, "http://example.org/a b": "x"}`, "invalid property", Options{}},
		{"direction without rdfDirection", `{` + ctx + `, "p": {"@value": "x", "@direction": "rtl"}}`, "rdfDirection not set", Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := ParseJSON([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := embedded.ToRDF(doc, &tt.opts); err != nil {
				t.Fatalf("ToRDF(%s) without safe mode: %v", tt.doc, err)
			}
			safe := tt.opts
			safe.SafeMode = true
			_, err = embedded.ToRDF(doc, &safe)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Errorf("ToRDF(%s, safe) error = %v, want code %q", tt.doc, err, tt.code)
			}
		})
	}
}

// Safe mode accepts the credentials the vectors sign.
func TestSafeModeAcceptsCredential(t *testing.T) {
	if _, err := embedded.ToRDF(benchCredential(t), &Options{SafeMode: true}); err != nil {
		t.Fatalf("ToRDF(credential, safe): %v", err)
	}
	exp, err := embedded.Expand(benchCredential(t), &Options{SafeMode: true})
	if err != nil || len(exp) != 1 {
		t.Fatalf("Expand(credential, safe) = %d nodes, %v; want 1 node", len(exp), err)
	}
}

// A context that is not embedded fails with loading remote context failed
// wrapping ldcontext.ErrUnknownContext: EmbeddedLoader never fetches.
func TestEmbeddedLoaderUnknownContext(t *testing.T) {
	doc, _ := ParseJSON([]byte(`{"@context": "https://example.com/unknown-context.jsonld", "@id": "http://example.org/x"}`))
	_, err := embedded.ToRDF(doc, nil)
	var e *Error
	if !errors.As(err, &e) || e.Code != "loading remote context failed" {
		t.Fatalf("ToRDF(unknown context) error = %v, want code \"loading remote context failed\"", err)
	}
	if !errors.Is(err, ldcontext.ErrUnknownContext) {
		t.Errorf("ToRDF(unknown context) error %v does not wrap ldcontext.ErrUnknownContext", err)
	}
}

// The cached context must not leak state between calls: the same document
// processed repeatedly and concurrently gives the same quads, with and
// without safe mode, and a document with an inline context that redefines
// a term does not change later results.
func TestContextCacheIsolation(t *testing.T) {
	p := NewProcessor(EmbeddedLoader)
	cred := benchCredential(t)
	first, err := p.ToRDF(cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := nquadLines(first)
	override := withEntry(t, cred, []string{"credentialSubject"}, "@context", map[string]any{"licenseNumber": "http://example.org/license"})
	override = withEntry(t, override, []string{"credentialSubject"}, "licenseNumber", "X-1")
	if _, err := p.ToRDF(override, nil); err != nil {
		t.Fatalf("ToRDF(credential with inline context): %v", err)
	}
	done := make(chan []string, 8)
	for i := 0; i < cap(done); i++ {
		go func() {
			q, err := p.ToRDF(cred, &Options{SafeMode: i%2 == 0})
			if err != nil {
				done <- []string{err.Error()}
				return
			}
			done <- nquadLines(q)
		}()
	}
	for i := 0; i < cap(done); i++ {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Fatalf("repeated ToRDF differs (-first +later):\n%s", diff)
		}
	}
}

// Hostile contexts end with an error instead of recursing for ever.
func TestHostileContexts(t *testing.T) {
	loader := mapLoader{
		"https://example.org/self":   `{"@context": "https://example.org/self"}`,
		"https://example.org/a":      `{"@context": ["https://example.org/b", {"x": "http://example.org/x"}]}`,
		"https://example.org/b":      `{"@context": "https://example.org/a"}`,
		"https://example.org/scoped": `{"@context": {"@vocab": "http://example.org/", "T": {"@context": "https://example.org/scoped"}}}`,
		"https://example.org/import": `{"@context": {"@import": "https://example.org/import"}}`,
	}
	p := NewProcessor(loader)
	tests := []struct{ name, doc, code string }{
		{"self-inclusion", `{"@context": "https://example.org/self", "@id": "http://example.org/s"}`, "context overflow"},
		{"cycle of two", `{"@context": "https://example.org/a", "x": 1}`, "context overflow"},
		{"self import", `{"@context": "https://example.org/import", "x": 1}`, "invalid context entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, _ := ParseJSON([]byte(tt.doc))
			_, err := p.ToRDF(doc, nil)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code {
				t.Fatalf("ToRDF error = %v, want code %q", err, tt.code)
			}
		})
	}
	// Scoped contexts that fan out (each of 30 terms of level i has the
	// context of level i+1 as scoped context) and a list repeating a context
	// many times are stopped by the work bound.
	for i := 0; i < 8; i++ {
		var terms []string
		for j := 0; j < 30; j++ {
			terms = append(terms, fmt.Sprintf(`"t%d": {"@id": "http://example.org/t%d", "@context": "https://example.org/fan%d"}`, j, j, i+1))
		}
		loader[fmt.Sprintf("https://example.org/fan%d", i)] = `{"@context": {` + strings.Join(terms, ",") + `}}`
	}
	loader["https://example.org/fan8"] = `{"@context": {}}`
	p = NewProcessor(loader)
	repeated := `{"@context": [` + strings.Repeat(`"https://example.org/fan7",`, 50000) + `{}], "http://example.org/p": 1}`
	for name, doc := range map[string]string{
		"fan-out":  `{"@context": "https://example.org/fan0", "http://example.org/p": 1}`,
		"repeated": repeated,
	} {
		start := time.Now()
		v, _ := ParseJSON([]byte(doc))
		_, err := p.ToRDF(v, nil)
		var e *Error
		if !errors.As(err, &e) || e.Code != "context overflow" {
			t.Errorf("%s: ToRDF error = %v, want code \"context overflow\"", name, err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: ToRDF took %v", name, d)
		}
	}
	// A type-scoped context that refers to itself is fine: it is applied
	// once per node.
	doc, _ := ParseJSON([]byte(`{"@context": "https://example.org/scoped", "@type": "T", "p": {"@type": "T", "q": 1}}`))
	if _, err := p.ToRDF(doc, nil); err != nil {
		t.Fatalf("ToRDF(recursive type-scoped context): %v", err)
	}
	deep := strings.Repeat(`{"http://example.org/p": `, 2000) + "1" + strings.Repeat("}", 2000)
	v, err := ParseJSON([]byte(deep))
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.ToRDF(v, nil)
	var e *Error
	if !errors.As(err, &e) || e.Code != "nesting too deep" {
		t.Fatalf("ToRDF(2000 nested maps) error = %v, want code \"nesting too deep\"", err)
	}
}

type mapLoader map[string]string

func (m mapLoader) LoadDocument(url string) (any, error) {
	s, ok := m[url]
	if !ok {
		return nil, errors.New("not found: " + url)
	}
	return ParseJSON([]byte(s))
}
