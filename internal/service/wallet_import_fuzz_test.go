// SPDX-License-Identifier: Apache-2.0

package service

import (
	"encoding/base64"
	"slices"
	"testing"

	"github.com/akashi-badges/akashi/internal/badge"
	"github.com/akashi-badges/akashi/internal/bake"
)

// FuzzImportInput feeds the import's sniffer and image finder anything: they
// never panic, name only the forms they accept, and keep only an image
// that passes the checks of our own badge images.
func FuzzImportInput(f *testing.F) {
	png := testPNG(f)
	baked, err := bake.Bake(png, bake.Payload{Version: bake.OB3, Data: []byte(`{"id":"urn:x"}`)}, nil)
	if err != nil {
		f.Fatal(err)
	}
	uri := "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	enc := base64.RawURLEncoding.EncodeToString
	for _, seed := range [][]byte{
		baked, png, []byte("%PDF-1.7"), []byte("hello"), []byte(`{"a":1}`),
		[]byte(`{"credentialSubject":{"achievement":{"image":{"id":"` + uri + `"}}}}`),
		[]byte(`{"badge":{"image":"data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E"}}`),
		[]byte(enc([]byte(`{"alg":"EdDSA"}`)) + "." + enc([]byte(`{"vc":{"image":"`+uri+`"}}`)) + ".c2ln"),
		[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		kind, err := sniffImport(data, "file")
		if err != nil {
			if badge.ErrorCode(err) != badge.CodeInvalid {
				t.Fatalf("sniffImport error %v is not an invalid-input error", err)
			}
			return
		}
		if !slices.Contains([]string{"png", "svg", "json", "jwt"}, kind) {
			t.Fatalf("sniffImport = %q", kind)
		}
		img, mt := importImage(kind, data)
		switch {
		case mt == "" && img != nil:
			t.Fatal("importImage kept an image without a media type")
		case (kind == "png" || kind == "svg") && img != nil:
			t.Fatal("importImage copied a baked image instead of pointing at it")
		case img != nil:
			if len(img) > badge.MaxImportImageBytes {
				t.Fatalf("importImage kept %d bytes", len(img))
			}
			if got, err := bake.CheckImage(img, nil); err != nil || got != mt {
				t.Fatalf("importImage kept an image that fails CheckImage: %q, %v", got, err)
			}
		}
	})
}
