// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSchemaExamples validates each upstream OB 3.0 example (extracted
// from the specification, see testdata/PROVENANCE.md) and asserts today's
// result, so that a change in the schema, the examples or the validator is
// noticed. All seven conform as of the recorded commits.
func TestSchemaExamples(t *testing.T) {
	want := map[string][]string{ // file -> failing pointers; nil = valid
		"achievementAlignmentCase.json": nil,
		"achievementAlignmentCe.json":   nil,
		"basicOpenBadgeCredential.json": nil,
		"endorsement.json":              nil,
		"fullOpenBadge.json":            nil,
		"skillAssertionCase.json":       nil,
		"skillAssertionCtdl.json":       nil,
	}
	files, err := filepath.Glob("../../testdata/ob3/examples/*.json")
	if err != nil || len(files) != len(want) {
		t.Fatalf("found %d examples (%v), want %d", len(files), err, len(want))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			var se *SchemaError
			if err := ValidateSchema(b); errors.As(err, &se) {
				got = se.Pointers()
			} else if err != nil {
				t.Fatalf("ValidateSchema() error = %v", err)
			}
			if diff := cmp.Diff(want[name], got); diff != "" {
				t.Errorf("failing pointers (-want +got):\n%s", diff)
			}
			v, err := DetectVersion(toMap(t, b))
			if err != nil || v != (Version{VC: "2.0", OB: "3.0.3"}) {
				t.Errorf("DetectVersion() = %v, %v; want VC 2.0, OB 3.0.3", v, err)
			}
		})
	}
}

// TestSchemaFailures breaks a valid credential in one place and checks that
// validation fails at that JSON pointer. Several cases document where the
// 1EdTech schema is stricter than VC DM 2.0.
func TestSchemaFailures(t *testing.T) {
	tests := []struct {
		name string
		mod  func(m map[string]any)
		want []string
	}{
		{"missing id", func(m map[string]any) { delete(m, "id") }, []string{"/id"}},
		{"missing validFrom", func(m map[string]any) { delete(m, "validFrom") }, []string{"/validFrom"}},
		{"missing issuer id", func(m map[string]any) { delete(obj(m, "issuer"), "id") }, []string{"/issuer", "/issuer/id"}},
		{"missing achievement name", func(m map[string]any) { delete(obj(m, "credentialSubject", "achievement"), "name") }, []string{"/credentialSubject/achievement/name"}},
		{"missing criteria", func(m map[string]any) { delete(obj(m, "credentialSubject", "achievement"), "criteria") }, []string{"/credentialSubject/achievement/criteria"}},
		{"missing subject type", func(m map[string]any) { delete(obj(m, "credentialSubject"), "type") }, []string{"/credentialSubject/type"}},
		{"identity without hash", func(m map[string]any) {
			delete(obj(m, "credentialSubject")["identifier"].([]any)[0].(map[string]any), "identityHash")
		}, []string{"/credentialSubject/identifier/0/identityHash"}},
		{"bad validFrom", func(m map[string]any) { m["validFrom"] = "2025-04-01" }, []string{"/validFrom"}},
		{"wrong first context", func(m map[string]any) { m["@context"].([]any)[0] = ContextVC1 }, []string{"/@context/0"}},
		{"AchievementCredential type name", func(m map[string]any) { m["type"] = []any{"VerifiableCredential", "AchievementCredential"} }, nil},
		// Quirks: stricter than VC DM 2.0.
		{"profile type as string", func(m map[string]any) { obj(m, "issuer")["type"] = "Profile" }, []string{"/issuer", "/issuer/type"}},
		{"proof as one object", func(m map[string]any) { m["proof"] = map[string]any{"type": "DataIntegrityProof"} }, []string{"/proof"}},
		{"credentialStatus array", func(m map[string]any) { m["credentialStatus"] = []any{m["credentialStatus"]} }, []string{"/credentialStatus"}},
		{"status without id", func(m map[string]any) {
			m["credentialStatus"] = map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "7", "statusListCredential": "https://x.example/s"}
		}, []string{"/credentialStatus/id"}},
		{"image with name", func(m map[string]any) { obj(m, "credentialSubject", "achievement", "image")["name"] = "x" }, []string{"/credentialSubject/achievement/image"}},
		{"unanchored ext: pattern", func(m map[string]any) {
			obj(m, "credentialSubject", "achievement")["achievementType"] = "not a type ext:x"
		}, nil},
		{"issuer as IRI string is fine", func(m map[string]any) { m["issuer"] = "https://badges.example.edu/issuers/1" }, nil},
	}
	base := mustJSON(t, mustNew(t, sampleInput()))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := toMap(t, base)
			tt.mod(m)
			err := ValidateSchema(m)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("ValidateSchema() = %v, want nil", err)
				}
				return
			}
			var se *SchemaError
			if !errors.As(err, &se) || !errors.Is(err, ErrSchema) {
				t.Fatalf("ValidateSchema() = %v, want a *SchemaError", err)
			}
			if diff := cmp.Diff(tt.want, se.Pointers()); diff != "" {
				t.Errorf("failing pointers (-want +got):\n%s\nerror: %v", diff, err)
			}
			for _, p := range tt.want {
				if !strings.Contains(err.Error(), p+":") {
					t.Errorf("error %q does not name %s", err, p)
				}
			}
		})
	}
}

func obj(m map[string]any, path ...string) map[string]any {
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

func TestSchemaPicksType(t *testing.T) {
	b, err := os.ReadFile("../../testdata/ob3/examples/endorsement.json")
	if err != nil {
		t.Fatal(err)
	}
	m := toMap(t, b)
	delete(m, "name") // required by the endorsement schema only
	var se *SchemaError
	if err := ValidateSchema(m); !errors.As(err, &se) || se.Schema != SchemaNameEndorsementCredential {
		t.Errorf("ValidateSchema(endorsement without name) = %v, want an EndorsementCredential schema error", err)
	}
	for _, doc := range []any{map[string]any{"type": []any{"VerifiableCredential"}}, []byte(`[1]`)} {
		if err := ValidateSchema(doc); !errors.Is(err, ErrSchema) {
			t.Errorf("ValidateSchema(%v) = %v, want ErrSchema", doc, err)
		}
	}
	if err := ValidateSchema([]byte(`{`)); err == nil || errors.Is(err, ErrSchema) {
		t.Errorf("ValidateSchema(bad JSON) = %v, want a read error", err)
	}
}

func TestValidateProfile(t *testing.T) {
	p := Profile{ID: "https://example.edu/issuers/1", Type: []string{"Profile"}, Name: "Example", Email: "a@example.edu"}
	if err := ValidateProfile(p); err != nil {
		t.Errorf("ValidateProfile() = %v", err)
	}
	p.Type = nil
	var se *SchemaError
	if err := ValidateProfile(p); !errors.As(err, &se) || !cmp.Equal(se.Pointers(), []string{"/type"}) {
		t.Errorf("ValidateProfile(no type) = %v, want failure at /type", err)
	}
}

func TestEndorsementStructValidates(t *testing.T) {
	e := &EndorsementCredential{
		Context:   []any{ContextVC2, ContextOB303},
		ID:        "urn:uuid:1a2b3c4d-0000-4000-8000-000000000001",
		Type:      []string{TypeVerifiableCredential, TypeEndorsementCredential},
		Name:      "Endorsement of VC 101",
		Issuer:    Profile{ID: "https://state.example.gov/issuers/1", Type: []string{"Profile"}, Name: "State Department of Education"},
		ValidFrom: "2025-04-01T00:00:00Z",
		CredentialSubject: EndorsementSubject{
			ID:                 "https://badges.example.edu/achievements/vc-101",
			Type:               []string{"EndorsementSubject"},
			EndorsementComment: "Meets the state's digital skills standard.",
		},
	}
	if err := ValidateSchema(e); err != nil {
		t.Fatalf("ValidateSchema(endorsement) = %v", err)
	}
	c := mustNew(t, sampleInput())
	c.Endorsement = append(c.Endorsement, mustJSON(t, e))
	if err := ValidateSchema(c); err != nil {
		t.Errorf("ValidateSchema(credential with endorsement) = %v", err)
	}
	// Each embedded endorsement is checked with the credential.
	var se *SchemaError
	m := toMap(t, mustJSON(t, c))
	delete(m["endorsement"].([]any)[0].(map[string]any), "name")
	if err := ValidateSchema(m); !errors.As(err, &se) || !cmp.Equal(se.Pointers(), []string{"/endorsement/0/name"}) {
		t.Errorf("ValidateSchema(endorsement without name) = %v, want failure at /endorsement/0/name", err)
	}
}
