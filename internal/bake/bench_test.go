// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"testing"
)

// noisePNG encodes a size x size RGBA image of random pixels, which
// compresses badly: 512x512 gives a file of about 1 MiB.
func noisePNG(b *testing.B, size int) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, size, size))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range m.Pix {
		m.Pix[i] = byte(r.Uint32())
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func benchImages(b *testing.B) []struct {
	name string
	img  []byte
} {
	return []struct {
		name string
		img  []byte
	}{
		{"badge", readFile(b, "testdata/badge.png")},
		{"1MiB", noisePNG(b, 512)},
	}
}

func BenchmarkBakePNG(b *testing.B) {
	p := testForms(b)[0].p
	for _, im := range benchImages(b) {
		b.Run(im.name, func(b *testing.B) {
			b.SetBytes(int64(len(im.img)))
			for b.Loop() {
				if _, err := BakePNG(im.img, p, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnbakePNG(b *testing.B) {
	p := testForms(b)[0].p
	for _, im := range benchImages(b) {
		baked, err := BakePNG(im.img, p, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(im.name, func(b *testing.B) {
			b.SetBytes(int64(len(baked)))
			for b.Loop() {
				if _, err := Unbake(baked, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBakeSVG(b *testing.B) {
	img, p := readFile(b, "testdata/badge.svg"), testForms(b)[0].p
	b.SetBytes(int64(len(img)))
	for b.Loop() {
		if _, err := BakeSVG(img, p, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnbakeSVG(b *testing.B) {
	baked := readFile(b, "testdata/badge-ob3-json.svg")
	b.SetBytes(int64(len(baked)))
	for b.Loop() {
		if _, err := Unbake(baked, nil); err != nil {
			b.Fatal(err)
		}
	}
}
