// SPDX-License-Identifier: Apache-2.0

package qr

import (
	"bytes"
	"errors"
	"image/png"
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
