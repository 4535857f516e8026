// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBootstrapJSON(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw.txt")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)
	data := filepath.Join(dir, "data")
	code, out, errs := run(t, "bootstrap", "--data", data, "--org-name", "Example University", "--admin-email", "admin@example.ac.jp",
		"--admin-password-file", pw, "--json")
	if code != 0 {
		t.Fatalf("bootstrap = %d: %s", code, errs)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"org_id", "issuer_id", "client_id", "client_secret"} {
		if res[k] == nil || res[k] == "" {
			t.Errorf("bootstrap JSON lacks %s: %s", k, out)
		}
	}
	if !strings.HasPrefix(res["issuer_id"].(string), "did:key:") {
		t.Errorf("issuer_id = %v", res["issuer_id"])
	}
	st, err := os.Stat(filepath.Join(data, "master.key"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("master key file: %v, %v", st, err)
	}
	// Missing flags: one line and a hint.
	code, _, errs = run(t, "bootstrap", "--data", data)
	if code != exitUsage || !strings.Contains(errs, "hint:") {
		t.Errorf("bootstrap without flags = %d, %q", code, errs)
	}
}
