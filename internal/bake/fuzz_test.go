// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"path/filepath"
	"testing"
)

// addFiles seeds f with every testdata file matching pattern.
func addFiles(f *testing.F, pattern string, extra ...func(*testing.F, []byte)) {
	names, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(names) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, name := range names {
		b := readFile(f, name)
		if len(extra) == 0 {
			f.Add(b)
		}
		for _, add := range extra {
			add(f, b)
		}
	}
}

// checkUnbake is the property both Unbake fuzzers check: errors wrap one
// sentinel; success gives a payload that bakes back into the same image and
// is extracted unchanged.
func checkUnbake(t *testing.T, img []byte) {
	p, err := Unbake(img, nil)
	if err != nil {
		if sentinelOf(err) == nil {
			t.Fatalf("Unbake error %v wraps no single sentinel", err)
		}
		return
	}
	if p.Version != OB2 && p.Version != OB3 {
		t.Fatalf("Unbake = version %v", p.Version)
	}
	if len(p.Data) == 0 {
		if p.Version != OB2 || !isHTTPURL(p.HostedURL) {
			t.Fatalf("Unbake = %s: no Data and no hosted URL", show(p))
		}
		return
	}
	if !p.IsJWS() && !isJSONObject(p.Data) {
		t.Fatalf("Unbake = %s: Data neither JWS nor JSON", show(p))
	}
	format := Sniff(img)
	baked, err := Bake(img, p, nil)
	if err != nil {
		if format == "png" {
			t.Fatalf("Bake(image Unbake accepted, its payload) = %v", err)
		}
		return // an SVG may be unsafe to serve, or broken after the element
	}
	checkBaked(t, baked, stored(p, format))
}

// checkBaked checks a Bake result: it is extracted as want, re-baking it is
// a no-op, and an SVG result is well-formed.
func checkBaked(t *testing.T, baked []byte, want Payload) {
	got, err := Unbake(baked, nil)
	if err != nil {
		t.Fatalf("Unbake(Bake(...)) = %v", err)
	}
	if !samePayload(got, want) {
		t.Fatalf("Unbake(Bake(p)) = %s, want %s", show(got), show(want))
	}
	again, err := Bake(baked, want, nil)
	if err != nil {
		t.Fatalf("Bake(Bake(img, p), p) = %v", err)
	}
	if !bytes.Equal(again, baked) {
		t.Fatalf("Bake(Bake(img, p), p) differs from Bake(img, p):\n%q\n%q", again, baked)
	}
	if Sniff(baked) == "svg" {
		if err := wellFormed(baked); err != nil {
			t.Fatalf("baked SVG is not well-formed: %v\n%q", err, baked)
		}
	}
}

func FuzzUnbakePNG(f *testing.F) {
	addFiles(f, "*.png")
	f.Fuzz(func(t *testing.T, img []byte) {
		checkUnbake(t, img)
		checkUnbake(t, fixCRCs(img))
	})
}

// fixCRCs returns a copy of a PNG-like input with the CRC of every chunk
// recomputed, so that mutations reach the code behind the CRC check.
func fixCRCs(b []byte) []byte {
	b = bytes.Clone(b)
	for off := len(pngSignature); off+12 <= len(b); {
		n := int64(binary.BigEndian.Uint32(b[off:]))
		if n > int64(len(b)-off-12) {
			break
		}
		end := off + 12 + int(n)
		binary.BigEndian.PutUint32(b[end-4:], crc32.ChecksumIEEE(b[off+4:end-4]))
		off = end
	}
	return b
}

func FuzzUnbakeSVG(f *testing.F) {
	addFiles(f, "*.svg")
	for _, img := range hostileSVGs {
		f.Add(img)
	}
	f.Fuzz(func(t *testing.T, img []byte) { checkUnbake(t, img) })
}

func FuzzBakePNG(f *testing.F) {
	forms := testForms(f)
	addFiles(f, "*.png", func(f *testing.F, img []byte) {
		for _, fm := range forms {
			f.Add(img, fm.p.Data, fm.p.Version == OB3)
		}
	})
	f.Fuzz(func(t *testing.T, img, data []byte, ob3 bool) {
		p := Payload{Version: OB2, Data: data}
		if ob3 {
			p.Version = OB3
		}
		baked, err := BakePNG(fixCRCs(img), p, nil)
		if err != nil {
			if sentinelOf(err) == nil {
				t.Fatalf("BakePNG error %v wraps no single sentinel", err)
			}
			return
		}
		checkBaked(t, baked, p)
	})
}

func FuzzBakeSVG(f *testing.F) {
	forms := testForms(f)
	addFiles(f, "*.svg", func(f *testing.F, img []byte) {
		for _, fm := range forms {
			f.Add(img, fm.p.Data, fm.p.Version == OB3, fm.p.HostedURL)
		}
	})
	f.Add(inSVG(""), []byte(`{"a":"]]>\r"}`), true, "")
	f.Fuzz(func(t *testing.T, img, data []byte, ob3 bool, hosted string) {
		p := Payload{Version: OB2, Data: data, HostedURL: hosted}
		if ob3 {
			p.Version = OB3
		}
		baked, err := BakeSVG(img, p, nil)
		if err != nil {
			if sentinelOf(err) == nil {
				t.Fatalf("BakeSVG error %v wraps no single sentinel", err)
			}
			return
		}
		checkBaked(t, baked, stored(p, "svg"))
	})
}
