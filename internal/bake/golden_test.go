// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestGolden bakes the fixed payloads into the test images and compares the
// result byte for byte with the golden files testdata/gen.go assembles
// independently. Regenerate with `go generate`.
func TestGolden(t *testing.T) {
	forms := testForms(t)
	tests := []struct {
		image, golden string
		p             Payload
	}{
		{"badge.png", "badge-ob3-json.png", forms[0].p},
		{"badge.png", "badge-ob3-jwt.png", forms[1].p},
		{"badge.png", "badge-ob2-jws.png", forms[2].p},
		{"badge.png", "badge-ob2-json.png", forms[3].p},
		{"badge.svg", "badge-ob3-json.svg", forms[0].p},
		{"badge.svg", "badge-ob3-jwt.svg", forms[1].p},
		{"badge.svg", "badge-ob2-jws.svg", forms[2].p},
		{"badge.svg", "badge-ob2-hosted.svg", forms[3].p},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			img, want := readFile(t, "testdata/"+tt.image), readFile(t, "testdata/"+tt.golden)
			got, err := Bake(img, tt.p, nil)
			if err != nil {
				t.Fatalf("Bake(%s) = %v", tt.image, err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Bake(%s) differs from %s:\n got %q\nwant %q", tt.image, tt.golden, clipBytes(got), clipBytes(want))
			}
			p, err := Unbake(want, nil)
			if err != nil {
				t.Fatalf("Unbake(%s) = %v", tt.golden, err)
			}
			if wantP := stored(tt.p, Sniff(want)); !samePayload(p, wantP) {
				t.Errorf("Unbake(%s) = %s, want %s", tt.golden, show(p), show(wantP))
			}
		})
	}
}

func clipBytes(b []byte) []byte {
	if len(b) > 400 {
		return b[:400]
	}
	return b
}

// TestInteropOB2SpecExample extracts the hosted assertion from the OB 2.0
// baking specification's SVG example. Upstream it is not well-formed (a
// "<rest-of-document...>" placeholder); testdata/ob2-spec-example.svg is the
// same text with a circle in its place.
func TestInteropOB2SpecExample(t *testing.T) {
	upstreamText := readFile(t, upstream+"ob2/examples/ob2-baking-svg-example.svg.txt")
	fixture := readFile(t, "testdata/ob2-spec-example.svg")
	if want := bytes.Replace(upstreamText, []byte("<rest-of-document...>"), []byte(`<circle cx="256" cy="256" r="200" fill="#36c"/>`), 1); !bytes.Equal(fixture, want) {
		t.Fatal("testdata/ob2-spec-example.svg no longer matches the upstream example; run go generate")
	}
	if err := wellFormed(fixture); err != nil {
		t.Fatalf("fixture is not well-formed: %v", err)
	}
	p, err := Unbake(fixture, nil)
	if err != nil {
		t.Fatalf("Unbake(spec example) = %v", err)
	}
	const id = "https://example.org/assertions/123"
	if p.Version != OB2 || p.HostedURL != id || p.IsJWS() {
		t.Errorf("Unbake(spec example) = %s, want an OB2 hosted assertion with HostedURL %q", show(p), id)
	}
	var a struct {
		ID    string
		Type  string
		Badge struct{ Name string }
	}
	if err := json.Unmarshal(p.Data, &a); err != nil {
		t.Fatalf("extracted assertion is not JSON: %v", err)
	}
	if a.ID != id || a.Type != "Assertion" || a.Badge.Name != "3-D Printmaster" {
		t.Errorf("extracted assertion = %+v, want id %q, type Assertion, badge 3-D Printmaster", a, id)
	}
	// The example is an issuer's artwork too: it bakes, and round-trips.
	baked, err := Bake(fixture, p, nil)
	if err != nil {
		t.Fatalf("Bake(spec example, its own assertion) = %v", err)
	}
	if got, err := Unbake(baked, nil); err != nil || !samePayload(got, p) {
		t.Errorf("Unbake(Bake(spec example)) = %s, %v; want %s", show(got), err, show(p))
	}
}
