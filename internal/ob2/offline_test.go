// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/fetch"
	"github.com/akashi-badges/akashi/internal/report"
)

// TestVerifyOffline: with no URL map nothing can be fetched. Authenticity
// (hosted, proof) fails, revocation is a warning, and nothing crashes.
func TestVerifyOffline(t *testing.T) {
	w := newWorld(t, "https://issuer.test", "https://foreign.test")
	baked := clone(t, w.issuer.doc("/assertions/1"))
	badge := clone(t, w.issuer.doc("/badge"))
	badge["issuer"] = clone(t, w.issuer.doc("/issuer"))
	baked["badge"] = badge
	tests := []struct {
		name  string
		input []byte
		want  map[string]report.Status
	}{
		{"hosted", hostedInput(w), map[string]report.Status{
			"format": pass, "context": pass, "schema": warn, "proof": skip,
			"issuer": warn, "hosted": fail, "validity": pass, "status": warn,
		}},
		{"hosted with embedded badge and issuer", mustJSON(t, baked), map[string]report.Status{
			"format": pass, "context": pass, "schema": pass, "proof": skip,
			"issuer": warn, "hosted": fail, "validity": pass, "status": warn,
		}},
		{"signed", signedInput(w), map[string]report.Status{
			"format": pass, "context": pass, "schema": warn, "proof": fail,
			"issuer": warn, "hosted": skip, "validity": pass, "status": warn,
		}},
	}
	fetchers := map[string]*fetch.Fetcher{
		"offline fetcher": fetch.New(fetch.Options{Offline: true}),
		"nil fetcher":     nil,
	}
	for fname, f := range fetchers {
		for _, tt := range tests {
			r := verifyInput(t, f, tt.input)
			got := map[string]report.Status{}
			for _, c := range r.Checks {
				got[c.ID] = c.Status
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s, %s: statuses (-want +got):\n%s\n%s", fname, tt.name, diff, dump(r))
			}
			if r.Valid {
				t.Errorf("%s, %s: Valid = true, want false", fname, tt.name)
			}
		}
	}
}

func TestVerifyCancelled(t *testing.T) {
	w := newWorld(t, "https://issuer.test", "https://foreign.test")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	v := &Verifier{Fetcher: mapWorld(t, w)}
	err := v.Verify(ctx, hostedInput(w), &report.Report{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Verify with cancelled context = %v, want context.Canceled", err)
	}
}

func TestVerifyUnrecognised(t *testing.T) {
	for _, in := range []string{"", "   ", "hello", "[1,2]", "{", `{"a":}`, "a.b", "a.b.c.d", "e30.e30.", "eyJhbGciOiJub25lIn0.e30."} {
		r := &report.Report{}
		if err := (&Verifier{}).Verify(context.Background(), []byte(in), r); err != nil {
			t.Errorf("Verify(%q) error = %v", in, err)
		}
		if len(r.Checks) != 1 || r.Checks[0].ID != "format" || r.Checks[0].Status != report.Fail {
			t.Errorf("Verify(%q) checks = %+v, want one failed format check", in, r.Checks)
		}
	}
}
