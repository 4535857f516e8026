// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkObjectMembers compares objectMembers with encoding/json on the
// compacted form of in. Inputs that are not a JSON object are skipped.
func checkObjectMembers(t *testing.T, in []byte) {
	var buf bytes.Buffer
	if json.Compact(&buf, in) != nil {
		return
	}
	var want map[string]json.RawMessage
	if json.Unmarshal(buf.Bytes(), &want) != nil || want == nil {
		return
	}
	ms, err := objectMembers(buf.Bytes())
	if err != nil {
		t.Fatalf("objectMembers(%s) error = %v", buf.Bytes(), err)
	}
	got := make(map[string]json.RawMessage, len(ms))
	for _, m := range ms {
		got[m.key] = m.value // the last copy wins, as in encoding/json
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("objectMembers(%s) (-encoding/json +got):\n%s", buf.Bytes(), diff)
	}
}

func TestObjectMembers(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/ob3/examples/*.json")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkObjectMembers(t, b)
	}
	for _, s := range []string{`{}`, `{"a":1}`, `{"a\"}":"}\\\"{","b":[{"c":"]"}],"d":null,"e":-1.5e3,"\u0069d":true}`, `{"a":1,"a":2}`} {
		checkObjectMembers(t, []byte(s))
	}
	for _, bad := range []string{``, `[]`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x`, `{"a":[1}`} {
		if ms, err := objectMembers([]byte(bad)); err == nil {
			t.Errorf("objectMembers(%q) = %v, want an error", bad, ms)
		}
	}
}

func FuzzObjectMembers(f *testing.F) {
	f.Add([]byte(`{"a\"}":"}\\\"{","b":[{"c":"]"}],"d":null}`))
	f.Add(mustJSON(f, mustNew(f, sampleInput())))
	f.Fuzz(func(t *testing.T, in []byte) {
		checkObjectMembers(t, in)
		_, _ = objectMembers(in) // raw, unvalidated input must not panic either
	})
}
