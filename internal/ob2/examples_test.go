// SPDX-License-Identifier: Apache-2.0

package ob2

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/akashi-badges/akashi/internal/report"
)

// examplesDir holds the OB 2.0 spec examples (testdata/PROVENANCE.md).
const examplesDir = "../../testdata/ob2/examples"

func readExample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// invalidUpstream are the examples that are not valid JSON as published
// (SPEC-NOTES; testdata/PROVENANCE.md).
var invalidUpstream = map[string]bool{
	"ob2-assertion-embedded-badgeclass-and-issuer.json": true,
	"ob2-badgeclass.json":                               true,
	"ob2-context-validation-fragment.json":              true,
	"ob2-criteria-embedded-with-id.json":                true,
	"ob2-criteria-with-alignment-links.json":            true,
	"ob2-endorsement-of-issuer-email.json":              true,
	"ob2-evidence-multiple.json":                        true,
	"ob2-evidence-object.json":                          true,
}

func TestExamplesAreAsDocumented(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no examples in %s: %v", examplesDir, err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		valid := json.Valid(readExample(t, name))
		if valid == invalidUpstream[name] {
			t.Errorf("%s: json.Valid = %v, want %v", name, valid, !invalidUpstream[name])
		}
	}
}

func TestDecodeExamples(t *testing.T) {
	var hosted Assertion
	mustDecode(t, "ob2-assertion-hosted.json", &hosted)
	want := Assertion{
		Context: json.RawMessage(`"https://w3id.org/openbadges/v2"`),
		Type:    OneOrMany[string]{"Assertion"},
		ID:      "https://example.org/beths-robotics-badge.json",
		Recipient: &IdentityObject{Type: "email", Hashed: true, Salt: "deadsea",
			Identity: "sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5"},
		Image:        &Image{ID: "https://example.org/beths-robot-badge.png"},
		Evidence:     OneOrMany[Evidence]{{ID: "https://example.org/beths-robot-work.html"}},
		IssuedOn:     "2016-12-31T23:59:59Z",
		Expires:      "2017-06-30T23:59:59Z",
		Badge:        Ref[BadgeClass]{ID: "https://example.org/robotics-badge.json"},
		Verification: &VerificationObject{Type: "hosted"},
	}
	if diff := cmp.Diff(want, hosted); diff != "" {
		t.Errorf("ob2-assertion-hosted.json (-want +got):\n%s", diff)
	}
	if !hosted.Verification.Hosted() || hosted.Verification.Signed() {
		t.Errorf("verification %q: Hosted() = false or Signed() = true", hosted.Verification.Type)
	}

	var intro Assertion
	mustDecode(t, "ob2-assertion-intro-embedded-badgeclass.json", &intro)
	if !intro.Badge.Embedded() || intro.Badge.ID != "https://example.org/badges/5" {
		t.Fatalf("intro badge = %+v, want embedded https://example.org/badges/5", intro.Badge)
	}
	issuer := intro.Badge.Object.Issuer
	if !issuer.Embedded() || issuer.Object.Verification == nil ||
		!cmp.Equal(issuer.Object.Verification.AllowedOrigins, OneOrMany[string]{"example.org"}) {
		t.Errorf("intro issuer = %+v, want embedded with allowedOrigins [example.org]", issuer.Object)
	}
	if got := intro.Badge.Object.Criteria.Narrative; !strings.HasPrefix(got, "Students are tested") {
		t.Errorf("intro criteria narrative = %q", got)
	}

	var list RevocationList
	mustDecode(t, "ob2-revocationlist.json", &list)
	wantRevoked := []RevokedAssertion{
		{ID: "urn:uuid:3c574c87-b96f-4f06-8eb5-68a29335b60e"},
		{ID: "urn:uuid:e79a6c18-787e-4868-8e65-e6a4530fb418", RevocationReason: "Honor code violation"},
		{UID: "abc123", RevocationReason: "Issued in error."},
	}
	if diff := cmp.Diff(wantRevoked, list.RevokedAssertions); diff != "" {
		t.Errorf("revokedAssertions (-want +got):\n%s", diff)
	}

	var profile Profile
	mustDecode(t, "ob2-issuer-profile.json", &profile)
	if len(profile.PublicKey) != 1 || profile.PublicKey[0].ID != "https://example.org/publicKey.json" ||
		profile.RevocationList.ID != "https://example.org/revocationList.json" {
		t.Errorf("profile publicKey, revocationList = %+v, %+v", profile.PublicKey, profile.RevocationList)
	}

	var key CryptographicKey
	mustDecode(t, "ob2-cryptographickey.json", &key)
	if key.Owner != "https://example.org/organization.json" {
		t.Errorf("key owner = %q", key.Owner)
	}
	if _, err := parsePublicKeyPEM(key.PublicKeyPem); err == nil {
		t.Errorf("parsePublicKeyPEM(elided example key) = nil error, want error")
	}

	var img Assertion
	mustDecode(t, "ob2-image-object.json", &img)
	if diff := cmp.Diff(&Image{ID: "https://example.org/beths-robot-badge.png", Caption: "A pretty badge, with many happy trees.",
		Author: "https://en.wikipedia.org/wiki/Bob_Ross"}, img.Image); diff != "" {
		t.Errorf("image object (-want +got):\n%s", diff)
	}
}

func mustDecode(t *testing.T, name string, v any) {
	t.Helper()
	if err := json.Unmarshal(readExample(t, name), v); err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
}

// TestSignedExample: the spec's JWS parses and its payload, which uses the
// 1.x "verify" name, is a SignedBadge; the key is fictitious, so offline
// the proof fails.
func TestSignedExample(t *testing.T) {
	jws, err := parseJWS(string(readExample(t, "ob2-signed-assertion-example.jws")))
	if err != nil {
		t.Fatalf("parseJWS(spec example): %v", err)
	}
	var a Assertion
	if err := json.Unmarshal(jws.payload, &a); err != nil {
		t.Fatalf("payload: %v", err)
	}
	if !a.Verification.Signed() || a.Verification.Creator != "https://example.org/publicKey" {
		t.Errorf("payload verification = %+v, want SignedBadge by https://example.org/publicKey", a.Verification)
	}
	r := verifyInput(t, nil, readExample(t, "ob2-signed-assertion-example.jws"))
	if r.Format != FormatSigned || r.Status("format") != report.Pass || r.Status("proof") != report.Fail {
		t.Errorf("Verify(spec JWS) = format %q, checks\n%s", r.Format, dump(r))
	}
}

// TestVerifyExamplesOffline runs every example through Verify: the invalid
// ones fail the format check, the others are read without crashing.
func TestVerifyExamplesOffline(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(examplesDir, "*"))
	for _, path := range names {
		name := filepath.Base(path)
		r := &report.Report{}
		if err := (&Verifier{}).Verify(context.Background(), readExample(t, name), r); err != nil {
			t.Errorf("Verify(%s) error = %v", name, err)
		}
		if invalidUpstream[name] && r.Status("format") != report.Fail {
			t.Errorf("Verify(%s): format = %q, want fail", name, r.Status("format"))
		}
	}
	r := verifyInput(t, nil, readExample(t, "ob2-assertion-hosted.json"))
	if r.Status("validity") != report.Fail || !strings.Contains(message(r, "validity"), "expired on 2017-06-30") {
		t.Errorf("hosted example: validity %q %q, want fail, expired on 2017-06-30", r.Status("validity"), message(r, "validity"))
	}
}
