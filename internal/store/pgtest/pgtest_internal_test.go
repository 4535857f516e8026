// SPDX-License-Identifier: Apache-2.0

package pgtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records Skipf and Fatalf instead of
// stopping the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skipf(f string, args ...any)  { r.skipped = fmt.Sprintf(f, args...) }
func (r *recorder) Fatalf(f string, args ...any) { r.failed = fmt.Sprintf(f, args...) }

func TestUsable(t *testing.T) {
	tests := []struct {
		name            string
		skip            string
		err             error
		ci, want        bool
		skipped, failed bool
	}{
		{name: "running", want: true},
		{name: "not installed", skip: "no binaries", skipped: true},
		{name: "not installed on CI", skip: "no binaries", ci: true, failed: true},
		{name: "failed to start", err: errors.New("boom"), failed: true},
		{name: "failed to start on CI", err: errors.New("boom"), ci: true, failed: true},
	}
	for _, tc := range tests {
		r := &recorder{TB: t}
		got := usable(r, tc.skip, tc.err, tc.ci)
		if got != tc.want || (r.skipped != "") != tc.skipped || (r.failed != "") != tc.failed {
			t.Errorf("%s: usable = %v, skipped %q, failed %q; want %v, skipped %v, failed %v",
				tc.name, got, r.skipped, r.failed, tc.want, tc.skipped, tc.failed)
		}
	}
}

func TestFindBinaries(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	root := t.TempDir()
	glob := filepath.Join(root, "*", "bin")
	if _, err := findBinaries(glob); !errors.Is(err, errNoBinaries) {
		t.Errorf("findBinaries(nothing installed) = %v, want errNoBinaries", err)
	}
	for _, v := range []string{"9", "15", "16"} {
		dir := filepath.Join(root, v, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"initdb", "postgres"} {
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := filepath.Join(root, "16", "bin")
	if got, err := findBinaries(glob); got != want || err != nil {
		t.Errorf("findBinaries = %q, %v; want the newest, %q", got, err, want)
	}
}
