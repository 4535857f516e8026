// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"reflect"
	"testing"
)

// mkChunk encodes one PNG chunk with a correct CRC.
func mkChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// chunksOf lists the chunk types of a PNG, or fails.
func chunksOf(t testing.TB, b []byte) []string {
	t.Helper()
	var types []string
	_, err := walkPNG(b, defaultLimits(), func(c chunk) error {
		types = append(types, c.typ+":"+textKeyword(c))
		return nil
	})
	if err != nil {
		t.Fatalf("walkPNG = %v", err)
	}
	return types
}

func defaultLimits() Limits { return (*Limits)(nil).resolve() }

// withChunks rebuilds a PNG from the signature, IHDR and IDAT chunks of img
// with extra chunks spliced in right after IHDR and right before IEND.
func withChunks(t testing.TB, img []byte, afterIHDR, beforeIEND [][]byte) []byte {
	t.Helper()
	var out []byte
	out = append(out, pngSignature...)
	_, err := walkPNG(img, defaultLimits(), func(c chunk) error {
		if c.typ == "IEND" {
			out = append(out, bytes.Join(beforeIEND, nil)...)
		}
		out = append(out, img[c.off:c.end]...)
		if c.typ == "IHDR" {
			out = append(out, bytes.Join(afterIHDR, nil)...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func iTXtWith(keyword string, flag, method byte, lang, translated, text string) []byte {
	d := append([]byte(keyword), 0, flag, method)
	d = append(d, lang...)
	d = append(d, 0)
	d = append(d, translated...)
	d = append(d, 0)
	return mkChunk("iTXt", append(d, text...))
}

func TestBakePNGKeepsImage(t *testing.T) {
	img := readFile(t, "testdata/badge.png")
	orig, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range testForms(t) {
		baked, err := BakePNG(img, f.p, nil)
		if err != nil {
			t.Fatalf("BakePNG(%s) = %v", f.name, err)
		}
		got, err := png.Decode(bytes.NewReader(baked))
		if err != nil {
			t.Fatalf("png.Decode(BakePNG(%s)) = %v", f.name, err)
		}
		if !reflect.DeepEqual(got.(*image.NRGBA).Pix, orig.(*image.NRGBA).Pix) {
			t.Errorf("BakePNG(%s) changed the pixels", f.name)
		}
		want := []string{"IHDR:", "tEXt:Title", "IDAT:", "iTXt:" + f.p.Version.keyword(), "IEND:"}
		if got := chunksOf(t, baked); !reflect.DeepEqual(got, want) {
			t.Errorf("chunks of BakePNG(%s) = %v, want %v", f.name, got, want)
		}
	}
}

func TestBakePNGReplaces(t *testing.T) {
	img := readFile(t, "testdata/badge.png")
	forms := testForms(t)
	stale := withChunks(t, img,
		[][]byte{mkChunk("tEXt", []byte("openbadges\x00https://example.org/old")), iTXtWith("openbadges", 0, 0, "", "", `{"old":1}`)},
		[][]byte{mkChunk("zTXt", []byte("openbadgecredential\x00\x00x\x9c\x03\x00\x00\x00\x00\x01")), iTXtWith("openbadgecredential", 1, 0, "en", "", "zz")})
	for _, first := range forms {
		for _, second := range forms {
			once, err := BakePNG(img, first.p, nil)
			if err != nil {
				t.Fatal(err)
			}
			twice, err := BakePNG(once, second.p, nil)
			if err != nil {
				t.Fatalf("BakePNG(BakePNG(%s), %s) = %v", first.name, second.name, err)
			}
			direct, err := BakePNG(img, second.p, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(twice, direct) {
				t.Errorf("BakePNG(BakePNG(img, %s), %s) differs from BakePNG(img, %s)", first.name, second.name, second.name)
			}
		}
		fromStale, err := BakePNG(stale, first.p, nil)
		if err != nil {
			t.Fatalf("BakePNG(stale, %s) = %v", first.name, err)
		}
		direct, _ := BakePNG(img, first.p, nil)
		if !bytes.Equal(fromStale, direct) {
			t.Errorf("BakePNG(image with old credential chunks, %s) kept some of them: chunks %v", first.name, chunksOf(t, fromStale))
		}
	}
}

func TestUnbakePNGFixtures(t *testing.T) {
	forms := testForms(t)
	tests := []struct {
		file string
		want Payload
	}{
		{"ob2-after-ihdr.png", forms[2].p},
		{"ob1-legacy.png", Payload{Version: OB2, HostedURL: ob2HostedID}},
	}
	for _, tt := range tests {
		got, err := Unbake(readFile(t, "testdata/"+tt.file), nil)
		if err != nil {
			t.Fatalf("Unbake(%s) = %v", tt.file, err)
		}
		if !samePayload(got, tt.want) {
			t.Errorf("Unbake(%s) = %s, want %s", tt.file, show(got), show(tt.want))
		}
	}
	_, err := Unbake(readFile(t, "testdata/badge.png"), nil)
	checkErr(t, "Unbake(badge.png)", err, ErrNotBaked)
}

func TestUnbakePNGChunks(t *testing.T) {
	img := readFile(t, "testdata/badge.png")
	const (
		jws  = "aGVhZA.Ym9keQ.c2ln"
		json = `{"id":"x"}`
		url  = "https://example.org/assertions/1"
	)
	ob3 := iTXtWith(keywordOB3, 0, 0, "", "", json)
	ob2 := iTXtWith(keywordOB2, 0, 0, "", "", jws)
	legacy := mkChunk("tEXt", []byte(keywordOB2+"\x00"+url))
	tests := []struct {
		name   string
		before [][]byte // after IHDR
		after  [][]byte // before IEND
		want   Payload
		err    error
	}{
		{"OB3 preferred over earlier OB2", [][]byte{ob2}, [][]byte{ob3}, Payload{Version: OB3, Data: []byte(json)}, nil},
		{"OB2 preferred over earlier legacy", [][]byte{legacy}, [][]byte{ob2}, Payload{Version: OB2, Data: []byte(jws)}, nil},
		{"first OB3 wins", [][]byte{ob3}, [][]byte{iTXtWith(keywordOB3, 0, 0, "", "", jws)}, Payload{Version: OB3, Data: []byte(json)}, nil},
		{"legacy URL", nil, [][]byte{legacy}, Payload{Version: OB2, HostedURL: url}, nil},
		{"OB2 iTXt holding a URL", nil, [][]byte{iTXtWith(keywordOB2, 0, 0, "", "", url+"\n")}, Payload{Version: OB2, HostedURL: url}, nil},
		{"JWS with trailing newline", nil, [][]byte{iTXtWith(keywordOB3, 0, 0, "", "", jws+"\r\n")}, Payload{Version: OB3, Data: []byte(jws)}, nil},
		{"language tag ignored", nil, [][]byte{iTXtWith(keywordOB3, 0, 0, "en-GB", "Abzeichen", json)}, Payload{Version: OB3, Data: []byte(json)}, nil},
		{"other text chunks ignored", [][]byte{mkChunk("tEXt", []byte("Comment\x00openbadges")), iTXtWith("openbadgesX", 0, 0, "", "", jws)}, nil, Payload{}, ErrNotBaked},
		{"keyword is case-sensitive", nil, [][]byte{iTXtWith("OpenBadges", 0, 0, "", "", jws)}, Payload{}, ErrNotBaked},
		{"compressed iTXt", nil, [][]byte{iTXtWith(keywordOB3, 1, 0, "", "", "x\x9c")}, Payload{}, ErrUnsupported},
		{"zTXt only", nil, [][]byte{mkChunk("zTXt", []byte(keywordOB2+"\x00\x00x\x9c"))}, Payload{}, ErrUnsupported},
		{"OB3 tEXt only", nil, [][]byte{mkChunk("tEXt", []byte(keywordOB3+"\x00"+json))}, Payload{}, ErrUnsupported},
		{"bad compression flag", nil, [][]byte{iTXtWith(keywordOB3, 2, 0, "", "", json)}, Payload{}, ErrMalformed},
		{"bad compression method", nil, [][]byte{iTXtWith(keywordOB3, 0, 8, "", "", json)}, Payload{}, ErrMalformed},
		{"no language terminator", nil, [][]byte{mkChunk("iTXt", []byte(keywordOB3+"\x00\x00\x00en"))}, Payload{}, ErrMalformed},
		{"no flag bytes", nil, [][]byte{mkChunk("iTXt", []byte(keywordOB3+"\x00"))}, Payload{}, ErrMalformed},
		{"text neither JSON nor JWS", nil, [][]byte{iTXtWith(keywordOB3, 0, 0, "", "", "hello")}, Payload{}, ErrMalformed},
		{"OB3 URL is not a form", nil, [][]byte{iTXtWith(keywordOB3, 0, 0, "", "", url)}, Payload{}, ErrMalformed},
		{"empty text", nil, [][]byte{iTXtWith(keywordOB2, 0, 0, "", "", "")}, Payload{}, ErrMalformed},
		{"invalid UTF-8 JSON", nil, [][]byte{iTXtWith(keywordOB3, 0, 0, "", "", "{\"a\":\"\xff\"}")}, Payload{}, ErrMalformed},
		{"legacy tEXt not a URL", nil, [][]byte{mkChunk("tEXt", []byte(keywordOB2+"\x00javascript:alert(1)"))}, Payload{}, ErrMalformed},
	}
	for _, tt := range tests {
		b := withChunks(t, img, tt.before, tt.after)
		got, err := Unbake(b, nil)
		checkErr(t, "Unbake("+tt.name+")", err, tt.err)
		if err == nil && !samePayload(got, tt.want) {
			t.Errorf("Unbake(%s) = %s, want %s", tt.name, show(got), show(tt.want))
		}
	}
}

// TestPNGEveryByteFlipped flips each byte of a baked PNG after the signature
// in turn: every copy must be refused as malformed, by Unbake and BakePNG.
func TestPNGEveryByteFlipped(t *testing.T) {
	baked, err := BakePNG(readFile(t, "testdata/badge.png"), testForms(t)[0].p, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := testForms(t)[1].p
	for i := len(pngSignature); i < len(baked); i++ {
		for _, mask := range []byte{0x01, 0x20, 0x80} {
			b := bytes.Clone(baked)
			b[i] ^= mask
			_, err := Unbake(b, nil)
			checkErr(t, fmt.Sprintf("Unbake(byte %d ^ %#x)", i, mask), err, ErrMalformed)
			_, err = BakePNG(b, p, nil)
			checkErr(t, fmt.Sprintf("BakePNG(byte %d ^ %#x)", i, mask), err, ErrMalformed)
		}
	}
}

func TestPNGTruncated(t *testing.T) {
	baked, err := BakePNG(readFile(t, "testdata/badge.png"), testForms(t)[0].p, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := testForms(t)[1].p
	for n := range len(baked) {
		want := ErrMalformed
		if n < len(pngSignature) {
			want = ErrUnsupported // no longer recognisable as PNG
		}
		_, err := Unbake(baked[:n], nil)
		checkErr(t, fmt.Sprintf("Unbake(first %d bytes)", n), err, want)
		_, err = BakePNG(baked[:n], p, nil)
		checkErr(t, fmt.Sprintf("BakePNG(first %d bytes)", n), err, ErrMalformed)
	}
}

func TestPNGTrailingData(t *testing.T) {
	img := readFile(t, "testdata/badge.png")
	p := testForms(t)[0].p
	withTail := append(bytes.Clone(img), "trailing junk<script>"...)
	baked, err := BakePNG(withTail, p, nil)
	if err != nil {
		t.Fatalf("BakePNG(trailing data) = %v", err)
	}
	want, _ := BakePNG(img, p, nil)
	if !bytes.Equal(baked, want) {
		t.Errorf("BakePNG kept the bytes after IEND")
	}
	got, err := Unbake(append(baked, "junk"...), nil)
	if err != nil || !samePayload(got, p) {
		t.Errorf("Unbake(baked + junk) = %s, %v; want the payload", show(got), err)
	}
}

// ihdrPNG builds a minimal PNG around an IHDR with the given fields.
func ihdrPNG(w, h uint32, depth, color, interlace byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, color, 0, 0, interlace)
	b := append(bytes.Clone(pngSignature), mkChunk("IHDR", ihdr)...)
	b = append(b, mkChunk("IDAT", []byte("x\x9c\x63\x00\x00\x00\x02\x00\x01"))...)
	return append(b, mkChunk("IEND", nil)...)
}

func TestPNGHeader(t *testing.T) {
	p := testForms(t)[0].p
	tests := []struct {
		name string
		img  []byte
		lim  *Limits
		want error
	}{
		{"1x1 grey", ihdrPNG(1, 1, 8, 0, 0), nil, nil},
		{"at the limit", ihdrPNG(4096, 4096, 8, 6, 1), nil, nil},
		{"1x1 file claiming 100000x100000", ihdrPNG(100000, 100000, 8, 6, 0), nil, ErrTooLarge},
		{"width over the limit", ihdrPNG(4097, 1, 8, 6, 0), nil, ErrTooLarge},
		{"height over a custom limit", ihdrPNG(10, 11, 8, 6, 0), &Limits{MaxHeight: 10}, ErrTooLarge},
		{"width 2^31", ihdrPNG(1<<31, 1, 8, 6, 0), nil, ErrMalformed},
		{"width 0", ihdrPNG(0, 1, 8, 6, 0), nil, ErrMalformed},
		{"height 0", ihdrPNG(1, 0, 8, 6, 0), nil, ErrMalformed},
		{"RGBA depth 4", ihdrPNG(1, 1, 4, 6, 0), nil, ErrMalformed},
		{"palette depth 16", ihdrPNG(1, 1, 16, 3, 0), nil, ErrMalformed},
		{"colour type 5", ihdrPNG(1, 1, 8, 5, 0), nil, ErrMalformed},
		{"interlace 2", ihdrPNG(1, 1, 8, 0, 2), nil, ErrMalformed},
	}
	for _, tt := range tests {
		_, err := BakePNG(tt.img, p, tt.lim)
		checkErr(t, "BakePNG("+tt.name+")", err, tt.want)
		want := tt.want
		if want == nil {
			want = ErrNotBaked
		}
		_, err = Unbake(tt.img, tt.lim)
		checkErr(t, "Unbake("+tt.name+")", err, want)
	}
}

func TestPNGStructure(t *testing.T) {
	p := testForms(t)[0].p
	good := ihdrPNG(1, 1, 8, 0, 0)
	ihdr := good[8 : 8+25]
	idat := good[8+25 : len(good)-12]
	iend := good[len(good)-12:]
	join := func(parts ...[]byte) []byte { return append(bytes.Clone(pngSignature), bytes.Join(parts, nil)...) }
	tests := []struct {
		name string
		img  []byte
	}{
		{"IDAT first", join(idat, ihdr, iend)},
		{"two IHDR", join(ihdr, ihdr, idat, iend)},
		{"no IDAT", join(ihdr, iend)},
		{"no IEND", join(ihdr, idat)},
		{"IEND with data", join(ihdr, idat, mkChunk("IEND", []byte{0}))},
		{"short IHDR", join(mkChunk("IHDR", ihdr[8:20]), idat, iend)},
		{"chunk type with a digit", join(ihdr, mkChunk("tEX1", nil), idat, iend)},
		{"chunk length over 2^31-1", join(ihdr, []byte{0x80, 0, 0, 0, 't', 'E', 'X', 't'}, idat, iend)},
		{"bad signature", append([]byte("\x89PNG\r\n\x1a\x0a"[:7]+"\x00"), good[8:]...)},
	}
	for _, tt := range tests {
		_, err := BakePNG(tt.img, p, nil)
		checkErr(t, "BakePNG("+tt.name+")", err, ErrMalformed)
		if Sniff(tt.img) == "png" {
			_, err = Unbake(tt.img, nil)
			checkErr(t, "Unbake("+tt.name+")", err, ErrMalformed)
		}
	}
}
