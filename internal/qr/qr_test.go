// SPDX-License-Identifier: Apache-2.0

package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"strconv"
	"strings"
	"testing"
)

// No approved QR decoder is available, so the test reads the PNG back and
// checks, module by module, that it draws exactly the symbol the encoder
// made for the text.
func TestPNGDrawsTheSymbol(t *testing.T) {
	const text = "https://badges.example.ac.jp/v/0b8c4c3e-3d0c-4f7b-9a51-6a1d5f1f2e3a?d=0123456789abcdef"
	b, err := PNG(text, 4)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png.Decode = %v", err)
	}
	bm, err := Bitmap(text)
	if err != nil {
		t.Fatal(err)
	}
	n := len(bm)
	if got := img.Bounds().Dx(); got != 4*n || img.Bounds().Dy() != 4*n {
		t.Fatalf("image is %dx%d, want %dx%d", got, img.Bounds().Dy(), 4*n, 4*n)
	}
	for y := range n {
		for x := range n {
			r, _, _, _ := img.At(4*x+2, 4*y+2).RGBA()
			if black := r < 0x8000; black != bm[y][x] {
				t.Fatalf("module (%d,%d) black=%v, want %v", x, y, black, bm[y][x])
			}
		}
	}
	again, _ := PNG(text, 4)
	if !bytes.Equal(b, again) {
		t.Error("PNG is not deterministic")
	}
}

func TestPNGTooLong(t *testing.T) {
	if _, err := PNG(strings.Repeat("a", MaxText+1), 0); !errors.Is(err, ErrTooLong) {
		t.Errorf("PNG(long) = %v, want ErrTooLong", err)
	}
}

// TestSVG draws the SVG's runs back into modules: they are exactly the
// bitmap's black modules.
func TestSVG(t *testing.T) {
	const text = "https://badges.example.ac.jp/v/0192f0c4-7d1e-7c53-a3b9-2f1d7e0c5a11?d=0123456789abcdef"
	svg, err := SVG(text)
	if err != nil {
		t.Fatal(err)
	}
	bm, _ := Bitmap(text)
	n := len(bm)
	if !strings.HasPrefix(string(svg), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `+strconv.Itoa(n)+" "+strconv.Itoa(n)+`"`) {
		t.Fatalf("SVG header: %.120s", svg)
	}
	d := string(svg)
	d = d[strings.Index(d, ` d="`)+4:]
	d = d[:strings.IndexByte(d, '"')]
	got := make([][]bool, n)
	for i := range got {
		got[i] = make([]bool, n)
	}
	for _, run := range strings.Split(strings.TrimSuffix(d, "z"), "z") {
		var x, y, w, w2 int
		if _, err := fmt.Sscanf(run, "M%d %dh%dv1h-%d", &x, &y, &w, &w2); err != nil || w != w2 {
			t.Fatalf("run %q: %v", run, err)
		}
		for i := x; i < x+w; i++ {
			if got[y][i] {
				t.Fatalf("module %d,%d drawn twice", i, y)
			}
			got[y][i] = true
		}
	}
	for y := range bm {
		for x := range bm[y] {
			if got[y][x] != bm[y][x] {
				t.Fatalf("module %d,%d: SVG %v, bitmap %v", x, y, got[y][x], bm[y][x])
			}
		}
	}
	if _, err := SVG(strings.Repeat("x", MaxText+1)); !errors.Is(err, ErrTooLong) {
		t.Errorf("SVG of a long text: %v", err)
	}
}
