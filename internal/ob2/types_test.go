// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnmarshalForms(t *testing.T) {
	in := `{
		"type": ["Assertion", "extensions:Example"],
		"id": "https://issuer.test/a/1",
		"badge": {"id": "https://issuer.test/badge", "name": "B", "issuer": "https://issuer.test/issuer",
			"image": {"id": "https://issuer.test/b.png", "caption": "c"}, "criteria": "https://issuer.test/criteria",
			"tags": "one", "alignment": {"targetName": "T", "targetUrl": "https://std.test/1"}},
		"verify": {"type": "hosted", "url": "https://issuer.test/a/1"},
		"image": "data:image/png;base64,iVBORw0KGgo=",
		"evidence": ["https://issuer.test/e/1", {"id": "https://issuer.test/e/2", "narrative": "n"}]
	}`
	var a Assertion
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	want := Assertion{
		Type: OneOrMany[string]{"Assertion", "extensions:Example"},
		ID:   "https://issuer.test/a/1",
		Badge: Ref[BadgeClass]{ID: "https://issuer.test/badge", Object: &BadgeClass{
			ID: "https://issuer.test/badge", Name: "B",
			Issuer:    Ref[Profile]{ID: "https://issuer.test/issuer"},
			Image:     &Image{ID: "https://issuer.test/b.png", Caption: "c"},
			Criteria:  &Criteria{ID: "https://issuer.test/criteria"},
			Tags:      OneOrMany[string]{"one"},
			Alignment: OneOrMany[Alignment]{{TargetName: "T", TargetURL: "https://std.test/1"}},
		}},
		Verification: &VerificationObject{Type: "hosted"},
		Image:        &Image{ID: "data:image/png;base64,iVBORw0KGgo="},
		Evidence:     OneOrMany[Evidence]{{ID: "https://issuer.test/e/1"}, {ID: "https://issuer.test/e/2", Narrative: "n"}},
	}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("Unmarshal (-want +got):\n%s", diff)
	}
}

func TestUnmarshalVerificationWinsOverVerify(t *testing.T) {
	var a Assertion
	in := `{"verify": {"type": "hosted"}, "verification": {"type": "SignedBadge"}}`
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Verification.Signed() {
		t.Errorf("Verification = %+v, want the SignedBadge of \"verification\"", a.Verification)
	}
}

func TestProfilePublicKeyForms(t *testing.T) {
	in := `{"id": "https://i.test/p", "publicKey": ["https://i.test/k1", {"id": "https://i.test/k2", "owner": "https://i.test/p", "publicKeyPem": "x"}],
		"revocationList": {"id": "https://i.test/r", "revokedAssertions": ["urn:uuid:1", {"uid": "u", "revoked": false}]}}`
	var p Profile
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	f := false
	want := Profile{
		ID: "https://i.test/p",
		PublicKey: OneOrMany[Ref[CryptographicKey]]{
			{ID: "https://i.test/k1"},
			{ID: "https://i.test/k2", Object: &CryptographicKey{ID: "https://i.test/k2", Owner: "https://i.test/p", PublicKeyPem: "x"}},
		},
		RevocationList: Ref[RevocationList]{ID: "https://i.test/r", Object: &RevocationList{
			ID: "https://i.test/r", RevokedAssertions: []RevokedAssertion{{ID: "urn:uuid:1"}, {UID: "u", Revoked: &f}},
		}},
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("Unmarshal (-want +got):\n%s", diff)
	}
}

func TestUnmarshalRejectsWrongShapes(t *testing.T) {
	for _, in := range []string{`{"badge": 5}`, `{"image": true}`, `{"evidence": [1]}`, `{"type": {"a": 1}}`} {
		var a Assertion
		if err := json.Unmarshal([]byte(in), &a); err == nil {
			t.Errorf("Unmarshal(%s) = nil error, want error", in)
		}
	}
}

func TestMarshal(t *testing.T) {
	a := Assertion{
		Context:      Context,
		Type:         OneOrMany[string]{"Assertion"},
		ID:           "urn:uuid:1",
		Recipient:    &IdentityObject{Type: "email", Hashed: true, Salt: "s", Identity: HashIdentity("a@example.org", "s")},
		Badge:        Ref[BadgeClass]{ID: "https://i.test/b"},
		Verification: &VerificationObject{Type: SignedBadge, Creator: "https://i.test/k"},
		IssuedOn:     "2024-01-01T00:00:00Z",
	}
	got, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"urn:uuid:1",` +
		`"recipient":{"type":"email","identity":"` + HashIdentity("a@example.org", "s") + `","hashed":true,"salt":"s"},` +
		`"badge":"https://i.test/b","verification":{"type":"SignedBadge","creator":"https://i.test/k"},"issuedOn":"2024-01-01T00:00:00Z"}`
	if string(got) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", got, want)
	}
	a.Badge = Ref[BadgeClass]{Object: &BadgeClass{ID: "https://i.test/b", Name: "B", Tags: OneOrMany[string]{"x", "y"}}}
	got, _ = json.Marshal(a)
	var back Assertion
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	a.Badge.ID = "https://i.test/b" // decoding fills the id of an embedded object
	if diff := cmp.Diff(a, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
