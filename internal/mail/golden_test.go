// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// update rewrites the golden files from the templates: go test ./internal/mail -update
var update = flag.Bool("update", false, "rewrite testdata/golden from the templates")

// TestGolden compares every kind × locale with testdata/golden: the .txt
// file is "Subject: …", a blank line and the text part; the .html file is
// the HTML part. Review the diff of a regenerated file like any change.
func TestGolden(t *testing.T) {
	for _, kind := range Kinds() {
		for _, locale := range Locales() {
			name := string(kind) + "." + locale
			t.Run(name, func(t *testing.T) {
				subject, text, html, err := Render(kind, locale, sampleData(kind, locale))
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join("testdata", "golden", name+".txt"), "Subject: "+subject+"\n\n"+text)
				checkGolden(t, filepath.Join("testdata", "golden", name+".html"), html)
			})
		}
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs from the rendered mail (-golden +rendered); run go test -update if the change is intended:\n%s", path, diff)
	}
}
