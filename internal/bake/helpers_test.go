// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"testing"
)

// upstream holds the verbatim spec examples (see testdata/PROVENANCE.md at
// the repository root).
const upstream = "../../testdata/"

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// form is one of the four payload shapes the specifications define.
type form struct {
	name string
	p    Payload
}

const ob2HostedID = "https://example.org/beths-robotics-badge.json"

func testForms(t testing.TB) []form {
	return []form{
		{"OB3 JSON", Payload{Version: OB3, Data: readFile(t, upstream+"ob3/examples/basicOpenBadgeCredential.json")}},
		{"OB3 JWT", Payload{Version: OB3, Data: readFile(t, "testdata/ob3-credential.jwt")}},
		{"OB2 JWS", Payload{Version: OB2, Data: bytes.TrimSpace(readFile(t, upstream+"ob2/examples/ob2-signed-assertion-example.jws"))}},
		{"OB2 hosted", Payload{Version: OB2, Data: readFile(t, upstream+"ob2/examples/ob2-assertion-hosted.json"), HostedURL: ob2HostedID}},
	}
}

// stored is what Unbake gives back for p baked into format: a PNG has no
// place for HostedURL, and an SVG keeps it only for OB 2.0 JSON.
func stored(p Payload, format string) Payload {
	if format == "png" || p.Version == OB3 || p.IsJWS() {
		p.HostedURL = ""
	}
	return p
}

func samePayload(a, b Payload) bool {
	return a.Version == b.Version && bytes.Equal(a.Data, b.Data) && a.HostedURL == b.HostedURL
}

var sentinels = []error{ErrNotBaked, ErrTooLarge, ErrMalformed, ErrHostile, ErrUnsupported}

// sentinelOf returns the one sentinel err wraps, or nil.
func sentinelOf(err error) error {
	var found error
	for _, s := range sentinels {
		if errors.Is(err, s) {
			if found != nil {
				return nil
			}
			found = s
		}
	}
	return found
}

// checkErr fails unless err wraps want (nil meaning success).
func checkErr(t testing.TB, call string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("%s = %v, want success", call, err)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s = %v, want an error wrapping %q", call, err, want)
	case err != nil && sentinelOf(err) == nil:
		t.Errorf("%s = %v, which wraps no single sentinel", call, err)
	}
}

// wellFormed reports the first XML error in doc, reading it to the end.
func wellFormed(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
