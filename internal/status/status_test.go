// SPDX-License-Identifier: Apache-2.0

package status

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"testing"
)

// The spec's example encodedList is 16,384 zero bytes.
func TestSpecExample(t *testing.T) {
	l, err := Decode("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != MinBits {
		t.Errorf("Len = %d, want %d", l.Len(), MinBits)
	}
	for _, i := range []int{0, 7, 8, 94567, MinBits - 1} {
		if on, err := l.Get(i); on || err != nil {
			t.Errorf("Get(%d) = %v, %v; want false", i, on, err)
		}
	}
	if _, err := l.Get(MinBits); !errors.Is(err, ErrRange) {
		t.Errorf("Get(out of range) err = %v", err)
	}
}

func TestRoundTripBitOrder(t *testing.T) {
	l := New(0)
	for _, i := range []int{0, 9, 94567} {
		if err := l.Set(i, true); err != nil {
			t.Fatal(err)
		}
	}
	if l.bits[0] != 0x80 || l.bits[1] != 0x40 {
		t.Errorf("bit order wrong: first bytes %08b %08b", l.bits[0], l.bits[1])
	}
	enc, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < back.Len(); i++ {
		on, _ := back.Get(i)
		if want := i == 0 || i == 9 || i == 94567; on != want {
			t.Fatalf("bit %d = %v, want %v", i, on, want)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	short := func() string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(make([]byte, 100))
		zw.Close()
		return "u" + base64.RawURLEncoding.EncodeToString(b.Bytes())
	}()
	bomb := func() string {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(make([]byte, maxBytes+1024))
		zw.Close()
		return "u" + base64.RawURLEncoding.EncodeToString(b.Bytes())
	}()
	for name, tc := range map[string]struct {
		in   string
		want error
	}{
		"no prefix":  {"H4sI", ErrMalformed},
		"bad base64": {"u!!!", ErrMalformed},
		"not gzip":   {"uAAAA", ErrMalformed},
		"too short":  {short, ErrLength},
		"gzip bomb":  {bomb, ErrMalformed},
	} {
		if _, err := Decode(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")
	f.Add("u")
	f.Fuzz(func(t *testing.T, s string) {
		l, err := Decode(s)
		if err != nil {
			return
		}
		if _, err := l.Get(l.Len() - 1); err != nil {
			t.Fatal(err)
		}
	})
}
