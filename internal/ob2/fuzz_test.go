// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/akashi-badges/akashi/internal/report"
)

// FuzzVerify feeds bytes, JSON and JWS to Verify with an offline fetcher
// that knows a complete issuer from a URL map, so fuzzed inputs that keep
// the issuer's links reach key and revocation handling. Verify must not
// panic, must not return an error, and must produce either a single failed
// format check or the full ordered list of checks.
func FuzzVerify(f *testing.F) {
	w := newWorld(f, "https://issuer.test", "https://foreign.test")
	f.Add(hostedInput(w))
	f.Add(signedInput(w))
	f.Add(w.sign(w.signedAssertion(revokedReasonID), w.key))
	f.Add(tamper(f, signedInput(w), `"salt":"pepper"`, `"salt":"peppes"`))
	f.Add(mustJSON(f, w.signedAssertion(signedID)))
	f.Add([]byte(`{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://issuer.test/assertions/1",` +
		`"badge":{"issuer":{"id":"https://issuer.test/issuer","verification":{"startsWith":[1]}}},"verify":{"type":"hosted"}}`))
	f.Add([]byte(`{"verification":{"type":"SignedBadge"},"badge":[],"issuedOn":5}`))
	examples, _ := filepath.Glob(filepath.Join(examplesDir, "*"))
	for _, path := range examples {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	v := &Verifier{Fetcher: mapWorld(f, w), Now: func() time.Time { return testNow }}
	f.Fuzz(func(t *testing.T, input []byte) {
		r := &report.Report{}
		if err := v.Verify(context.Background(), input, r); err != nil {
			t.Fatalf("Verify(%q) error = %v", input, err)
		}
		var ids []string
		for _, c := range r.Checks {
			ids = append(ids, c.ID)
			if !slices.Contains([]report.Status{report.Pass, report.Fail, report.Warn, report.Skip}, c.Status) || c.Message == "" {
				t.Fatalf("Verify(%q): check %+v", input, c)
			}
		}
		complete := slices.Equal(ids, checkOrder)
		formatFailed := len(ids) == 1 && ids[0] == "format" && r.Checks[0].Status == report.Fail
		if !complete && !formatFailed {
			t.Fatalf("Verify(%q): check ids %q", input, ids)
		}
	})
}
