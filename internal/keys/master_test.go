// SPDX-License-Identifier: Apache-2.0

package keys

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// env returns a getenv that knows only AKASHI_MASTER_KEY.
func env(masterKey string) func(string) string {
	return func(name string) string {
		if name == EnvMasterKey {
			return masterKey
		}
		return ""
	}
}

func testMasterKey(t *testing.T, fill byte) *MasterKey {
	t.Helper()
	m, err := newMasterKey(bytes.Repeat([]byte{fill}, masterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSealOpen(t *testing.T) {
	m := testMasterKey(t, 1)
	ad := []byte("org:42:ed25519")
	for _, plain := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("secret"), 1000)} {
		sealed, err := m.Seal(plain, ad)
		if err != nil {
			t.Fatal(err)
		}
		// Only a plaintext long enough not to turn up in random bytes by
		// chance (a 1-byte one does, in one run of five).
		if len(plain) >= 16 && bytes.Contains(sealed, plain) {
			t.Errorf("Seal(%d bytes) output contains the plaintext", len(plain))
		}
		got, err := m.Open(sealed, ad)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("Open(Seal(%d bytes)) = %d bytes, %v; want the plaintext", len(plain), len(got), err)
		}
	}
	a, _ := m.Seal([]byte("same"), ad)
	b, _ := m.Seal([]byte("same"), ad)
	if bytes.Equal(a, b) {
		t.Error("Seal twice gave the same output; nonces must be random")
	}
	if a[0] != versionAESGCM {
		t.Errorf("version byte = %#x, want %#x", a[0], versionAESGCM)
	}
}

func TestOpenRefuses(t *testing.T) {
	m := testMasterKey(t, 1)
	ad := []byte("org:42:ed25519")
	sealed, err := m.Seal([]byte("private key"), ad)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte {
		c := bytes.Clone(sealed)
		c[i] ^= 1
		return c
	}
	tests := []struct {
		name   string
		m      *MasterKey
		sealed []byte
		ad     string
		want   error
	}{
		{"other owner", m, sealed, "org:43:ed25519", ErrCorrupt},
		{"no additional data", m, sealed, "", ErrCorrupt},
		{"ciphertext flipped", m, flip(headerSize + 12 + 1), string(ad), ErrCorrupt},
		{"nonce flipped", m, flip(headerSize), string(ad), ErrCorrupt},
		{"tag flipped", m, flip(len(sealed) - 1), string(ad), ErrCorrupt},
		{"version changed", m, flip(0), string(ad), ErrCorrupt},
		{"truncated", m, sealed[:len(sealed)-1], string(ad), ErrCorrupt},
		{"too short", m, sealed[:headerSize+27], string(ad), ErrCorrupt},
		{"empty", m, nil, string(ad), ErrCorrupt},
		{"wrong master key", testMasterKey(t, 2), sealed, string(ad), ErrWrongMasterKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.m.Open(tt.sealed, []byte(tt.ad))
			if !errors.Is(err, tt.want) || got != nil {
				t.Errorf("Open = %q, %v; want nil, %v", got, err, tt.want)
			}
		})
	}
}

func TestMasterKeyString(t *testing.T) {
	if got := testMasterKey(t, 1).String(); strings.Contains(got, "\x01") || got != "keys.MasterKey(redacted)" {
		t.Errorf("String() = %q", got)
	}
}

func TestMasterKeyFromEnv(t *testing.T) {
	raw := bytes.Repeat([]byte{7}, masterKeySize)
	dir := filepath.Join(t.TempDir(), "data")
	for _, v := range []string{
		base64.StdEncoding.EncodeToString(raw),
		base64.RawStdEncoding.EncodeToString(raw),
		" " + base64.StdEncoding.EncodeToString(raw) + "\n",
	} {
		m, err := LoadOrCreateMasterKey(dir, env(v))
		if err != nil {
			t.Fatalf("LoadOrCreateMasterKey with %s=%q: %v", EnvMasterKey, v, err)
		}
		sealed, _ := testMasterKey(t, 7).Seal([]byte("k"), nil)
		if _, err := m.Open(sealed, nil); err != nil {
			t.Errorf("key from %s=%q does not open a value sealed with the same bytes: %v", EnvMasterKey, v, err)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data directory touched although %s is set: %v", EnvMasterKey, err)
	}
}

func TestMasterKeyEnvMalformed(t *testing.T) {
	secretish := "not*base64*but*secret"
	tests := map[string]string{
		"not base64": secretish,
		"16 bytes":   base64.StdEncoding.EncodeToString(make([]byte, 16)),
		"33 bytes":   base64.StdEncoding.EncodeToString(make([]byte, 33)),
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := LoadOrCreateMasterKey(t.TempDir(), env(v))
			if err == nil {
				t.Fatalf("LoadOrCreateMasterKey(%s=%q) succeeded, want an error", EnvMasterKey, v)
			}
			msg := err.Error()
			if !strings.Contains(msg, EnvMasterKey) || !strings.Contains(msg, "head -c 32 /dev/urandom | base64") {
				t.Errorf("error %q does not name %s and how to make a key", msg, EnvMasterKey)
			}
			if strings.Contains(msg, secretish) {
				t.Errorf("error %q repeats the secret value", msg)
			}
		})
	}
}

func TestMasterKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	m1, err := LoadOrCreateMasterKey(dir, env(""))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, MasterKeyFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("%s mode = %04o, want 0600", MasterKeyFile, fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data directory holds %d entries, want only %s", len(entries), MasterKeyFile)
	}
	m2, err := LoadOrCreateMasterKey(dir, env(""))
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := m1.Seal([]byte("k"), []byte("ad"))
	if got, err := m2.Open(sealed, []byte("ad")); err != nil || string(got) != "k" {
		t.Errorf("key re-read from file does not open what the first one sealed: %q, %v", got, err)
	}
	// The file's content is the form AKASHI_MASTER_KEY takes.
	data, _ := os.ReadFile(path)
	m3, err := LoadOrCreateMasterKey(t.TempDir(), env(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m3.Open(sealed, []byte("ad")); err != nil {
		t.Errorf("file content used as %s does not give the same key: %v", EnvMasterKey, err)
	}
}

// TestMasterKeyFileRace starts several loaders on a new data directory at
// once, as two nodes sharing a volume might: all must end with one key.
func TestMasterKeyFileRace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	const n = 8
	keys := make([]*MasterKey, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateMasterKey(dir, env("")) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("loader %d: %v", i, errs[i])
		}
		if keys[i].keyID != keys[0].keyID {
			t.Errorf("loader %d got key id %x, loader 0 %x", i, keys[i].keyID, keys[0].keyID)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data directory holds %d entries, want only %s", len(entries), MasterKeyFile)
	}
}

func TestMasterKeyFileTooOpen(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits on Windows")
	}
	dir := t.TempDir()
	if _, err := LoadOrCreateMasterKey(dir, env("")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, MasterKeyFile)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := LoadOrCreateMasterKey(dir, env(""))
		if err == nil {
			t.Fatalf("LoadOrCreateMasterKey with %s mode %04o succeeded, want an error", MasterKeyFile, mode)
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Errorf("mode %04o: error %q does not name the file and the chmod that fixes it", mode, err)
		}
	}
}

func TestMasterKeyFileMalformed(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, MasterKeyFile)
	if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadOrCreateMasterKey(dir, env(""))
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadOrCreateMasterKey with a malformed %s: %v, want an error naming the file", MasterKeyFile, err)
	}
}

func FuzzOpen(f *testing.F) {
	m, _ := newMasterKey(make([]byte, masterKeySize))
	sealed, _ := m.Seal([]byte("plaintext"), []byte("ad"))
	f.Add(sealed, []byte("ad"))
	f.Add([]byte{versionAESGCM}, []byte(nil))
	f.Fuzz(func(t *testing.T, sealed, ad []byte) {
		plain, err := m.Open(sealed, ad)
		if err == nil && string(plain) != "plaintext" {
			t.Fatalf("Open accepted forged input: %q", plain)
		}
	})
}
