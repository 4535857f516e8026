// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestNewCredentialMinimal(t *testing.T) {
	c := mustNew(t, Input{
		ID:             "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
		Issuer:         Profile{ID: "https://example.edu/issuers/565049"},
		Achievement:    Achievement{ID: "https://example.edu/a/1", Name: "Teamwork", Description: "Works in a team.", Criteria: Criteria{Narrative: "Nominated by peers."}},
		RecipientEmail: " A@Example.com ",
		RecipientSalt:  "Kosher",
		ValidFrom:      time.Date(2010, 1, 1, 0, 0, 0, 500, time.FixedZone("JST", 9*3600)),
	})
	want := `{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],` +
		`"id":"urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002","type":["VerifiableCredential","OpenBadgeCredential"],` +
		`"issuer":{"id":"https://example.edu/issuers/565049","type":["Profile"]},"name":"Teamwork","validFrom":"2009-12-31T15:00:00Z",` +
		`"credentialSubject":{"type":["AchievementSubject"],"identifier":[{"type":"IdentityObject","hashed":true,` +
		`"identityHash":"sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399","identityType":"emailAddress","salt":"Kosher"}],` +
		`"achievement":{"id":"https://example.edu/a/1","type":["Achievement"],"name":"Teamwork","description":"Works in a team.",` +
		`"criteria":{"narrative":"Nominated by peers."}}}}`
	if diff := cmp.Diff(want, string(mustJSON(t, c))); diff != "" {
		t.Errorf("NewCredential() JSON (-want +got):\n%s", diff)
	}
	if err := ValidateSchema(c); err != nil {
		t.Errorf("ValidateSchema() = %v", err)
	}
}

// TestNewCredentialValidates checks the constructor's output against the
// 1EdTech schema unsigned, with a one-element proof array, and with the
// JWT-less full sample.
func TestNewCredentialValidates(t *testing.T) {
	c := mustNew(t, sampleInput())
	b := mustJSON(t, c)
	if err := ValidateSchema(b); err != nil {
		t.Fatalf("ValidateSchema(unsigned) = %v", err)
	}
	assertNoEmptyMembers(t, b)

	c.Proof = []json.RawMessage{json.RawMessage(`{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022",` +
		`"created":"2025-04-01T09:30:00Z","verificationMethod":"did:key:z6Mk#z6Mk","proofPurpose":"assertionMethod","proofValue":"z58"}`)}
	signed := mustJSON(t, c)
	if !strings.Contains(string(signed), `"proof":[{`) {
		t.Errorf("proof is not encoded as an array: %s", signed)
	}
	if err := ValidateSchema(signed); err != nil {
		t.Errorf("ValidateSchema(with proof) = %v", err)
	}
	var back AchievementCredential
	if err := json.Unmarshal(signed, &back); err != nil {
		t.Fatal(err)
	}
	// CredentialStatus comes back as decoded JSON, so compare encodings.
	if diff := cmp.Diff(string(signed), string(mustJSON(t, &back))); diff != "" {
		t.Errorf("encode(decode(JSON)) (-want +got):\n%s", diff)
	}
}

func assertNoEmptyMembers(t *testing.T, b []byte) {
	t.Helper()
	for _, empty := range []string{`""`, `[]`, `{}`, `null`} {
		if strings.Contains(string(b), empty) {
			t.Errorf("credential JSON has an empty member %s: %s", empty, b)
		}
	}
}

func TestNewCredentialContexts(t *testing.T) {
	base := sampleInput()
	base.CredentialStatus, base.WithSchema, base.RefreshService = nil, false, nil
	bitstring := &CredentialStatus{ID: "https://x.example/status/1#7", Type: "BitstringStatusListEntry", StatusPurpose: "revocation", StatusListIndex: "7", StatusListCredential: "https://x.example/status/1"}
	tests := []struct {
		name string
		mod  func(*Input)
		ext  bool
	}{
		{"plain", func(*Input) {}, false},
		{"bitstring status", func(in *Input) { in.CredentialStatus = bitstring }, false},
		{"revocation list", func(in *Input) {
			in.CredentialStatus = &CredentialStatus{ID: "https://x.example/rl", Type: TypeRevocationList}
		}, true},
		{"refresh", func(in *Input) {
			in.RefreshService = &RefreshService{ID: "https://x.example/r", Type: TypeCredentialRefresh}
		}, true},
		{"schema", func(in *Input) { in.WithSchema = true }, true},
	}
	for _, tt := range tests {
		in := base
		tt.mod(&in)
		c := mustNew(t, in)
		want := []any{ContextVC2, ContextOB303}
		if tt.ext {
			want = append(want, ContextExtensions)
		}
		if diff := cmp.Diff(want, c.Context); diff != "" {
			t.Errorf("%s: @context (-want +got):\n%s", tt.name, diff)
		}
		if err := ValidateSchema(c); err != nil {
			t.Errorf("%s: ValidateSchema() = %v", tt.name, err)
		}
	}
}

func TestNewCredentialInputErrors(t *testing.T) {
	tests := map[string]func(*Input){
		"no id":               func(in *Input) { in.ID = "" },
		"no issuer":           func(in *Input) { in.Issuer.ID = "" },
		"no achievement id":   func(in *Input) { in.Achievement.ID = "" },
		"no name":             func(in *Input) { in.Achievement.Name = "" },
		"no description":      func(in *Input) { in.Achievement.Description = "" },
		"no criteria":         func(in *Input) { in.Achievement.Criteria = Criteria{} },
		"no recipient":        func(in *Input) { in.RecipientID, in.RecipientEmail = "", "  " },
		"no validFrom":        func(in *Input) { in.ValidFrom = time.Time{} },
		"validUntil too soon": func(in *Input) { in.ValidUntil = in.ValidFrom },
	}
	for name, mod := range tests {
		in := sampleInput()
		mod(&in)
		if c, err := NewCredential(in); !errors.Is(err, ErrInput) {
			t.Errorf("%s: NewCredential() = %v, %v; want ErrInput", name, c, err)
		}
	}
}

func TestNewCredentialLeavesInputAlone(t *testing.T) {
	in := sampleInput()
	c := mustNew(t, in)
	if in.Achievement.Alignment[0].Type != nil || in.Evidence[0].Type != nil {
		t.Errorf("NewCredential() filled defaults in the caller's slices")
	}
	if got := c.CredentialSubject.Achievement.Alignment[0].Type; !cmp.Equal(got, []string{"Alignment"}) {
		t.Errorf("alignment type = %v, want [Alignment]", got)
	}
}

func TestNewCredentialRandomSalt(t *testing.T) {
	in := sampleInput()
	in.RecipientSalt = ""
	a, b := mustNew(t, in), mustNew(t, in)
	sa, sb := a.CredentialSubject.Identifier[0].Salt, b.CredentialSubject.Identifier[0].Salt
	if sa == "" || sa == sb {
		t.Errorf("salts %q and %q: want distinct random salts", sa, sb)
	}
	if !a.CredentialSubject.Identifier[0].Matches("learner@example.org") {
		t.Errorf("identifier does not match the lower-cased e-mail")
	}
}
