// SPDX-License-Identifier: Apache-2.0

package bake

import (
	"errors"
	"os"
	"testing"
)

func TestCheckImage(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{{"testdata/badge.png", "image/png"}, {"testdata/badge.svg", "image/svg+xml"}} {
		b, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := CheckImage(b, nil); got != tc.want || err != nil {
			t.Errorf("CheckImage(%s) = %q, %v", tc.file, got, err)
		}
	}
	for name, tc := range map[string]struct {
		img  string
		want error
	}{
		"script":   {`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, ErrHostile},
		"onload":   {`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, ErrHostile},
		"entities": {`<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>`, ErrHostile},
		"gif":      {"GIF89a....", ErrUnsupported},
		"bad png":  {"\x89PNG\r\n\x1a\n\x00\x00", ErrMalformed},
	} {
		if _, err := CheckImage([]byte(tc.img), nil); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}
