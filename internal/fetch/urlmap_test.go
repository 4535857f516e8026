// SPDX-License-Identifier: Apache-2.0

package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadURLMap(t *testing.T) {
	dir := t.TempDir()
	abs := filepath.Join(dir, "abs.json")
	writeFile(t, filepath.Join(dir, "map.json"), `{
		"https://issuer.test/profile": "docs/profile.json",
		"https://issuer.test/abs": `+quote(abs)+`
	}`)
	got, err := LoadURLMap(filepath.Join(dir, "map.json"))
	if err != nil {
		t.Fatalf("LoadURLMap: %v", err)
	}
	want := map[string]string{
		"https://issuer.test/profile": filepath.Join(dir, "docs", "profile.json"),
		"https://issuer.test/abs":     abs,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadURLMap (-want +got):\n%s", diff)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestLoadURLMapErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"array.json": `["a"]`,
		"bad.json":   `{"a":`,
		"empty.json": `{"https://x.test/": ""}`,
		"num.json":   `{"https://x.test/": 1}`,
	} {
		writeFile(t, filepath.Join(dir, name), content)
		if _, err := LoadURLMap(filepath.Join(dir, name)); err == nil {
			t.Errorf("LoadURLMap(%s) = nil error, want error", name)
		}
	}
	if _, err := LoadURLMap(filepath.Join(dir, "missing.json")); err == nil {
		t.Errorf("LoadURLMap(missing) = nil error, want error")
	}
}

func TestGetFromURLMap(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "profile.json"), `{"id":"https://issuer.test/profile"}`)
	writeFile(t, filepath.Join(dir, "key.jsonld"), `{"id":"https://issuer.test/key"}`)
	writeFile(t, filepath.Join(dir, "big.json"), string(make([]byte, 100)))
	f := New(Options{Offline: true, MaxBytes: 50, URLMap: map[string]string{
		"https://issuer.test/profile": filepath.Join(dir, "profile.json"),
		"https://issuer.test/key":     filepath.Join(dir, "key.jsonld"),
		"http://plain.test/profile":   filepath.Join(dir, "profile.json"),
		"https://issuer.test/big":     filepath.Join(dir, "big.json"),
		"https://issuer.test/missing": filepath.Join(dir, "missing.json"),
	}})
	ctx := context.Background()
	tests := []struct {
		url  string
		want *Response
	}{
		{"https://issuer.test/profile", &Response{URL: "https://issuer.test/profile", Status: 200,
			ContentType: "application/json", Body: []byte(`{"id":"https://issuer.test/profile"}`)}},
		{"https://issuer.test/key#main", &Response{URL: "https://issuer.test/key#main", Status: 200,
			ContentType: "application/ld+json", Body: []byte(`{"id":"https://issuer.test/key"}`)}},
		// A mapped URL never touches the network, so the scheme rule does not apply.
		{"http://plain.test/profile", &Response{URL: "http://plain.test/profile", Status: 200,
			ContentType: "application/json", Body: []byte(`{"id":"https://issuer.test/profile"}`)}},
	}
	for _, tt := range tests {
		got, err := f.Get(ctx, tt.url, "application/json")
		if err != nil {
			t.Errorf("Get(%s): %v", tt.url, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Get(%s) (-want +got):\n%s", tt.url, diff)
		}
	}
	errTests := []struct {
		url  string
		want error
	}{
		{"https://issuer.test/other", ErrOffline},
		{"https://issuer.test/big", ErrTooLarge},
		{"https://issuer.test/missing", os.ErrNotExist},
	}
	for _, tt := range errTests {
		if _, err := f.Get(ctx, tt.url, ""); !errors.Is(err, tt.want) {
			t.Errorf("Get(%s) error = %v, want %v", tt.url, err, tt.want)
		}
	}
}
