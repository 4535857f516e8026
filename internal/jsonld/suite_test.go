// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/akashi-badges/akashi/internal/rdf"
)

// The W3C JSON-LD 1.1 API test suite (testdata/json-ld-api at the module
// root), run offline: suiteLoader maps the suite's URL space to the folder.
const (
	suiteDir  = "../../testdata/json-ld-api"
	suiteBase = "https://w3c.github.io/json-ld-api/tests/"
)

// suiteLoader serves suiteBase from suiteDir and fails for anything else.
type suiteLoader struct{}

func (suiteLoader) LoadDocument(url string) (any, error) {
	rel, ok := strings.CutPrefix(url, suiteBase)
	if !ok || strings.Contains(rel, "..") {
		return nil, fmt.Errorf("suite loader: %s is outside the test suite", url)
	}
	b, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	return ParseJSON(b)
}

type suiteTest struct {
	id, name, input, expect, errCode string
	types                            []string
	opts                             map[string]any
}

func (s suiteTest) is(typ string) bool {
	for _, t := range s.types {
		if t == typ {
			return true
		}
	}
	return false
}

func loadManifest(t *testing.T, name string) []suiteTest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(suiteDir, name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	var tests []suiteTest
	for _, e := range doc.(map[string]any)["sequence"].([]any) {
		m := e.(map[string]any)
		st := suiteTest{id: str(m["@id"]), name: str(m["name"]), input: str(m["input"]), expect: str(m["expect"]), errCode: str(m["expectErrorCode"])}
		for _, ty := range m["@type"].([]any) {
			st.types = append(st.types, ty.(string))
		}
		st.opts, _ = m["option"].(map[string]any)
		tests = append(tests, st)
	}
	return tests
}

func str(v any) string { s, _ := v.(string); return s }

// skipReason returns why a test is not run, or "".
func skipReason(s suiteTest) string {
	if s.opts["specVersion"] == "json-ld-1.0" {
		return "JSON-LD 1.0-only test; this is a 1.1 processor"
	}
	return ""
}

// suiteOptions builds Options from a test entry.
func suiteOptions(t *testing.T, s suiteTest) *Options {
	o := &Options{Base: suiteBase + s.input}
	if b, ok := s.opts["base"].(string); ok {
		o.Base = b
	}
	if m, ok := s.opts["processingMode"].(string); ok {
		o.ProcessingMode = m
	}
	if d, ok := s.opts["rdfDirection"].(string); ok {
		o.RDFDirection = d
	}
	if g, ok := s.opts["produceGeneralizedRdf"].(bool); ok {
		o.ProduceGeneralizedRDF = g
	}
	if ec, ok := s.opts["expandContext"].(string); ok {
		doc, err := suiteLoader{}.LoadDocument(suiteBase + ec)
		if err != nil {
			t.Fatal(err)
		}
		o.ExpandContext = doc
	}
	return o
}

var (
	suiteProcOnce sync.Once
	suiteProc     *Processor
)

// sharedSuiteProcessor is one processor for all suite tests, so that the
// tests also exercise its caches under concurrency.
func sharedSuiteProcessor() *Processor {
	suiteProcOnce.Do(func() { suiteProc = NewProcessor(suiteLoader{}) })
	return suiteProc
}

func readSuiteJSON(t *testing.T, rel string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	v, err := ParseJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func checkErrorCode(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not a *jsonld.Error, want code %q", err, want)
	}
	if e.Code != want {
		t.Fatalf("error code %q (%v), want %q", e.Code, err, want)
	}
}

func TestExpandSuite(t *testing.T) {
	p := sharedSuiteProcessor()
	for _, s := range loadManifest(t, "expand-manifest.jsonld") {
		t.Run(strings.TrimPrefix(s.id, "#"), func(t *testing.T) {
			t.Parallel()
			if r := skipReason(s); r != "" {
				t.Skip(r)
			}
			opts := suiteOptions(t, s)
			got, err := p.Expand(readSuiteJSON(t, s.input), opts)
			if s.is("jld:NegativeEvaluationTest") {
				checkErrorCode(t, err, s.errCode)
				return
			}
			if err != nil {
				t.Fatalf("Expand(%s) error: %v", s.input, err)
			}
			want := readSuiteJSON(t, s.expect)
			if !jsonLDEqual(any(got), want, false) {
				t.Errorf("Expand(%s) (%s)\n got %s\nwant %s", s.input, s.name, mustJSON(got), mustJSON(want))
			}
		})
	}
}

func TestToRDFSuite(t *testing.T) {
	p := sharedSuiteProcessor()
	for _, s := range loadManifest(t, "toRdf-manifest.jsonld") {
		t.Run(strings.TrimPrefix(s.id, "#"), func(t *testing.T) {
			t.Parallel()
			if r := skipReason(s); r != "" {
				t.Skip(r)
			}
			opts := suiteOptions(t, s)
			got, err := p.ToRDF(readSuiteJSON(t, s.input), opts)
			switch {
			case s.is("jld:NegativeEvaluationTest"):
				checkErrorCode(t, err, s.errCode)
				return
			case err != nil:
				t.Fatalf("ToRDF(%s) error: %v", s.input, err)
			case s.is("jld:PositiveSyntaxTest"):
				return
			}
			b, err := os.ReadFile(filepath.Join(suiteDir, filepath.FromSlash(s.expect)))
			if err != nil {
				t.Fatal(err)
			}
			want, err := parseGeneralizedNQuads(string(b))
			if err != nil {
				t.Fatal(err)
			}
			if !isomorphic(got, want) {
				t.Errorf("ToRDF(%s) (%s)\n got:\n%s\nwant:\n%s", s.input, s.name, rdf.Serialize(got), b)
			}
		})
	}
}

func TestRemoteDocSuite(t *testing.T) {
	t.Skip("remote-doc tests exercise an HTTP document loader (content types, Link headers, redirects); the processor's loaders are offline by design")
}
