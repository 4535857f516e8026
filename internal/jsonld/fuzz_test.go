// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// fuzzLoader serves the test suite's documents and the embedded contexts.
type fuzzLoader struct{}

func (fuzzLoader) LoadDocument(url string) (any, error) {
	if doc, err := (suiteLoader{}).LoadDocument(url); err == nil {
		return doc, nil
	}
	return EmbeddedLoader.LoadDocument(url)
}

// FuzzToRDF feeds JSON documents to Expand and ToRDF. Besides not
// panicking or hanging, every call must return an *Error or quads that
// survive an N-Quads round trip, and safe mode may only add errors: when
// it succeeds, its quads equal those of normal mode.
func FuzzToRDF(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join(suiteDir, "toRdf", "*-in.jsonld"),
		filepath.Join(suiteDir, "expand", "*-in.jsonld"),
		"../../testdata/ob3/examples/*.json",
		"testdata/*.json",
		filepath.Join(vectorsDir, "w3c-vc-di-eddsa", "*.json"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	p := NewProcessor(fuzzLoader{})
	const base = suiteBase + "toRdf/fuzz.jsonld"
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseJSON(data)
		if err != nil {
			return
		}
		if _, err := p.Expand(doc, &Options{Base: base}); err != nil {
			checkIsError(t, "Expand", err)
		}
		plain, errPlain := p.ToRDF(doc, &Options{Base: base})
		if errPlain != nil {
			checkIsError(t, "ToRDF", errPlain)
		} else {
			checkRoundTrip(t, plain)
		}
		safe, err := p.ToRDF(doc, &Options{Base: base, SafeMode: true})
		if err != nil {
			checkIsError(t, "ToRDF(safe)", err)
		} else {
			if errPlain != nil {
				t.Fatalf("ToRDF(safe) succeeded where ToRDF failed: %v", errPlain)
			}
			if !slices.Equal(nquadLines(plain), nquadLines(safe)) {
				t.Fatalf("ToRDF(safe) = \n%s\nwant the quads of ToRDF:\n%s", rdf.Serialize(safe), rdf.Serialize(plain))
			}
		}
		if q, err := p.ToRDF(doc, &Options{Base: base, RDFDirection: "compound-literal"}); err == nil {
			checkRoundTrip(t, q)
		}
	})
}

func checkIsError(t *testing.T, op string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code == "" {
		t.Fatalf("%s error %v (%T) is not a *jsonld.Error with a code", op, err, err)
	}
}

// checkRoundTrip checks that quads serialize to N-Quads that parse back
// to the same quads.
func checkRoundTrip(t *testing.T, quads []rdf.Quad) {
	t.Helper()
	text := rdf.Serialize(quads)
	back, err := rdf.ParseNQuads(text)
	if err != nil {
		t.Fatalf("output is not valid N-Quads: %v\n%s", err, text)
	}
	if got := rdf.Serialize(back); got != text {
		t.Fatalf("N-Quads round trip changed the output:\n%s\nwant\n%s", got, text)
	}
}
