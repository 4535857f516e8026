// SPDX-License-Identifier: Apache-2.0

package ob3

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"sync"
	"testing"
	"time"
)

// sampleInput is a realistic badge: issuer with logo, achievement with an
// alignment, tags and image, a recipient by DID and by hashed e-mail,
// evidence, a validity window and a revocation list.
func sampleInput() Input {
	return Input{
		ID:          "https://badges.example.edu/credentials/2f6c0b5e-4c2a-4d0e-9d4e-1c1a3e0f7b21",
		Description: "Awarded for completing the Akashi introductory course on verifiable credentials.",
		Issuer: Profile{
			ID:    "https://badges.example.edu/issuers/1",
			Name:  "Example University",
			URL:   "https://example.edu",
			Email: "badges@example.edu",
			Image: &Image{ID: "https://badges.example.edu/issuers/1/logo.png", Type: "Image", Caption: "Example University logo"},
		},
		Achievement: Achievement{
			ID:              "https://badges.example.edu/achievements/vc-101",
			AchievementType: "Badge",
			Name:            "Verifiable Credentials 101",
			Description:     "Understands the VC data model, proofs, status lists and Open Badges 3.0 and can issue and verify a credential.",
			Criteria: Criteria{
				ID:        "https://badges.example.edu/achievements/vc-101/criteria",
				Narrative: "Complete the six course modules, pass the final quiz with at least 80%, and issue a test credential that verifies.",
			},
			Image: &Image{ID: "https://badges.example.edu/achievements/vc-101/image.png", Type: "Image", Caption: "VC 101 badge"},
			Alignment: []Alignment{{
				TargetName:        "Digital identity fundamentals",
				TargetURL:         "https://frameworks.example.org/digital-identity/fundamentals",
				TargetDescription: "Knows how decentralized identifiers and verifiable credentials relate.",
				TargetFramework:   "Example Digital Skills Framework",
				TargetCode:        "DI-1",
				TargetType:        "CFItem",
			}},
			Tag:       []string{"verifiable credentials", "open badges", "digital identity"},
			Creator:   &Profile{ID: "https://badges.example.edu/issuers/1", Type: []string{"Profile"}, Name: "Example University"},
			Version:   "1.0",
			HumanCode: "VC-101",
		},
		RecipientID:    "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
		RecipientEmail: "Learner@Example.org",
		RecipientSalt:  "c0ffee",
		ValidFrom:      time.Date(2025, 4, 1, 9, 30, 0, 0, time.UTC),
		ValidUntil:     time.Date(2030, 4, 1, 9, 30, 0, 0, time.UTC),
		AwardedDate:    time.Date(2025, 3, 31, 17, 0, 0, 0, time.UTC),
		Evidence: []Evidence{{
			ID:          "https://badges.example.edu/evidence/2f6c0b5e/final-quiz",
			Name:        "Final quiz",
			Description: "Score 92% on the final quiz.",
		}},
		CredentialStatus: &CredentialStatus{ID: "https://badges.example.edu/revocations/1", Type: TypeRevocationList},
		WithSchema:       true,
	}
}

func mustNew(t testing.TB, in Input) *AchievementCredential {
	t.Helper()
	c, err := NewCredential(in)
	if err != nil {
		t.Fatalf("NewCredential() error = %v", err)
	}
	return c
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func toMap(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

var testKeys = sync.OnceValue(func() map[string]crypto.Signer {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return map[string]crypto.Signer{
		"EdDSA": ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)),
		"ES256": ec,
		"RS256": rk,
	}
})
