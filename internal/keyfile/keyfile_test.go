// SPDX-License-Identifier: Apache-2.0

package keyfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteRead(t *testing.T) {
	k, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "key.json")
	if err := k.Write(p); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	if err := k.Write(p); err == nil {
		t.Error("Write overwrote an existing key file")
	}
	k2, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if !k2.Private.Equal(k.Private) || k2.DID != k.DID || !strings.HasPrefix(k2.DID, "did:key:z6Mk") {
		t.Errorf("read back %+v", k2)
	}
}

func TestParseRejects(t *testing.T) {
	k, _ := Generate()
	other, _ := Generate()
	good, _ := k.Marshal()
	for name, in := range map[string]string{
		"not json":     "{",
		"wrong type":   strings.Replace(string(good), `"Ed25519"`, `"RSA"`, 1),
		"mismatch pub": strings.Replace(string(good), k.DID[8:], other.DID[8:], -1),
		"bad secret":   `{"type":"Ed25519","secretKeyMultibase":"zabc"}`,
	} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("%s: Parse succeeded", name)
		}
	}
}
