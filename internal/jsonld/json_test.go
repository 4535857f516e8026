// SPDX-License-Identifier: Apache-2.0

package jsonld

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// stdParse is the reference: encoding/json with UseNumber, no trailing data.
func stdParse(b []byte) (any, bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

func TestParseJSON(t *testing.T) {
	tests := []struct {
		in   string
		want any
		ok   bool
	}{
		{`{"a": [1, 1.0, -0.5e+3, true, false, null, "x"]}`, map[string]any{"a": []any{json.Number("1"), json.Number("1.0"), json.Number("-0.5e+3"), true, false, nil, "x"}}, true},
		{`"\u00e9\ud83d\ude00\n\/"`, "é😀\n/", true},
		{`"\ud83d"`, "\ufffd", true},
		{`"\ud83dx"`, "\ufffdx", true},
		{"\"\xff\"", "\ufffd", true},
		{`{"a":1,"a":2}`, map[string]any{"a": json.Number("2")}, true},
		{` [] `, []any{}, true},
		{`{} {}`, nil, false},
		{`01`, nil, false},
		{`1.`, nil, false},
		{`-`, nil, false},
		{`"a`, nil, false},
		{"\"\x01\"", nil, false},
		{`[1,]`, nil, false},
		{`{"a"}`, nil, false},
		{`tru`, nil, false},
		{``, nil, false},
		{`"\x"`, nil, false},
		{strings.Repeat("[", 10001) + strings.Repeat("]", 10001), nil, false},
	}
	for _, tt := range tests {
		got, err := ParseJSON([]byte(tt.in))
		if (err == nil) != tt.ok {
			t.Errorf("ParseJSON(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseJSON(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
		if std, ok := stdParse([]byte(tt.in)); ok != tt.ok || !reflect.DeepEqual(std, got) && ok {
			t.Errorf("ParseJSON(%q) disagrees with encoding/json: %#v, %v", tt.in, std, ok)
		}
	}
}

// FuzzParseJSON checks ParseJSON against encoding/json.
func FuzzParseJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(suiteDir, "toRdf", "js*-in.jsonld"))
	files = append(files, "testdata/ob3-credential.json")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{`"\ud800\udc00"`, `"\udc00\ud800"`, "\"\xed\xa0\x80\"", `1e999`, `-0`, `[{"":{}}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ParseJSON(data)
		want, ok := stdParse(data)
		if (err == nil) != ok {
			t.Fatalf("ParseJSON(%q) error = %v; encoding/json ok = %v", data, err, ok)
		}
		if ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("ParseJSON(%q) = %#v; encoding/json gives %#v", data, got, want)
		}
	})
}
