// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"os"
	"testing"
	"time"
)

// reportCPU adds a cpu-ns/op metric to b, measured since start.
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkToRDF converts a ~2.7 KB OB 3.0 AchievementCredential
// (testdata/ob3-credential.json) to RDF in safe mode, as signing does,
// with the contexts already cached by the processor.
func BenchmarkToRDF(b *testing.B) {
	doc := benchCredential(b)
	p := NewProcessor(EmbeddedLoader)
	opts := &Options{SafeMode: true}
	if _, err := p.ToRDF(doc, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := p.ToRDF(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkParseAndToRDF includes parsing the credential's JSON.
func BenchmarkParseAndToRDF(b *testing.B) {
	raw, err := os.ReadFile("testdata/ob3-credential.json")
	if err != nil {
		b.Fatal(err)
	}
	p := NewProcessor(EmbeddedLoader)
	opts := &Options{SafeMode: true}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		doc, err := ParseJSON(raw)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.ToRDF(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkExpand measures expansion alone.
func BenchmarkExpand(b *testing.B) {
	doc := benchCredential(b)
	p := NewProcessor(EmbeddedLoader)
	opts := &Options{SafeMode: true}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := p.Expand(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkToRDFColdCache includes processing the remote contexts.
func BenchmarkToRDFColdCache(b *testing.B) {
	doc := benchCredential(b)
	opts := &Options{SafeMode: true}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, err := NewProcessor(EmbeddedLoader).ToRDF(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}
