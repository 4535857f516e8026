// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnmarshalLenientForms(t *testing.T) {
	in := `{"@context":[],"id":"x","type":[],"issuer":"https://example.edu/issuer","validFrom":"2025-01-01T00:00:00Z",` +
		`"credentialSubject":{"type":[],"achievement":{"id":"a","type":[],"name":"n","description":"d","criteria":{}}},` +
		`"proof":{"type":"DataIntegrityProof"}}`
	var c AchievementCredential
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatalf("Unmarshal() error = %v", err)
	}
	if c.Issuer.ID != "https://example.edu/issuer" {
		t.Errorf("Issuer.ID = %q", c.Issuer.ID)
	}
	want := []json.RawMessage{json.RawMessage(`{"type":"DataIntegrityProof"}`)}
	if diff := cmp.Diff(want, c.Proof); diff != "" {
		t.Errorf("Proof (-want +got):\n%s", diff)
	}
	var e EndorsementCredential
	if err := json.Unmarshal([]byte(`{"proof":[{"type":"a"},{"type":"b"}],"issuer":{"id":"i","type":["Profile"]}}`), &e); err != nil {
		t.Fatalf("Unmarshal(endorsement) error = %v", err)
	}
	if len(e.Proof) != 2 || e.Issuer.ID != "i" {
		t.Errorf("endorsement = %+v", e)
	}
}
